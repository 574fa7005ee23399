"""Bodies, members, meetings, agenda, attendance, resolutions and calendars (concept § 2.3, § 3.2,
§ 3.3; DOMAIN.md § 5).

Coordination manages all of this. Members of a body (an active membership with a user account)
read its composition, meetings, agendas and resolutions; which bodies and meetings a user sees is
decided by ``Body.objects.visible_to`` and ``Meeting.objects.visible_to`` (404 for any other). Every
write is a model permission only coordination holds (403 for everyone else).
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.downloads import attachment_response
from kim.hurdles.models import GenerativeTheme
from kim.hurdles.services import HurdleError

from .. import services
from ..calendar import body_calendar, meeting_calendar
from ..forms.meetings import (
    SEAT_TAKEN,
    AgendaItemForm,
    AttachmentForm,
    AttendanceForm,
    MeetingForm,
    MembershipForm,
    ResolutionForm,
    current_memberships,
)
from ..models import (
    AgendaItem,
    Attachment,
    AttendanceStatus,
    Body,
    BodyKind,
    Meeting,
    MeetingState,
    Membership,
    MembershipFunction,
    Minutes,
    MinutesState,
    Resolution,
    ResolutionKind,
)

TEMPLATES = "governance/meetings/"


def _body_or_404(request, pk):
    return get_object_or_404(
        Body.objects.visible_to(request.user).select_related(
            "municipality", "theme", "set_up_by__meeting"
        ),
        pk=pk,
    )


def _meeting_or_404(request, pk):
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("body"), pk=pk)


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


def _url_for(request):
    return lambda meeting: request.build_absolute_uri(meeting.get_absolute_url())


# ---------------------------------------------------------------------------------------------
# bodies


def _current(prefix="memberships__"):
    today = timezone.localdate()
    return Q(**{f"{prefix}starts_on__lte": today}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})
    )


@permission_required("governance.view_body", raise_exception=True)
def body_list(request):
    """Bodies grouped by kind: seats, members, next meeting, meetings this year vs the rhythm."""
    now = timezone.now()
    year = timezone.localdate().year
    upcoming = (
        Meeting.objects.filter(body=OuterRef("pk"), starts_at__gte=now)
        .exclude(state=MeetingState.CANCELLED)
        .order_by("starts_at")
    )
    this_year = Meeting.objects.filter(body=OuterRef("pk")).in_year(year)
    bodies = (
        Body.objects.visible_to(request.user)
        .select_related("municipality")
        .annotate(
            seat_count=Count("seats", distinct=True),
            member_count=Count("memberships", filter=_current(), distinct=True),
            next_meeting_pk=Subquery(upcoming.values("pk")[:1]),
            next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
            meetings_this_year=Subquery(
                this_year.order_by().values("body").annotate(n=Count("pk")).values("n")[:1]
            ),
        )
        .order_by("name")
    )
    by_kind = {kind: [] for kind in BodyKind}
    for body in bodies:
        body.meetings_this_year = body.meetings_this_year or 0
        by_kind[BodyKind(body.kind)].append(body)
    groups = [(kind.label, items) for kind, items in by_kind.items() if items]
    context = {"groups": groups, "year": year, "governance_tab": "bodies"}
    return render(request, TEMPLATES + "body_list.html", context)


@permission_required("governance.view_body", raise_exception=True)
def body_detail(request, pk):
    """Composition (seats with member and deputy, other members), meetings, rhythm."""
    body = _body_or_404(request, pk)
    user = request.user
    today = timezone.localdate()
    now = timezone.now()
    current = list(current_memberships(body, today))
    holders = {(m.seat_id, m.function): m for m in current if m.seat_id}
    seat_rows = [
        (
            seat,
            holders.get((seat.pk, MembershipFunction.MEMBER)),
            holders.get((seat.pk, MembershipFunction.DEPUTY)),
        )
        for seat in body.seats.select_related("organisation")
    ]
    others = sorted(
        (m for m in current if not m.seat_id), key=lambda m: (not m.is_lead, m.name.lower())
    )
    can_manage = user.has_perm("governance.change_body")
    meetings = Meeting.objects.visible_to(user).filter(body=body).select_related("body")
    year = today.year
    context = {
        "body": body,
        "seat_rows": seat_rows,
        "others": others,
        "inactive": (
            body.memberships.exclude(pk__in=[m.pk for m in current])
            .select_related("seat", "organisation")
            .order_by("-starts_on")
            if can_manage
            else []
        ),
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at"),
        "year": year,
        "meetings_this_year": Meeting.objects.filter(body=body).in_year(year).count(),
        "can_manage": can_manage,
        "can_add_member": user.has_perm("governance.add_membership"),
        "can_end_member": user.has_perm("governance.change_membership"),
        "can_add_meeting": user.has_perm("governance.add_meeting"),
        "can_see_theme": body.theme_id
        and GenerativeTheme.objects.visible_to(user).filter(pk=body.theme_id).exists(),
        "theme_detail": user.has_perm("hurdles.change_generativetheme"),
        "set_up_visible": body.set_up_by_id
        and Meeting.objects.visible_to(user).filter(pk=body.set_up_by.meeting_id).exists(),
        "governance_tab": "bodies",
    }
    return render(request, TEMPLATES + "body_detail.html", context)


@permission_required("governance.view_meeting", raise_exception=True)
def body_feed(request, pk):
    body = _body_or_404(request, pk)
    return _ics_response(
        body_calendar(body, _url_for(request)), f"sitzungen-{slugify(body.name)}.ics"
    )


# ---------------------------------------------------------------------------------------------
# memberships


@permission_required("governance.add_membership", raise_exception=True)
def membership_create(request, pk):
    body = _body_or_404(request, pk)
    initial = {}
    if request.method == "GET":
        seat = request.GET.get("seat", "")
        if seat.isdigit() and body.seats.filter(pk=seat).exists():
            initial["seat"] = int(seat)
        if request.GET.get("function") in MembershipFunction.values:
            initial["function"] = request.GET["function"]
    form = MembershipForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                membership = form.save()
        except IntegrityError:  # someone else took the seat in between
            form.add_error("seat" if "seat" in form.fields else None, SEAT_TAKEN)
        else:
            messages.success(
                request,
                _("%(name)s wurde in „%(body)s“ aufgenommen.")
                % {"name": membership.name, "body": body.name},
            )
            return redirect(body)
    context = {"body": body, "form": form, "governance_tab": "bodies"}
    return render(request, TEMPLATES + "membership_form.html", context)


@require_POST
@permission_required("governance.change_membership", raise_exception=True)
def membership_end(request, pk):
    membership = get_object_or_404(
        Membership.objects.filter(body__in=Body.objects.visible_to(request.user)).select_related(
            "body"
        ),
        pk=pk,
    )
    today = timezone.localdate()
    if membership.ends_on and membership.ends_on <= today:
        messages.info(
            request,
            _("Die Mitgliedschaft von %(name)s endete bereits am %(date)s.")
            % {
                "name": membership.name,
                "date": date_format(membership.ends_on, "SHORT_DATE_FORMAT"),
            },
        )
    elif membership.starts_on > today:
        messages.error(
            request,
            _(
                "Die Mitgliedschaft von %(name)s beginnt erst am %(date)s und kann nicht vorher "
                "enden."
            )
            % {
                "name": membership.name,
                "date": date_format(membership.starts_on, "SHORT_DATE_FORMAT"),
            },
        )
    else:
        membership.ends_on = today
        membership.save(update_fields=["ends_on"])
        messages.success(
            request,
            _("Die Mitgliedschaft von %(name)s endet mit dem heutigen Tag.")
            % {"name": membership.name},
        )
    return redirect(membership.body)


# ---------------------------------------------------------------------------------------------
# meetings


@permission_required("governance.add_meeting", raise_exception=True)
def meeting_create(request, pk):
    body = _body_or_404(request, pk)
    form = MeetingForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.created_by = request.user
        meeting.save()
        messages.success(
            request,
            _("Die Sitzung „%(title)s“ wurde geplant. Legen Sie nun die Tagesordnung an.")
            % {"title": meeting.title},
        )
        return redirect(meeting)
    context = {"body": body, "form": form, "meeting": None, "governance_tab": "bodies"}
    return render(request, TEMPLATES + "meeting_form.html", context)


@permission_required("governance.change_meeting", raise_exception=True)
def meeting_edit(request, pk):
    meeting = _meeting_or_404(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(
            request, _("Die Sitzung „%(title)s“ wurde gespeichert.") % {"title": meeting.title}
        )
        return redirect(meeting)
    context = {
        "body": meeting.body,
        "form": form,
        "meeting": meeting,
        "governance_tab": "bodies",
    }
    return render(request, TEMPLATES + "meeting_form.html", context)


def _minutes_links(user, meeting):
    """The minutes to link: the approved ones for members, the drafts too for coordination."""
    visible = Minutes.objects.visible_to(user).filter(meeting=meeting)
    return {
        "approved_minutes": visible.filter(state=MinutesState.APPROVED)
        .order_by("-version")
        .first(),
        "draft_minutes": (
            visible.filter(state=MinutesState.DRAFT).order_by("-version").first()
            if user.has_perm("governance.change_minutes")
            else None
        ),
        "can_edit_minutes": user.has_perm("governance.change_minutes"),
    }


@permission_required("governance.view_meeting", raise_exception=True)
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    user = request.user
    resolutions = meeting.resolutions.select_related("agenda_item", "theme").prefetch_related(
        Prefetch("bodies_set_up", queryset=Body.objects.order_by("name"))
    )
    agenda = meeting.agenda_items.select_related(
        "theme", "working_group", "report"
    ).prefetch_related(Prefetch("resolutions", queryset=Resolution.objects.order_by("number")))
    order = {s: i for i, s in enumerate(AttendanceStatus.values)}  # present, excused, absent, guest
    attendance = sorted(
        meeting.attendance.all(), key=lambda a: (order.get(a.status, 9), a.name.lower())
    )
    coordination = user.has_perm("governance.change_meeting")
    open_for_changes = _closed_reason(meeting) is None
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "agenda": agenda,
        "attendance": attendance,
        "present_count": sum(1 for a in attendance if a.status == AttendanceStatus.PRESENT),
        "resolutions": resolutions,
        "visible_bodies": set(Body.objects.visible_to(user).values_list("pk", flat=True)),
        "visible_themes": set(
            GenerativeTheme.objects.visible_to(user).values_list("pk", flat=True)
        ),
        "theme_detail": user.has_perm("hurdles.change_generativetheme"),
        "show_reports": coordination,
        "can_edit": coordination,
        "can_add_agenda": user.has_perm("governance.add_agendaitem") and open_for_changes,
        "attachments": meeting.attachments.select_related("agenda_item"),
        "attachment_form": AttachmentForm(meeting=meeting) if coordination else None,
        "can_edit_attendance": user.has_perm("governance.change_attendance") and open_for_changes,
        "can_add_resolution": user.has_perm("governance.add_resolution") and open_for_changes,
        "closed_reason": None if open_for_changes or not coordination else _closed_reason(meeting),
        "governance_tab": "bodies",
        **_minutes_links(user, meeting),
    }
    return render(request, TEMPLATES + "meeting_detail.html", context)


@permission_required("governance.view_meeting", raise_exception=True)
def meeting_ics(request, pk):
    meeting = _meeting_or_404(request, pk)
    local = timezone.localtime(meeting.starts_at)
    filename = (
        f"sitzung-{slugify(meeting.body.short_name or meeting.body.name)}-{local:%Y-%m-%d}.ics"
    )
    return _ics_response(meeting_calendar(meeting, _url_for(request)), filename)


# ---------------------------------------------------------------------------------------------
# agenda and attendance


@permission_required("governance.add_agendaitem", raise_exception=True)
def agenda_item_create(request, pk):
    meeting = _meeting_or_404(request, pk)
    refused = _refuse_if_closed(request, meeting)
    if refused:
        return refused
    form = AgendaItemForm(request.POST or None, meeting=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                item = form.save()
        except IntegrityError:  # the same TOP number was saved in between
            form.add_error("position", _("Diese TOP-Nummer gibt es in der Sitzung schon."))
        else:
            messages.success(request, _("%(item)s wurde angelegt.") % {"item": item})
            if "another" in request.POST:
                return redirect("governance:agenda_item_create", pk=meeting.pk)
            return redirect(meeting.get_absolute_url() + "#agenda")
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "form": form,
        "agenda": meeting.agenda_items.all(),
        "governance_tab": "bodies",
    }
    return render(request, TEMPLATES + "agenda_item_form.html", context)


def _closed_reason(meeting):
    """Why agenda, attendance and resolutions of ``meeting`` can no longer change, or None."""
    if meeting.state == MeetingState.CANCELLED:
        return _("Die Sitzung ist abgesagt; Anwesenheit und Beschlüsse werden nicht erfasst.")
    if meeting.minutes.filter(state=MinutesState.APPROVED).exists():
        return _(
            "Das Protokoll dieser Sitzung ist genehmigt. Tagesordnung, Anwesenheit und "
            "Beschlüsse bleiben so, wie sie genehmigt wurden; Korrekturen halten Sie in einer "
            "korrigierten Fassung des Protokolls fest."
        )
    return None


def _refuse_if_closed(request, meeting):
    reason = _closed_reason(meeting)
    if reason:
        messages.error(request, reason)
        return redirect(meeting)
    return None


@permission_required("governance.change_attendance", raise_exception=True)
def attendance_edit(request, pk):
    meeting = _meeting_or_404(request, pk)
    refused = _refuse_if_closed(request, meeting)
    if refused:
        return refused
    form = AttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        rows = form.save()
        messages.success(
            request,
            _("Die Anwesenheit wurde gespeichert (%(n)s Einträge).") % {"n": len(rows)},
        )
        return redirect(meeting.get_absolute_url() + "#attendance")
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "form": form,
        "governance_tab": "bodies",
    }
    return render(request, TEMPLATES + "attendance_form.html", context)


# ---------------------------------------------------------------------------------------------
# resolutions


def _success_message(resolution):
    text = _("Beschluss %(number)s wurde erfasst (%(result)s).") % {
        "number": resolution.number,
        "result": resolution.get_result_display(),
    }
    group = resolution.bodies_set_up.first()
    if group is not None:
        text += " " + _("Die Arbeitsgruppe „%(group)s“ ist eingerichtet.") % {"group": group.name}
    if resolution.theme_id and resolution.kind in services.THEME_EFFECTS:
        resolution.theme.refresh_from_db()
        text += " " + _("Das Thema „%(theme)s“ steht jetzt auf „%(state)s“.") % {
            "theme": resolution.theme.title,
            "state": resolution.theme.get_state_display(),
        }
    return text


@permission_required("governance.add_resolution", raise_exception=True)
def resolution_create(request, pk):
    meeting = _meeting_or_404(request, pk)
    refused = _refuse_if_closed(request, meeting)
    if refused:
        return refused
    initial = {}
    item = request.GET.get("agenda_item", "")
    if item.isdigit():
        agenda_item = AgendaItem.objects.filter(meeting=meeting, pk=item).first()
        if agenda_item is not None:
            initial["agenda_item"] = agenda_item.pk
            if agenda_item.theme_id:
                initial["theme"] = agenda_item.theme_id
    form = ResolutionForm(request.POST or None, meeting=meeting, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.record_resolution(
                form,
                by=request.user,
                working_group_name=form.cleaned_data.get("working_group_name", ""),
                members=form.new_members(),
            )
        except (services.GovernanceError, HurdleError) as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
            form.instance.pk = None  # the service rolled its work back
        except IntegrityError:  # the same number was saved in between
            form.add_error("number", _("Diese Beschlussnummer gibt es in der Sitzung schon."))
            form.instance.pk = None
        else:
            messages.success(request, _success_message(resolution))
            return redirect(meeting.get_absolute_url() + "#resolutions")
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "form": form,
        "members": form.members,
        "set_up_kind": ResolutionKind.SET_UP_WORKING_GROUP,
        "governance_tab": "bodies",
    }
    return render(request, TEMPLATES + "resolution_form.html", context)


# --- attachments of the invitation -------------------------------------------------------------


@require_POST
@permission_required("governance.change_meeting", raise_exception=True)
def attachment_upload(request, pk):
    meeting = _meeting_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES, meeting=meeting)
    if form.is_valid():
        try:
            services.add_attachment(
                meeting,
                form.cleaned_data["file"],
                name=form.cleaned_data["name"],
                agenda_item=form.cleaned_data["agenda_item"],
                by=request.user,
            )
        except services.GovernanceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Die Unterlage wurde hinzugefügt."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(meeting.get_absolute_url() + "#attachments")


@permission_required("governance.view_meeting", raise_exception=True)
def attachment_download(request, pk):
    """Members of the body and coordination; always as a download."""
    attachment = get_object_or_404(
        Attachment.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)), pk=pk
    )
    extension = attachment.file.name.rsplit(".", 1)[-1].lower()
    filename = (
        attachment.name
        if attachment.name.lower().endswith(f".{extension}")
        else (f"{slugify(attachment.name) or 'unterlage'}.{extension}")
    )
    return attachment_response(attachment.file, filename=filename)

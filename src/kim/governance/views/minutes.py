"""Minutes (Protokoll, concept § 3.3): written here, approved in a later meeting of the same body,
then frozen; corrections are new versions with a reason; approved minutes go out by e-mail with
the PDF attached, and the list of who received what and when is kept. And the activity report
for the political committees (§ 3.8), as a page and a PDF.

Coordination writes, approves, corrects and distributes; members of a body read its approved
minutes as PDF (``Minutes.objects.visible_to``), drafts are for coordination only.
"""

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kim.core.pdf import pdf_response

from .. import pdf, services
from ..forms.minutes import (
    ActivityReportForm,
    ApproveForm,
    CorrectionForm,
    DistributionForm,
    MinutesForm,
    Recipient,
    later_meetings,
)
from ..models import Distribution, Meeting, Membership, Minutes

TEMPLATES = "governance/minutes/"

CONFLICT_MESSAGE = gettext_lazy(
    "Das Protokoll wurde in der Zwischenzeit von jemand anderem gespeichert. Ihr Text ist unten "
    "erhalten; laden Sie die Seite neu, um die andere Fassung zu sehen, und übernehmen Sie Ihre "
    "Änderungen dann erneut."
)

# the activity report reads meetings, hurdle reports and case figures: coordination
ACTIVITY_REPORT_PERMS = ("governance.view_meeting", "hurdles.view_hurdlereport", "cases.view_case")


def _add_error(form, exc):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _minutes_or_404(request, pk):
    queryset = Minutes.objects.visible_to(request.user).select_related(
        "meeting__body", "created_by", "approved_in", "approved_by"
    )
    return get_object_or_404(queryset, pk=pk)


def _versions(meeting):
    return list(
        Minutes.objects.filter(meeting=meeting)
        .select_related("approved_in", "created_by")
        .order_by("-version")
    )


def _minutes_page(request, meeting, *, form=None, approve_form=None):
    versions = _versions(meeting)
    current = versions[0] if versions else None
    if form is None:
        initial = {} if current else {"text": pdf.minutes_skeleton(meeting)}
        form = MinutesForm(instance=current, meeting=meeting, initial=initial)
    if approve_form is None and current is not None and not current.is_frozen:
        approve_form = ApproveForm(minutes=current)
    context = {
        "meeting": meeting,
        "versions": versions,
        "current": current,
        "form": form,
        "editable": current is None or not current.is_frozen or form.is_bound,
        "approve_form": approve_form,
        "has_later_meetings": later_meetings(meeting).exists(),
    }
    return render(request, TEMPLATES + "edit.html", context)


@permission_required("governance.change_minutes", raise_exception=True)
def minutes_edit(request, pk):
    """Write or change the draft of a meeting's minutes; a new draft starts from a skeleton."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("body"), pk=pk
    )
    if request.method != "POST":
        return _minutes_page(request, meeting)
    current = Minutes.objects.filter(meeting=meeting).order_by("-version").first()
    form = MinutesForm(request.POST, instance=current, meeting=meeting)
    if form.is_valid():
        try:
            with transaction.atomic():
                minutes = services.save_minutes(form, by=request.user)
        except services.GovernanceError as exc:
            _add_error(form, exc)
        except RecordModifiedError:
            form.add_error(None, CONFLICT_MESSAGE)
        else:
            messages.success(
                request,
                _("Der Entwurf (Fassung %(version)s) ist gespeichert.")
                % {"version": minutes.version},
            )
            return redirect("governance:minutes_edit", pk=meeting.pk)
    return _minutes_page(request, meeting, form=form)


@require_POST
@permission_required("governance.change_minutes", raise_exception=True)
def minutes_approve(request, pk):
    """Record in which later meeting of the body the minutes were approved; they are frozen."""
    minutes = _minutes_or_404(request, pk)
    form = ApproveForm(request.POST, minutes=minutes)
    if form.is_valid():
        try:
            services.approve_minutes(
                minutes, in_meeting=form.cleaned_data["in_meeting"], by=request.user
            )
        except services.GovernanceError as exc:
            _add_error(form, exc)
        else:
            messages.success(
                request,
                _("Das Protokoll (Fassung %(version)s) ist genehmigt und kann verteilt werden.")
                % {"version": minutes.version},
            )
            return redirect("governance:minutes_edit", pk=minutes.meeting_id)
    return _minutes_page(request, minutes.meeting, approve_form=form)


@permission_required("governance.add_minutes", raise_exception=True)
def minutes_correct(request, pk):
    """A correction of approved minutes: a new draft version with its reason."""
    minutes = _minutes_or_404(request, pk)
    newer = (
        Minutes.objects.filter(meeting=minutes.meeting, version__gt=minutes.version)
        .order_by("-version")
        .first()
    )
    form = CorrectionForm(request.POST or None, initial={"text": minutes.text})
    if request.method == "POST" and form.is_valid():
        if newer is not None:
            form.add_error(
                None,
                _(
                    "Es gibt schon eine neuere Fassung (Fassung %(version)s). Bitte bearbeiten "
                    "Sie diese."
                )
                % {"version": newer.version},
            )
        else:
            try:
                correction = services.correct_minutes(
                    minutes,
                    text=form.cleaned_data["text"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except services.GovernanceError as exc:
                _add_error(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Die korrigierte Fassung %(version)s ist angelegt. Sie muss erneut "
                        "genehmigt werden."
                    )
                    % {"version": correction.version},
                )
                return redirect("governance:minutes_edit", pk=minutes.meeting_id)
    context = {"minutes": minutes, "meeting": minutes.meeting, "form": form, "newer": newer}
    return render(request, TEMPLATES + "correct.html", context)


@permission_required("governance.view_minutes", raise_exception=True)
def minutes_pdf(request, pk):
    """The minutes with the district's letterhead; members of the body get approved ones only."""
    minutes = _minutes_or_404(request, pk)
    return pdf_response(pdf.minutes_pdf(minutes), filename=pdf.minutes_filename(minutes))


def distribution_candidates(meeting):
    """Current members of the body with an e-mail address, and the members of the working
    groups set up by resolutions of this meeting."""
    today = timezone.localdate()
    memberships = (
        Membership.objects.filter(
            Q(body=meeting.body) | Q(body__set_up_by__meeting=meeting),
            starts_on__lte=today,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(email="")
        .select_related("body", "organisation")
        .order_by("body__kind", "body__name", "name")
    )
    return [
        Recipient(
            key=f"m{membership.pk}",
            name=membership.name,
            email=membership.email,
            organisation=str(membership.organisation or ""),
            # the body's own members need no label; members of a working group do
            group="" if membership.body_id == meeting.body_id else membership.body.name,
        )
        for membership in memberships
    ]


@permission_required("governance.add_distribution", raise_exception=True)
def minutes_distribute(request, pk):
    """Send approved minutes (PDF with the resolutions) to the chosen recipients; show the list
    of who received them when."""
    minutes = _minutes_or_404(request, pk)
    received = dict(
        Distribution.objects.filter(minutes=minutes, sent_at__isnull=False)
        .order_by("sent_at")
        .values_list("email", "sent_at")
    )
    form = DistributionForm(
        request.POST or None,
        candidates=distribution_candidates(minutes.meeting),
        received={email.lower(): sent_at for email, sent_at in received.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            attachment = (
                pdf.minutes_filename(minutes),
                pdf.minutes_pdf(minutes),
                "application/pdf",
            )
            rows = services.distribute_minutes(
                minutes,
                form.cleaned_data["all_recipients"],
                by=request.user,
                attachment=attachment,
            )
        except services.GovernanceError as exc:
            _add_error(form, exc)
        else:
            sent = sum(1 for row in rows if row.sent_at)
            failed = len(rows) - sent
            messages.success(
                request, _("Das Protokoll ist an %(n)s Empfänger:innen versandt.") % {"n": sent}
            )
            if failed:
                messages.error(
                    request,
                    _(
                        "An %(n)s Empfänger:innen konnte nicht versandt werden; siehe "
                        "„Fehler“ im Verteiler."
                    )
                    % {"n": failed},
                )
            return redirect("governance:minutes_distribute", pk=minutes.pk)
    distributions = (
        Distribution.objects.filter(minutes__meeting=minutes.meeting)
        .select_related("minutes", "by")
        .order_by(F("sent_at").desc(nulls_first=True), "recipient")
    )
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "form": form,
        "distributions": distributions,
    }
    return render(request, TEMPLATES + "distribute.html", context)


@permission_required(ACTIVITY_REPORT_PERMS, raise_exception=True)
def activity_report(request):
    """The activity report of a period: figures as a page, and as a PDF with ``format=pdf``."""
    today = timezone.localdate()
    form = ActivityReportForm(
        request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today}
    )
    report = None
    if form.is_valid():
        report = pdf.activity_report(
            form.cleaned_data["start"], form.cleaned_data["end"], user=request.user
        )
        if request.GET.get("format") == "pdf":
            return pdf_response(pdf.activity_report_pdf(report), filename=report.filename)
    return render(request, TEMPLATES + "activity_report.html", {"form": form, "report": report})

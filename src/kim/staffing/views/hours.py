"""Rooms and consultation hours on site (concept § 3.6): list, edit, weekly PDF, iCalendar feed.

Coordination sees and edits everything; a case manager reads their own hours, and the PDF and the
feed of the municipalities they serve. Every other role gets 403.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kim.core.pdf import pdf_response
from kim.directory.models import Municipality

from ..calendar import hours_calendar
from ..forms.hours import ConsultationHoursForm, HoursFilterForm, RoomForm
from ..models import Assignment, ConsultationHours, Room
from ..pdf import week_overview
from ..services import StaffingError, save_consultation_hours

# ---------------------------------------------------------------------------------------------
# rooms (coordination)


@permission_required("staffing.view_room", raise_exception=True)
def room_list(request):
    rooms = Room.objects.select_related("municipality").annotate(
        hours_count=Count("consultation_hours")
    )
    context = {"rooms": rooms, "can_add": request.user.has_perm("staffing.add_room")}
    return render(request, "staffing/hours/room_list.html", context)


def room_edit(request, pk=None):
    instance = None
    if pk is None:
        if not request.user.has_perm("staffing.add_room"):
            raise PermissionDenied
    else:
        if not request.user.has_perm("staffing.change_room"):
            raise PermissionDenied
        instance = get_object_or_404(Room, pk=pk)
    form = RoomForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        room = form.save()
        messages.success(request, _("Der Raum „%(room)s“ wurde gespeichert.") % {"room": room})
        return redirect("staffing:room_list")
    return render(request, "staffing/hours/room_edit.html", {"form": form, "room": instance})


# ---------------------------------------------------------------------------------------------
# consultation hours


def _status(hours, today):
    if hours.valid_from > today:
        return "future"
    if hours.valid_until and hours.valid_until < today:
        return "ended"
    return "active"


def readable_municipalities(user, today=None):
    """Municipalities whose weekly overview and feed ``user`` may read: all for coordination;
    for a case manager those they serve (an assignment in force) or hold hours in."""
    if not user.has_perm("staffing.view_consultationhours"):
        return Municipality.objects.none()
    if user.has_perm("staffing.change_consultationhours"):
        return Municipality.objects.all()
    today = today or timezone.localdate()
    served = Assignment.objects.visible_to(user).active_on(today).values("municipality")
    holding = (
        ConsultationHours.objects.visible_to(user)
        .exclude(valid_until__lt=today)
        .values("municipality")
    )
    return Municipality.objects.filter(Q(pk__in=served) | Q(pk__in=holding))


@permission_required("staffing.view_consultationhours", raise_exception=True)
def hours_list(request):
    today = timezone.localdate()
    can_edit = request.user.has_perm("staffing.change_consultationhours")
    visible = ConsultationHours.objects.visible_to(request.user)
    readable = readable_municipalities(request.user, today)
    form = HoursFilterForm(request.GET or None)
    if not can_edit:  # a case manager chooses among the municipalities they serve or hold hours in
        form.fields["municipality"].queryset = Municipality.objects.filter(
            Q(pk__in=visible.values("municipality")) | Q(pk__in=readable.values("pk"))
        )
    municipality, all_periods = None, False
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        all_periods = form.cleaned_data["all_periods"]
    hours = visible.select_related("room", "case_manager", "municipality")
    if not all_periods:
        hours = hours.active_on(today)
    if municipality:
        hours = hours.filter(municipality=municipality)
    # coordination sees every municipality (also those without hours), a case manager their own
    if municipality:
        groups = {municipality: []}
    elif can_edit:
        groups = {m: [] for m in Municipality.objects.all()}
    else:
        groups = {}
    for entry in hours.order_by("municipality__name", "weekday", "starts_at"):
        entry.status = _status(entry, today)
        groups.setdefault(entry.municipality, []).append(entry)
    printable = set(readable.values_list("pk", flat=True))
    sections = [
        {"municipality": m, "hours": entries, "can_print": m.pk in printable}
        for m, entries in sorted(groups.items(), key=lambda item: item[0].name)
    ]
    context = {
        "form": form,
        "sections": sections,
        "all_periods": all_periods,
        "can_edit": can_edit,
        "can_add": request.user.has_perm("staffing.add_consultationhours"),
        "can_manage_rooms": request.user.has_perm("staffing.view_room"),
        "count": sum(len(s["hours"]) for s in sections),
    }
    return render(request, "staffing/hours/hours_list.html", context)


def hours_edit(request, pk=None):
    instance = None
    if pk is None:
        if not request.user.has_perm("staffing.add_consultationhours"):
            raise PermissionDenied
    else:
        if not request.user.has_perm("staffing.change_consultationhours"):
            raise PermissionDenied
        instance = get_object_or_404(ConsultationHours.objects.visible_to(request.user), pk=pk)
    initial = {}
    if instance is None:
        initial["valid_from"] = timezone.localdate()
        municipality = request.GET.get("municipality")
        if municipality and municipality.isdigit():
            initial["municipality"] = municipality
    form = ConsultationHoursForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            hours = save_consultation_hours(form, by=request.user)
        except StaffingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("Die Sprechzeit „%(hours)s“ wurde gespeichert.") % {"hours": hours},
            )
            return redirect(
                f"{reverse('staffing:hours_list')}?municipality={hours.municipality_id}"
            )
    return render(request, "staffing/hours/hours_edit.html", {"form": form, "hours": instance})


def _readable_municipality_or_403(request, pk):
    if not request.user.has_perm("staffing.view_consultationhours"):
        raise PermissionDenied
    municipality = get_object_or_404(Municipality.objects.select_related("district"), pk=pk)
    if not readable_municipalities(request.user).filter(pk=municipality.pk).exists():
        raise PermissionDenied
    return municipality


def _day_from(request):
    """``?stand=YYYY-MM-DD`` picks the day the overview is valid on; today otherwise."""
    try:
        return datetime.date.fromisoformat(request.GET.get("stand", ""))
    except ValueError:
        return timezone.localdate()


def hours_week_pdf(request, pk):
    municipality = _readable_municipality_or_403(request, pk)
    data = week_overview(municipality, _day_from(request))
    return pdf_response(data, filename=f"sprechzeiten-{slugify(municipality.name)}.pdf")


def hours_feed(request, pk):
    municipality = _readable_municipality_or_403(request, pk)
    response = HttpResponse(
        hours_calendar(municipality), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        False, f"sprechzeiten-{slugify(municipality.name)}.ics"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response

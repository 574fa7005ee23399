"""The printable weekly overview of the consultation hours in one municipality (concept § 3.6).

Meant to be hung up in a town hall: it names the case managers, the times and the rooms, and
nothing about clients.
"""

from django.utils.translation import gettext as _

from kim.core import dates
from kim.core.pdf import PdfDocument

from .models import ConsultationHours, Weekday


def hours_on(municipality, day):
    """The hours of ``municipality`` in force on ``day``, by weekday and time."""
    return (
        ConsultationHours.objects.filter(municipality=municipality)
        .active_on(day)
        .select_related("room", "case_manager")
        .order_by("weekday", "starts_at", "room__name")
    )


def room_label(room):
    return f"{room.name}, {room.address}" if room.address else room.name


def week_rows(hours):
    """One row per consultation hour; a weekday without hours gets one row saying so."""
    by_day = {day: [] for day in Weekday}
    for entry in hours:
        by_day[Weekday(entry.weekday)].append(entry)
    rows = []
    for day, entries in by_day.items():
        if not entries:
            rows.append([day.label, _("keine Sprechzeit"), "", ""])
            continue
        for i, entry in enumerate(entries):
            time = _("%(start)s–%(end)s Uhr") % {
                "start": entry.starts_at.strftime("%H:%M"),
                "end": entry.ends_at.strftime("%H:%M"),
            }
            if entry.note:
                time = f"{time}\n{entry.note}"
            rows.append(
                [
                    day.label if i == 0 else "",
                    time,
                    room_label(entry.room),
                    entry.case_manager.get_full_name() or entry.case_manager.username,
                ]
            )
    return rows


def week_overview(municipality, day, *, compress=None) -> bytes:
    """The weekly overview as PDF bytes; ``compress=False`` keeps the text readable (tests)."""
    district = municipality.district.name
    document = PdfDocument(
        _("Sprechzeiten des KIM-Case-Managements in %(municipality)s")
        % {"municipality": municipality.name},
        subtitle=_("Stand: %(date)s") % {"date": dates.day(day)},
        author=district,
        footer_note=_("%(district)s – Kommunales Integrationsmanagement") % {"district": district},
    )
    hours = list(hours_on(municipality, day))
    width = document.width
    document.table(
        week_rows(hours),
        header=[_("Wochentag"), _("Uhrzeit"), _("Raum"), _("Case Manager:in")],
        col_widths=[width * 0.16, width * 0.24, width * 0.36, width * 0.24],
        bold_first_column=True,
    )
    if not hours:
        document.paragraph(
            _("Zurzeit gibt es in %(municipality)s keine Sprechzeiten vor Ort.")
            % {"municipality": municipality.name}
        )
    return document.render(compress=compress)

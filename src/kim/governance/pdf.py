"""Documents of governance with the district's letterhead: the minutes of a meeting (concept
§ 3.3: approved in the next meeting, passed on "per Protokoll") and the activity report for the
political committees and integration councils (§ 3.8), as PDF; the report's figures are shared
by its HTML preview.

The activity report holds aggregates only: counts of meetings, resolutions, themes, hurdle
reports and cases – no report texts, no case numbers, nothing about a person.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from kim.cases.models import Case
from kim.core import dates
from kim.core.pdf import (
    ACCENT_COLOR,
    FRAME_PADDING,
    LINE_COLOR,
    STYLES,
    Letterhead,
    LetterheadDocument,
    markup,
)
from kim.directory.models import District
from kim.hurdles.models import GenerativeTheme, HurdleReport, ReportState, ThemeState

from .models import (
    AttendanceStatus,
    BodyKind,
    Meeting,
    MeetingState,
    Membership,
    MembershipFunction,
    MinutesState,
    Resolution,
    ResolutionResult,
    SeatRole,
)

DEPARTMENT = gettext_lazy("Fachdienst Bildung und Integration")
UNIT = gettext_lazy("Kommunales Integrationsmanagement")

# bodies whose name takes the feminine article ("der Lenkungsgruppe", "der Arbeitsgruppe …")
FEMININE_KINDS = {BodyKind.STEERING_GROUP, BodyKind.WORKING_GROUP}


def district_letterhead():
    """The letterhead of the district that runs this installation."""
    district = District.objects.order_by("pk").first()
    name = district.name if district else ""
    sender = " · ".join(str(part) for part in (name, DEPARTMENT, UNIT) if part)
    return Letterhead(
        name=name or str(UNIT), lines=[str(DEPARTMENT), str(UNIT)], sender_line=sender
    )


def _date(value):
    return dates.day(value)


def _local(value):
    return timezone.localtime(value) if value else None


def person_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


# --- minutes -------------------------------------------------------------------------------------


def minutes_title(minutes):
    meeting = minutes.meeting
    body = meeting.body
    values = {"body": body.name, "date": _date(_local(meeting.starts_at))}
    if body.kind in FEMININE_KINDS:
        return _("Protokoll der Sitzung der %(body)s am %(date)s") % values
    return _("Protokoll der Sitzung des Gremiums „%(body)s“ am %(date)s") % values


def minutes_filename(minutes):
    meeting = minutes.meeting
    body = slugify(meeting.body.short_name or meeting.body.name) or "gremium"
    day = _local(meeting.starts_at).strftime("%Y-%m-%d")
    return f"protokoll-{body}-{day}-fassung-{minutes.version}.pdf"


def minutes_state_label(minutes):
    """'Entwurf' or 'genehmigt am … in der Sitzung vom …'."""
    if minutes.state != MinutesState.APPROVED:
        return _("Entwurf")
    values = {
        "date": _date(_local(minutes.approved_at)),
        "meeting": _date(_local(minutes.approved_in.starts_at)) if minutes.approved_in else "–",
    }
    return _("genehmigt am %(date)s in der Sitzung vom %(meeting)s") % values


def meeting_time(meeting):
    start = _local(meeting.starts_at)
    if meeting.ends_at:
        return _("%(start)s–%(end)s Uhr") % {
            "start": start.strftime("%H:%M"),
            "end": _local(meeting.ends_at).strftime("%H:%M"),
        }
    return _("ab %(start)s Uhr") % {"start": start.strftime("%H:%M")}


def meeting_chair(meeting):
    """Who holds the chair seat of the body on the day of the meeting (None without one)."""
    day = _local(meeting.starts_at).date()
    holder = (
        Membership.objects.filter(
            body=meeting.body,
            seat__role=SeatRole.CHAIR,
            function=MembershipFunction.MEMBER,
            starts_on__lte=day,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("organisation")
        .first()
    )
    if holder is None:
        return None
    return f"{holder.name} ({holder.organisation})" if holder.organisation else holder.name


def attendance_by_status(meeting):
    groups = {status: [] for status in AttendanceStatus.values}
    for entry in meeting.attendance.all():
        groups[entry.status].append(entry)
    return groups


def vote_label(resolution):
    return _("%(for)s Ja · %(against)s Nein · %(abstain)s Enthaltung(en)") % {
        "for": resolution.votes_for,
        "against": resolution.votes_against,
        "abstain": resolution.votes_abstain,
    }


def meeting_resolutions(meeting):
    return (
        Resolution.objects.filter(meeting=meeting)
        .select_related("agenda_item", "theme")
        .prefetch_related("bodies_set_up")
        .order_by("agenda_item__position", "number")
    )


def resolution_effect(resolution):
    """What an adopted resolution decided beyond its text (a working group, a theme)."""
    parts = []
    if resolution.kind != "other":
        parts.append(_("Art: %(kind)s") % {"kind": resolution.get_kind_display()})
    if resolution.theme_id:
        parts.append(_("Thema: %(theme)s") % {"theme": resolution.theme.title})
    for group in resolution.bodies_set_up.all():
        parts.append(_("Eingerichtet: %(group)s") % {"group": group.name})
    return "\n".join(parts)


TOP_LINE = re.compile(
    r"^TOP(?=[\s\d:.]|$)\s*(?P<number>\d+)?\s*[:.)–-]?\s*(?P<rest>.*)$", re.IGNORECASE
)


def minutes_blocks(text, titles=None):
    """The minutes text as ("heading" | "paragraph", text) blocks: a line starting with "TOP"
    is a heading, blank lines separate paragraphs, other line breaks are kept.

    A TOP line that reads as prose ("TOP 2: Die Koordination berichtet …") is split: the heading
    is "TOP 2" with the title of agenda item 2 from ``titles`` ({position: title}), the prose
    opens the paragraph below it."""
    titles = titles or {}
    blocks, lines = [], []

    def flush():
        if lines:
            blocks.append(("paragraph", "\n".join(lines)))
            lines.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        match = TOP_LINE.match(line)
        if match:
            flush()
            number, rest = match["number"], match["rest"]
            if number and (len(rest) > 100 or rest.endswith((".", "!", "?"))):
                title = titles.get(int(number))
                blocks.append(("heading", f"TOP {number}: {title}" if title else f"TOP {number}"))
                lines.append(rest)
            else:
                blocks.append(("heading", line))
        elif not line:
            flush()
        else:
            lines.append(raw.rstrip())
    flush()
    return blocks


def minutes_skeleton(meeting):
    """A first draft from the meeting: date, place, attendance, a heading per agenda item and
    the resolutions taken under it with their votes."""
    start = _local(meeting.starts_at)
    lines = [
        _("Sitzung: %(body)s am %(date)s, %(time)s")
        % {"body": meeting.body.name, "date": _date(start), "time": meeting_time(meeting)},
        _("Ort: %(place)s") % {"place": meeting.place},
        "",
    ]
    groups = attendance_by_status(meeting)
    for status, label in (
        (AttendanceStatus.PRESENT, _("Anwesend")),
        (AttendanceStatus.GUEST, _("Gäste")),
        (AttendanceStatus.EXCUSED, _("Entschuldigt")),
    ):
        entries = groups[status]
        if entries or status != AttendanceStatus.GUEST:
            names = ", ".join(
                f"{e.name} ({e.organisation})" if e.organisation else e.name for e in entries
            )
            lines.append(f"{label}: {names or '–'}")
    resolutions = list(meeting_resolutions(meeting))
    placeholder = _("(Verlauf der Beratung)")
    for item in meeting.agenda_items.all():
        lines += ["", f"TOP {item.position}: {item.title}", placeholder]
        lines += [_resolution_line(r) for r in resolutions if r.agenda_item_id == item.pk]
    others = [r for r in resolutions if r.agenda_item_id is None]
    if others:
        lines += ["", _("Beschlüsse ohne Tagesordnungspunkt:")]
        lines += [_resolution_line(r) for r in others]
    return "\n".join(lines) + "\n"


def _resolution_line(resolution):
    return _("Beschluss %(number)s: %(text)s (Abstimmung: %(votes)s – %(result)s)") % {
        "number": resolution.number,
        "text": resolution.text,
        "votes": vote_label(resolution),
        "result": resolution.get_result_display(),
    }


def _names(entries):
    return [[entry.name, entry.organisation or "–"] for entry in entries]


def ruled_table(document, rows, *, col_widths, bold_first_column=True):
    """Rows between two rules in the accent colour with hairlines between them – the quieter
    look of the head of an administrative document (the grid of ``document.table`` is for data).
    """
    data = [
        [
            Paragraph(markup(cell), STYLES["cell_bold" if bold_first_column and i == 0 else "cell"])
            for i, cell in enumerate(row)
        ]
        for row in rows
    ]
    if not data:
        return
    table = Table(data, colWidths=col_widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT_COLOR),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT_COLOR),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, LINE_COLOR),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    document.story.append(table)
    document.spacer(3 * mm)


def text_width(document):
    """The width of the text itself (the frame less its padding), so that tables end where the
    letterhead and the paragraphs end."""
    return document.width - 2 * FRAME_PADDING


def facts(document, pairs, *, key_width=38 * mm):
    ruled_table(document, pairs, col_widths=[key_width, text_width(document) - key_width])


def minutes_pdf(minutes, *, created_at=None, compress=None) -> bytes:
    """The minutes as an A4 document with the district's letterhead; a draft says ENTWURF."""
    meeting = minutes.meeting
    draft = minutes.state != MinutesState.APPROVED
    state = minutes_state_label(minutes)
    document = LetterheadDocument(
        minutes_title(minutes),
        letterhead=district_letterhead(),
        watermark=_("ENTWURF") if draft else "",
        created_at=created_at,
        author=person_name(minutes.created_by) or "KIM",
        footer_note=_("Fassung %(version)s · %(state)s")
        % {"version": minutes.version, "state": _("Entwurf") if draft else _("genehmigt")},
    )
    start = _local(meeting.starts_at)
    meta = [
        (_("Gremium"), meeting.body.name),
        (_("Sitzung"), meeting.title),
        (_("Datum"), _date(start)),
        (_("Uhrzeit"), meeting_time(meeting)),
        (_("Ort"), meeting.place),
    ]
    chair = meeting_chair(meeting)
    if chair:
        meta.append((_("Sitzungsleitung"), chair))
    meta.append((_("Protokoll"), person_name(minutes.created_by)))
    version = str(minutes.version)
    if minutes.correction_reason:
        version += " " + _("(korrigierte Fassung)")
    meta.append((_("Fassung"), version))
    meta.append((_("Stand"), state.upper() if draft else state))
    document.spacer(2 * mm)
    facts(document, meta)

    groups = attendance_by_status(meeting)
    document.heading(_("Teilnehmende"), level=2)
    sections = [
        (AttendanceStatus.PRESENT, _("Anwesend")),
        (AttendanceStatus.GUEST, _("Gäste")),
        (AttendanceStatus.EXCUSED, _("Entschuldigt")),
        (AttendanceStatus.ABSENT, _("Nicht anwesend")),
    ]
    any_attendance = False
    for status, label in sections:
        entries = groups[status]
        if not entries and status not in (AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED):
            continue
        any_attendance = any_attendance or bool(entries)
        document.heading(f"{label} ({len(entries)})", level=3)
        if entries:
            width = text_width(document)
            ruled_table(
                document,
                _names(entries),
                col_widths=[width * 0.42, width * 0.58],
                bold_first_column=False,
            )
        else:
            document.paragraph(_("niemand"), muted=True)
    if not any_attendance:
        document.paragraph(_("Die Anwesenheit ist nicht erfasst."), muted=True)

    document.heading(_("Verlauf der Sitzung"), level=2)
    titles = dict(meeting.agenda_items.values_list("position", "title"))
    blocks = minutes_blocks(minutes.text, titles)
    if not blocks:
        document.paragraph(_("Der Protokolltext ist leer."), muted=True)
    for kind, text in blocks:
        if kind == "heading":
            document.heading(text, level=3)
        else:
            document.paragraph(text)

    document.heading(_("Beschlüsse"), level=2)
    resolutions = list(meeting_resolutions(meeting))
    if resolutions:
        rows = []
        for resolution in resolutions:
            text = resolution.text
            effect = resolution_effect(resolution)
            if effect:
                text = f"{text}\n{effect}"
            top = f"TOP {resolution.agenda_item.position}" if resolution.agenda_item else "–"
            rows.append(
                [
                    resolution.number,
                    top,
                    text,
                    vote_label(resolution).replace(" · ", "\n"),
                    resolution.get_result_display(),
                ]
            )
        width = text_width(document)
        document.table(
            rows,
            header=[_("Nr."), _("TOP"), _("Beschluss"), _("Abstimmung"), _("Ergebnis")],
            col_widths=[w * width for w in (0.13, 0.09, 0.46, 0.16, 0.16)],
        )
    else:
        document.paragraph(_("In dieser Sitzung wurden keine Beschlüsse gefasst."), muted=True)

    if minutes.correction_reason:
        document.heading(_("Grund der Korrektur"), level=2)
        document.paragraph(
            _("Fassung %(version)s korrigiert die genehmigte Fassung %(previous)s.")
            % {"version": minutes.version, "previous": minutes.version - 1},
            muted=True,
        )
        document.paragraph(minutes.correction_reason)
    return document.render(compress=compress)


# --- activity report -----------------------------------------------------------------------------


def activity_report_title(start, end):
    return _("Tätigkeitsbericht des Kommunalen Integrationsmanagements %(start)s–%(end)s") % {
        "start": _date(start),
        "end": _date(end),
    }


@dataclass
class BodyMeetings:
    body: object
    dates: list[datetime.date]

    @property
    def count(self):
        return len(self.dates)


@dataclass
class ActivityReport:
    start: datetime.date
    end: datetime.date
    made_on: datetime.date
    bodies: list[BodyMeetings] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    theme_counts: list[tuple[str, int]] = field(default_factory=list)
    themes: list[GenerativeTheme] = field(default_factory=list)
    reports_by_topic: list[tuple[str, int]] = field(default_factory=list)
    report_count: int = 0
    rejected_report_count: int = 0
    cases: list[tuple[str, int]] = field(default_factory=list)

    @property
    def title(self):
        return activity_report_title(self.start, self.end)

    @property
    def meeting_count(self):
        return sum(entry.count for entry in self.bodies)

    @property
    def theme_count(self):
        return len(self.themes)

    @property
    def filename(self):
        return f"taetigkeitsbericht-kim-{self.start:%Y-%m-%d}-{self.end:%Y-%m-%d}.pdf"


def activity_report(start, end, *, user, today=None) -> ActivityReport:
    """The figures of the period ``start``–``end`` (both inclusive). Meetings count when they
    took place in the period (not cancelled, begun by now); themes are those that existed at the
    end of the period, with their state of today."""
    today = today or timezone.localdate()
    report = ActivityReport(start=start, end=end, made_on=today)

    meetings = (
        Meeting.objects.visible_to(user)
        .filter(starts_at__date__gte=start, starts_at__date__lte=end, starts_at__lte=timezone.now())
        .exclude(state=MeetingState.CANCELLED)
        .select_related("body")
        .order_by("body__kind", "body__name", "starts_at")
    )
    by_body = {}
    for meeting in meetings:
        entry = by_body.setdefault(meeting.body_id, BodyMeetings(meeting.body, []))
        entry.dates.append(_local(meeting.starts_at).date())
    report.bodies = list(by_body.values())

    report.resolutions = list(
        Resolution.objects.filter(meeting__in=meetings, result=ResolutionResult.ADOPTED)
        .select_related("meeting__body")
        .order_by("meeting__starts_at", "number")
    )

    themes = list(
        GenerativeTheme.objects.visible_to(user)
        .filter(created_at__date__lte=end)
        .order_by("cluster", "title")
    )
    report.themes = themes
    counts = Counter(theme.state for theme in themes)
    report.theme_counts = [(state.label, counts[state]) for state in ThemeState if counts[state]]

    reports = HurdleReport.objects.filter(reported_on__gte=start, reported_on__lte=end)
    report.report_count = reports.count()
    report.rejected_report_count = reports.filter(state=ReportState.REJECTED).count()
    by_topic = (
        reports.exclude(state=ReportState.REJECTED)
        .values("topic__name")
        .annotate(count=Count("pk"))
        # unassigned reports last on every database (NULL sorts differently in SQLite/PostgreSQL)
        .order_by("-count", F("topic__name").asc(nulls_last=True))
    )
    report.reports_by_topic = [
        (row["topic__name"] or _("noch keinem Thema zugeordnet"), row["count"]) for row in by_topic
    ]

    cases = Case.objects.visible_to(user)
    still_open_on = Q(closed_on__isnull=True)
    report.cases = [
        (
            _("zu Beginn des Zeitraums offen"),
            cases.filter(
                Q(opened_on__lt=start) & (still_open_on | Q(closed_on__gte=start))
            ).count(),
        ),
        (
            _("im Zeitraum neu begonnen"),
            cases.filter(opened_on__gte=start, opened_on__lte=end).count(),
        ),
        (
            _("im Zeitraum abgeschlossen"),
            cases.filter(closed_on__gte=start, closed_on__lte=end).count(),
        ),
        (
            _("am Ende des Zeitraums offen"),
            cases.filter(Q(opened_on__lte=end) & (still_open_on | Q(closed_on__gt=end))).count(),
        ),
    ]
    return report


def activity_report_pdf(report: ActivityReport, *, created_at=None, compress=None) -> bytes:
    document = LetterheadDocument(
        report.title,
        subtitle=_("Bericht an die politischen Gremien und Integrationsräte · Stand: %(date)s")
        % {"date": _date(report.made_on)},
        letterhead=district_letterhead(),
        created_at=created_at,
        footer_note=_("Nur zusammengefasste Zahlen, keine personenbezogenen Daten"),
    )
    width = text_width(document)
    facts(
        document,
        [
            (_("Berichtszeitraum"), f"{_date(report.start)} – {_date(report.end)}"),
            (_("Sitzungen"), str(report.meeting_count)),
            (_("Beschlüsse (angenommen)"), str(len(report.resolutions))),
            (_("Generative Themen"), str(report.theme_count)),
            (_("Meldungen zu Integrationshürden"), str(report.report_count)),
        ],
        key_width=62 * mm,
    )

    document.heading(_("1. Sitzungen der Gremien"), level=2)
    if report.bodies:
        document.table(
            [
                [
                    entry.body.name,
                    entry.body.get_kind_display(),
                    str(entry.count),
                    ", ".join(_date(day) for day in entry.dates),
                ]
                for entry in report.bodies
            ],
            header=[_("Gremium"), _("Art"), _("Sitzungen"), _("Termine")],
            col_widths=[w * width for w in (0.36, 0.2, 0.12, 0.32)],
        )
    else:
        document.paragraph(_("Im Berichtszeitraum fanden keine Sitzungen statt."), muted=True)

    document.heading(_("2. Beschlüsse"), level=2)
    if report.resolutions:
        document.table(
            [
                [
                    resolution.number,
                    f"{resolution.meeting.body.short_name or resolution.meeting.body.name}\n"
                    f"{_date(_local(resolution.meeting.starts_at))}",
                    resolution.text,
                    resolution.get_kind_display(),
                ]
                for resolution in report.resolutions
            ],
            header=[_("Nr."), _("Gremium, Sitzung"), _("Beschluss"), _("Art")],
            col_widths=[w * width for w in (0.12, 0.2, 0.42, 0.26)],
        )
    else:
        document.paragraph(_("Im Berichtszeitraum wurden keine Beschlüsse gefasst."), muted=True)

    document.heading(_("3. Generative Themen"), level=2)
    if report.themes:
        document.paragraph(
            _(
                "Themen, die aus Meldungen zu Integrationshürden und Fallrekonstruktionen "
                "erarbeitet wurden, mit ihrem heutigen Stand."
            ),
            muted=True,
        )
        document.table(
            [[label, str(count)] for label, count in report.theme_counts],
            header=[_("Stand"), pgettext("generatives Thema", "Themen")],
            col_widths=[width * 0.6, width * 0.4],
        )
        document.table(
            [[theme.title, theme.cluster, theme.get_state_display()] for theme in report.themes],
            header=[pgettext("generatives Thema", "Thema"), _("Cluster"), _("Stand")],
            col_widths=[w * width for w in (0.45, 0.25, 0.3)],
        )
    else:
        document.paragraph(_("Es gibt noch keine generativen Themen."), muted=True)

    document.heading(_("4. Meldungen zu Integrationshürden"), level=2)
    document.paragraph(
        _(
            "Im Berichtszeitraum gingen %(count)s Meldebögen ein (davon %(rejected)s abgelehnt). "
            "Gezählt nach Thema, ohne Inhalte der Meldungen."
        )
        % {"count": report.report_count, "rejected": report.rejected_report_count}
    )
    if report.reports_by_topic:
        document.table(
            [[name, str(count)] for name, count in report.reports_by_topic],
            header=[_("Thema"), _("Meldungen")],
            col_widths=[width * 0.6, width * 0.4],
        )

    document.heading(_("5. Case Management"), level=2)
    document.paragraph(
        _("Zahl der Fälle; nur Summen, keine Angaben zu einzelnen Personen."), muted=True
    )
    document.table(
        [[label, str(count)] for label, count in report.cases],
        header=[_("Fälle"), _("Anzahl")],
        col_widths=[width * 0.6, width * 0.4],
    )
    return document.render(compress=compress)

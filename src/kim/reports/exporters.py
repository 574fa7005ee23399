"""The state controlling report as files: XLSX, CSV and PDF (issue #8).

XLSX and CSV share one STABLE column layout in long format, one line per indicator and
Ausprägung (the total of a group is the Ausprägung "insgesamt"); new columns are only ever added
at the end:

==================  ===========================================================================
indikator_code      stable code of the indicator (``indicators.INDICATORS``)
indikator           its German label
merkmal             the feature of the breakdown (Zugangsweg, Rechtskreis, …)
auspraegung         the German label of the row, "insgesamt" for the total of the group
wert                the figure; "<5" where 1 to 4 persons stand behind it (or where the total
                    would reveal such a cell); 0 is shown
einheit             Personen, Fälle, Kontakte, Vermittlungen, Ziele, Meldungen or Themen
zeitraum_von        first day of the period (ISO date, JJJJ-MM-TT)
zeitraum_bis        last day of the period (ISO date)
stand               when the figures were taken (JJJJ-MM-TT HH:MM, local time)
auspraegung_code    stable code of the row (choice code, AGS of a Kommune, code of a
                    Rechtskreis, ``insgesamt``); labels may be renamed, codes stay. Text: the
                    XLSX keeps the leading zero of an AGS, Excel drops it from a CSV
filter              the filters of the report besides the period, "keine" without filters
==================  ===========================================================================

The XLSX (openpyxl, write-only) has the sheets "Daten" (the table above), "Definitionen"
(code, label, definition, unit and feature of every indicator) and "Bericht" (title, period,
filters, when, and this column list). The CSV is UTF-8 with a byte order mark, ``;`` as
separator and CRLF line ends: what German Excel and LibreOffice open directly by double click
(with ``,`` Excel would put each line into one cell). The PDF prints the tables and the
definitions with the district's letterhead.
"""

import csv
import datetime
import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kim.core import dates
from kim.core.pdf import LetterheadDocument

from .anonymity import MIN_PERSONS, SUPPRESSED
from .indicators import definition_text

COLUMNS = [
    "indikator_code",
    "indikator",
    "merkmal",
    "auspraegung",
    "wert",
    "einheit",
    "zeitraum_von",
    "zeitraum_bis",
    "stand",
    "auspraegung_code",
    "filter",
]
COLUMN_NOTES = {
    "indikator_code": "stabiler Code des Indikators",
    "indikator": "Bezeichnung des Indikators",
    "merkmal": "Merkmal der Aufschlüsselung",
    "auspraegung": "Ausprägung des Merkmals; „insgesamt“ ist die Summe der Gruppe",
    "wert": "Zahl; „<5“, wenn 1 bis 4 Personen dahinterstehen oder die Summe eine solche "
    "Zelle verraten würde; 0 wird gezeigt",
    "einheit": "Personen, Fälle, Kontakte, Vermittlungen, Ziele, Meldungen oder Themen",
    "zeitraum_von": "erster Tag des Zeitraums (JJJJ-MM-TT)",
    "zeitraum_bis": "letzter Tag des Zeitraums (JJJJ-MM-TT)",
    "stand": "Zeitpunkt der Auswertung (JJJJ-MM-TT HH:MM, Ortszeit)",
    "auspraegung_code": "stabiler Code der Ausprägung (z. B. AGS einer Kommune)",
    "filter": "Filter neben dem Zeitraum; „keine“ ohne Filter",
}
DEFINITION_COLUMNS = ["indikator_code", "indikator", "definition", "einheit", "merkmal"]
SHEETS = ("Daten", "Definitionen", "Bericht")
DATE_FORMAT = "YYYY-MM-DD"


def title():
    return _("Landescontrolling des Kommunalen Integrationsmanagements")


def filename(scope, file_format):
    return f"landescontrolling_{scope.start:%Y-%m-%d}_{scope.end:%Y-%m-%d}.{file_format}"


def made_text(made_at):
    """When the figures were taken: 24.11.2026, 14:30 Uhr (English 24/11/2026, 14:30)."""
    return _("%(day)s, %(time)s Uhr") % {"day": dates.day(made_at), "time": dates.clock(made_at)}


def filters_text(scope):
    """The filters of ``scope`` besides the period, in words."""
    period = scope.period_text()
    described = scope.describe()
    return described[len(period) + 2 :] if described != period else _("keine")


def suppression_note():
    return _(
        "Anonymisiert: Zellen, hinter denen 1 bis %(limit)s Personen stehen, erscheinen als "
        "„%(mark)s“; ebenso eine weitere Zelle, wo eine Summe sonst eine solche Zelle verraten "
        "würde. Meldungen und Themen beziehen sich nicht auf Personen."
    ) % {"limit": MIN_PERSONS - 1, "mark": SUPPRESSED}


def data_rows(tables, scope, made_at):
    """The lines of the long format (without the header); the period as ``date``s, the time of
    the figures as text (the same in every format)."""
    stand = f"{made_at:%Y-%m-%d %H:%M}"
    filters = filters_text(scope)
    for table in tables:
        indicator = table.indicator
        for row in table.all_rows:
            yield [
                indicator.code,
                str(indicator.label),
                str(indicator.feature),
                row.label,
                row.shown,
                str(indicator.unit),
                scope.start,
                scope.end,
                stand,
                row.code,
                filters,
            ]


def definition_rows(tables):
    for table in tables:
        indicator = table.indicator
        yield [
            indicator.code,
            str(indicator.label),
            definition_text(indicator),
            str(indicator.unit),
            str(indicator.feature),
        ]


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def write_csv(tables, scope, made_at) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for line in data_rows(tables, scope, made_at):
        writer.writerow([_iso(value) for value in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(tables, scope, made_at) -> bytes:
    workbook = Workbook(write_only=True)
    data, definitions, report = (workbook.create_sheet(name) for name in SHEETS)
    bold = Font(bold=True)

    def header(sheet, names):
        sheet.append([_cell(sheet, name, font=bold) for name in names])

    for sheet, widths in (
        (data, (28, 34, 26, 40, 8, 14, 13, 13, 17, 22, 30)),
        (definitions, (28, 34, 100, 14, 26)),
        (report, (22, 100)),
    ):
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
    data.freeze_panes = "A2"
    header(data, COLUMNS)
    for line in data_rows(tables, scope, made_at):
        data.append([_cell(data, value) for value in line])
    header(definitions, DEFINITION_COLUMNS)
    for line in definition_rows(tables):
        definitions.append(line)
    for key, value in report_facts(scope, made_at):
        report.append([_cell(report, key, font=bold), value])
    report.append([])
    report.append([_cell(report, _("Spalten des Blatts „Daten“"), font=bold)])
    for name in COLUMNS:
        report.append([name, COLUMN_NOTES[name]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value, *, font=None):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    return cell


def report_facts(scope, made_at):
    from kim.governance.pdf import district_letterhead

    return [
        (_("Bericht"), title()),
        (_("Kreis"), district_letterhead().name),
        (_("Zeitraum von"), dates.day(scope.start)),
        (_("Zeitraum bis"), dates.day(scope.end)),
        (_("Filter"), filters_text(scope)),
        (pgettext("Zeitpunkt", "Stand"), made_text(made_at)),
        (_("Anonymisierung"), suppression_note()),
    ]


def write_pdf(tables, scope, made_at, *, compress=None) -> bytes:
    from kim.governance.pdf import district_letterhead, text_width

    document = LetterheadDocument(
        title(),
        subtitle=_("Zeitraum %(start)s – %(end)s · Stand: %(made)s")
        % {
            "start": dates.day(scope.start),
            "end": dates.day(scope.end),
            "made": made_text(made_at),
        },
        letterhead=district_letterhead(),
        created_at=made_at,
        footer_note=_("Anonymisiert, keine personenbezogenen Daten"),
    )
    width = text_width(document)
    document.key_values(
        [(key, value) for key, value in report_facts(scope, made_at)[2:]],
        key_width=width * 0.25,
    )
    for number, table in enumerate(tables, start=1):
        indicator = table.indicator
        document.heading(f"{number}. {indicator.label} ({indicator.unit})", level=2)
        document.paragraph(definition_text(indicator), muted=True)
        document.table(
            [[row.label, str(row.shown)] for row in table.all_rows],
            header=[str(indicator.feature), str(indicator.unit)],
            col_widths=[width * 0.7, width * 0.3],
        )
    return document.render(compress=compress)


WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "pdf": write_pdf}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}

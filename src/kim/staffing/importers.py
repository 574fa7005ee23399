"""Import of the indicators of the distribution key from CSV or XLSX (§ 3.6).

One row per municipality, identified by AGS or name. Columns (German headers, order free):
``AGS`` or ``Kommune``, ``Einwohner``, ``ohne deutsche Staatsangehörigkeit``,
``ohne EU-Staatsangehörigkeit``, ``Zuzüge``, ``Asylanträge``. Every problem is reported with its
row and column; if there is any, nothing of the file is saved.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

COLUMNS = {
    "inhabitants": ("einwohner", "einwohner:innen", "einwohnerinnen"),
    "without_german_citizenship": (
        "ohne deutsche staatsangehörigkeit",
        "ohne dt. staatsangehörigkeit",
    ),
    "without_eu_citizenship": (
        "ohne eu-staatsangehörigkeit",
        "ohne deutsche und ohne eu-staatsangehörigkeit",
        "davon ohne eu-staatsangehörigkeit",
    ),
    "immigration": ("zuzüge", "zuzuege"),
    "asylum_applications": ("asylanträge", "asylantraege"),
}
LABELS = {
    "inhabitants": "Einwohner",
    "without_german_citizenship": "ohne deutsche Staatsangehörigkeit",
    "without_eu_citizenship": "ohne EU-Staatsangehörigkeit",
    "immigration": "Zuzüge",
    "asylum_applications": "Asylanträge",
}
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_WHOLE = re.compile(r"(\d+)(?:[.,]0+)?")


def parse_count(cell: str) -> int:
    """A whole number as written in German tables ("12.345") or exported from XLSX ("300.0").

    Raises ValueError for anything else, including fractions ("1234.5"), which must not be read
    as 12345.
    """
    text = cell.strip().replace(" ", "")
    if _THOUSANDS.fullmatch(text):
        return int(text.replace(".", ""))
    match = _WHOLE.fullmatch(text)
    if match:
        return int(match.group(1))
    raise ValueError(cell)


KEY_COLUMNS = {
    "ags": ("ags", "gemeindeschlüssel", "amtlicher gemeindeschlüssel"),
    "name": ("kommune", "name", "gemeinde"),
}


@dataclass
class ImportProblem:
    row: int | None  # 1-based line of the file (header = 1); None for the whole file
    column: str
    message: str

    def __str__(self):
        where = _("Zeile %(row)s") % {"row": self.row} if self.row else _("Datei")
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


def read_table(uploaded) -> list[list[str]]:
    """Rows of a CSV (UTF-8 or Windows-1252, ``;`` or ``,``) or XLSX upload, as strings."""
    name = uploaded.name.lower()
    data = uploaded.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        return [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ";", delimiters=";,\t")
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise ValueError(_("Bitte laden Sie eine CSV- oder XLSX-Datei hoch."))


def _column_index(header, names):
    lowered = [h.strip().lower() for h in header]
    for candidate in names:
        if candidate in lowered:
            return lowered.index(candidate)
    return None


def parse_indicators(rows, municipalities):
    """``municipalities``: all municipalities of the district. Returns ({municipality: values},
    [ImportProblem])."""
    problems = []
    if not rows:
        return {}, [ImportProblem(None, "", _("Die Datei ist leer."))]
    header, body = rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]
    index = {field: _column_index(header, names) for field, names in COLUMNS.items()}
    key_ags, key_name = (
        _column_index(header, KEY_COLUMNS["ags"]),
        _column_index(header, KEY_COLUMNS["name"]),
    )
    for field, i in index.items():
        if i is None:
            problems.append(ImportProblem(1, LABELS[field], _("Diese Spalte fehlt.")))
    if key_ags is None and key_name is None:
        problems.append(
            ImportProblem(1, "AGS/Kommune", _("Es fehlt eine Spalte „AGS“ oder „Kommune“."))
        )
    if problems:
        return {}, problems
    by_ags = {m.ags: m for m in municipalities}
    by_name = {m.name.lower(): m for m in municipalities}
    result, seen = {}, set()
    for offset, row in enumerate(body, start=2):
        cells = row + [""] * (len(header) - len(row))
        municipality = None
        if key_ags is not None and cells[key_ags]:
            municipality = by_ags.get(cells[key_ags].zfill(8))
            if municipality is None:
                problems.append(
                    ImportProblem(
                        offset, "AGS", _("Unbekannter AGS „%(v)s“.") % {"v": cells[key_ags]}
                    )
                )
                continue
        elif key_name is not None and cells[key_name]:
            municipality = by_name.get(cells[key_name].lower())
            if municipality is None:
                problems.append(
                    ImportProblem(
                        offset, "Kommune", _("Unbekannte Kommune „%(v)s“.") % {"v": cells[key_name]}
                    )
                )
                continue
        else:
            problems.append(ImportProblem(offset, "AGS/Kommune", _("Die Kommune fehlt.")))
            continue
        if municipality in seen:
            problems.append(
                ImportProblem(
                    offset, "Kommune", _("%(m)s steht doppelt in der Datei.") % {"m": municipality}
                )
            )
            continue
        seen.add(municipality)
        values = {}
        for field, i in index.items():
            if cells[i].strip().startswith("-"):
                problems.append(
                    ImportProblem(offset, header[i], _("Die Zahl darf nicht negativ sein."))
                )
                continue
            try:
                value = parse_count(cells[i])
            except ValueError:
                problems.append(
                    ImportProblem(
                        offset, header[i], _("„%(v)s“ ist keine ganze Zahl.") % {"v": cells[i]}
                    )
                )
                continue
            if value < 0:
                problems.append(
                    ImportProblem(offset, header[i], _("Die Zahl darf nicht negativ sein."))
                )
                continue
            values[field] = value
        if len(values) == len(index):
            if values["without_german_citizenship"] > values["inhabitants"]:
                problems.append(
                    ImportProblem(
                        offset,
                        header[index["without_german_citizenship"]],
                        _("Mehr als Einwohner:innen."),
                    )
                )
            elif values["without_eu_citizenship"] > values["without_german_citizenship"]:
                problems.append(
                    ImportProblem(
                        offset,
                        header[index["without_eu_citizenship"]],
                        _("Mehr als ohne deutsche Staatsangehörigkeit."),
                    )
                )
            else:
                result[municipality] = values
    for municipality in municipalities:
        if municipality not in seen:
            problems.append(
                ImportProblem(None, "Kommune", _("%(m)s fehlt in der Datei.") % {"m": municipality})
            )
    return result, problems

"""Hints that a free text holds personal data (a report must not): names of the case's client,
dates of birth and other dates, phone numbers, e-mail addresses, file and case numbers.

The check warns; the reporter then edits the text or confirms it. It cannot prove absence.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PATTERNS = [
    ("email", _("E-Mail-Adresse"), re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
    (
        "date",
        _("Datum (z. B. Geburtsdatum)"),
        re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b"),
    ),
    (
        "phone",
        _("Telefonnummer"),
        re.compile(r"(?<![\w.-])(?:\+\d{1,3}[\s/-]?|0)\d{2,5}[\s/-]?\d{3,}(?:[\s-]?\d+)*"),
    ),
    (
        "file_number",
        _("Akten- oder Fallzeichen"),
        re.compile(
            r"\b(?:Az\.?|Aktenzeichen|Kd\.?-?Nr\.?|Kundennummer|BG-?Nr\.?|Fallnummer|Fall-?Nr\.?)\s*[:.]?\s*"
            r"[\w/-]*\d[\w/-]*"
            r"|\b\d{4}-\d{6}\b"  # KIM case number
            r"|\b\d{7}-\d{3}\b",  # BAMF file number
            re.IGNORECASE,
        ),
    ),
]


@dataclass(frozen=True)
class Finding:
    kind: str
    label: str
    excerpt: str


def find_personal_data(text: str, names: list[str] = ()) -> list[Finding]:
    """Everything in ``text`` that looks like personal data; ``names`` are the client's names."""
    findings = []
    for kind, label, pattern in PATTERNS:
        for match in pattern.finditer(text or ""):
            findings.append(Finding(kind, str(label), match.group(0).strip()))
    for name in {n.strip() for n in names if n and len(n.strip()) >= 3}:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text or "", re.IGNORECASE):
            findings.append(Finding("name", str(_("Name der Klientin/des Klienten")), name))
    return findings

"""Name matching for the duplicate warning: the same person written in other ways.

Names are transliterated to Latin letters (anyascii: "Олександр" -> "Oleksandr") and encoded with
the Kölner Phonetik, which German offices know from their registers: "Mohammed Al-Hassan",
"Muhammad Alhasan" and "Mohamad Al Hasan" get the same key.
"""

import re

import cologne_phonetics
from anyascii import anyascii


def _phonetic(part: str) -> str:
    letters = re.sub(r"[^a-z]", "", anyascii(part).lower())
    if not letters:
        return ""
    return "".join(code for _word, code in cologne_phonetics.encode(letters))


def name_key(first_name: str, last_name: str) -> str:
    """Key of a person's name, independent of spelling variants and order of given names."""
    first = _phonetic((first_name or "").split()[0]) if (first_name or "").strip() else ""
    return f"{_phonetic(last_name or '')}|{first}"

"""The translation catalogues of KIM (``src/kim/locale/<language>/LC_MESSAGES/django.po``).

German is the source language: every msgid is the German text, so the German catalogue is the
identity (msgstr = msgid) and is filled by machine. The English texts are written by hand, one
file per app in ``src/kim/locale_src/en/<app>.py`` (a dict ``TRANSLATIONS`` German -> English;
a plural entry maps to a pair ``(singular, plural)``; an msgid with a context, ``{% translate "Ziel"
context "Vermittlung" %}``, is keyed ``"Vermittlung\x04Ziel"``), and merged into the English
catalogue here.
An msgid belongs to the app of its first source reference in the catalogue.

``make messages`` extracts (``makemessages``), fills (``manage.py fill_catalogs``) and compiles;
``fill_catalogs --add-missing`` appends every msgid that has no English yet to its app's file with
an empty text, so that a later pass only fills in those lines. Development tool: needs polib (a dev
dependency), which is imported by the functions that read catalogues.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"
ENGLISH_SOURCE_DIR = PACKAGE_DIR / "locale_src" / "en"
CATALOG_LANGUAGES = ("de", "en")

# what must come through a translation unchanged: printf and brace placeholders, HTML tags
PLACEHOLDER = re.compile(
    r"%\([A-Za-z_0-9]+\)[sdfir]|%[sdfir]|%%|\{[A-Za-z_0-9]*\}"
    r"|</?(?:a|abbr|b|br|code|em|i|kbd|li|p|small|span|strong|time|ul)\b[^>]*>"
)


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def load_catalog(language: str):
    import polib

    return polib.pofile(str(catalog_path(language)), wrapwidth=79)


def app_of(entry) -> str:
    """The app an msgid belongs to: the first folder of its first source reference."""
    for path, _line in entry.occurrences:
        parts = Path(path).parts
        # references are relative to src/kim ("cases/views.py"); "kim/cases/…" from elsewhere
        if parts and parts[0] == "kim":
            parts = parts[1:]
        if len(parts) > 1:
            return parts[0]
    return "core"


def english_source_files() -> list[Path]:
    return sorted(ENGLISH_SOURCE_DIR.glob("*.py"))


def read_translations(path: Path) -> dict:
    """The ``TRANSLATIONS`` dict of one source file, read as a literal (the file is not run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "TRANSLATIONS" for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise ValueError(f"{path}: kein TRANSLATIONS = {{…}}")


def load_english() -> tuple[dict, list[str]]:
    """All English texts of all source files, and the conflicts (one msgid, two texts)."""
    merged: dict = {}
    origin: dict = {}
    conflicts = []
    for path in english_source_files():
        for msgid, text in read_translations(path).items():
            if not text:
                continue
            if msgid in merged and merged[msgid] != text:
                conflicts.append(f"{msgid!r}: {origin[msgid]} und {path.name}")
                continue
            merged[msgid] = text
            origin[msgid] = path.name
    return merged, conflicts


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def placeholder_problems(entry) -> list[str]:
    """Placeholders or HTML tags of the msgid that the translation lost or changed."""
    pairs = []
    if entry.msgid_plural:
        if entry.msgstr_plural.get(0):
            pairs.append((entry.msgid, entry.msgstr_plural[0]))
        if entry.msgstr_plural.get(1):
            pairs.append((entry.msgid_plural, entry.msgstr_plural[1]))
    elif entry.msgstr:
        pairs.append((entry.msgid, entry.msgstr))
    problems = []
    for source, translation in pairs:
        # a singular may leave out the count ("one case"), so compare named ones and tags only
        wanted, got = placeholders(source), placeholders(translation)
        if entry.msgid_plural and source == entry.msgid:
            wanted = [p for p in wanted if p not in ("%d", "%s")]
            got = [p for p in got if p not in ("%d", "%s")]
        if wanted != got:
            problems.append(f"{source!r}: {wanted} != {got} in {translation!r}")
    return problems


def key_of(entry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _drop_fuzzy(entry):
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def fill_german(po) -> None:
    """German is the source: every msgstr is its msgid."""
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        _drop_fuzzy(entry)


def fill_english(po, translations: dict) -> list:
    """Sets every msgstr from ``translations``; returns the entries that have no English.

    A guess of msgmerge (fuzzy) is never kept: an entry without its own English is emptied.
    """
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        text = translations.get(key_of(entry))
        if entry.msgid_plural:
            if isinstance(text, tuple | list) and len(text) == 2:
                entry.msgstr_plural = {0: text[0], 1: text[1]}
            else:
                entry.msgstr_plural = {0: "", 1: ""}
                missing.append(entry)
        elif isinstance(text, str):
            entry.msgstr = text
        else:
            entry.msgstr = ""
            missing.append(entry)
        _drop_fuzzy(entry)
    return missing


def fill_header(po, language: str) -> None:
    po.metadata["Language"] = language
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    if "fuzzy" in po.metadata_is_fuzzy or po.metadata_is_fuzzy:
        po.metadata_is_fuzzy = []


def by_app(entries) -> dict[str, list]:
    grouped = defaultdict(list)
    for entry in entries:
        grouped[app_of(entry)].append(entry)
    return dict(sorted(grouped.items()))


def append_missing(entries) -> dict[str, int]:
    """Appends the msgids without English to their app's source file, each with an empty text."""
    added = {}
    for app, app_entries in by_app(entries).items():
        path = ENGLISH_SOURCE_DIR / f"{app}.py"
        known = read_translations(path) if path.exists() else {}
        new = [entry for entry in app_entries if key_of(entry) not in known]
        if not new:
            continue
        lines = []
        for entry in new:
            empty = '("", "")' if entry.msgid_plural else '""'
            lines.append(f"    {key_of(entry)!r}: {empty},\n")
        if path.exists():
            text = path.read_text(encoding="utf-8").rstrip()
            if not text.endswith("}"):
                raise ValueError(f"{path}: endet nicht mit dem TRANSLATIONS-Dict")
            text = text[:-1] + "".join(lines) + "}\n"
        else:
            text = (
                f'"""English for the German msgids of kim.{app} (see kim/core/catalogs.py)."""\n\n'
                "TRANSLATIONS = {\n" + "".join(lines) + "}\n"
            )
        path.write_text(text, encoding="utf-8")
        added[app] = len(new)
    return added


def prune(unused) -> int:
    """Removes the entries of msgids no longer in the catalogue from the source files."""
    unused = set(unused)
    removed = 0
    for path in english_source_files():
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            key = None
            if line.startswith("    ") and line.rstrip().endswith(","):
                try:
                    entry = ast.literal_eval("{" + line.strip() + "}")
                    key = next(iter(entry))
                except (SyntaxError, ValueError):
                    key = None
            if key in unused:
                removed += 1
                continue
            kept.append(line)
        path.write_text("".join(kept), encoding="utf-8")
    return removed

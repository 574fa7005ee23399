"""German and English are complete: every msgid of the code is in both catalogues, translated,
not fuzzy, with its placeholders (kim/core/catalogs.py; ``make messages`` brings them up to
date)."""

import os

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

from kim.core import catalogs


@pytest.fixture(scope="module", params=catalogs.CATALOG_LANGUAGES)
def catalog(request):
    return request.param, catalogs.load_catalog(request.param)


def _shown(entries):
    return "\n".join(f"{catalogs.app_of(e)}: {e.msgid!r}" for e in entries[:20])


def test_every_msgid_is_translated(catalog):
    language, po = catalog
    untranslated = po.untranslated_entries()
    assert not untranslated, (
        f"{len(untranslated)} msgids ohne Übersetzung in {language} (make messages, dann "
        f"src/kim/locale_src/en/<app>.py ergänzen):\n{_shown(untranslated)}"
    )


def test_no_entry_is_fuzzy(catalog):
    language, po = catalog
    fuzzy = [entry for entry in po.fuzzy_entries() if entry.msgid]
    assert not fuzzy, f"unsichere (fuzzy) Einträge in {language}:\n{_shown(fuzzy)}"
    assert not po.obsolete_entries()


def test_translations_keep_placeholders_and_tags(catalog):
    _language, po = catalog
    problems = [problem for entry in po for problem in catalogs.placeholder_problems(entry)]
    assert not problems, "\n".join(problems[:20])


def test_german_is_the_identity():
    po = catalogs.load_catalog("de")
    different = [
        entry
        for entry in po.translated_entries()
        if (entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr) != entry.msgid
    ]
    assert not different, _shown(different)


def test_the_catalogues_hold_what_the_code_says(tmp_path, monkeypatch):
    """makemessages over the code finds no msgid that the catalogues lack, and none is left over.

    Extracts into a temporary folder that sees src/kim through a link, so the real catalogues
    stay untouched (makemessages has no dry run); the real ``locale`` folder is ignored, or
    makemessages would write there."""
    (tmp_path / "kim").symlink_to(catalogs.PACKAGE_DIR, target_is_directory=True)
    locale = tmp_path / "locale"
    locale.mkdir()
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[str(locale)]):
        call_command(
            "makemessages",
            locale=["en"],
            symlinks=True,
            ignore_patterns=["locale"],
            verbosity=0,
            no_wrap=True,
        )
    extracted = polib.pofile(os.fspath(locale / "en" / "LC_MESSAGES" / "django.po"))
    in_code = {catalogs.key_of(entry) for entry in extracted if entry.msgid}
    for language in catalogs.CATALOG_LANGUAGES:
        in_catalog = {catalogs.key_of(entry) for entry in catalogs.load_catalog(language)}
        missing, left_over = sorted(in_code - in_catalog), sorted(in_catalog - in_code)
        assert not missing, f"{language}: neue msgids, bitte make messages: {missing[:20]}"
        assert not left_over, f"{language}: msgids, die der Code nicht mehr hat: {left_over[:20]}"

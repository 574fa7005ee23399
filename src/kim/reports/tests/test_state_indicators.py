"""Each indicator of the state controlling report against the hand-built data set (fixtures.py),
with exact numbers, before suppression: {Ausprägung code: (value, persons)}."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kim.reports.indicators import INDICATORS, INDICATORS_BY_CODE, TOTAL, definition_text
from kim.reports.scope import ReportScope

from .fixtures import END, START, reference_data_fixture  # noqa: F401


def figures(code, **filters):
    rows = INDICATORS_BY_CODE[code].compute(ReportScope(start=START, end=END, **filters))
    return {row.code: (row.value, row.persons) for row in rows}


def nonzero(code, **filters):
    return {key: value for key, value in figures(code, **filters).items() if value[0]}


def test_the_set_is_fixed_and_documented():
    assert [indicator.code for indicator in INDICATORS] == [
        "beratene_personen",
        "neue_faelle",
        "abgeschlossene_faelle",
        "kontakte",
        "vermittlungen",
        "ziele_vereinbart",
        "ziele_erreicht",
        "personen_alter",
        "personen_geschlecht",
        "personen_staatsangehoerigkeit",
        "personen_aufenthaltsstatus",
        "meldungen_huerden",
        "generative_themen",
    ]
    units = {"Personen", "Fälle", "Kontakte", "Vermittlungen", "Ziele", "Meldungen", "Themen"}
    for indicator in INDICATORS:
        assert str(indicator.unit) in units
        assert str(indicator.label) and str(indicator.feature)
        assert "%(" not in definition_text(indicator)


def test_persons_advised_by_municipality(reference_data):
    data = reference_data
    assert figures("beratene_personen") == {
        data.altstadt.ags: (4, 4),  # C1 (01.01.), C2 (30.06.), C6, C8
        data.neudorf.ags: (2, 2),  # C3, C7 – not C9 (30.12.2024)
        TOTAL: (6, 6),
    }


def test_new_cases_by_access_channel(reference_data):
    # K2 on the first day, K3 on the last day; K10 the day after the end does not count
    assert nonzero("neue_faelle") == {
        "jobcenter": (3, 3),
        "self": (3, 2),  # K6, K7 and K7b: two cases of C7
        "ki_first_advice": (1, 1),
        TOTAL: (7, 6),
    }
    assert figures("neue_faelle")["mbe"] == (0, 0)


def test_closed_cases_by_closure_reason(reference_data):
    # K5 on the first day, K4 on the last day; K9 the day before the start does not count
    assert nonzero("abgeschlossene_faelle") == {
        "goals_achieved": (1, 1),
        "no_need": (1, 1),
        "moved_away": (1, 1),
        TOTAL: (3, 3),
    }


def test_contacts_by_channel(reference_data):
    assert nonzero("kontakte") == {
        "in_person": (6, 5),
        "phone": (2, 2),
        "home_visit": (1, 1),
        TOTAL: (9, 6),
    }
    assert figures("kontakte")["video"] == (0, 0)


def test_referrals_by_legal_domain(reference_data):
    assert figures("vermittlungen") == {
        "SGB II": (3, 3),  # R1 by its service, R2 and R7 by the office's responsibility
        "SGB VIII": (1, 1),  # R4: first of the office's two legal domains in Altstadt
        "AufenthG": (1, 1),  # R5: the service's legal domain wins over the office's
        "ohne_rechtskreis": (2, 2),  # R3 (no responsibility in Neudorf), R6 (service only)
        TOTAL: (7, 5),
    }


def test_goals_agreed_and_achieved_by_life_domain(reference_data):
    assert nonzero("ziele_vereinbart") == {
        "language": (5, 4),
        "work": (1, 1),
        TOTAL: (6, 5),
    }
    # G1 achieved on the last day, G4 on the first; G3 the day after, G5 only partly
    assert nonzero("ziele_erreicht") == {"language": (1, 1), "housing": (1, 1), TOTAL: (2, 2)}
    assert len(figures("ziele_vereinbart")) == 9 + 1  # every life domain, and the total


def test_persons_by_age_group_on_the_last_day(reference_data):
    assert figures("personen_alter") == {
        "under_18": (1, 1),
        "18_26": (2, 2),  # C2 turns 18 on 30.06.2025
        "27_44": (2, 2),
        "45_64": (1, 1),  # C3: only the year 1960 known, still 64 on 30.06.
        "65_plus": (1, 1),
        "unknown": (1, 1),
        TOTAL: (8, 8),
    }


def test_persons_by_gender(reference_data):
    assert figures("personen_geschlecht") == {
        "female": (5, 5),
        "male": (3, 3),
        "diverse": (0, 0),
        "not_stated": (0, 0),
        TOTAL: (8, 8),
    }


def test_persons_by_gender_in_one_municipality(reference_data):
    assert nonzero("personen_geschlecht", municipality=reference_data.altstadt) == {
        "female": (3, 3),
        "male": (2, 2),
        TOTAL: (5, 5),
    }


def test_persons_by_nationality_group(reference_data):
    assert figures("personen_staatsangehoerigkeit") == {
        "deutschland": (1, 1),  # C3: Austrian and German – German first
        "eu": (1, 1),
        "ukraine": (1, 1),
        "syrien": (1, 1),
        "afghanistan": (1, 1),
        "tuerkei": (0, 0),
        "irak": (1, 1),  # C7: Iraqi and Syrian – the first by ISO code
        "uebrige": (1, 1),
        "staatenlos_ungeklaert": (1, 1),
        TOTAL: (8, 8),
    }


def test_persons_by_residence_status_group(reference_data):
    assert figures("personen_aufenthaltsstatus") == {
        "asylum": (2, 2),
        "temporary": (1, 1),
        "permanent": (1, 1),
        "eu": (1, 1),
        "german": (1, 1),
        "other": (1, 1),
        "nicht_erfasst": (1, 1),
        TOTAL: (8, 8),
    }


def test_hurdle_reports_by_topic(reference_data):
    waiting, recognition = reference_data.topics
    assert figures("meldungen_huerden") == {
        f"thema_{recognition.pk}": (1, 0),
        f"thema_{waiting.pk}": (2, 0),
        "ohne_thema": (1, 0),
        TOTAL: (4, 0),
    }
    assert figures("meldungen_huerden", municipality=reference_data.neudorf) == {
        f"thema_{recognition.pk}": (1, 0),
        f"thema_{waiting.pk}": (1, 0),
        "ohne_thema": (0, 0),
        TOTAL: (2, 0),
    }


def test_themes_by_their_state_at_the_end_of_the_period(reference_data):
    assert nonzero("generative_themen") == {
        "developed": (1, 0),
        "before_steering_group": (1, 0),  # TH1 reached the working group only in August
        TOTAL: (2, 0),
    }


def test_a_case_managers_filter_counts_only_their_cases(reference_data):
    assert nonzero("neue_faelle", case_manager=reference_data.cm2) == {
        "self": (2, 1),
        TOTAL: (2, 1),
    }


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda indicator: indicator.code)
def test_no_query_per_row(reference_data, indicator):
    with CaptureQueriesContext(connection) as queries:
        rows = indicator.compute(ReportScope(start=START, end=END))
    assert len(rows) >= 2
    assert len(queries) <= 3

"""Who sees the dashboard and what (issue #8): coordination all figures with names; case managers
their own; steering group members the anonymous dashboard without names; everyone else 403.
Bad filter input gets a German message and no figures."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.directory.tests.factories import MunicipalityFactory

URL = reverse("reports:dashboard")


@pytest.fixture
def cases(case_manager, coordinator):
    """Open cases this year: three of the named case manager (Anna Berger), two of another."""
    from kim.accounts.roles import Role
    from kim.accounts.tests.factories import UserFactory

    other = UserFactory(username="ole", first_name="Ole", last_name="Olsen", role=Role.CASE_MANAGER)
    town = MunicipalityFactory(name="Testhausen")
    opened = timezone.localdate().replace(month=1, day=1)
    for manager, count in ((case_manager, 3), (other, 2)):
        for _ in range(count):
            CaseFactory(
                client=ClientFactory(municipality=town), case_manager=manager, opened_on=opened
            )
    return other


@pytest.mark.parametrize(
    "role", ["external_partner", "auditor", "administrator", "user_without_role"]
)
def test_others_get_403(as_user, role):
    assert as_user(role).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_coordination_sees_every_figure_with_names(as_user, cases):
    response = as_user("coordinator").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    board = response.context["dashboard"]
    assert board.mode == "all"
    assert "Fallbelastung je Case Manager:in" in page
    assert "Anna Berger" in page and "Ole Olsen" in page
    assert board.headline[1].value == 5
    # the case manager filter is there
    assert 'name="case_manager"' in page
    # every chart is inline SVG with a text alternative, and its table below it
    drawn = [figure for figure in board.figures if figure.chart]
    assert drawn
    assert page.count('role="img"') == len(drawn)
    assert page.count("Tabelle anzeigen") == len([f for f in board.figures if f.rows])
    for figure in drawn:
        assert f'<title id="{figure.chart_id}-title">{figure.summary}</title>' in page
    # a figure without any data says so in words instead of an empty chart
    for figure in board.figures:
        if not figure.chart:
            assert figure.summary.endswith("keine Angaben für diesen Zeitraum und diese Filter.")


def test_the_default_period_is_the_current_year(as_user, cases):
    response = as_user("coordinator").get(URL)
    scope = response.context["dashboard"].scope
    today = timezone.localdate()
    assert (scope.start, scope.end) == (today.replace(month=1, day=1), today)


def test_a_case_manager_sees_their_own_cases_and_caseload_only(as_user, cases):
    response = as_user("case_manager").get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    board = response.context["dashboard"]
    assert board.mode == "own"
    assert board.headline[1].value == 3
    assert "Meine Fallbelastung" in page
    assert "Anna Berger" in page
    assert "Ole Olsen" not in page
    assert 'name="case_manager"' not in page


def test_a_case_manager_cannot_ask_for_another_case_manager(as_user, cases):
    response = as_user("case_manager").get(URL, {"case_manager": cases.pk})
    assert response.context["dashboard"].headline[1].value == 3


def test_the_steering_group_sees_the_anonymous_dashboard_without_names(as_user, cases):
    response = as_user("steering_member").get(URL, {"case_manager": cases.pk})
    assert response.status_code == 200
    page = response.content.decode()
    board = response.context["dashboard"]
    assert board.mode == "anonymous"
    # the filter by case manager is not offered and not applied
    assert 'name="case_manager"' not in page
    assert board.headline[1].value == 5
    assert "Fallbelastung" not in page
    for name in ("Anna", "Berger", "Ole", "Olsen"):
        assert not re.search(rf"\b{name}\b", page)
    # 5 cases of 5 persons are shown
    municipalities = next(f for f in board.figures if f.key == "open_per_municipality")
    assert [row.texts for row in municipalities.rows if row.label == "Testhausen"] == [["5"]]


def test_an_end_before_the_start_gets_a_german_message_and_no_figures(as_user, cases):
    response = as_user("coordinator").get(URL, {"start": "2025-05-01", "end": "2025-04-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["dashboard"] is None
    assert "Das Ende des Zeitraums darf nicht vor dem Beginn liegen." in page
    assert "Bitte prüfen Sie die Filter" in page
    assert 'role="img"' not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"municipality": "999999"}, "Diesen Wert gibt es nicht."),
        ({"gender": "robot"}, "Diesen Wert gibt es nicht."),
        ({"age_group": "99_plus"}, "Diesen Wert gibt es nicht."),
        ({"access_channel": "pigeon"}, "Diesen Wert gibt es nicht."),
        ({"residence_group": "x"}, "Diesen Wert gibt es nicht."),
        ({"start": "31.02.2025"}, "Bitte geben Sie ein gültiges Datum ein"),
        ({"start": ""}, "Bitte geben Sie den Beginn des Zeitraums an."),
    ],
)
def test_a_bad_filter_value_gets_a_german_message(as_user, cases, params, message):
    today = timezone.localdate()
    query = {"start": f"{today.year}-01-01", "end": today.isoformat(), **params}
    response = as_user("coordinator").get(URL, query)
    assert response.context["dashboard"] is None
    assert message in response.content.decode()


def test_a_filter_narrows_the_figures(as_user, cases):
    other_town = MunicipalityFactory(name="Anderswo")
    CaseFactory(
        client=ClientFactory(municipality=other_town),
        opened_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = as_user("coordinator").get(URL, {"municipality": other_town.pk})
    board = response.context["dashboard"]
    assert board.headline[1].value == 1
    assert "Anderswo" in board.scope.describe()

"""The case list: who sees which case, filters, search by name (also as it sounds and in the
original script) and by case number, pagination."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import (
    AssessmentEntry,
    CasePhase,
    LifeDomain,
    NeedLevel,
    Substitution,
)
from kim.cases.tests.factories import CaseFactory, ClientFactory, GoalFactory
from kim.directory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:case_list")


@pytest.fixture
def colleague(db):
    return UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )


def numbers(response):
    return [case.number for case in response.context["page"].object_list]


def test_case_manager_sees_own_cases_only(as_user, case_manager, colleague):
    own = CaseFactory(case_manager=case_manager)
    CaseFactory(case_manager=colleague)
    response = as_user("case_manager").get(URL)
    assert response.status_code == 200
    assert numbers(response) == [own.number]
    assert reverse("cases:case_detail", args=[own.pk]) in response.content.decode()


def test_coordinator_sees_all_cases(as_user, case_manager, colleague):
    cases = [CaseFactory(case_manager=case_manager), CaseFactory(case_manager=colleague)]
    response = as_user("coordinator").get(URL)
    assert response.status_code == 200
    assert set(numbers(response)) == {c.number for c in cases}


@pytest.mark.parametrize(
    "user", ["external_partner", "steering_member", "auditor", "administrator", "user_without_role"]
)
def test_roles_without_case_access_get_403(as_user, case_manager, user):
    CaseFactory(case_manager=case_manager)
    assert as_user(user).get(URL).status_code == 403


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_substitute_sees_the_cases_of_the_absent_person_while_the_substitution_runs(
    as_user, case_manager, colleague, coordinator
):
    theirs = CaseFactory(case_manager=colleague)
    today = timezone.localdate()
    substitution = Substitution.objects.create(
        absent=colleague,
        substitute=case_manager,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=5),
        created_by=coordinator,
    )
    client = as_user("case_manager")
    assert numbers(client.get(URL)) == [theirs.number]
    # the colleague does not see the cases of the substitute
    own = CaseFactory(case_manager=case_manager)
    client.force_login(colleague)
    assert numbers(client.get(URL)) == [theirs.number]
    # after the substitution, the cases are gone again
    substitution.ends_on = today - datetime.timedelta(days=1)
    substitution.save()
    client.force_login(case_manager)
    assert numbers(client.get(URL)) == [own.number]


def test_future_substitution_shows_nothing_yet(as_user, case_manager, colleague, coordinator):
    CaseFactory(case_manager=colleague)
    Substitution.objects.create(
        absent=colleague,
        substitute=case_manager,
        starts_on=timezone.localdate() + datetime.timedelta(days=3),
        created_by=coordinator,
    )
    assert numbers(as_user("case_manager").get(URL)) == []


# --- filters ----------------------------------------------------------------------------------


def test_status_defaults_to_open_and_can_show_closed_or_all(as_user, case_manager):
    open_case = CaseFactory(case_manager=case_manager, phase=CasePhase.PLANNING)
    closed = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    client = as_user("case_manager")
    assert numbers(client.get(URL)) == [open_case.number]
    assert numbers(client.get(URL, {"status": "abgeschlossen"})) == [closed.number]
    assert set(numbers(client.get(URL, {"status": "alle"}))) == {open_case.number, closed.number}


def test_filter_by_municipality_of_the_client(as_user, case_manager):
    hemer, balve = MunicipalityFactory(name="Hemer"), MunicipalityFactory(name="Balve")
    in_hemer = CaseFactory(case_manager=case_manager, client=ClientFactory(municipality=hemer))
    CaseFactory(case_manager=case_manager, client=ClientFactory(municipality=balve))
    response = as_user("case_manager").get(URL, {"municipality": hemer.pk})
    assert numbers(response) == [in_hemer.number]


def test_filter_by_phase(as_user, case_manager):
    planning = CaseFactory(case_manager=case_manager, phase=CasePhase.PLANNING)
    CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    response = as_user("case_manager").get(URL, {"phase": "planning"})
    assert numbers(response) == [planning.number]


def test_filter_by_life_domain_finds_goals_and_assessed_needs(as_user, case_manager):
    from kim.cases.models import Assessment

    work = LifeDomain.objects.get(code="work")
    with_goal = CaseFactory(case_manager=case_manager)
    GoalFactory(case=with_goal, life_domain=work, description="Ausbildungsplatz finden")
    with_need = CaseFactory(case_manager=case_manager)
    no_need = CaseFactory(case_manager=case_manager)
    for case, need in [(with_need, NeedLevel.HIGH), (no_need, NeedLevel.NONE)]:
        assessment = Assessment.objects.create(case=case, by=case_manager)
        AssessmentEntry.objects.create(assessment=assessment, life_domain=work, need=need)
    other_domain = CaseFactory(case_manager=case_manager)
    GoalFactory(case=other_domain)  # language
    response = as_user("case_manager").get(URL, {"life_domain": work.pk})
    assert set(numbers(response)) == {with_goal.number, with_need.number}


def test_case_manager_filter_is_offered_to_coordination_only(as_user, case_manager, colleague):
    mine = CaseFactory(case_manager=case_manager)
    CaseFactory(case_manager=colleague)
    coordination = as_user("coordinator").get(URL, {"case_manager": case_manager.pk})
    assert numbers(coordination) == [mine.number]
    assert 'name="case_manager"' in coordination.content.decode()


def test_case_manager_filter_is_not_offered_to_case_managers(as_user, case_manager, colleague):
    CaseFactory(case_manager=colleague)
    mine = CaseFactory(case_manager=case_manager)
    response = as_user("case_manager").get(URL, {"case_manager": colleague.pk})
    assert 'name="case_manager"' not in response.content.decode()
    assert numbers(response) == [mine.number]  # the parameter opens nothing


def test_bad_filter_value_gets_a_german_message_and_other_filters_still_apply(
    as_user, case_manager
):
    planning = CaseFactory(case_manager=case_manager, phase=CasePhase.PLANNING)
    CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    response = as_user("case_manager").get(URL, {"municipality": "999999", "phase": "planning"})
    assert response.status_code == 200
    assert "Diese Kommune gibt es nicht" in response.content.decode()
    assert numbers(response) == [planning.number]


# --- search -----------------------------------------------------------------------------------


@pytest.fixture
def people(case_manager):
    def case(**client):
        return CaseFactory(case_manager=case_manager, client=ClientFactory(**client))

    return {
        "hassan": case(first_name="Mohammed", last_name="Al-Hassan"),
        "olena": case(
            first_name="Olena",
            last_name="Melnyk",
            first_name_original="Олена",
            last_name_original="Мельник",
        ),
        "oleksandr": case(first_name="Oleksandr", last_name="Kovalenko"),
        "ayse": case(first_name="Ayşe", last_name="Yıldız"),
        "other": case(first_name="Petra", last_name="Schmidt"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Al-Hassan", "hassan"),
        ("mohammed", "hassan"),
        ("Muhammad Alhasan", "hassan"),  # written otherwise, sounds the same
        ("Mohamad Al Hasan", "hassan"),
        ("Al-Hassan Mohammed", "hassan"),  # last name first
        ("Мельник", "olena"),  # original script as stored
        ("Олександр", "oleksandr"),  # Cyrillic, stored only in Latin letters
        ("Yildiz", "ayse"),  # without Turkish letters
        ("Olena Melnyk", "olena"),
    ],
)
def test_search_by_name(as_user, people, query, expected):
    response = as_user("case_manager").get(URL, {"q": query})
    assert numbers(response) == [people[expected].number]


def test_search_by_case_number(as_user, people):
    target = people["ayse"]
    response = as_user("case_manager").get(URL, {"q": target.number})
    assert numbers(response) == [target.number]


def test_search_finds_nothing_for_an_unknown_name(as_user, people):
    response = as_user("case_manager").get(URL, {"q": "Zyxwvu"})
    assert numbers(response) == []
    assert "Keine Fälle gefunden." in response.content.decode()


def test_search_never_reveals_cases_of_others(as_user, colleague):
    CaseFactory(case_manager=colleague, client=ClientFactory(last_name="Al-Hassan"))
    assert numbers(as_user("case_manager").get(URL, {"q": "Al-Hassan"})) == []


# --- order and pagination ---------------------------------------------------------------------


def link(response, text):
    """The href of the page link with ``text`` (HTML-unescaped)."""
    import html
    import re

    match = re.search(r'href="([^"]+)">' + re.escape(text) + "<", response.content.decode())
    return html.unescape(match.group(1)) if match else None


def test_sorted_by_opening_date_newest_first_and_paginated_by_50(as_user, case_manager):
    today = timezone.localdate()
    cases = [
        CaseFactory(case_manager=case_manager, opened_on=today - datetime.timedelta(days=i))
        for i in range(52)
    ]
    client = as_user("case_manager")
    first = client.get(URL, {"status": "offen"})
    assert numbers(first) == [c.number for c in cases[:50]]
    assert "Seite 1 von 2" in first.content.decode()
    assert link(first, "Vorherige Seite") is None
    following = link(first, "Nächste Seite")
    assert "status=offen" in following  # the filters stay in the page links
    second = client.get(URL + following)
    assert numbers(second) == [c.number for c in cases[50:]]
    assert "Seite 2 von 2" in second.content.decode()
    assert link(second, "Nächste Seite") is None
    back = client.get(URL + link(second, "Vorherige Seite"))
    assert numbers(back) == [c.number for c in cases[:50]]
    assert "Seite 1 von 2" in back.content.decode()


def test_a_case_opened_while_paging_is_neither_repeated_nor_skipped(as_user, case_manager):
    today = timezone.localdate()
    cases = [
        CaseFactory(case_manager=case_manager, opened_on=today - datetime.timedelta(days=i))
        for i in range(52)
    ]
    client = as_user("case_manager")
    first = client.get(URL)
    CaseFactory(case_manager=case_manager, opened_on=today)  # new, on top of page 1
    second = client.get(URL + link(first, "Nächste Seite"))
    assert numbers(second) == [c.number for c in cases[50:]]


def test_a_broken_page_link_shows_the_first_page_with_a_message(as_user, case_manager):
    CaseFactory(case_manager=case_manager)
    response = as_user("case_manager").get(URL, {"after": "gestern.1", "page": "2"})
    assert response.status_code == 200
    assert len(numbers(response)) == 1
    assert "Die Seitenangabe im Link ist ungültig" in response.content.decode()


def test_a_list_longer_than_the_count_limit_says_more_than(as_user, case_manager, monkeypatch):
    from kim.cases.views import caseload

    monkeypatch.setattr(caseload, "COUNT_LIMIT", 3)
    for _ in range(5):
        CaseFactory(case_manager=case_manager)
    page = as_user("case_manager").get(URL).content.decode()
    assert "mehr als 3 Fälle" in page

"""The start page of a case manager: own open cases with next appointment and last contact,
own overdue actions (not those of others), this week's appointments; bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import CasePhase, Substitution
from kim.cases.tests.factories import (
    ActionFactory,
    AppointmentFactory,
    CaseFactory,
    ClientFactory,
    ContactFactory,
    GoalFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("home")


@pytest.fixture
def colleague(db):
    return UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )


def _at(day, hour):
    return datetime.datetime.combine(
        day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
    )


def test_shows_own_open_cases_with_phase_next_appointment_and_last_contact(as_user, case_manager):
    today = timezone.localdate()
    case = CaseFactory(
        case_manager=case_manager,
        phase=CasePhase.PLANNING,
        client=ClientFactory(first_name="Olena", last_name="Melnyk"),
    )
    ContactFactory(case=case, contact_on=today - datetime.timedelta(days=12))
    ContactFactory(case=case, contact_on=today - datetime.timedelta(days=5))
    later = today + datetime.timedelta(days=9)
    sooner = today + datetime.timedelta(days=2)
    AppointmentFactory(case=case, starts_at=_at(later, 10), place="Rathaus Hemer")
    AppointmentFactory(case=case, starts_at=_at(sooner, 9), place="abgesagt", cancelled=True)
    AppointmentFactory(case=case, starts_at=_at(sooner, 11), place="Kreishaus, Raum 214")
    closed = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)

    response = as_user("case_manager").get(URL)
    assert response.status_code == 200
    rows = {c.number: c for c in response.context["own_cases"]}
    assert set(rows) == {case.number}
    assert closed.number not in rows
    row = rows[case.number]
    assert row.days_since_contact == 5
    assert timezone.localtime(row.next_appointment_at) == _at(sooner, 11)
    assert row.next_appointment_place == "Kreishaus, Raum 214"
    html = response.content.decode()
    assert "Olena Melnyk" in html
    assert "Hilfeplanung" in html
    assert "vor 5 Tagen" in html
    assert f"{sooner:%d.%m.%Y}, 11:00" in html


def test_case_without_contact_says_so(as_user, case_manager):
    CaseFactory(case_manager=case_manager)
    html = as_user("case_manager").get(URL).content.decode()
    assert "noch kein Kontakt" in html


def test_shows_own_overdue_actions_but_not_those_of_others(as_user, case_manager, colleague):
    today = timezone.localdate()
    own_goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    overdue = ActionFactory(
        goal=own_goal,
        description="Lebenslauf erstellen",
        due_on=today - datetime.timedelta(days=3),
    )
    ActionFactory(
        goal=own_goal,
        description="Schon erledigt",
        due_on=today - datetime.timedelta(days=3),
        done_on=today - datetime.timedelta(days=1),
    )
    ActionFactory(goal=own_goal, description="Noch nicht fällig")
    ActionFactory(
        goal=GoalFactory(case=CaseFactory(case_manager=colleague)),
        description="Schritt der Kollegin",
        due_on=today - datetime.timedelta(days=3),
    )
    response = as_user("case_manager").get(URL)
    assert [a.pk for a in response.context["overdue_actions"]] == [overdue.pk]
    html = response.content.decode()
    assert "Lebenslauf erstellen" in html
    assert (today - datetime.timedelta(days=3)).strftime("%d.%m.%Y") in html
    assert reverse("cases:plan", args=[own_goal.case_id]) in html
    assert "Schritt der Kollegin" not in html
    assert "Schon erledigt" not in html
    assert "Noch nicht fällig" not in html


def test_overdue_actions_of_closed_cases_are_not_shown(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED))
    ActionFactory(
        goal=goal,
        description="Alter Schritt",
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    html = as_user("case_manager").get(URL).content.decode()
    assert "Alter Schritt" not in html
    assert "Keine überfälligen Handlungsschritte." in html


def test_shows_this_weeks_appointments_only(as_user, case_manager, colleague):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    case = CaseFactory(case_manager=case_manager)
    AppointmentFactory(case=case, starts_at=_at(monday, 8), place="Diese Woche")
    AppointmentFactory(
        case=case, starts_at=_at(monday + datetime.timedelta(days=7), 8), place="Nächste Woche"
    )
    AppointmentFactory(
        case=CaseFactory(case_manager=colleague), starts_at=_at(monday, 9), place="Kollegin"
    )
    response = as_user("case_manager").get(URL)
    assert [a.place for a in response.context["week_appointments"]] == ["Diese Woche"]
    html = response.content.decode()
    week = html[html.index("Termine diese Woche") : html.index("Meine offenen Fälle")]
    assert "Diese Woche" in week
    assert "Nächste Woche" not in week  # that one is the next appointment of the case, below
    assert "Kollegin" not in html


def test_substitute_sees_the_stood_in_cases_marked(as_user, case_manager, colleague, coordinator):
    CaseFactory(case_manager=colleague)
    Substitution.objects.create(
        absent=colleague,
        substitute=case_manager,
        starts_on=timezone.localdate(),
        created_by=coordinator,
    )
    response = as_user("case_manager").get(URL)
    assert [c.stood_in_for for c in response.context["own_cases"]] == [True]
    html = response.content.decode()
    assert "Vertretung für Mara Schulte" in html
    assert "Sie vertreten Mara Schulte" in html


def test_number_of_queries_does_not_grow_with_the_caseload(
    as_user, case_manager, django_assert_max_num_queries
):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    for i in range(15):
        case = CaseFactory(case_manager=case_manager)
        ContactFactory(case=case)
        AppointmentFactory(case=case, starts_at=_at(monday + datetime.timedelta(days=i % 7), 9))
        AppointmentFactory(case=case)
        ActionFactory(goal=GoalFactory(case=case), due_on=today - datetime.timedelta(days=2))
    client = as_user("case_manager")
    # 18: one of them looks up the second factor of the session (django-otp); the open cases
    # are a page of ids, their count, and the page's rows with last contact and next appointment
    with django_assert_max_num_queries(18):
        response = client.get(URL)
    assert len(response.context["own_cases"]) == 15
    assert len(response.context["overdue_actions"]) == 15


@pytest.mark.parametrize(
    ("user", "cards"),
    [
        ("coordinator", ["Fälle", "Klient:innen", "Fallübersicht", "Vertretungen"]),
        ("administrator", ["Zuständigkeitsfinder", "Verzeichnis pflegen"]),
        ("steering_member", ["Zuständigkeitsfinder", "Kommunen"]),
    ],
)
def test_other_roles_keep_the_cards_and_see_no_caseload(as_user, user, cards):
    response = as_user(user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for card in cards:
        assert f">{card}</a>" in html
    assert "own_cases" not in response.context
    assert "Meine offenen Fälle" not in html


def test_external_partner_sees_no_case_area(as_user):
    html = as_user("external_partner").get(URL).content.decode()
    assert "Vertretungen" not in html
    assert "Meine offenen Fälle" not in html
    assert "Meldebögen" in html  # their only area: the hurdle reports of their organisation


def test_own_open_cases_are_paged_by_50_newest_first(as_user, case_manager, colleague):
    """At state scale a case manager may hold 150 open cases: 50 per page, with page links that
    keep their place however many cases are opened meanwhile (issue #12)."""
    today = timezone.localdate()
    cases = [
        CaseFactory(case_manager=case_manager, opened_on=today - datetime.timedelta(days=i))
        for i in range(53)
    ]
    CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    CaseFactory(case_manager=colleague)
    client = as_user("case_manager")
    first = client.get(URL)
    page = first.context["own_cases_page"]
    assert [c.pk for c in first.context["own_cases"]] == [c.pk for c in cases[:50]]
    assert (page.count, page.num_pages, page.number) == (53, 2, 1)
    html = first.content.decode()
    assert "53 offene Fälle, angezeigt 1 bis 50" in html
    assert "Nächste Seite" in html
    second = client.get(URL, {k: v for k, v in page.next_params.items() if v is not None})
    assert [c.pk for c in second.context["own_cases"]] == [c.pk for c in cases[50:]]
    assert "53 offene Fälle, angezeigt 51 bis 53" in second.content.decode()
    # each case of the second page still has its last contact and next appointment worked out
    assert all(hasattr(c, "days_since_contact") for c in second.context["own_cases"])


def test_broken_page_link_shows_the_first_page_with_a_message(as_user, case_manager):
    CaseFactory(case_manager=case_manager)
    response = as_user("case_manager").get(URL, {"after": "kein-datum.x", "page": "2"})
    assert response.status_code == 200
    assert len(response.context["own_cases"]) == 1
    assert "Die Seitenangabe im Link ist ungültig" in response.content.decode()


@pytest.mark.parametrize(
    ("days", "language", "label"),
    [
        (0, "de", "heute"),
        (1, "de", "vor 1 Tag"),
        (1200, "de", "vor 1.200 Tagen"),
        (0, "en", "today"),
        (5, "en", "5 days ago"),
    ],
)
def test_last_contact_is_said_in_the_user_s_language(as_user, case_manager, days, language, label):
    case = CaseFactory(
        case_manager=case_manager,
        opened_on=timezone.localdate() - datetime.timedelta(days=days + 10),
    )
    ContactFactory(case=case, contact_on=timezone.localdate() - datetime.timedelta(days=days))
    client = as_user("case_manager")
    client.cookies["django_language"] = language
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<td class="kern-table__cell">{label}</td>' in html

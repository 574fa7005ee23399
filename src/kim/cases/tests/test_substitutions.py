"""Substitutions: coordination records who stands in for whom; case managers see their own,
read-only; bad input gets a German message and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Case, Substitution
from kim.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:substitution_list")


@pytest.fixture
def colleague(db):
    return UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )


def _day(offset):
    return timezone.localdate() + datetime.timedelta(days=offset)


def _form(absent, substitute, starts_on, ends_on=None):
    return {
        "absent": absent.pk if absent else "",
        "substitute": substitute.pk if substitute else "",
        "starts_on": starts_on if isinstance(starts_on, str) else f"{starts_on:%Y-%m-%d}",
        "ends_on": f"{ends_on:%Y-%m-%d}" if ends_on else "",
    }


def test_coordination_records_a_substitution(as_user, case_manager, colleague, coordinator):
    client = as_user("coordinator")
    response = client.post(URL, _form(colleague, case_manager, _day(0), _day(10)))
    assert response.status_code == 302
    substitution = Substitution.objects.get()
    assert (substitution.absent, substitution.substitute) == (colleague, case_manager)
    assert (substitution.starts_on, substitution.ends_on) == (_day(0), _day(10))
    assert substitution.created_by == coordinator
    page = client.get(URL).content.decode()
    assert "Eingetragen: Anna Berger vertritt Mara Schulte" in page
    assert f"{_day(10):%d.%m.%Y}" in page
    assert "läuft" in page


def test_german_date_format_is_accepted_and_end_may_stay_open(as_user, case_manager, colleague):
    response = as_user("coordinator").post(
        URL, _form(colleague, case_manager, f"{_day(3):%d.%m.%Y}")
    )
    assert response.status_code == 302
    substitution = Substitution.objects.get()
    assert (substitution.starts_on, substitution.ends_on) == (_day(3), None)


def test_end_before_start_is_refused(as_user, case_manager, colleague):
    response = as_user("coordinator").post(URL, _form(colleague, case_manager, _day(5), _day(1)))
    assert response.status_code == 200
    assert not Substitution.objects.exists()
    assert response.content.decode().count("„bis“ darf nicht vor „von“ liegen.") == 1
    assert response.context["form"]["starts_on"].value() == f"{_day(5):%Y-%m-%d}"  # kept


def test_self_substitution_is_refused(as_user, case_manager):
    response = as_user("coordinator").post(URL, _form(case_manager, case_manager, _day(0)))
    assert response.status_code == 200
    assert not Substitution.objects.exists()
    assert response.content.decode().count("Eine Person kann sich nicht selbst vertreten.") == 1


def test_missing_fields_get_german_messages(as_user):
    response = as_user("coordinator").post(URL, _form(None, None, ""))
    assert response.status_code == 200
    assert not Substitution.objects.exists()
    html = response.content.decode()
    assert "Bitte wählen Sie, wer abwesend ist." in html
    assert "Bitte wählen Sie, wer die Vertretung übernimmt." in html
    assert "Bitte geben Sie an, ab wann die Vertretung gilt." in html


def test_invalid_date_gets_a_german_message(as_user, case_manager, colleague):
    response = as_user("coordinator").post(URL, _form(colleague, case_manager, "31.02.2026"))
    assert response.status_code == 200
    assert not Substitution.objects.exists()
    assert "Bitte geben Sie ein gültiges Datum an" in response.content.decode()


def test_only_case_managers_can_be_chosen(as_user, case_manager, coordinator):
    response = as_user("coordinator").post(URL, _form(case_manager, coordinator, _day(0)))
    assert response.status_code == 200
    assert not Substitution.objects.exists()
    assert "Bitte wählen Sie eine Case Manager:in aus der Liste." in response.content.decode()


def test_overlapping_substitution_of_the_same_pair_is_refused(
    as_user, case_manager, colleague, coordinator
):
    Substitution.objects.create(
        absent=colleague,
        substitute=case_manager,
        starts_on=_day(0),
        ends_on=_day(10),
        created_by=coordinator,
    )
    response = as_user("coordinator").post(URL, _form(colleague, case_manager, _day(5), _day(20)))
    assert response.status_code == 200
    assert Substitution.objects.count() == 1
    assert "vertritt Mara Schulte in diesem Zeitraum bereits" in response.content.decode()


def test_list_shows_current_and_future_but_not_past_substitutions(
    as_user, case_manager, colleague, coordinator
):
    def create(start, end):
        return Substitution.objects.create(
            absent=colleague,
            substitute=case_manager,
            starts_on=_day(start),
            ends_on=_day(end) if end is not None else None,
            created_by=coordinator,
        )

    running, future, open_ended = create(-3, 2), create(30, 40), create(50, None)
    create(-20, -10)  # past
    response = as_user("coordinator").get(URL)
    shown = [row["substitution"] for row in response.context["rows"]]
    assert shown == [running, future, open_ended]
    assert [row["active"] for row in response.context["rows"]] == [True, False, False]


def test_case_manager_sees_own_substitutions_read_only(
    as_user, case_manager, colleague, coordinator
):
    third = UserFactory(username="katrin", last_name="Vogel", role=Role.CASE_MANAGER)
    mine = Substitution.objects.create(
        absent=colleague, substitute=case_manager, starts_on=_day(0), created_by=coordinator
    )
    Substitution.objects.create(
        absent=colleague, substitute=third, starts_on=_day(0), created_by=coordinator
    )
    client = as_user("case_manager")
    response = client.get(URL)
    assert response.status_code == 200
    assert [row["substitution"] for row in response.context["rows"]] == [mine]
    assert response.context["form"] is None
    assert '<form method="post" action="' + URL not in response.content.decode()


def test_case_manager_cannot_record_substitutions(as_user, case_manager, colleague):
    response = as_user("case_manager").post(URL, _form(colleague, case_manager, _day(0)))
    assert response.status_code == 403
    assert not Substitution.objects.exists()


@pytest.mark.parametrize(
    "user", ["administrator", "external_partner", "steering_member", "auditor", "user_without_role"]
)
def test_other_roles_get_403(as_user, user):
    assert as_user(user).get(URL).status_code == 403


def test_recorded_substitution_opens_the_cases_to_the_substitute(
    as_user, client, case_manager, colleague, coordinator
):
    theirs = CaseFactory(case_manager=colleague)
    as_user("coordinator").post(URL, _form(colleague, case_manager, _day(0), _day(7)))
    client.force_login(case_manager)
    listed = client.get(reverse("cases:case_list")).context["page"].object_list
    assert [c.pk for c in listed] == [theirs.pk]


# --- ending a substitution --------------------------------------------------------------------


def _substitution(absent, substitute, coordinator, starts, ends=None):

    today = timezone.localdate()
    return Substitution.objects.create(
        absent=absent,
        substitute=substitute,
        starts_on=today + datetime.timedelta(days=starts),
        ends_on=None if ends is None else today + datetime.timedelta(days=ends),
        created_by=coordinator,
    )


def test_coordination_ends_a_running_substitution_today(as_user, case_manager, coordinator):
    absent = UserFactory(username="absent_end", role=Role.CASE_MANAGER)
    case = CaseFactory(case_manager=absent)
    running = _substitution(absent, case_manager, coordinator, starts=-5, ends=10)
    assert Case.objects.visible_to(case_manager).filter(pk=case.pk).exists()
    response = as_user("coordinator").post(reverse("cases:substitution_end", args=[running.pk]))
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.ends_on == timezone.localdate() - datetime.timedelta(days=1)
    assert not Case.objects.visible_to(case_manager).filter(pk=case.pk).exists()


def test_planned_substitution_is_struck(as_user, case_manager, coordinator):

    absent = UserFactory(username="absent_plan", role=Role.CASE_MANAGER)
    planned = _substitution(absent, case_manager, coordinator, starts=3, ends=10)
    as_user("coordinator").post(reverse("cases:substitution_end", args=[planned.pk]))
    assert not Substitution.objects.filter(pk=planned.pk).exists()


def test_case_manager_cannot_end_a_substitution(as_user, case_manager, coordinator):

    absent = UserFactory(username="absent_cm", role=Role.CASE_MANAGER)
    running = _substitution(absent, case_manager, coordinator, starts=-1)
    response = as_user("case_manager").post(reverse("cases:substitution_end", args=[running.pk]))
    assert response.status_code == 403
    running.refresh_from_db()
    assert running.ends_on is None

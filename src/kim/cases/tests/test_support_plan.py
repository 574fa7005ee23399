"""Support plan: goals per life domain with target date and outcome; actions with who, due date,
done date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Action, CasePhase, Goal, GoalOutcome, LifeDomain
from kim.cases.tests.factories import ActionFactory, CaseFactory, GoalFactory
from kim.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _goal_data(case, **overrides):
    data = {
        "life_domain": LifeDomain.objects.get(code="work").pk,
        "description": "Anerkennung des Berufsabschlusses beantragen",
        "agreed_on": TODAY().isoformat(),
        "target_date": (TODAY() + datetime.timedelta(days=90)).isoformat(),
    }
    data.update(overrides)
    return data


def _edit_data(client, goal, **overrides):
    form = client.get(reverse("cases:goal_edit", args=[goal.pk])).context["form"]
    data = {
        "life_domain": goal.life_domain_id,
        "description": goal.description,
        "agreed_on": goal.agreed_on.isoformat(),
        "target_date": goal.target_date.isoformat(),
        "outcome": goal.outcome,
        "outcome_on": "",
        "version": str(form["version"].value()),
    }
    data.update(overrides)
    return data


# --- goals ------------------------------------------------------------------------------------


def test_goal_is_added_to_the_plan(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = as_user("case_manager").post(
        reverse("cases:goal_create", args=[case.pk]), _goal_data(case)
    )
    goal = Goal.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:plan", args=[case.pk]) + f"#ziel-{goal.pk}"
    assert goal.life_domain.code == "work"
    assert goal.outcome == GoalOutcome.OPEN


def test_goal_target_before_case_start_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    before = case.opened_on - datetime.timedelta(days=1)
    response = as_user("case_manager").post(
        reverse("cases:goal_create", args=[case.pk]),
        _goal_data(case, agreed_on=before.isoformat(), target_date=before.isoformat()),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Das Zieldatum darf nicht vor dem Fallbeginn liegen." in content
    assert "Anerkennung des Berufsabschlusses beantragen" in content  # the input is kept
    assert response.context["form"].errors["target_date"] == [
        "Das Zieldatum darf nicht vor dem Fallbeginn liegen."
    ]
    assert not Goal.objects.exists()


def test_goal_target_before_agreement_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = as_user("case_manager").post(
        reverse("cases:goal_create", args=[case.pk]),
        _goal_data(case, target_date=(TODAY() - datetime.timedelta(days=1)).isoformat()),
    )
    assert "Das Zieldatum darf nicht vor der Vereinbarung liegen." in response.content.decode()
    assert not Goal.objects.exists()


def test_goal_needs_description_and_life_domain(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = as_user("case_manager").post(
        reverse("cases:goal_create", args=[case.pk]),
        _goal_data(case, description="", life_domain=""),
    )
    content = response.content.decode()
    assert "Bitte beschreiben Sie das Ziel." in content
    assert "Bitte wählen Sie den Lebensbereich." in content
    assert not Goal.objects.exists()


def test_goal_outcome_is_recorded(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    client = as_user("case_manager")
    data = _edit_data(client, goal, outcome="achieved", outcome_on=TODAY().isoformat())

    response = client.post(reverse("cases:goal_edit", args=[goal.pk]), data)

    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.outcome, goal.outcome_on) == (GoalOutcome.ACHIEVED, TODAY())


def test_an_open_goal_has_no_outcome_date(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    client = as_user("case_manager")
    data = _edit_data(client, goal, outcome="open", outcome_on=TODAY().isoformat())
    response = client.post(reverse("cases:goal_edit", args=[goal.pk]), data)
    assert "Ein offenes Ziel hat noch kein Ergebnisdatum." in response.content.decode()
    goal.refresh_from_db()
    assert goal.outcome_on is None


def test_goal_edit_target_before_case_start_is_refused(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    client = as_user("case_manager")
    before = goal.case.opened_on - datetime.timedelta(days=5)
    data = _edit_data(client, goal, agreed_on=before.isoformat(), target_date=before.isoformat())
    response = client.post(reverse("cases:goal_edit", args=[goal.pk]), data)
    assert "Das Zieldatum darf nicht vor dem Fallbeginn liegen." in response.content.decode()
    old_target = goal.target_date
    goal.refresh_from_db()
    assert goal.target_date == old_target


def test_second_edit_of_the_same_goal_is_refused(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager), description="Alt")
    client = as_user("case_manager")
    first = _edit_data(client, goal, description="Erste Fassung")
    second = _edit_data(client, goal, description="Zweite Fassung")
    assert client.post(reverse("cases:goal_edit", args=[goal.pk]), first).status_code == 302

    response = client.post(reverse("cases:goal_edit", args=[goal.pk]), second)

    content = response.content.decode()
    assert "inzwischen von jemand anderem geändert" in content
    assert "Zweite Fassung" in content  # the input is kept
    goal.refresh_from_db()
    assert goal.description == "Erste Fassung"


def test_plan_groups_goals_by_life_domain_with_outcome_and_overdue_actions(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    language = GoalFactory(case=case, description="Deutsch B1")
    GoalFactory(
        case=case,
        life_domain=LifeDomain.objects.get(code="housing"),
        description="Eigene Wohnung",
        outcome=GoalOutcome.ACHIEVED,
        outcome_on=TODAY(),
    )
    ActionFactory(
        goal=language, description="Kurs anmelden", due_on=TODAY() - datetime.timedelta(days=2)
    )

    response = as_user("case_manager").get(reverse("cases:plan", args=[case.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index(">Sprache</h3>") < content.index("Deutsch B1")
    assert content.index(">Wohnen</h3>") < content.index("Eigene Wohnung")
    assert "erreicht" in content
    assert "überfällig" in content


# --- actions ----------------------------------------------------------------------------------


def test_action_is_added_to_a_goal(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    organisation = OrganisationFactory(name="Jobcenter Märkischer Kreis")
    due = TODAY() + datetime.timedelta(days=14)
    response = as_user("case_manager").post(
        reverse("cases:action_create", args=[goal.pk]),
        {
            "description": "Termin zur Anerkennungsberatung",
            "responsible": "organisation",
            "organisation": organisation.pk,
            "due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(goal=goal)
    assert (action.responsible, action.organisation, action.due_on) == (
        "organisation",
        organisation,
        due,
    )


def test_action_by_an_organisation_needs_the_organisation(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    response = as_user("case_manager").post(
        reverse("cases:action_create", args=[goal.pk]),
        {"description": "Rückmeldung", "responsible": "organisation", "due_on": "2030-01-01"},
    )
    assert "Bitte wählen Sie die Organisation." in response.content.decode()
    assert not Action.objects.exists()


def test_action_by_the_client_names_no_organisation(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    response = as_user("case_manager").post(
        reverse("cases:action_create", args=[goal.pk]),
        {
            "description": "Unterlagen mitbringen",
            "responsible": "client",
            "organisation": OrganisationFactory().pk,
            "due_on": "2030-01-01",
        },
    )
    assert "Eine Organisation nur angeben" in response.content.decode()
    assert not Action.objects.exists()


def test_action_needs_a_due_date(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    response = as_user("case_manager").post(
        reverse("cases:action_create", args=[goal.pk]),
        {"description": "Unterlagen mitbringen", "responsible": "client", "due_on": ""},
    )
    assert "Bitte geben Sie ein Datum an." in response.content.decode()
    assert not Action.objects.exists()


def test_action_is_marked_done_today(as_user, case_manager):
    action = ActionFactory(goal=GoalFactory(case=CaseFactory(case_manager=case_manager)))
    response = as_user("case_manager").post(reverse("cases:action_done", args=[action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY()


def test_done_action_keeps_its_date(as_user, case_manager):
    earlier = TODAY() - datetime.timedelta(days=3)
    action = ActionFactory(
        goal=GoalFactory(case=CaseFactory(case_manager=case_manager)), done_on=earlier
    )
    response = as_user("case_manager").post(
        reverse("cases:action_done", args=[action.pk]), follow=True
    )
    assert "ist bereits seit" in response.content.decode()
    action.refresh_from_db()
    assert action.done_on == earlier


def test_action_done_only_by_post(as_user, case_manager):
    action = ActionFactory(goal=GoalFactory(case=CaseFactory(case_manager=case_manager)))
    response = as_user("case_manager").get(reverse("cases:action_done", args=[action.pk]))
    assert response.status_code == 405
    action.refresh_from_db()
    assert action.done_on is None


# --- a closed case ----------------------------------------------------------------------------


def test_a_closed_case_gets_no_new_goal(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    response = as_user("case_manager").post(
        reverse("cases:goal_create", args=[case.pk]), _goal_data(case)
    )
    assert response.status_code == 403
    assert "Dieser Fall ist abgeschlossen" in response.content.decode()
    assert not Goal.objects.exists()


def test_actions_of_a_closed_case_are_not_changed(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    action = ActionFactory(goal=GoalFactory(case=case))
    response = as_user("case_manager").post(reverse("cases:action_done", args=[action.pk]))
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.done_on is None


def test_plan_of_a_closed_case_offers_no_changes(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    goal = GoalFactory(case=case)
    content = as_user("case_manager").get(reverse("cases:plan", args=[case.pk])).content.decode()
    assert reverse("cases:goal_create", args=[case.pk]) not in content
    assert reverse("cases:goal_edit", args=[goal.pk]) not in content

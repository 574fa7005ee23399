"""Who may open and change the case file, per page and per role (DOMAIN.md § 7), and that every
opening is logged."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Case, CasePhase, Goal, Substitution
from kim.cases.tests.factories import ActionFactory, CaseFactory, GoalFactory

pytestmark = pytest.mark.django_db

READ_PAGES = ["case_detail", "case_history", "assessment_list", "plan"]
# write pages that show a form on GET, with the object their URL names
FORM_PAGES = [
    ("assessment_create", "case"),
    ("goal_create", "case"),
    ("goal_edit", "goal"),
    ("action_create", "goal"),
]
NO_CASE_ROLES = ["administrator", "external_partner", "steering_member", "auditor"]


@pytest.fixture
def case_file(case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.PLANNING)
    goal = GoalFactory(case=case)
    action = ActionFactory(goal=goal)
    return {"case": case, "goal": goal, "action": action}


@pytest.fixture
def foreign_case_file():
    """A case of another case manager."""
    case = CaseFactory(phase=CasePhase.PLANNING)
    goal = GoalFactory(case=case)
    return {"case": case, "goal": goal, "action": ActionFactory(goal=goal)}


def _url(name, objects, kind="case"):
    return reverse(f"cases:{name}", args=[objects[kind].pk])


def _accesses(case):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        action=LogEntry.Action.ACCESS,
    )


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", READ_PAGES)
def test_responsible_case_manager_reads_every_tab(page, as_user, case_file):
    assert as_user("case_manager").get(_url(page, case_file)).status_code == 200


@pytest.mark.parametrize("page", READ_PAGES)
def test_other_case_manager_gets_404_on_every_tab(page, as_user, foreign_case_file):
    assert as_user("case_manager").get(_url(page, foreign_case_file)).status_code == 404


@pytest.mark.parametrize("page", READ_PAGES)
def test_coordination_reads_every_tab(page, as_user, case_file):
    assert as_user("coordinator").get(_url(page, case_file)).status_code == 200


@pytest.mark.parametrize("role", [*NO_CASE_ROLES, "user_without_role"])
@pytest.mark.parametrize("page", READ_PAGES)
def test_roles_without_case_data_get_403(page, role, as_user, case_file):
    assert as_user(role).get(_url(page, case_file)).status_code == 403
    assert not _accesses(case_file["case"]).exists()


@pytest.mark.parametrize("page", READ_PAGES)
def test_anonymous_is_sent_to_the_login(page, client, case_file):
    response = client.get(_url(page, case_file))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", READ_PAGES)
def test_substitute_reads_the_cases_they_stand_in_for(page, client, case_manager, case_file):
    substitute = UserFactory(username="carla", role=Role.CASE_MANAGER)
    Substitution.objects.create(
        absent=case_manager,
        substitute=substitute,
        starts_on=timezone.localdate() - datetime.timedelta(days=1),
        created_by=substitute,
    )
    client.force_login(substitute)
    assert client.get(_url(page, case_file)).status_code == 200


# --- the opening of the case file is logged ---------------------------------------------------


@pytest.mark.parametrize("page", READ_PAGES)
def test_opening_a_tab_logs_one_access(page, as_user, case_manager, case_file):
    as_user("case_manager").get(_url(page, case_file))
    entry = _accesses(case_file["case"]).get()
    assert entry.actor == case_manager
    assert entry.timestamp <= timezone.now()


def test_coordination_reading_is_logged(as_user, coordinator, case_file):
    as_user("coordinator").get(_url("case_detail", case_file))
    assert _accesses(case_file["case"]).get().actor == coordinator


def test_refused_opening_logs_no_access(as_user, foreign_case_file):
    as_user("case_manager").get(_url("case_detail", foreign_case_file))
    assert not _accesses(foreign_case_file["case"]).exists()


# --- writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "kind"), FORM_PAGES)
def test_responsible_case_manager_opens_the_forms(page, kind, as_user, case_file):
    response = as_user("case_manager").get(_url(page, case_file, kind))
    assert response.status_code == 200
    assert _accesses(case_file["case"]).count() == 1


@pytest.mark.parametrize(("page", "kind"), FORM_PAGES)
def test_other_case_manager_gets_404_on_the_forms(page, kind, as_user, foreign_case_file):
    client = as_user("case_manager")
    assert client.get(_url(page, foreign_case_file, kind)).status_code == 404
    assert client.post(_url(page, foreign_case_file, kind), {}).status_code == 404


@pytest.mark.parametrize(("page", "kind"), FORM_PAGES)
def test_coordination_gets_403_on_the_forms(page, kind, as_user, case_file):
    client = as_user("coordinator")
    assert client.get(_url(page, case_file, kind)).status_code == 403
    assert client.post(_url(page, case_file, kind), {}).status_code == 403


@pytest.mark.parametrize("role", [*NO_CASE_ROLES, "user_without_role"])
@pytest.mark.parametrize(("page", "kind"), FORM_PAGES)
def test_roles_without_case_data_get_403_on_the_forms(page, kind, role, as_user, case_file):
    client = as_user(role)
    assert client.get(_url(page, case_file, kind)).status_code == 403
    assert client.post(_url(page, case_file, kind), {}).status_code == 403


def test_substitute_adds_a_goal(client, case_manager, case_file):
    substitute = UserFactory(username="carla", role=Role.CASE_MANAGER)
    Substitution.objects.create(
        absent=case_manager,
        substitute=substitute,
        starts_on=timezone.localdate(),
        created_by=substitute,
    )
    client.force_login(substitute)
    case = case_file["case"]
    response = client.post(
        reverse("cases:goal_create", args=[case.pk]),
        {
            "life_domain": case_file["goal"].life_domain_id,
            "description": "Vertretungsweise vereinbart",
            "agreed_on": timezone.localdate().isoformat(),
            "target_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Goal.objects.filter(case=case, description="Vertretungsweise vereinbart").exists()


def test_ended_substitution_gives_no_access(client, case_manager, case_file):
    substitute = UserFactory(username="carla", role=Role.CASE_MANAGER)
    Substitution.objects.create(
        absent=case_manager,
        substitute=substitute,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
        created_by=substitute,
    )
    client.force_login(substitute)
    assert client.get(_url("case_detail", case_file)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 403),
        *[(role, 403) for role in NO_CASE_ROLES],
        ("user_without_role", 403),
    ],
)
def test_marking_an_action_done_needs_the_case(role, status, as_user, case_file):
    action = case_file["action"]
    response = as_user(role).post(reverse("cases:action_done", args=[action.pk]))
    assert response.status_code == status
    action.refresh_from_db()
    assert action.done_on is None


def test_other_case_manager_cannot_mark_an_action_done(as_user, foreign_case_file):
    action = foreign_case_file["action"]
    response = as_user("case_manager").post(reverse("cases:action_done", args=[action.pk]))
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.done_on is None


@pytest.mark.parametrize("role", [*NO_CASE_ROLES, "user_without_role"])
def test_roles_without_case_data_cannot_change_the_phase(role, as_user, case_file):
    case = case_file["case"]
    response = as_user(role).post(
        reverse("cases:case_change_phase", args=[case.pk]),
        {"target": CasePhase.IMPLEMENTATION, "version": case.version},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.phase == CasePhase.PLANNING


@pytest.mark.parametrize("role", [*NO_CASE_ROLES, "user_without_role"])
def test_roles_without_case_data_cannot_reopen(role, as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    response = as_user(role).post(
        reverse("cases:case_change_phase", args=[case.pk]),
        {"target": CasePhase.INTAKE, "version": case.version, "note": "bitte"},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.phase == CasePhase.CLOSED

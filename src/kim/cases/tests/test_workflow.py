"""The case workflow table (workflow.py) through the service: each allowed step, each other one."""

import pytest
from django.utils import timezone

from kim.cases import services
from kim.cases.models import CasePhase, ClosureReason, PhaseTransition
from kim.cases.tests.factories import CaseFactory
from kim.cases.workflow import CASE_TRANSITIONS, COORDINATION, case_transition

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(s, t) for s in CasePhase.values for t in CasePhase.values if s != t]
ALLOWED = {(t.source, t.target) for t in CASE_TRANSITIONS}


def _actor(transition, case_manager, coordinator):
    return coordinator if transition.actor == COORDINATION else case_manager


@pytest.mark.parametrize("transition", CASE_TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_allowed_transition_is_recorded(transition, case_manager, coordinator):
    case = CaseFactory(case_manager=case_manager, phase=transition.source)
    by = _actor(transition, case_manager, coordinator)
    services.change_phase(
        case,
        transition.target,
        by=by,
        note="Notiz zum Schritt",
        closure_reason=ClosureReason.NO_NEED,
    )
    case.refresh_from_db()
    assert case.phase == transition.target
    step = PhaseTransition.objects.get(case=case)
    assert (step.from_phase, step.to_phase, step.by, step.note) == (
        transition.source,
        transition.target,
        by,
        "Notiz zum Schritt",
    )


@pytest.mark.parametrize(("source", "target"), sorted(set(ALL_PAIRS) - ALLOWED))
def test_other_transitions_are_refused(source, target, case_manager, coordinator):
    case = CaseFactory(case_manager=case_manager, phase=source)
    for by in (case_manager, coordinator):
        with pytest.raises(services.TransitionNotAllowed, match="geht es nicht direkt"):
            services.change_phase(case, target, by=by, note="x", closure_reason="no_need")
    case.refresh_from_db()
    assert case.phase == source
    assert not PhaseTransition.objects.filter(case=case).exists()


def test_closing_needs_a_reason_and_sets_the_date(case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.EVALUATION)
    with pytest.raises(services.CaseError, match="Abschlussgrund"):
        services.change_phase(case, CasePhase.CLOSED, by=case_manager)
    case.refresh_from_db()
    assert case.phase == CasePhase.EVALUATION
    services.change_phase(
        case, CasePhase.CLOSED, by=case_manager, closure_reason=ClosureReason.GOALS_ACHIEVED
    )
    case.refresh_from_db()
    assert case.closed_on == timezone.localdate()


def test_reopen_only_by_coordination_and_with_a_note(case_manager, coordinator):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED, closure_reason="no_need")
    assert case_transition(CasePhase.CLOSED, CasePhase.INTAKE).actor == COORDINATION
    with pytest.raises(services.TransitionNotAllowed):
        services.change_phase(case, CasePhase.INTAKE, by=case_manager, note="bitte")
    with pytest.raises(services.CaseError, match="begründen"):
        services.change_phase(case, CasePhase.INTAKE, by=coordinator, note=" ")
    services.change_phase(case, CasePhase.INTAKE, by=coordinator, note="Neuer Bedarf")
    case.refresh_from_db()
    assert (case.phase, case.closed_on, case.closure_reason) == (CasePhase.INTAKE, None, "")


def test_other_case_manager_cannot_move_a_case(case_manager):
    from kim.accounts.roles import Role
    from kim.accounts.tests.factories import UserFactory

    other = UserFactory(username="ole", role=Role.CASE_MANAGER)
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    with pytest.raises(services.TransitionNotAllowed, match="nicht ausführen"):
        services.change_phase(case, CasePhase.ASSESSMENT, by=other)
    case.refresh_from_db()
    assert case.phase == CasePhase.INTAKE


def test_stale_version_is_refused(case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    seen = case.version
    services.change_phase(case, CasePhase.ASSESSMENT, by=case_manager)
    with pytest.raises(services.EditConflict):
        services.change_phase(
            case, CasePhase.CLOSED, by=case_manager, closure_reason="no_need", expected_version=seen
        )
    case.refresh_from_db()
    assert case.phase == CasePhase.ASSESSMENT


def test_open_case_numbers_and_first_step(case_manager):
    from kim.cases.tests.factories import ClientFactory

    client = ClientFactory(created_by=case_manager)
    case = services.open_case(
        client, case_manager=case_manager, access_channel="self", by=case_manager
    )
    case.refresh_from_db()
    assert case.number == f"{timezone.localdate().year}-{case.pk:06d}"
    assert case.phase == CasePhase.INTAKE
    assert PhaseTransition.objects.get(case=case).to_phase == CasePhase.INTAKE


def test_case_cannot_open_in_the_future(case_manager):
    from kim.cases.tests.factories import ClientFactory

    client = ClientFactory(created_by=case_manager)
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    with pytest.raises(services.CaseError, match="Zukunft"):
        services.open_case(
            client,
            case_manager=case_manager,
            access_channel="self",
            by=case_manager,
            opened_on=future,
        )
    assert not client.cases.exists()

"""The phases of a case through the overview page: every step of the workflow table, every
refused one, closing, reopening and a stale page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import CasePhase, ClosureReason, PhaseTransition
from kim.cases.tests.factories import CaseFactory
from kim.cases.workflow import CASE_TRANSITIONS, COORDINATION

pytestmark = pytest.mark.django_db

ALL_PAIRS = [(s, t) for s in CasePhase.values for t in CasePhase.values if s != t]
ALLOWED = {(t.source, t.target) for t in CASE_TRANSITIONS}
NOT_ALLOWED = sorted(set(ALL_PAIRS) - ALLOWED)


def _post(client, case, target, follow=False, **data):
    payload = {"target": target, "version": case.version, **data}
    return client.post(reverse("cases:case_change_phase", args=[case.pk]), payload, follow=follow)


def _content(response):
    return response.content.decode()


@pytest.mark.parametrize("transition", CASE_TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_each_allowed_step_is_recorded_with_who_when_and_note(
    transition, as_user, case_manager, coordinator
):
    case = CaseFactory(
        case_manager=case_manager,
        phase=transition.source,
        closure_reason=ClosureReason.NO_NEED if transition.source == CasePhase.CLOSED else "",
    )
    actor_name = "coordinator" if transition.actor == COORDINATION else "case_manager"
    actor = coordinator if transition.actor == COORDINATION else case_manager
    before = timezone.now()

    response = _post(
        as_user(actor_name),
        case,
        transition.target,
        note="Besprochen im Termin",
        closure_reason=ClosureReason.GOALS_ACHIEVED,
        closure_outcome="Arbeitsstelle gefunden",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    case.refresh_from_db()
    assert case.phase == transition.target
    step = PhaseTransition.objects.get(case=case)
    assert (step.from_phase, step.to_phase, step.by, step.note) == (
        transition.source,
        transition.target,
        actor,
        "Besprochen im Termin",
    )
    assert before <= step.at <= timezone.now()


@pytest.mark.parametrize(("source", "target"), NOT_ALLOWED)
def test_each_step_outside_the_table_is_refused_in_german(source, target, as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=source)

    response = _post(
        as_user("case_manager"), case, target, note="x", closure_reason=ClosureReason.NO_NEED
    )

    assert response.status_code == 400
    assert "geht es nicht direkt" in _content(response)
    case.refresh_from_db()
    assert case.phase == source
    assert not PhaseTransition.objects.filter(case=case).exists()


def test_intake_to_monitoring_names_both_phases(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    response = _post(as_user("case_manager"), case, CasePhase.MONITORING)
    assert response.status_code == 400
    assert "Von der Phase „Zugang/Clearing“ geht es nicht direkt zu „Monitoring“." in _content(
        response
    )
    case.refresh_from_db()
    assert case.phase == CasePhase.INTAKE


def test_overview_offers_the_steps_of_the_table_to_the_case_manager(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.MONITORING)
    response = as_user("case_manager").get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    content = _content(response)
    for label in ("Zurück in die Umsetzung", "Evaluation beginnen", "Fall abschließen"):
        assert label in content
    assert "Hilfeplanung beginnen" not in content
    assert "Fall wieder aufnehmen" not in content
    assert 'name="closure_reason"' in content


def test_overview_offers_coordination_only_the_reopening(as_user, case_manager):
    open_case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    closed_case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    client = as_user("coordinator")

    content = _content(client.get(reverse("cases:case_detail", args=[open_case.pk])))
    assert "Clearing abschließen, Assessment beginnen" not in content
    assert "Fall abschließen</span></button>" not in content

    content = _content(client.get(reverse("cases:case_detail", args=[closed_case.pk])))
    assert "Fall wieder aufnehmen" in content


def test_case_manager_sees_no_reopening_on_a_closed_case(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    content = _content(as_user("case_manager").get(reverse("cases:case_detail", args=[case.pk])))
    assert "Fall wieder aufnehmen" not in content


def test_closing_needs_a_reason_and_keeps_the_input(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.EVALUATION)

    response = _post(
        as_user("case_manager"),
        case,
        CasePhase.CLOSED,
        closure_outcome="Sprachkurs B1 bestanden",
    )

    assert response.status_code == 400
    content = _content(response)
    assert "Bitte geben Sie den Abschlussgrund an." in content
    assert "Sprachkurs B1 bestanden" in content  # nothing the user entered is lost
    case.refresh_from_db()
    assert case.phase == CasePhase.EVALUATION
    assert case.closed_on is None
    assert not PhaseTransition.objects.filter(case=case).exists()


def test_closing_with_an_unknown_reason_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.EVALUATION)
    response = _post(as_user("case_manager"), case, CasePhase.CLOSED, closure_reason="keine_lust")
    assert response.status_code == 400
    assert "Diesen Abschlussgrund gibt es nicht" in _content(response)
    case.refresh_from_db()
    assert case.phase == CasePhase.EVALUATION


def test_closing_records_reason_outcome_and_date(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.MONITORING)
    response = _post(
        as_user("case_manager"),
        case,
        CasePhase.CLOSED,
        closure_reason=ClosureReason.MOVED_AWAY,
        closure_outcome="Umzug nach Dortmund, MBE dort informiert",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.phase == CasePhase.CLOSED
    assert case.closure_reason == ClosureReason.MOVED_AWAY
    assert case.closure_outcome == "Umzug nach Dortmund, MBE dort informiert"
    assert case.closed_on == timezone.localdate()


def test_case_manager_cannot_reopen(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED, closure_reason="no_need")
    response = _post(as_user("case_manager"), case, CasePhase.INTAKE, note="Neuer Bedarf")
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.phase == CasePhase.CLOSED
    assert not PhaseTransition.objects.filter(case=case).exists()


def test_reopening_needs_a_note(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED, closure_reason="no_need")
    response = _post(as_user("coordinator"), case, CasePhase.INTAKE, note="  ")
    assert response.status_code == 400
    assert "Bitte begründen Sie diesen Schritt in der Notiz." in _content(response)
    case.refresh_from_db()
    assert case.phase == CasePhase.CLOSED
    assert not PhaseTransition.objects.filter(case=case).exists()


def test_coordination_reopens_with_a_note(as_user, case_manager, coordinator):
    case = CaseFactory(
        case_manager=case_manager,
        phase=CasePhase.CLOSED,
        closure_reason="no_need",
        closed_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    response = _post(as_user("coordinator"), case, CasePhase.INTAKE, note="Neuer Bedarf Wohnen")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.phase, case.closed_on, case.closure_reason) == (CasePhase.INTAKE, None, "")
    step = PhaseTransition.objects.get(case=case)
    assert (step.by, step.note) == (coordinator, "Neuer Bedarf Wohnen")


def test_coordination_cannot_take_a_worker_step(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    response = _post(as_user("coordinator"), case, CasePhase.ASSESSMENT)
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.phase == CasePhase.INTAKE


def test_stale_page_is_refused_with_the_conflict_message(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    loaded_version = case.version
    client = as_user("case_manager")
    assert _post(client, case, CasePhase.ASSESSMENT).status_code == 302

    # a second tab still shows the old page and the old version
    response = client.post(
        reverse("cases:case_change_phase", args=[case.pk]),
        {"target": CasePhase.CLOSED, "version": loaded_version, "closure_reason": "no_need"},
    )

    assert response.status_code == 409
    assert "inzwischen von jemand anderem geändert" in _content(response)
    case.refresh_from_db()
    assert case.phase == CasePhase.ASSESSMENT
    assert PhaseTransition.objects.filter(case=case).count() == 1


def test_missing_version_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    response = as_user("case_manager").post(
        reverse("cases:case_change_phase", args=[case.pk]), {"target": CasePhase.ASSESSMENT}
    )
    assert response.status_code == 400
    assert "Die Seite ist veraltet" in _content(response)
    case.refresh_from_db()
    assert case.phase == CasePhase.INTAKE


def test_unknown_phase_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    response = _post(as_user("case_manager"), case, "nirgendwo")
    assert response.status_code == 400
    assert "Diese Phase gibt es nicht." in _content(response)
    case.refresh_from_db()
    assert case.phase == CasePhase.INTAKE


def test_phase_change_only_by_post(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = as_user("case_manager").get(reverse("cases:case_change_phase", args=[case.pk]))
    assert response.status_code == 405


def test_other_case_manager_gets_404(as_user):
    case = CaseFactory(phase=CasePhase.INTAKE)
    response = _post(as_user("case_manager"), case, CasePhase.ASSESSMENT)
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.phase == CasePhase.INTAKE


def test_success_message_names_the_new_phase(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.ASSESSMENT)
    response = _post(as_user("case_manager"), case, CasePhase.PLANNING, follow=True)
    assert "Der Fall ist jetzt in der Phase „Hilfeplanung“." in _content(response)


def test_after_a_conflict_the_page_shows_the_current_phase_and_keeps_the_note(
    as_user, case_manager
):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.MONITORING)
    loaded_version = case.version
    client = as_user("case_manager")
    assert _post(client, case, CasePhase.EVALUATION).status_code == 302

    response = client.post(
        reverse("cases:case_change_phase", args=[case.pk]),
        {
            "target": CasePhase.CLOSED,
            "version": loaded_version,
            "closure_reason": ClosureReason.MOVED_AWAY,
            "note": "Umzug nach Hagen",
        },
    )

    assert response.status_code == 409
    assert response.context["case"].phase == CasePhase.EVALUATION
    content = _content(response)
    assert "Umzug nach Hagen" in content
    case.refresh_from_db()
    # the closing form now carries the current version: sending it again is not a conflict
    closing = response.context["closing_step"]["form"]
    assert str(closing["version"].value()) == str(case.version)

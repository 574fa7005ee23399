"""The history of a case: phase steps and every change (who, when, old -> new) in one list;
openings of the case file in a section of their own."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from kim.cases import services
from kim.cases.models import Case, CasePhase, Goal, PhaseTransition
from kim.cases.tests.factories import CaseFactory, ClientFactory, GoalFactory

pytestmark = pytest.mark.django_db


def _history(client, case, **params):
    return client.get(reverse("cases:case_history", args=[case.pk]), params)


def _accesses(case):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=case.pk,
        action=LogEntry.Action.ACCESS,
    )


def test_phase_steps_show_who_from_to_and_note(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.INTAKE)
    services.change_phase(case, CasePhase.ASSESSMENT, by=case_manager, note="Clearing erledigt")

    response = _history(as_user("case_manager"), case)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Phasenwechsel" in content
    assert "Zugang/Clearing → <strong>Assessment</strong>" in content
    assert "Clearing erledigt" in content
    assert "Anna Berger" in content
    row = next(e for e in response.context["page"] if e["kind"] == "phase")
    assert row["actor"] == case_manager


def test_changes_show_field_names_and_old_and_new_values(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    goal = GoalFactory(case=case, target_date=timezone.localdate() + datetime.timedelta(days=30))
    with set_actor(case_manager):
        goal = Goal.objects.get(pk=goal.pk)
        goal.target_date = datetime.date(2031, 3, 1)
        goal.outcome = "partly"
        goal.outcome_on = timezone.localdate()
        goal.save()

    response = _history(as_user("case_manager"), case)

    content = response.content.decode()
    old = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    assert f"Zieldatum: {old} → 01.03.2031" in content
    assert "Ergebnis: offen → teilweise erreicht" in content
    change = next(
        e for e in response.context["page"] if e["kind"] == "log" and e["action"] == "geändert"
    )
    assert change["object_type"] == "Ziel"
    assert change["actor"] == case_manager


def test_new_rows_are_shown_as_created(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    GoalFactory(case=case, description="Wohnung in Menden finden")
    content = _history(as_user("case_manager"), case).content.decode()
    assert "Ziel angelegt" in content
    assert "Wohnung in Menden finden" in content


def test_client_changes_are_part_of_the_case_history(as_user, case_manager):
    client = ClientFactory(last_name="Haddad")
    case = CaseFactory(case_manager=case_manager, client=client)
    with set_actor(case_manager):
        client.last_name = "Haddad-Nasser"
        client.save()
    content = _history(as_user("case_manager"), case).content.decode()
    assert "Nachname: Haddad → Haddad-Nasser" in content


def test_changes_of_another_case_are_not_shown(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    GoalFactory(case=CaseFactory(case_manager=case_manager), description="Fremdes Ziel")
    content = _history(as_user("case_manager"), case).content.decode()
    assert "Fremdes Ziel" not in content


def test_technical_fields_are_not_shown(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    GoalFactory(case=case)
    content = _history(as_user("case_manager"), case).content.decode()
    assert "version" not in content.lower().split("<main", 1)[1]
    assert "ID:" not in content


def test_openings_of_the_case_file_are_listed_separately(as_user, case_manager, coordinator):
    case = CaseFactory(case_manager=case_manager)
    as_user("coordinator").get(reverse("cases:case_detail", args=[case.pk]))

    response = _history(as_user("case_manager"), case)

    content = response.content.decode()
    assert "Zugriffe auf die Akte" in content
    accesses = list(response.context["access_page"])
    assert [a.actor for a in accesses] == [case_manager, coordinator]  # newest first
    # openings are not mixed into the change history
    assert all(e.get("action") != "aufgerufen" for e in response.context["page"])


def test_opening_the_history_is_logged_once(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    _history(as_user("case_manager"), case)
    assert _accesses(case).count() == 1
    assert _accesses(case).get().actor == case_manager


def test_long_history_is_paginated(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    PhaseTransition.objects.bulk_create(
        PhaseTransition(
            case=case, from_phase="intake", to_phase="intake", by=case_manager, note=f"Nr. {i}"
        )
        for i in range(60)
    )
    client = as_user("case_manager")
    first = _history(client, case)
    assert first.context["page"].paginator.num_pages == 2
    assert "Seite 1 von 2" in first.content.decode()
    second = _history(client, case, seite=2)
    assert second.status_code == 200
    assert len(second.context["page"].object_list) == 60 + 2 - 50  # + case and client created


def test_other_case_manager_gets_404(as_user):
    case = CaseFactory()
    assert _history(as_user("case_manager"), case).status_code == 404
    assert not _accesses(case).exists()

"""Handover: coordination reassigns a case to another case manager; the history shows it and
the former case manager no longer sees the case."""

import pytest
from django.urls import reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Case, CasePhase, PhaseTransition
from kim.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(db):
    return UserFactory(username="ben", first_name="Ben", last_name="Yilmaz", role=Role.CASE_MANAGER)


def _url(case):
    return reverse("cases:case_handover", args=[case.pk])


def _post(client, case, **data):
    return client.post(_url(case), {"version": case.version, **data})


def test_form_lists_the_other_case_managers(as_user, case_manager, colleague):
    case = CaseFactory(case_manager=case_manager)
    response = as_user("coordinator").get(_url(case))
    assert response.status_code == 200
    choices = list(response.context["form"].fields["case_manager"].queryset)
    assert colleague in choices
    assert case_manager not in choices  # already has the case
    assert "Neue:r Case Manager:in" in response.content.decode()


def test_handover_changes_the_case_manager_and_records_it(
    as_user, case_manager, colleague, coordinator
):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.PLANNING)

    response = _post(
        as_user("coordinator"), case, case_manager=colleague.pk, note="Elternzeit von Anna"
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.case_manager == colleague
    assert case.phase == CasePhase.PLANNING
    step = PhaseTransition.objects.get(case=case)
    assert step.by == coordinator
    assert "Übergabe an Ben Yilmaz" in step.note
    assert "Elternzeit von Anna" in step.note


def test_history_shows_the_handover(as_user, case_manager, colleague):
    case = CaseFactory(case_manager=case_manager)
    client = as_user("coordinator")
    _post(client, case, case_manager=colleague.pk, note="Elternzeit")

    content = client.get(reverse("cases:case_history", args=[case.pk])).content.decode()

    assert "Übergabe an Ben Yilmaz" in content
    # the change log of the case keeps old -> new
    assert "Case Manager:in: Anna Berger → Ben Yilmaz" in content


def test_former_case_manager_gets_404_and_the_new_one_sees_the_case(
    client, case_manager, colleague, coordinator
):
    case = CaseFactory(case_manager=case_manager)
    client.force_login(coordinator)
    _post(client, case, case_manager=colleague.pk)

    client.force_login(case_manager)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    client.force_login(colleague)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 200


def test_a_new_case_manager_must_be_chosen(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = _post(as_user("coordinator"), case, note="Urlaub")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bitte wählen Sie, wer den Fall übernimmt." in content
    assert "Urlaub" in content  # the note is kept
    case.refresh_from_db()
    assert case.case_manager == case_manager
    assert not PhaseTransition.objects.filter(case=case).exists()


def test_only_case_managers_can_take_a_case(as_user, case_manager, administrator):
    case = CaseFactory(case_manager=case_manager)
    response = _post(as_user("coordinator"), case, case_manager=administrator.pk)
    assert "Diese Person kann den Fall nicht übernehmen." in response.content.decode()
    case.refresh_from_db()
    assert case.case_manager == case_manager


def test_stale_page_is_refused(as_user, case_manager, colleague):
    case = CaseFactory(case_manager=case_manager)
    loaded_version = case.version
    Case.objects.get(pk=case.pk).save()  # someone else saved the case meanwhile

    response = as_user("coordinator").post(
        _url(case), {"version": loaded_version, "case_manager": colleague.pk}
    )

    assert "inzwischen von jemand anderem geändert" in response.content.decode()
    case.refresh_from_db()
    assert case.case_manager == case_manager


def test_a_closed_case_is_not_handed_over(as_user, case_manager, colleague):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    response = _post(as_user("coordinator"), case, case_manager=colleague.pk)
    assert response.status_code == 403
    assert "Dieser Fall ist abgeschlossen" in response.content.decode()
    case.refresh_from_db()
    assert case.case_manager == case_manager


def test_overview_links_to_the_handover_for_coordination_only(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    url = reverse("cases:case_detail", args=[case.pk])
    assert _url(case) in as_user("coordinator").get(url).content.decode()
    assert _url(case) not in as_user("case_manager").get(url).content.decode()


def test_case_manager_cannot_hand_over_their_own_case(as_user, case_manager, colleague):
    case = CaseFactory(case_manager=case_manager)
    client = as_user("case_manager")
    assert client.get(_url(case)).status_code == 403
    assert _post(client, case, case_manager=colleague.pk).status_code == 403
    case.refresh_from_db()
    assert case.case_manager == case_manager


@pytest.mark.parametrize(
    "role", ["administrator", "external_partner", "steering_member", "auditor", "user_without_role"]
)
def test_other_roles_cannot_hand_over(role, as_user, case_manager, colleague):
    case = CaseFactory(case_manager=case_manager)
    client = as_user(role)
    assert client.get(_url(case)).status_code == 403
    assert _post(client, case, case_manager=colleague.pk).status_code == 403
    case.refresh_from_db()
    assert case.case_manager == case_manager

"""Evaluations of cooperation agreements: recorded by the coordination with date, result and next
steps; not before signing and not in the future; the due list counts from the last evaluation
(or from signing) and reports agreements due within 60 days, overdue ones included."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.directory.tests.factories import OrganisationFactory
from kim.governance import services
from kim.governance.models import AgreementEvaluation, CooperationAgreement

pytestmark = pytest.mark.django_db

FORBIDDEN_ROLES = ["steering_member", "case_manager", "external_partner", "auditor"]


def make_agreement(name="Stadt Werdohl", *, signed_on, months=12, active=True):
    return CooperationAgreement.objects.create(
        partner=OrganisationFactory(name=name),
        title=f"Kooperationsvereinbarung {name}",
        signed_on=signed_on,
        subjects="Einsatz des KIM-Case-Managements vor Ort",
        evaluation_interval_months=months,
        active=active,
    )


def evaluate(agreement, on, by):
    return AgreementEvaluation.objects.create(
        agreement=agreement, evaluated_on=on, result="Hat sich bewährt.", by=by
    )


@pytest.fixture
def agreement():
    return make_agreement(signed_on=timezone.localdate() - datetime.timedelta(days=500))


def post(client, agreement, **overrides):
    data = {
        "evaluated_on": timezone.localdate().isoformat(),
        "result": "Sprechzeiten werden gut angenommen.",
        "next_steps": "Einen weiteren Sprechtag prüfen.",
    }
    data.update(overrides)
    return client.post(reverse("governance:evaluation_create", args=[agreement.pk]), data)


# --- recording an evaluation ----------------------------------------------------------------------


def test_coordination_records_evaluation(as_user, agreement, coordinator):
    response = post(as_user("coordinator"), agreement)

    assert response.status_code == 302
    assert response.url == reverse("governance:agreement_detail", args=[agreement.pk])
    evaluation = AgreementEvaluation.objects.get()
    assert evaluation.agreement == agreement
    assert evaluation.evaluated_on == timezone.localdate()
    assert evaluation.result == "Sprechzeiten werden gut angenommen."
    assert evaluation.next_steps == "Einen weiteren Sprechtag prüfen."
    assert evaluation.by == coordinator


def test_recorded_evaluation_moves_the_next_due_date(as_user, agreement):
    post(as_user("coordinator"), agreement, evaluated_on="2026-03-31")
    agreement.refresh_from_db()

    assert services.next_evaluation_due(agreement) == datetime.date(2027, 3, 31)


def test_form_shows_german_labels(as_user, agreement):
    response = as_user("coordinator").get(
        reverse("governance:evaluation_create", args=[agreement.pk])
    )

    assert response.status_code == 200
    content = response.content.decode()
    for label in ("Evaluiert am", "Ergebnis", "Vereinbarte nächste Schritte"):
        assert label in content


def test_evaluation_before_signing_is_refused(as_user, agreement):
    before = agreement.signed_on - datetime.timedelta(days=1)

    response = post(as_user("coordinator"), agreement, evaluated_on=before.isoformat())

    assert response.status_code == 200
    message = "Die Evaluation kann nicht vor der Unterzeichnung liegen."
    assert response.context["form"].errors["evaluated_on"] == [message]
    assert message in response.content.decode()
    assert not AgreementEvaluation.objects.exists()
    assert "Sprechzeiten werden gut angenommen." in response.content.decode()


def test_evaluation_on_the_day_of_signing_is_allowed(as_user, agreement):
    response = post(as_user("coordinator"), agreement, evaluated_on=agreement.signed_on.isoformat())

    assert response.status_code == 302
    assert AgreementEvaluation.objects.get().evaluated_on == agreement.signed_on


def test_evaluation_in_the_future_is_refused(as_user, agreement):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = post(as_user("coordinator"), agreement, evaluated_on=tomorrow.isoformat())

    assert response.status_code == 200
    message = "Das Datum der Evaluation darf nicht in der Zukunft liegen."
    assert response.context["form"].errors["evaluated_on"] == [message]
    assert message in response.content.decode()
    assert not AgreementEvaluation.objects.exists()


def test_evaluation_without_result_is_refused(as_user, agreement):
    response = post(as_user("coordinator"), agreement, result="")

    assert response.status_code == 200
    message = "Bitte geben Sie das Ergebnis der Evaluation an."
    assert response.context["form"].errors["result"] == [message]
    assert message in response.content.decode()
    assert not AgreementEvaluation.objects.exists()


def test_evaluation_without_date_is_refused(as_user, agreement):
    response = post(as_user("coordinator"), agreement, evaluated_on="")

    assert response.status_code == 200
    message = "Bitte geben Sie das Datum der Evaluation an."
    assert response.context["form"].errors["evaluated_on"] == [message]
    assert not AgreementEvaluation.objects.exists()


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_other_roles_may_not_record_an_evaluation(as_user, agreement, role):
    client = as_user(role)
    url = reverse("governance:evaluation_create", args=[agreement.pk])

    assert client.get(url).status_code == 403
    assert post(client, agreement).status_code == 403
    assert not AgreementEvaluation.objects.exists()


def test_evaluation_of_unknown_agreement_is_404(as_user):
    response = as_user("coordinator").get(reverse("governance:evaluation_create", args=[999]))
    assert response.status_code == 404


# --- due list for fixed dates ------------------------------------------------------------------

TODAY = datetime.date(2026, 6, 15)


def test_due_list_for_fixed_dates(coordinator):
    # never evaluated: due one interval after signing
    overdue = make_agreement("Stadt Balve", signed_on=datetime.date(2025, 5, 1))  # 01.05.2026
    # evaluated: counted from the last evaluation
    soon = make_agreement("Stadt Kierspe", signed_on=datetime.date(2021, 9, 7))
    evaluate(soon, datetime.date(2024, 7, 20), coordinator)
    evaluate(soon, datetime.date(2025, 7, 20), coordinator)  # due 20.07.2026
    edge = make_agreement("Stadt Werdohl", signed_on=datetime.date(2021, 7, 6), months=24)
    evaluate(edge, datetime.date(2024, 8, 14), coordinator)  # due 14.08.2026 = today + 60
    later = make_agreement("Stadt Altena", signed_on=datetime.date(2021, 3, 15))
    evaluate(later, datetime.date(2025, 8, 15), coordinator)  # due 15.08.2026 = today + 61
    make_agreement("Stadt Hemer", signed_on=datetime.date(2021, 1, 1), active=False)

    due = services.agreements_due(60, today=TODAY)

    assert due == [
        (overdue, datetime.date(2026, 5, 1)),
        (soon, datetime.date(2026, 7, 20)),
        (edge, datetime.date(2026, 8, 14)),
    ]


def test_due_date_at_the_end_of_a_month(coordinator):
    agreement = make_agreement(signed_on=datetime.date(2025, 8, 31), months=6)

    assert services.next_evaluation_due(agreement) == datetime.date(2026, 2, 28)
    assert services.agreements_due(60, today=datetime.date(2025, 12, 30)) == [
        (agreement, datetime.date(2026, 2, 28))
    ]
    assert services.agreements_due(60, today=datetime.date(2025, 12, 29)) == []

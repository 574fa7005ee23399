"""When a client is due for erasure: the period per kind, counted from the closure of the last
case or the last activity, due on the day the period ends (not the day before)."""

import datetime

import pytest
from auditlog.signals import accessed

from kim.cases.models import Case, CasePhase, Client, Consent
from kim.cases.tests.factories import CaseFactory
from kim.privacy.models import Basis, DataKind, RetentionRule
from kim.privacy.retention import add_months, clients_due, periods, retention_status

from .factories import backdate, client_file, client_without_case

pytestmark = pytest.mark.django_db

d = datetime.date.fromisoformat


def status_of(client):
    return retention_status(Client.objects.filter(pk=client.pk))[client.pk]


def due_ids(on):
    return {status.client_id for status in clients_due(on)}


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2023-03-15", 36, "2026-03-15"),
        ("2025-01-31", 1, "2025-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2025-11-30", 3, "2026-02-28"),
        ("2025-12-31", 12, "2026-12-31"),
    ],
)
def test_period_ends_on_the_same_day_months_later(start, months, end):
    assert add_months(d(start), months) == d(end)


def test_defaults_come_from_the_data_migration():
    assert periods() == {DataKind.CLIENT_WITH_CASES: 36, DataKind.CLIENT_WITHOUT_CASE: 12}
    assert all(rule.explanation for rule in RetentionRule.objects.all())


def test_client_with_closed_case_is_due_on_the_day_36_months_after_closure():
    file = client_file(opened_on=d("2022-09-01"), closed_on=d("2023-03-15"))
    status = status_of(file.client)
    assert status.basis == Basis.LAST_CASE_CLOSED
    assert status.counted_from == d("2023-03-15")
    assert status.due_on == d("2026-03-15")
    assert file.client.pk not in due_ids(d("2026-03-14"))
    assert file.client.pk in due_ids(d("2026-03-15"))


def test_client_without_case_is_due_12_months_after_the_last_activity():
    client = client_without_case(active_on=d("2025-06-10"))
    status = status_of(client)
    assert (status.basis, status.has_cases) == (Basis.LAST_ACTIVITY, False)
    assert status.due_on == d("2026-06-10")
    assert client.pk not in due_ids(d("2026-06-09"))
    assert client.pk in due_ids(d("2026-06-10"))


def test_an_open_case_holds_the_data_however_old():
    file = client_file(opened_on=d("2015-01-01"), closed_on=None)
    status = status_of(file.client)
    assert status.has_open_case and status.due_on is None
    assert file.client.pk not in due_ids(d("2040-01-01"))


def test_a_second_open_case_holds_the_data_though_the_first_is_closed():
    file = client_file(opened_on=d("2020-01-01"), closed_on=d("2020-06-30"))
    CaseFactory(client=file.client, opened_on=d("2020-07-01"), phase=CasePhase.ASSESSMENT)
    backdate(file.client, d("2020-07-01"))
    assert file.client.pk not in due_ids(d("2030-01-01"))


def test_the_last_of_several_closures_counts():
    file = client_file(opened_on=d("2020-01-01"), closed_on=d("2020-06-30"))
    CaseFactory(
        client=file.client,
        opened_on=d("2021-01-01"),
        phase=CasePhase.CLOSED,
        closed_on=d("2021-09-30"),
    )
    backdate(file.client, d("2021-09-30"))
    assert status_of(file.client).due_on == d("2024-09-30")


def test_activity_after_the_closure_starts_the_period_again():
    file = client_file(opened_on=d("2022-01-10"), closed_on=d("2022-06-30"))
    # a consent revoked a year after the closure is activity on the file
    Consent.objects.filter(client=file.client).update(revoked_on=d("2023-07-01"))
    status = status_of(file.client)
    assert (status.basis, status.counted_from) == (Basis.LAST_ACTIVITY, d("2023-07-01"))
    assert status.due_on == d("2026-07-01")
    assert file.client.pk not in due_ids(d("2026-06-30"))


def test_a_change_of_master_data_is_activity_but_reading_is_not():
    client = client_without_case(active_on=d("2025-01-05"))
    accessed.send(sender=Client, instance=client)  # read today
    assert status_of(client).counted_from == d("2025-01-05")
    client.refresh_from_db()
    client.phone = "0171 1"
    client.save()
    assert status_of(client).counted_from > d("2025-01-05")


def test_a_shorter_configured_period_makes_clients_due_earlier():
    file = client_file(opened_on=d("2024-01-01"), closed_on=d("2024-03-31"))
    assert file.client.pk not in due_ids(d("2025-04-01"))
    RetentionRule.objects.filter(kind=DataKind.CLIENT_WITH_CASES).update(months=12)
    assert file.client.pk in due_ids(d("2025-03-31"))


def test_the_case_phase_and_not_only_the_date_decides_whether_a_case_is_open():
    file = client_file(opened_on=d("2020-01-01"), closed_on=d("2020-06-30"))
    Case.objects.filter(pk=file.case.pk).update(phase=CasePhase.MONITORING)  # reopened
    assert file.client.pk not in due_ids(d("2030-01-01"))

"""Who is due for erasure, found by the database (``due_clients``, ``count_due``: the count on
the page "Löschkonzept" and the search behind the daily run), gives the same clients as each
client's dates from ``retention_status``, on the day before, the day of and the day after every
due date, at month ends and across local midnight."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import (
    Case,
    CasePhase,
    Client,
    Consent,
    Contact,
    ContactChannel,
    EducationKind,
    EducationRecord,
    Language,
    LanguageCertificate,
    PhaseTransition,
    ResidencePeriod,
    ResidenceStatus,
)
from kim.cases.tests.factories import CaseFactory, ClientFactory, ConsentFactory
from kim.privacy import retention
from kim.privacy.models import DataKind, DeletionItem, DeletionRun, RetentionRule, RunState
from kim.privacy.retention import (
    add_months,
    clients_due,
    count_due,
    due_clients,
    erasable_clients,
    latest_start,
    retention_status,
)

from .factories import backdate

pytestmark = pytest.mark.django_db

d = datetime.date.fromisoformat
DAY = datetime.timedelta(days=1)


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.mark.parametrize("months", [1, 3, 12, 36])
def test_latest_start_is_exactly_the_last_day_whose_period_has_ended(months):
    on = d("2023-12-01")
    while on < d("2026-04-01"):  # leap day, month ends of every length
        start = latest_start(on, months)
        assert add_months(start, months) <= on < add_months(start + DAY, months)
        on += DAY


def test_latest_start_at_month_ends():
    assert latest_start(d("2027-02-28"), 12) == d("2026-02-28")
    assert latest_start(d("2025-02-28"), 12) == d("2024-02-29")
    assert latest_start(d("2025-03-31"), 1) == d("2025-02-28")
    assert latest_start(d("2027-02-28"), 1) == d("2027-01-31")


# --- the files: every kind of activity, open and closed cases, proposed and erased -----------


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.CASE_MANAGER)


def closed_file(manager, closed_on, *, opened_on=None):
    client = ClientFactory(created_by=manager)
    case = CaseFactory(
        client=client,
        case_manager=manager,
        opened_on=opened_on or closed_on - 100 * DAY,
        phase=CasePhase.CLOSED,
        closed_on=closed_on,
    )
    PhaseTransition.objects.create(case=case, from_phase="", to_phase="intake", by=manager)
    ConsentFactory(client=client, recorded_by=manager)
    backdate(client, closed_on)
    return client, case


def contact(case, on):
    Contact.objects.create(
        case=case,
        contact_on=on,
        duration_minutes=30,
        channel=ContactChannel.PHONE,
        by=case.case_manager,
    )


def item_in_run(client, run_state, item_state):
    run = DeletionRun.objects.create(kind="retention", state=run_state)
    DeletionItem.objects.create(
        run=run, client=client, basis="last_activity", state=item_state, due_on=d("2020-01-01")
    )


@pytest.fixture
def files(manager):
    """Eighteen clients; each differs from a plain closed file in one thing."""
    plain, _ = closed_file(manager, d("2023-03-15"))
    _, case = closed_file(manager, d("2023-01-10"))
    contact(case, d("2024-01-31"))  # contact after the closure
    _, case = closed_file(manager, d("2023-01-10"))
    PhaseTransition.objects.filter(case=case).update(at=local(d("2024-02-29"), 0, 30))
    revoked, _ = closed_file(manager, d("2023-01-10"))
    Consent.objects.filter(client=revoked).update(revoked_on=d("2023-11-30"))
    recorded, _ = closed_file(manager, d("2023-01-10"))
    ResidencePeriod.objects.create(
        client=recorded,
        status=ResidenceStatus.objects.get(code="aufenthaltserlaubnis"),
        started_on=d("2019-01-01"),
        recorded_by=manager,
    )
    ResidencePeriod.objects.filter(client=recorded).update(
        recorded_at=local(d("2023-12-31"), 23, 30)
    )
    held, _ = closed_file(manager, d("2020-06-30"))
    CaseFactory(client=held, case_manager=manager, opened_on=d("2020-07-01"), phase="assessment")
    backdate(held, d("2020-07-01"))
    _, reopened = closed_file(manager, d("2020-06-30"))
    Case.objects.filter(pk=reopened.pk).update(phase=CasePhase.MONITORING)
    two, _ = closed_file(manager, d("2021-06-30"))
    CaseFactory(
        client=two,
        case_manager=manager,
        opened_on=d("2022-01-03"),
        phase=CasePhase.CLOSED,
        closed_on=d("2022-05-31"),
    )
    backdate(two, d("2022-05-31"))
    for active_on in (d("2025-01-31"), d("2024-02-29")):
        ClientFactory(created_by=manager)
        backdate(Client.objects.latest("pk"), active_on)
    midnight = ClientFactory(created_by=manager)
    backdate(midnight, d("2025-01-10"))
    # changed 00:15 local on 10 June: the day before in UTC
    Client.objects.filter(pk=midnight.pk).update(updated_at=local(d("2025-06-10"), 0, 15))
    certificate = ClientFactory(created_by=manager)
    backdate(certificate, d("2024-10-01"))
    LanguageCertificate.objects.create(
        client=certificate,
        language=Language.objects.get(code="de"),
        level="B1",
        issued_on=d("2025-03-01"),
        recorded_by=manager,
    )
    LanguageCertificate.objects.filter(client=certificate).update(
        recorded_at=local(d("2025-03-31"), 9)
    )
    schooled = ClientFactory(created_by=manager)
    EducationRecord.objects.create(
        client=schooled, kind=EducationKind.SCHOOL_ATTENDANCE, recorded_by=manager
    )
    backdate(schooled, d("2024-11-30"))
    consented = ClientFactory(created_by=manager)
    backdate(consented, d("2024-09-01"))
    # a consent recorded 00:20 local on 10 March 2025: the day before in UTC
    ConsentFactory(client=consented, recorded_by=manager)
    Consent.objects.filter(client=consented).update(recorded_at=local(d("2025-03-10"), 0, 20))
    _, unfinished = closed_file(manager, d("2020-06-30"))
    Case.objects.filter(pk=unfinished.pk).update(closed_on=None)  # closed without a date: open
    erased, _ = closed_file(manager, d("2021-01-01"))
    item_in_run(erased, RunState.EXECUTED, "erased")
    waiting, _ = closed_file(manager, d("2021-01-01"))
    item_in_run(waiting, RunState.PROPOSED, "pending")
    rejected, _ = closed_file(manager, d("2021-01-01"))
    item_in_run(rejected, RunState.REJECTED, "pending")
    return {"plain": plain, "erased": erased, "waiting": waiting, "rejected": rejected}


def by_status(on):
    """The due clients' statuses as ``retention_status`` gives them, earliest first."""
    statuses = retention_status(erasable_clients()).values()
    due = [status for status in statuses if status.is_due(on)]
    return sorted(due, key=lambda status: (status.due_on, status.client_id))


def by_database(on):
    return {pk for clients in due_clients(on) for pk in clients.values_list("pk", flat=True)}


def days_to_check():
    due_dates = {s.due_on for s in retention_status(Client.objects.all()).values() if s.due_on}
    days = {day + shift for day in due_dates for shift in (-DAY, 0 * DAY, DAY)}
    return sorted(days | {d("2024-02-29"), d("2025-02-28"), d("2026-02-28"), d("2030-01-01")})


@pytest.mark.parametrize("batch", [5000, 2], ids=["one-batch", "batches-of-two"])
def test_the_database_finds_the_same_clients_as_their_dates(files, monkeypatch, batch):
    # clients_due reads the dates of the clients found in batches
    monkeypatch.setattr(retention, "STATUS_BATCH", batch)
    days = days_to_check()
    assert len(days) > 30
    seen = set()
    for on in days:
        expected = by_status(on)
        assert by_database(on) == {status.client_id for status in expected}, on
        assert count_due(on) == len(expected), on
        assert clients_due(on) == expected, on
        seen |= {status.client_id for status in expected}
    # the days cover every client that can become due, and not the others
    assert files["plain"].pk in seen and files["rejected"].pk in seen
    assert files["erased"].pk not in seen and files["waiting"].pk not in seen


def test_the_same_with_other_configured_periods(files):
    RetentionRule.objects.filter(kind=DataKind.CLIENT_WITH_CASES).update(months=1)
    RetentionRule.objects.filter(kind=DataKind.CLIENT_WITHOUT_CASE).update(months=3)
    for on in days_to_check():
        assert by_database(on) == {status.client_id for status in by_status(on)}, on


OVERVIEW = reverse("privacy:overview")
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "due-count"}


def test_the_overview_comes_at_once_and_fetches_the_count_after(as_user, old_file, counts):
    page = as_user("coordinator").get(OVERVIEW).content.decode()
    assert counts == []
    assert 'id="due-count" hx-get="?faellig=1" hx-trigger="load"' in page
    assert "werden gezählt" in page and '<a class="kern-link" href="?faellig=1">' in page
    assert "Fällige jetzt vorschlagen" not in page
    response = as_user("coordinator").get(OVERVIEW + "?faellig=1", **HTMX)
    part = response.content.decode()
    assert len(counts) == 1
    # the same address gives the part or the whole page: caches must tell them apart
    assert {"HX-Request", "HX-Target"} <= {h.strip() for h in response["Vary"].split(",")}
    assert part.startswith('<div id="due-count">') and "<h1" not in part
    assert "Heute ist 1 weitere Person zur Löschung fällig." in part
    assert "Fällige jetzt vorschlagen" in part


def test_without_script_the_link_counts_on_the_whole_page(as_user, old_file, counts):
    page = as_user("coordinator").get(OVERVIEW + "?faellig=1").content.decode()
    assert len(counts) == 1 and "<h1" in page and "Löschvorschläge" in page
    assert "Heute ist 1 weitere Person zur Löschung fällig." in page
    assert "werden gezählt" not in page


def test_after_proposing_nobody_further_is_due(as_user, old_file):
    as_user("coordinator").post(reverse("privacy:propose_now"))
    part = as_user("coordinator").get(OVERVIEW + "?faellig=1", **HTMX).content.decode()
    assert "Heute sind 0 weitere Personen zur Löschung fällig." in part
    assert "Fällige jetzt vorschlagen" not in part


def test_the_auditor_sees_the_count_without_the_button(as_user, old_file):
    part = as_user("auditor").get(OVERVIEW + "?faellig=1", **HTMX).content.decode()
    assert "Heute ist 1 weitere Person zur Löschung fällig." in part
    assert "Fällige jetzt vorschlagen" not in part


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_administration_gets_no_count(as_user, old_file, counts, headers):
    page = as_user("administrator").get(OVERVIEW + "?faellig=1", **headers).content.decode()
    assert counts == [] and "<h1" in page
    assert "fällig." not in page and "werden gezählt" not in page


@pytest.mark.parametrize("user", ["case_manager", "external_partner", "steering_member"])
def test_others_get_no_count(as_user, old_file, counts, user):
    assert as_user(user).get(OVERVIEW + "?faellig=1", **HTMX).status_code == 403
    assert counts == []

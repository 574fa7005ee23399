"""Filters of the log viewer: period, user, action, kind of object, object, case number, client,
address; bad input gets a German message and shows no entries (status 400)."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.tests.factories import CaseFactory, ClientFactory, ConsentFactory, GoalFactory

from .factories import document, log_access

pytestmark = pytest.mark.django_db


def _at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def log(case_manager):
    """Accesses to two cases of two clients, by two users, on three days, from two addresses.
    The entries of the set-up itself (created …) are left out by the tests with "accessed"."""
    other_user = UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )
    first = CaseFactory(case_manager=case_manager, number="2026-000101")
    second = CaseFactory(case_manager=other_user, number="2026-000102")
    with set_actor(case_manager):
        goal = GoalFactory(case=first)
        doc = document(first)
        consent = ConsentFactory(client=first.client)
    entries = {
        "first_case": log_access(first, actor=case_manager, at=_at(datetime.date(2026, 3, 1))),
        "first_client": log_access(
            first.client, actor=case_manager, at=_at(datetime.date(2026, 3, 2))
        ),
        "document": log_access(doc, actor=case_manager, at=_at(datetime.date(2026, 3, 3))),
        "consent": log_access(consent, actor=case_manager, at=_at(datetime.date(2026, 3, 3))),
        "second_case": log_access(
            second, actor=other_user, ip="198.51.100.9", at=_at(datetime.date(2026, 3, 3), 23)
        ),
    }
    return {
        "first": first,
        "second": second,
        "goal": goal,
        "other_user": other_user,
        "entries": entries,
    }


def _shown(as_user, **params):
    response = as_user("auditor").get(reverse("audit:log_list"), params)
    assert response.status_code == 200, response.context["form"].errors
    return {row["entry"].pk for row in response.context["rows"]}


def _keys(log, *names):
    return {log["entries"][name].pk for name in names}


def test_period_counts_whole_local_days(as_user, log):
    shown = _shown(as_user, action="accessed", date_from="2026-03-02", date_to="02.03.2026")
    assert shown == _keys(log, "first_client")
    # 23:00 local time on the 3rd is still the 3rd
    shown = _shown(as_user, action="accessed", date_from="03.03.2026")
    assert shown == _keys(log, "document", "consent", "second_case")


def test_user(as_user, log):
    shown = _shown(as_user, action="accessed", actor=log["other_user"].pk)
    assert shown == _keys(log, "second_case")


@pytest.mark.parametrize(
    ("action", "code"),
    [
        ("created", LogEntry.Action.CREATE),
        ("changed", LogEntry.Action.UPDATE),
        ("deleted", LogEntry.Action.DELETE),
        ("accessed", LogEntry.Action.ACCESS),
    ],
)
def test_action(as_user, log, action, code):
    response = as_user("auditor").get(reverse("audit:log_list"), {"action": action})
    codes = {row["action_code"] for row in response.context["rows"]}
    assert codes <= {code}
    if code in (LogEntry.Action.CREATE, LogEntry.Action.ACCESS):
        assert codes == {code}


def test_kind_of_object_by_german_name(as_user, log):
    response = as_user("auditor").get(reverse("audit:log_list"))
    kinds = dict(response.context["form"].fields["kind"].choices)
    assert kinds["cases.document"] == "Dokument"
    assert kinds["cases.client"] == "Klient:in"
    assert kinds["auditlog.logentry"] == "Protokoll"
    assert _shown(as_user, action="accessed", kind="cases.document") == _keys(log, "document")


def test_object_id(as_user, log):
    shown = _shown(as_user, action="accessed", kind="cases.case", object_id=log["second"].pk)
    assert shown == _keys(log, "second_case")


def test_case_number_finds_everything_about_the_case(as_user, log):
    shown = _shown(as_user, case_number=" 2026-000101 ")
    entries = LogEntry.objects.filter(pk__in=shown)
    kinds = {entry.content_type.model for entry in entries}
    # the case (created, read), its goal and document; not the other case, not the consent
    assert {"case", "goal", "document"} <= kinds
    assert "consent" not in kinds
    assert not _keys(log, "second_case") & shown


def test_client_id_finds_the_client_consents_and_all_cases(as_user, log):
    shown = _shown(as_user, action="accessed", client_id=log["first"].client_id)
    assert shown == _keys(log, "first_case", "first_client", "document", "consent")


def test_client_id_of_a_deleted_client_is_no_error(as_user, log):
    assert _shown(as_user, client_id=999999) == set()


def test_address(as_user, log):
    assert _shown(as_user, ip="198.51.100.9") == _keys(log, "second_case")


def test_filters_combine(as_user, log):
    shown = _shown(
        as_user, action="accessed", client_id=log["first"].client_id, kind="cases.consent"
    )
    assert shown == _keys(log, "consent")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "31.02.2026"}, "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
        ({"date_from": "2026-03-05", "date_to": "2026-03-01"}, "vor seinem Anfang"),
        ({"actor": "999999"}, "Diese Benutzer:in gibt es nicht."),
        ({"actor": "abc"}, "Diese Benutzer:in gibt es nicht."),
        ({"action": "hacked"}, "Diese Aktion gibt es nicht."),
        ({"kind": "auth.permission"}, "Diese Art gibt es nicht."),
        ({"object_id": "zwölf"}, "Die Objekt-ID ist eine ganze Zahl"),
        ({"object_id": "-1"}, "Die Objekt-ID ist eine ganze Zahl"),
        ({"client_id": "1 OR 1=1"}, "Die Klient:in-ID ist eine ganze Zahl"),
        ({"case_number": "2099-999999"}, "Einen Fall mit der Nummer „2099-999999“ gibt es nicht."),
        ({"case_number": "x" * 21}, "höchstens 20 Zeichen"),
        ({"ip": "300.1.1.1"}, "Bitte geben Sie eine IP-Adresse an"),
    ],
)
def test_bad_input_gets_a_german_message_and_no_entries(as_user, log, params, message):
    response = as_user("auditor").get(reverse("audit:log_list"), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Solange eine Angabe ungültig ist, werden keine Einträge angezeigt." in html
    assert response.context["rows"] == []


def test_bad_input_to_the_export_exports_nothing(as_user, log):
    response = as_user("auditor").get(reverse("audit:log_export"), {"ip": "kein"})
    assert response.status_code == 400
    assert "Bitte geben Sie eine IP-Adresse an" in response.content.decode()
    assert not LogEntry.objects.filter(content_type__model="logentry").exists()


def test_reset_link_only_when_filtered(as_user, log):
    plain = as_user("auditor").get(reverse("audit:log_list")).content.decode()
    filtered = as_user("auditor").get(reverse("audit:log_list"), {"ip": "192.0.2.10"})
    assert "Filter zurücksetzen" not in plain
    assert "Filter zurücksetzen" in filtered.content.decode()


def test_a_client_created_without_case_is_found_by_client_id(as_user, case_manager):
    with set_actor(case_manager):
        person = ClientFactory(created_by=case_manager)
    shown = _shown(as_user, client_id=person.pk, action="created")
    assert len(shown) == 1

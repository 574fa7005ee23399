"""The log viewer: readable by the role "Datenschutz und Revision" and coordination only; newest
first, 50 a page; each row with time, user, action, object (a link where the reader may open
it), address, and for changes the changed fields old -> new."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Goal
from kim.cases.tests.factories import CaseFactory, GoalFactory

from .factories import log_access

pytestmark = pytest.mark.django_db

URLS = ["audit:log_list", "audit:log_export"]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("auditor", 200),
        ("coordinator", 200),
        ("case_manager", 403),
        ("administrator", 403),
        ("external_partner", 403),
        ("steering_member", 403),
        ("user_without_role", 403),
    ],
)
def test_who_reads_the_log(as_user, url, user, status):
    assert as_user(user).get(reverse(url)).status_code == status


@pytest.mark.parametrize("url", URLS)
def test_anonymous_is_sent_to_the_login(client, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_refused_export_is_no_export_in_the_log(as_user):
    as_user("case_manager").get(reverse("audit:log_export"))
    assert not LogEntry.objects.filter(content_type__model="logentry").exists()


def test_rows_newest_first_with_time_user_action_object_and_address(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, number="2026-000777")
    now = timezone.now()
    log_access(case, actor=case_manager, ip="192.0.2.1", at=now - datetime.timedelta(hours=2))
    log_access(case, actor=case_manager, ip="192.0.2.2", at=now - datetime.timedelta(hours=1))

    response = as_user("auditor").get(reverse("audit:log_list"))

    accesses = [r for r in response.context["rows"] if r["action_code"] == LogEntry.Action.ACCESS]
    assert [r["ip"] for r in accesses] == ["192.0.2.2", "192.0.2.1"]
    row = accesses[0]
    assert row["actor"] == "Anna Berger"
    assert str(row["action"]) == "aufgerufen"
    assert row["object_type"] == "Fall"
    assert row["object"] == "2026-000777"
    html = response.content.decode()
    assert "192.0.2.2" in html and "2026-000777" in html and "aufgerufen" in html


def test_changes_show_fields_with_old_and_new_value(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    with set_actor(case_manager):
        goal = Goal.objects.get(pk=goal.pk)
        goal.target_date = datetime.date(2031, 3, 1)
        goal.outcome = "partly"
        goal.save()

    response = as_user("auditor").get(
        reverse("audit:log_list"), {"action": "changed", "kind": "cases.goal"}
    )

    [row] = response.context["rows"]
    assert row["object_type"] == "Ziel"
    changes = {c["label"]: (c["old"], c["new"]) for c in row["changes"]}
    assert changes["Ergebnis"] == ("offen", "teilweise erreicht")
    assert changes["Zieldatum"][1] == "01.03.2031"
    assert "offen → teilweise erreicht" in response.content.decode()


def test_the_case_of_a_row_is_linked_for_coordination_not_for_the_auditor(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    with set_actor(case_manager):
        GoalFactory(case=case)
    log_access(case, actor=case_manager)

    for user, expected in (("coordinator", case.get_absolute_url()), ("auditor", None)):
        rows = as_user(user).get(reverse("audit:log_list")).context["rows"]
        links = {(r["object_type"], r["url"]) for r in rows}
        assert ("Fall", expected) in links
        # a row of the case file (the goal) leads to its case
        assert ("Ziel", expected) in links


def test_the_list_is_paged_by_50(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    for _ in range(51):
        log_access(case, actor=case_manager)
    client = as_user("auditor")
    first = client.get(reverse("audit:log_list"), {"kind": "cases.case", "action": "accessed"})
    second = client.get(
        reverse("audit:log_list"), {"kind": "cases.case", "action": "accessed", "page": 2}
    )
    assert len(first.context["rows"]) == 50
    assert len(second.context["rows"]) == 1
    assert (
        "kind=cases.case" in first.content.decode().split("Nächste Seite")[0].rsplit("href", 1)[1]
    )


def test_an_entry_without_user_reads_as_system(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    log_access(case, actor=None)
    [row] = (
        as_user("auditor")
        .get(reverse("audit:log_list"), {"kind": "cases.case", "action": "accessed"})
        .context["rows"]
    )
    assert row["actor"] == "System"

"""The section "Zugriffe" on a client's page: who read the client's data, their cases, documents
and consent scans (web and API), when, what and from where; paged; shown to whoever sees the
client, without reads of cases the reader does not see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import Substitution
from kim.cases.tests.factories import CaseFactory, ConsentFactory

from .factories import document, log_access

pytestmark = pytest.mark.django_db


def _page(client, person, ip="127.0.0.1", **params):
    return client.get(reverse("cases:client_detail", args=[person.pk]), params, REMOTE_ADDR=ip)


def _rows(response):
    return response.context["rows"]


@pytest.fixture
def case(case_manager):
    return CaseFactory(case_manager=case_manager, number="2026-000042")


def test_the_section_lists_every_kind_of_read(as_user, case, case_manager, coordinator):
    person = case.client
    earlier = timezone.now() - datetime.timedelta(days=1)
    log_access(case, actor=coordinator, ip="192.0.2.1", at=earlier)
    log_access(document(case, name="Arztbrief.pdf"), actor=case_manager, ip="192.0.2.2", at=earlier)
    log_access(ConsentFactory(client=person), actor=case_manager, ip="192.0.2.3", at=earlier)
    log_access(
        person,
        actor=case_manager,
        ip="192.0.2.4",
        at=earlier,
        additional_data={"client_id": person.pk, "via": "api", "token": "kim_ab12"},
    )

    response = _page(as_user("case_manager"), person, ip="192.0.2.9")

    rows = _rows(response)
    whats = [str(row["what"]) for row in rows]
    # this very opening of the page comes first
    assert (rows[0]["actor"], whats[0], rows[0]["ip"]) == (
        "Anna Berger",
        "Angaben zur Person aufgerufen",
        "192.0.2.9",
    )
    assert "Fallakte 2026-000042 geöffnet" in whats
    assert "Dokument heruntergeladen: Arztbrief.pdf" in whats
    assert any(w.startswith("Scan der Einwilligung heruntergeladen") for w in whats)
    api_row = next(r for r in rows if r["ip"] == "192.0.2.4")
    assert str(api_row["what"]) == "Angaben zur Person über die API abgerufen"
    assert api_row["channel"] == "API (Schlüssel kim_ab12…)"
    html = response.content.decode()
    assert 'id="accesses-heading"' in html
    assert "Jonas Keller" in html and "192.0.2.1" in html


def test_changes_and_other_clients_are_not_listed(as_user, case, case_manager):
    other = CaseFactory(case_manager=case_manager)
    log_access(other, actor=case_manager)
    log_access(other.client, actor=case_manager)

    rows = _rows(_page(as_user("case_manager"), case.client))

    assert len(rows) == 1  # only this opening: no other client, no "angelegt" entries


def test_reads_of_a_case_the_reader_does_not_see_are_left_out(as_user, case, coordinator):
    colleague = UserFactory(username="mara", role=Role.CASE_MANAGER)
    hidden = CaseFactory(client=case.client, case_manager=colleague, number="2026-000043")
    log_access(hidden, actor=colleague)
    log_access(document(hidden, name="Geheim.pdf"), actor=colleague)

    mine = [str(r["what"]) for r in _rows(_page(as_user("case_manager"), case.client))]
    everything = [str(r["what"]) for r in _rows(_page(as_user("coordinator"), case.client))]

    assert not any("2026-000043" in w or "Geheim.pdf" in w for w in mine)
    assert "Fallakte 2026-000043 geöffnet" in everything
    assert "Dokument heruntergeladen: Geheim.pdf" in everything


def test_a_substitute_sees_the_reads_of_the_cases_they_stand_in_for(as_user, case, case_manager):
    substitute = UserFactory(username="deniz", role=Role.CASE_MANAGER)
    Substitution.objects.create(
        absent=case_manager,
        substitute=substitute,
        starts_on=timezone.localdate(),
        created_by=case_manager,
    )
    log_access(case, actor=case_manager, ip="192.0.2.50")
    web = as_user("case_manager")
    web.force_login(substitute)

    rows = _rows(_page(web, case.client))

    assert any(r["ip"] == "192.0.2.50" for r in rows)


def test_the_section_is_paged_by_25(as_user, case, case_manager):
    for _ in range(30):
        log_access(case, actor=case_manager)
    web = as_user("case_manager")

    first = _page(web, case.client)
    second = _page(web, case.client, zugriffe=2)

    assert len(_rows(first)) == 25
    assert len(_rows(second)) == 31 + 1 - 25  # 30 + two openings of the page
    assert "?zugriffe=2#zugriffe" in first.content.decode()


@pytest.mark.parametrize("user", ["auditor", "external_partner", "administrator"])
def test_who_may_not_see_the_client_sees_no_page_and_no_accesses(as_user, case, user):
    response = _page(as_user(user), case.client)
    assert response.status_code in (403, 404)

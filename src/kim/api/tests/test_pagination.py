"""Every list is paginated: page numbers (``page``, ``page_size``) for most lists, cursors for
cases and contacts. Bad values are 400 with the field; a page past the end is 404."""

import base64

import pytest

from kim.cases.tests.factories import CaseFactory, ContactFactory
from kim.directory.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def walk(client, url):
    """All rows of a cursor-paginated list, following ``next``; and the pages seen."""
    rows, pages = [], 0
    while url:
        body = client.get(url).json()
        assert set(body) == {"next", "previous", "results"}
        rows += body["results"]
        pages += 1
        url = body["next"]
    return rows, pages


def test_cases_by_cursor_newest_first_without_gaps_or_duplicates(api, case_manager):
    cases = [CaseFactory(case_manager=case_manager) for _ in range(7)]
    rows, pages = walk(api("case_manager"), "/api/v1/cases/?page_size=3")
    assert pages == 3
    assert [row["id"] for row in rows] == sorted((c.pk for c in cases), reverse=True)


def test_cursor_previous_link_goes_back(api, case_manager):
    for _ in range(5):
        CaseFactory(case_manager=case_manager)
    client = api("case_manager")
    first = client.get("/api/v1/cases/?page_size=2").json()
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]


def test_new_cases_do_not_shift_a_cursor(api, case_manager):
    for _ in range(4):
        CaseFactory(case_manager=case_manager)
    client = api("case_manager")
    first = client.get("/api/v1/cases/?page_size=2").json()
    CaseFactory(case_manager=case_manager)  # arrives while the client pages
    second = client.get(first["next"]).json()
    seen = {row["id"] for row in first["results"]}
    assert not seen & {row["id"] for row in second["results"]}
    assert len(second["results"]) == 2


def test_contacts_by_cursor(api, case_manager):
    case = CaseFactory(case_manager=case_manager)
    contacts = [ContactFactory(case=case) for _ in range(5)]
    rows, pages = walk(api("case_manager"), f"/api/v1/cases/{case.pk}/contacts/?page_size=2")
    assert pages == 3
    assert [row["id"] for row in rows] == sorted((c.pk for c in contacts), reverse=True)


@pytest.mark.parametrize(
    "cursor",
    [
        "kaputt",
        base64.b64encode(b"p=abc").decode(),
        base64.b64encode(b"p=").decode(),
        base64.b64encode(b"o=-1").decode(),
        "ä",
    ],
)
def test_bad_cursor_is_400(api, case_manager, cursor):
    CaseFactory(case_manager=case_manager)
    response = api("case_manager").get("/api/v1/cases/", {"cursor": cursor})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["cursor"]
    assert "Cursor ist ungültig" in errors[0]["detail"]


def test_page_numbers_with_count_and_links(api):
    municipalities = [MunicipalityFactory() for _ in range(5)]
    client = api("case_manager")
    body = client.get("/api/v1/municipalities/?page_size=2").json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert body["previous"] is None
    last = client.get("/api/v1/municipalities/?page_size=2&page=3").json()
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert {m.pk for m in municipalities} >= {row["id"] for row in last["results"]}


def test_default_page_size_is_50(api):
    for _ in range(51):
        MunicipalityFactory()
    body = api("case_manager").get("/api/v1/municipalities/").json()
    assert len(body["results"]) == 50
    assert body["next"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=eins", "page"),
        ("page=-1", "page"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page_size=viele", "page_size"),
    ],
)
def test_bad_page_values_are_400(api, query, field):
    MunicipalityFactory()
    response = api("case_manager").get(f"/api/v1/municipalities/?{query}")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_page_past_the_end_is_404(api):
    MunicipalityFactory()
    response = api("case_manager").get("/api/v1/municipalities/?page=2")
    assert response.status_code == 404
    assert response.json()["detail"] == "Die Seite 2 gibt es nicht (letzte Seite: 1)."


def test_cursor_page_size_is_checked_too(api, case_manager):
    response = api("case_manager").get("/api/v1/cases/?page_size=500")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "page_size"

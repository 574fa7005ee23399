"""Lists cost a fixed number of queries whatever their length: no query per row for related data,
and the access-log entries of a page (one per listed case or client) in one INSERT."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kim.cases.models import Language
from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.hurdles.tests.factories import HurdleReportFactory

pytestmark = pytest.mark.django_db


def reads(client, url):
    """Queries of one request, the inserts of the access-log entries included (the first request
    of the day also records the token's use: asked once before counting)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries]


def test_case_list(api, case_manager):
    client = api("case_manager")
    CaseFactory(case_manager=case_manager)
    few = len(reads(client, "/api/v1/cases/"))
    for _ in range(5):
        CaseFactory(case_manager=case_manager)
    assert len(reads(client, "/api/v1/cases/")) == few


def test_client_list(api, case_manager):
    client = api("coordinator")
    arabic = Language.objects.get_or_create(code="ar", defaults={"name": "Arabisch"})[0]

    def add_client():
        person = ClientFactory()
        person.languages.add(arabic)
        CaseFactory(case_manager=case_manager, client=person)

    add_client()
    few = len(reads(client, "/api/v1/clients/"))
    for _ in range(5):
        add_client()
    assert len(reads(client, "/api/v1/clients/")) == few


def test_hurdle_report_list(api):
    client = api("coordinator")
    HurdleReportFactory()
    few = len(reads(client, "/api/v1/hurdle-reports/"))
    for _ in range(5):
        HurdleReportFactory(external=True)
    assert len(reads(client, "/api/v1/hurdle-reports/")) == few

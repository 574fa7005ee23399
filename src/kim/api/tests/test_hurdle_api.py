"""Hurdle reports, topics and generative themes through the API, with the QuerySets of the web
pages: external partners see their organisation's reports only, case managers their own,
coordination all; the steering group reads themes (no reports); no case link ever leaves."""

import pytest

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.tests.factories import CaseFactory
from kim.directory.tests.factories import OrganisationFactory
from kim.hurdles.models import GenerativeTheme, ReportState, ThemeState
from kim.hurdles.tests.factories import HurdleReportFactory, TopicFactory

pytestmark = pytest.mark.django_db


def ids(response):
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def reports(case_manager, external_partner):
    awo = OrganisationFactory(name="AWO Test")
    caritas = OrganisationFactory(name="Caritas Test")
    external_partner.organisation = awo
    external_partner.save()
    carla = UserFactory(username="carla", role=Role.EXTERNAL_PARTNER, organisation=caritas)
    return {
        "own_cm": HurdleReportFactory(
            reporter=case_manager, case=CaseFactory(case_manager=case_manager)
        ),
        "other_cm": HurdleReportFactory(),
        "awo": HurdleReportFactory(
            external=True, reporter=external_partner, reporter_organisation=awo
        ),
        "caritas": HurdleReportFactory(
            external=True, reporter=carla, reporter_organisation=caritas
        ),
    }


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("coordinator", {"own_cm", "other_cm", "awo", "caritas"}),
        ("case_manager", {"own_cm"}),
        ("external_partner", {"awo"}),
    ],
)
def test_reports_per_role(api, reports, role, visible):
    client = api(role)
    assert set(ids(client.get("/api/v1/hurdle-reports/"))) == {reports[k].pk for k in visible}
    for key, report in reports.items():
        expected = 200 if key in visible else 404
        assert client.get(f"/api/v1/hurdle-reports/{report.pk}/").status_code == expected


@pytest.mark.parametrize("role", ["steering_member", "auditor", "administrator"])
def test_roles_without_reports_get_403(api, reports, role):
    assert api(role).get("/api/v1/hurdle-reports/").status_code == 403


def test_no_case_link_in_a_report(api, reports):
    body = api("coordinator").get(f"/api/v1/hurdle-reports/{reports['own_cm'].pk}/").json()
    assert "case" not in body
    assert reports["own_cm"].case.number not in str(body)
    assert body["number"] == reports["own_cm"].number


def test_report_filters_as_on_the_web(api, reports):
    topic = TopicFactory()
    reports["caritas"].state = ReportState.ASSIGNED
    reports["caritas"].topic = topic
    reports["caritas"].save()
    client = api("coordinator")
    assert ids(client.get(f"/api/v1/hurdle-reports/?topic={topic.pk}")) == [reports["caritas"].pk]
    assert set(ids(client.get("/api/v1/hurdle-reports/?source=external"))) == {
        reports["awo"].pk,
        reports["caritas"].pk,
    }
    assert ids(client.get("/api/v1/hurdle-reports/?state=assigned")) == [reports["caritas"].pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [("state=offen", "state"), ("topic=x", "topic"), ("source=post", "source")],
)
def test_bad_report_filter_is_400(api, reports, query, field):
    response = api("coordinator").get(f"/api/v1/hurdle-reports/?{query}")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_topics_count_only_visible_reports(api, reports):
    topic = TopicFactory(name="Wartezeiten ABH")
    for key in ("own_cm", "caritas"):
        reports[key].topic = topic
        reports[key].state = ReportState.ASSIGNED
        reports[key].save()
    body = api("coordinator").get(f"/api/v1/topics/{topic.pk}/").json()
    assert body["name"] == "Wartezeiten ABH"
    assert body["report_counts"]["assigned"] == 2
    assert body["report_counts"]["received"] == 0


@pytest.mark.parametrize("role", ["case_manager", "external_partner", "steering_member"])
def test_topics_are_for_coordination(api, role):
    assert api(role).get("/api/v1/topics/").status_code == 403


@pytest.fixture
def themes(coordinator, reports):
    developed = GenerativeTheme.objects.create(
        title="Wartezeiten",
        cluster="Behörden",
        summary="Lange Wartezeiten.",
        created_by=coordinator,
    )
    presented = GenerativeTheme.objects.create(
        title="Sprachkurse",
        cluster="Sprache",
        summary="Zu wenige Plätze.",
        state=ThemeState.BEFORE_STEERING_GROUP,
        created_by=coordinator,
    )
    presented.reports.set([reports["awo"], reports["caritas"]])
    return {"developed": developed, "presented": presented}


def test_steering_group_reads_themes_put_before_it(api, themes):
    client = api("steering_member")
    assert ids(client.get("/api/v1/themes/")) == [themes["presented"].pk]
    assert client.get(f"/api/v1/themes/{themes['developed'].pk}/").status_code == 404
    body = client.get(f"/api/v1/themes/{themes['presented'].pk}/").json()
    assert body["report_count"] == 2
    assert body["municipality_count"] == 2
    assert body["municipalities"] == sorted(
        {r.municipality.name for r in themes["presented"].reports.all()}
    )
    # figures and names, never the reports themselves
    assert "reports" not in body
    assert "Wartezeit von vier Monaten" not in str(body)


def test_coordination_reads_all_themes_and_filters_by_state(api, themes):
    client = api("coordinator")
    assert set(ids(client.get("/api/v1/themes/"))) == {t.pk for t in themes.values()}
    assert ids(client.get("/api/v1/themes/?state=developed")) == [themes["developed"].pk]
    response = client.get("/api/v1/themes/?state=fertig")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "state"


@pytest.mark.parametrize("role", ["case_manager", "external_partner", "auditor"])
def test_themes_are_not_for_other_roles(api, themes, role):
    assert api(role).get("/api/v1/themes/").status_code == 403

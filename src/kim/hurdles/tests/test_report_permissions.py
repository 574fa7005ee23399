"""Who sees which report (DOMAIN.md § 7), one test per rule and role: external partners see only
their organisation's reports and never a case; case managers their own; coordination all, with
the internal case link; steering group members, auditors and others no reports at all."""

import pytest
from django.urls import reverse

from kim.cases.tests.factories import CaseFactory
from kim.directory.tests.factories import MunicipalityFactory, OrganisationFactory
from kim.hurdles.models import HurdleReport, ReportSource, ReportState
from kim.hurdles.tests.factories import HurdleReportFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("hurdles:report_list")
CREATE = reverse("hurdles:report_create")


def _detail(report):
    return reverse("hurdles:report_detail", args=[report.pk])


@pytest.fixture
def partner_org(external_partner):
    external_partner.organisation = OrganisationFactory(name="Diakonie Testkreis")
    external_partner.save()
    return external_partner.organisation


@pytest.fixture
def own_external(external_partner, partner_org):
    return HurdleReportFactory(
        source=ReportSource.EXTERNAL,
        reporter=external_partner,
        reporter_organisation=partner_org,
        description="Eigene Meldung der Diakonie.",
    )


@pytest.fixture
def colleague_external(partner_org):
    """Reported by a colleague of the same organisation."""
    return HurdleReportFactory(
        external=True, reporter_organisation=partner_org, description="Meldung einer Kollegin."
    )


@pytest.fixture
def foreign_external(db):
    return HurdleReportFactory(external=True, description="Meldung einer anderen Organisation.")


@pytest.fixture
def case_report(case_manager):
    case = CaseFactory(case_manager=case_manager, number="2026-000777")
    return HurdleReportFactory(
        reporter=case_manager, case=case, description="Meldung aus dem Case Management."
    )


@pytest.fixture
def other_managers_report(db):
    return HurdleReportFactory(
        case=CaseFactory(number="2026-000888"), description="Meldung eines anderen Case Managers."
    )


# --- external partner ---------------------------------------------------------------------------


def test_external_partner_lists_only_own_organisations_reports(
    as_user, own_external, colleague_external, foreign_external, case_report
):
    response = as_user("external_partner").get(LIST)

    assert response.status_code == 200
    assert set(response.context["page"].object_list) == {own_external, colleague_external}
    content = response.content.decode()
    assert own_external.number in content
    assert colleague_external.number in content
    assert foreign_external.number not in content
    assert case_report.number not in content
    assert "Die Meldungen von Diakonie Testkreis und ihr Stand." in content


def test_external_partner_sees_state_topic_and_rejection_reason(as_user, own_external):
    topic = TopicFactory(name="Wartezeiten Ausländerbehörde")
    assigned = HurdleReportFactory(
        external=True,
        reporter_organisation=own_external.reporter_organisation,
        state=ReportState.ASSIGNED,
        topic=topic,
    )
    rejected = HurdleReportFactory(
        external=True,
        reporter_organisation=own_external.reporter_organisation,
        state=ReportState.REJECTED,
        rejection_reason="Liegt außerhalb des Kreises.",
    )

    content = as_user("external_partner").get(LIST).content.decode()

    assert "eingegangen" in content
    assert "Wartezeiten Ausländerbehörde" in content
    assert "Liegt außerhalb des Kreises." in content
    detail = as_user("external_partner").get(_detail(rejected)).content.decode()
    assert "Liegt außerhalb des Kreises." in detail
    assert (
        "Wartezeiten Ausländerbehörde"
        in as_user("external_partner").get(_detail(assigned)).content.decode()
    )


def test_external_partner_gets_404_for_another_organisations_report(as_user, foreign_external):
    assert as_user("external_partner").get(_detail(foreign_external)).status_code == 404


def test_external_partner_gets_404_for_a_case_managers_report(as_user, partner_org, case_report):
    assert as_user("external_partner").get(_detail(case_report)).status_code == 404


def test_external_partner_without_organisation_sees_no_reports(as_user, foreign_external):
    response = as_user("external_partner").get(LIST)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_external_partner_never_sees_a_case(as_user, external_partner, partner_org, case_report):
    # a report of the partner's organisation that (wrongly) carries a case stays without case data
    report = HurdleReportFactory(
        external=True,
        reporter=external_partner,
        reporter_organisation=partner_org,
        case=case_report.case,
    )

    list_content = as_user("external_partner").get(LIST).content.decode()
    detail = as_user("external_partner").get(_detail(report))

    assert detail.status_code == 200
    for content in (list_content, detail.content.decode()):
        assert "2026-000777" not in content
        assert "/cases/" not in content
        assert "Fall (intern)" not in content
        assert "Verlauf" not in content
        assert "Sichtung" not in content


def test_external_partner_cannot_triage(as_user, own_external):
    response = as_user("external_partner").post(
        reverse("hurdles:report_change_state", args=[own_external.pk]),
        {"target": ReportState.TRIAGED},
    )

    assert response.status_code == 403
    own_external.refresh_from_db()
    assert own_external.state == ReportState.RECEIVED


def test_external_partner_may_open_the_form(as_user, partner_org):
    assert as_user("external_partner").get(CREATE).status_code == 200


def test_external_partner_cannot_report_for_a_case(as_user, partner_org, case_report):
    url = reverse("hurdles:report_create_for_case", args=[case_report.case.pk])
    assert as_user("external_partner").get(url).status_code == 404


# --- case manager -------------------------------------------------------------------------------


def test_case_manager_lists_only_own_reports(
    as_user, case_report, other_managers_report, own_external
):
    response = as_user("case_manager").get(LIST)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [case_report]
    content = response.content.decode()
    assert case_report.number in content
    assert other_managers_report.number not in content
    assert own_external.number not in content


def test_case_manager_gets_404_for_another_case_managers_report(as_user, other_managers_report):
    assert as_user("case_manager").get(_detail(other_managers_report)).status_code == 404


def test_case_manager_sees_own_report_without_the_case_link(as_user, case_report):
    response = as_user("case_manager").get(_detail(case_report))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Meldung aus dem Case Management." in content
    assert reverse("cases:case_detail", args=[case_report.case.pk]) not in content
    assert "Sichtung" not in content


def test_case_manager_cannot_triage(as_user, case_report):
    response = as_user("case_manager").post(
        reverse("hurdles:report_change_state", args=[case_report.pk]),
        {"target": ReportState.TRIAGED},
    )

    assert response.status_code == 403
    case_report.refresh_from_db()
    assert case_report.state == ReportState.RECEIVED


# --- coordination -------------------------------------------------------------------------------


def test_coordination_lists_all_reports_with_counts_per_state(
    as_user, own_external, foreign_external, case_report, other_managers_report
):
    HurdleReportFactory(state=ReportState.REJECTED, rejection_reason="Doppelt.")

    response = as_user("coordinator").get(LIST)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5
    counts = {entry["value"]: entry["count"] for entry in response.context["state_counts"]}
    assert counts == {"received": 4, "triaged": 0, "assigned": 0, "rejected": 1}
    content = response.content.decode()
    assert "eingegangen: 4" in content
    assert "abgelehnt: 1" in content


def test_coordination_filters_the_list(as_user, own_external, foreign_external, case_report):
    topic = TopicFactory(name="Wohnsitzauflage")
    place = MunicipalityFactory(name="Menden")
    match = HurdleReportFactory(
        external=True, state=ReportState.ASSIGNED, topic=topic, municipality=place
    )
    HurdleReportFactory(state=ReportState.ASSIGNED, topic=topic, municipality=place)
    client = as_user("coordinator")

    by_source = client.get(LIST, {"source": ReportSource.EXTERNAL, "topic": topic.pk})
    by_state = client.get(LIST, {"state": ReportState.ASSIGNED, "municipality": place.pk})

    assert list(by_source.context["page"].object_list) == [match]
    assert by_state.context["page"].paginator.count == 2


def test_invalid_filter_is_not_applied_and_says_so(as_user, own_external, foreign_external):
    response = as_user("coordinator").get(LIST, {"municipality": 999999})

    assert response.status_code == 200
    assert "Filter mit ungültigen Angaben wurden nicht angewendet" in response.content.decode()
    assert response.context["page"].paginator.count == 2


def test_list_is_paginated_by_50(as_user):
    HurdleReportFactory.create_batch(51)

    first = as_user("coordinator").get(LIST)
    second = as_user("coordinator").get(LIST, {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1
    assert "Seite 1 von 2" in first.content.decode()


def test_coordination_sees_the_internal_case_link(as_user, case_report):
    content = as_user("coordinator").get(_detail(case_report)).content.decode()

    assert reverse("cases:case_detail", args=[case_report.case.pk]) in content
    assert "2026-000777" in content
    assert "Fall (intern)" in content


# --- roles without reports ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["steering_member", "auditor", "administrator", "user_without_role"]
)
def test_role_without_reports_gets_403(as_user, role, case_report, foreign_external):
    client = as_user(role)

    assert client.get(LIST).status_code == 403
    assert client.get(_detail(case_report)).status_code == 403
    assert client.get(_detail(foreign_external)).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"description": "x"}).status_code == 403
    assert (
        client.post(
            reverse("hurdles:report_change_state", args=[case_report.pk]),
            {"target": ReportState.TRIAGED},
        ).status_code
        == 403
    )
    case_report.refresh_from_db()
    assert case_report.state == ReportState.RECEIVED
    assert HurdleReport.objects.count() == 2


def test_anonymous_user_is_sent_to_login(client, case_report):
    for url in (LIST, CREATE, _detail(case_report)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

"""Who sees which report, reconstruction and theme (issue 4, rules per role)."""

import pytest

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.tests.factories import MunicipalityFactory, OrganisationFactory
from kim.hurdles.models import CaseReconstruction, GenerativeTheme, HurdleReport

pytestmark = pytest.mark.django_db


def _report(reporter, source="case_management", organisation=None):
    return HurdleReport.objects.create(
        municipality=MunicipalityFactory(),
        description="Wartezeit von vier Monaten auf einen Termin",
        source=source,
        reporter=reporter,
        reporter_organisation=organisation,
    )


@pytest.fixture
def reports(case_manager, external_partner):
    awo = OrganisationFactory(name="AWO Test")
    caritas = OrganisationFactory(name="Caritas Test")
    external_partner.organisation = awo
    external_partner.save()
    colleague_at_caritas = UserFactory(
        username="carla", role=Role.EXTERNAL_PARTNER, organisation=caritas
    )
    other_cm = UserFactory(username="ole", role=Role.CASE_MANAGER)
    return {
        "own_cm": _report(case_manager),
        "other_cm": _report(other_cm),
        "awo": _report(external_partner, "external", awo),
        "caritas": _report(colleague_at_caritas, "external", caritas),
    }


def test_coordination_sees_every_report(coordinator, reports):
    assert set(HurdleReport.objects.visible_to(coordinator)) == set(reports.values())


def test_case_manager_sees_own_reports(case_manager, reports):
    assert list(HurdleReport.objects.visible_to(case_manager)) == [reports["own_cm"]]


def test_external_partner_sees_only_the_own_organisations_reports(external_partner, reports):
    assert list(HurdleReport.objects.visible_to(external_partner)) == [reports["awo"]]


def test_external_partner_without_organisation_sees_nothing(reports):
    loner = UserFactory(username="lonely", role=Role.EXTERNAL_PARTNER)
    assert not HurdleReport.objects.visible_to(loner).exists()


@pytest.mark.parametrize(
    "user", ["steering_member", "auditor", "administrator", "user_without_role"]
)
def test_other_roles_see_no_report(request, reports, user):
    assert not HurdleReport.objects.visible_to(request.getfixturevalue(user)).exists()


def test_themes_for_coordination_and_steering_group_only(
    coordinator, steering_member, case_manager, external_partner, auditor
):
    GenerativeTheme.objects.create(
        title="Wartezeiten",
        cluster="Aufenthalt",
        summary="Lange Wartezeiten",
        created_by=coordinator,
        state="before_steering_group",
    )
    GenerativeTheme.objects.create(
        title="Noch in Arbeit", cluster="Aufenthalt", summary="Entwurf", created_by=coordinator
    )
    assert GenerativeTheme.objects.visible_to(coordinator).count() == 2
    # the steering group reads what has been put before it, not what is still being worked out
    assert [t.title for t in GenerativeTheme.objects.visible_to(steering_member)] == ["Wartezeiten"]
    for user in (case_manager, external_partner, auditor):
        assert not GenerativeTheme.objects.visible_to(user).exists()


def test_reconstructions_for_coordination_only(coordinator, steering_member, case_manager):
    CaseReconstruction.objects.create(title="Rekonstruktion", created_by=coordinator)
    assert CaseReconstruction.objects.visible_to(coordinator).count() == 1
    assert not CaseReconstruction.objects.visible_to(steering_member).exists()
    assert not CaseReconstruction.objects.visible_to(case_manager).exists()

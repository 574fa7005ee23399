"""Who may open which page of reconstructions and generative themes (DOMAIN.md § 7).

Coordination: everything. Steering group members: only the overview and its PDF (themes and
anonymised summaries, never reports or their cases). Case managers, external partners,
administration, auditors and users without a role: nothing here. Refused writes change nothing.
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.factories import CaseFactory
from kim.directory.tests.factories import MunicipalityFactory, OrganisationFactory
from kim.hurdles.models import (
    CaseReconstruction,
    GenerativeTheme,
    HurdleReport,
    ReconstructionState,
    ReconstructionStep,
    ReportSource,
    ThemeState,
    ThemeStateChange,
)
from kim.hurdles.tests.test_theme_overview import pdf_text

pytestmark = pytest.mark.django_db

COORDINATION_PAGES = [
    "reconstruction_list",
    "reconstruction_create",
    "reconstruction_detail",
    "reconstruction_record",
    "step_create",
    "theme_list",
    "theme_create",
    "theme_detail",
]
OVERVIEW_PAGES = ["theme_overview", "theme_overview_pdf"]
WITHOUT_ACCESS = [
    "case_manager",
    "external_partner",
    "administrator",
    "auditor",
    "user_without_role",
]


@pytest.fixture
def objects(coordinator, case_manager, external_partner):
    """A report, a held reconstruction and a theme; the external partner and the case manager
    get what their pages need (an organisation, a case)."""
    external_partner.organisation = OrganisationFactory()
    external_partner.save()
    case = CaseFactory(case_manager=case_manager)
    report = HurdleReport.objects.create(
        municipality=MunicipalityFactory(),
        description="Wartezeit",
        source=ReportSource.CASE_MANAGEMENT,
        reporter=case_manager,
        case=case,
    )
    reconstruction = CaseReconstruction.objects.create(
        title="Rekonstruktion",
        created_by=coordinator,
        state=ReconstructionState.DONE,
        held_on=timezone.localdate(),
        findings="Erkenntnis",
    )
    reconstruction.reports.add(report)
    theme = GenerativeTheme.objects.create(
        title="Thema", cluster="Cluster", summary="Zusammenfassung", created_by=coordinator
    )
    theme.reconstructions.add(reconstruction)
    theme.reports.add(report)
    return {"reconstruction": reconstruction, "theme": theme, "case": case}


def _url(name, objects):
    if name.startswith(("reconstruction_detail", "reconstruction_record", "step_create")):
        return reverse(f"hurdles:{name}", args=[objects["reconstruction"].pk])
    if name == "theme_detail":
        return reverse(f"hurdles:{name}", args=[objects["theme"].pk])
    return reverse(f"hurdles:{name}")


@pytest.mark.parametrize("name", COORDINATION_PAGES + OVERVIEW_PAGES)
def test_coordination_opens_every_page(as_user, objects, name):
    assert as_user("coordinator").get(_url(name, objects)).status_code == 200


@pytest.mark.parametrize("name", OVERVIEW_PAGES)
def test_steering_member_opens_overview_and_pdf(as_user, objects, name):
    assert as_user("steering_member").get(_url(name, objects)).status_code == 200


@pytest.mark.parametrize("name", COORDINATION_PAGES)
def test_steering_member_is_refused_reports_and_reconstructions(as_user, objects, name):
    assert as_user("steering_member").get(_url(name, objects)).status_code == 403


@pytest.mark.parametrize("name", COORDINATION_PAGES + OVERVIEW_PAGES)
@pytest.mark.parametrize("role", WITHOUT_ACCESS)
def test_other_roles_are_refused(as_user, objects, name, role):
    assert as_user(role).get(_url(name, objects)).status_code == 403


@pytest.mark.parametrize("name", COORDINATION_PAGES + OVERVIEW_PAGES)
def test_anonymous_is_sent_to_login(client, objects, name):
    response = client.get(_url(name, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse(settings.LOGIN_URL))


# --- refused writes change nothing -----------------------------------------------------------


@pytest.mark.parametrize("role", ["steering_member", *WITHOUT_ACCESS])
def test_refused_state_change_changes_nothing(as_user, objects, role):
    theme = objects["theme"]
    response = as_user(role).post(
        reverse("hurdles:theme_change_state", args=[theme.pk]),
        {"target": ThemeState.BEFORE_STEERING_GROUP},
    )
    assert response.status_code == 403
    theme.refresh_from_db()
    assert theme.state == ThemeState.DEVELOPED
    assert not ThemeStateChange.objects.exists()


@pytest.mark.parametrize("role", ["steering_member", *WITHOUT_ACCESS])
def test_refused_writes_create_nothing(as_user, objects, role):
    client = as_user(role)
    reconstruction = objects["reconstruction"]
    report = reconstruction.reports.get()
    responses = [
        client.post(
            reverse("hurdles:reconstruction_create"), {"title": "X", "reports": [report.pk]}
        ),
        client.post(
            reverse("hurdles:step_create", args=[reconstruction.pk]),
            {"position": 1, "actor": "X", "what": "Y"},
        ),
        client.post(
            reverse("hurdles:reconstruction_record", args=[reconstruction.pk]),
            {"findings": "Geändert"},
        ),
        client.post(
            reverse("hurdles:theme_create"),
            {
                "title": "Neu",
                "cluster": "C",
                "summary": "S",
                "reconstructions": [reconstruction.pk],
            },
        ),
    ]
    assert [r.status_code for r in responses] == [403] * 4
    assert CaseReconstruction.objects.count() == 1
    assert not ReconstructionStep.objects.exists()
    reconstruction.refresh_from_db()
    assert reconstruction.findings == "Erkenntnis"
    assert GenerativeTheme.objects.count() == 1


def test_steering_member_sees_no_case_on_the_pages_it_may_open(as_user, objects):
    client = as_user("steering_member")
    page = client.get(reverse("hurdles:theme_overview")).content.decode()
    assert "/cases/" not in page
    assert objects["case"].number not in page
    pdf = pdf_text(client.get(reverse("hurdles:theme_overview_pdf")).content)
    assert "Zusammenfassung" in pdf
    assert objects["case"].number not in pdf

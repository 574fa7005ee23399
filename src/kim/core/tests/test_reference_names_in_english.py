"""A user who chose English reads the reference lists in English wherever they are shown: life
domains, residence status and languages in the case file, service types and legal domains in the
directory's finder, life domains in the dashboard. A name the district added itself has no
English and is shown as entered. German users keep the German names."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import (
    Assessment,
    AssessmentEntry,
    Language,
    LifeDomain,
    NeedLevel,
    ResidenceStatus,
)
from kim.cases.tests.factories import CaseFactory, ContactFactory, GoalFactory

pytestmark = pytest.mark.django_db

OWN_DOMAIN = "Nachbarschaft im Quartier"  # added by the district: no English


def _in(language, user):
    user.language = language
    user.save(update_fields=["language"])


@pytest.fixture
def case_file(case_manager):
    own = LifeDomain.objects.create(code="neighbourhood", name=OWN_DOMAIN, ordering=200)
    work = LifeDomain.objects.get(code="work")
    case = CaseFactory(
        case_manager=case_manager,
        opened_on=timezone.localdate().replace(month=1, day=1),
        client__residence_status=ResidenceStatus.objects.get(code="duldung"),
        client__interpreter_needed=True,
        client__interpreter_language=Language.objects.get(code="ar"),
    )
    case.client.languages.set([Language.objects.get(code="ar"), Language.objects.get(code="tr")])
    assessment = Assessment.objects.create(
        case=case, assessed_on=timezone.localdate() - datetime.timedelta(days=2), by=case_manager
    )
    AssessmentEntry.objects.create(assessment=assessment, life_domain=work, need=NeedLevel.HIGH)
    AssessmentEntry.objects.create(assessment=assessment, life_domain=own, need=NeedLevel.LOW)
    GoalFactory(case=case, life_domain=work, description="Ausbildungsplatz finden")
    contact = ContactFactory(case=case)
    contact.life_domains.set([work, own])
    return case


def _pages(client, case):
    return {
        name: client.get(reverse(url, args=[case.pk]))
        for name, url in (
            ("overview", "cases:case_detail"),
            ("assessment", "cases:assessment_list"),
            ("contacts", "cases:contact_list"),
        )
    }


def test_the_case_file_shows_the_lists_in_english(as_user, case_manager, case_file):
    _in("en", case_manager)
    pages = _pages(as_user("case_manager"), case_file)
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.content.decode()
        assert '<html lang="en">' in page, name
        assert "Training/work" in page, name
        assert "Ausbildung/Arbeit" not in page, name
        assert OWN_DOMAIN in page, name  # shown as entered
    overview = pages["overview"].content.decode()
    assert "Arabic, Turkish" in overview
    assert "Arabisch" not in overview
    assert "Türkisch" not in overview
    assert "Toleration (Duldung)" in overview


def test_german_users_keep_the_german_names(as_user, case_manager, case_file):
    pages = _pages(as_user("case_manager"), case_file)
    for name, response in pages.items():
        page = response.content.decode()
        assert "Ausbildung/Arbeit" in page, name
        assert "Training/work" not in page, name
    assert "Arabisch, Türkisch" in pages["overview"].content.decode()


def test_the_finder_offers_service_types_and_legal_domains_in_english(
    as_user, case_manager, demo_directory
):
    from kim.directory.models import ServiceType

    ServiceType.objects.create(code="SB", name="Schuldnerberatung im Kreis")  # the district's own
    _in("en", case_manager)
    response = as_user("case_manager").get(reverse("directory:finder"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ">Integration course</option>" in page
    assert ">Integrationskurs</option>" not in page
    assert "SGB II – Basic income support for jobseekers (Jobcenter)</option>" in page
    assert "Grundsicherung für Arbeitsuchende" not in page
    assert ">Schuldnerberatung im Kreis</option>" in page


def test_the_dashboard_names_the_life_domains_in_english(as_user, coordinator, case_file):
    _in("en", coordinator)
    response = as_user("coordinator").get(reverse("reports:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Training/work" in page
    assert "Housing" in page
    assert "Ausbildung/Arbeit" not in page
    assert "Wohnen" not in page
    assert OWN_DOMAIN in page


def test_the_state_report_names_the_goals_life_domains_in_english(as_user, coordinator, case_file):
    _in("en", coordinator)
    response = as_user("coordinator").get(reverse("reports:state_report"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Training/work" in page
    assert "Ausbildung/Arbeit" not in page


def test_the_case_list_filter_offers_the_life_domains_in_english(as_user, case_manager, case_file):
    _in("en", case_manager)
    page = as_user("case_manager").get(reverse("cases:case_list")).content.decode()
    assert ">Training/work</option>" in page
    assert ">Ausbildung/Arbeit</option>" not in page
    assert f">{OWN_DOMAIN}</option>" in page

"""Assessment per life domain: situation, need, resources; re-assessments keep the earlier ones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases import services
from kim.cases.models import Assessment, AssessmentEntry, CasePhase, LifeDomain, NeedLevel
from kim.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _data(assessed_on=None, summary="", **domains):
    """Form data as the browser sends it: every life domain, ``need`` "none" unless given."""
    data = {
        "assessed_on": (assessed_on or timezone.localdate()).isoformat(),
        "summary": summary,
    }
    for domain in LifeDomain.objects.all():
        values = domains.get(domain.code, {})
        data[f"domain-{domain.code}-need"] = values.get("need", NeedLevel.NONE)
        data[f"domain-{domain.code}-situation"] = values.get("situation", "")
        data[f"domain-{domain.code}-resources"] = values.get("resources", "")
    return data


def _post(client, case, data):
    return client.post(reverse("cases:assessment_create", args=[case.pk]), data)


def test_form_has_a_row_per_life_domain(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = as_user("case_manager").get(reverse("cases:assessment_create", args=[case.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for domain in LifeDomain.objects.all():
        assert f'<legend class="kern-label">{domain.name}</legend>' in content
        assert f'name="domain-{domain.code}-need"' in content


def test_assessment_is_saved_with_the_filled_in_domains(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    data = _data(
        summary="Sprache und Arbeit vorrangig",
        language={"need": "high", "situation": "A1-Kenntnisse", "resources": "sehr motiviert"},
        work={"need": "medium", "situation": "Abschluss als Elektriker, nicht anerkannt"},
        housing={"situation": "Wohnung ist ausreichend"},
    )

    response = _post(as_user("case_manager"), case, data)

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:assessment_list", args=[case.pk])
    assessment = Assessment.objects.get(case=case)
    assert (assessment.by, assessment.summary) == (case_manager, "Sprache und Arbeit vorrangig")
    entries = {e.life_domain.code: e for e in assessment.entries.all()}
    assert set(entries) == {"language", "work", "housing"}  # untouched domains are not stored
    assert (entries["language"].need, entries["language"].situation) == ("high", "A1-Kenntnisse")
    assert entries["language"].resources == "sehr motiviert"
    assert entries["housing"].need == NeedLevel.NONE


def test_reassessment_keeps_the_earlier_one(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    first = services.record_assessment(
        case,
        [services.DomainAssessment(LifeDomain.objects.get(code="language"), "high", "A1")],
        by=case_manager,
        assessed_on=timezone.localdate() - datetime.timedelta(days=20),
    )

    response = _post(
        as_user("case_manager"), case, _data(language={"need": "low", "situation": "B1"})
    )

    assert response.status_code == 302
    assert Assessment.objects.filter(case=case).count() == 2
    earlier = AssessmentEntry.objects.get(assessment=first)
    assert (earlier.need, earlier.situation) == ("high", "A1")
    latest = Assessment.objects.filter(case=case).first()
    assert latest != first
    assert latest.entries.get().need == "low"


def test_list_shows_all_assessments_newest_first(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    language = LifeDomain.objects.get(code="language")
    for days, situation in ((20, "Stand im Oktober"), (2, "Stand im November")):
        services.record_assessment(
            case,
            [services.DomainAssessment(language, "medium", situation)],
            by=case_manager,
            assessed_on=timezone.localdate() - datetime.timedelta(days=days),
        )

    response = as_user("case_manager").get(reverse("cases:assessment_list", args=[case.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Stand im November") < content.index("Stand im Oktober")
    assert "mittlerer Bedarf" in content


def test_reassessment_starts_from_the_latest_one(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    services.record_assessment(
        case,
        [services.DomainAssessment(LifeDomain.objects.get(code="health"), "medium", "Diabetes")],
        by=case_manager,
    )
    response = as_user("case_manager").get(reverse("cases:assessment_create", args=[case.pk]))
    health = next(f for f in response.context["forms"].domains if f.life_domain.code == "health")
    assert health["need"].value() == "medium"
    assert health["situation"].value() == "Diabetes"


def test_an_empty_assessment_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = _post(
        as_user("case_manager"), case, _data(language={"situation": "kann sich verständigen"})
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bitte schätzen Sie mindestens einen Lebensbereich mit einem Bedarf ein" in content
    assert "kann sich verständigen" in content  # the input is kept
    assert not Assessment.objects.exists()


def test_a_summary_alone_is_enough(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = _post(as_user("case_manager"), case, _data(summary="Derzeit kein Bedarf"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(case=case)
    assert assessment.summary == "Derzeit kein Bedarf"
    assert not assessment.entries.exists()


def test_a_date_in_the_future_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _post(
        as_user("case_manager"), case, _data(assessed_on=tomorrow, language={"need": "high"})
    )
    assert "Das Assessment kann nicht in der Zukunft liegen." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_date_before_the_case_start_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    before = case.opened_on - datetime.timedelta(days=1)
    response = _post(
        as_user("case_manager"), case, _data(assessed_on=before, language={"need": "high"})
    )
    assert "Das Assessment liegt vor dem Fallbeginn." in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_invalid_date_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    data = _data(language={"need": "high"})
    data["assessed_on"] = "31.02.2026"
    response = _post(as_user("case_manager"), case, data)
    assert "Bitte geben Sie ein gültiges Datum an" in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_unknown_need_level_is_refused(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    response = _post(as_user("case_manager"), case, _data(language={"need": "riesig"}))
    content = response.content.decode()
    assert "Sprache – Bedarf: Diese Bedarfsstufe gibt es nicht." in content
    assert not Assessment.objects.exists()


def test_a_closed_case_is_not_assessed(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, phase=CasePhase.CLOSED)
    response = _post(as_user("case_manager"), case, _data(language={"need": "high"}))
    assert response.status_code == 403
    assert "Dieser Fall ist abgeschlossen" in response.content.decode()
    assert not Assessment.objects.exists()


def test_coordination_reads_but_does_not_assess(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager)
    client = as_user("coordinator")
    assert client.get(reverse("cases:assessment_list", args=[case.pk])).status_code == 200
    assert _post(client, case, _data(language={"need": "high"})).status_code == 403
    assert not Assessment.objects.exists()


def test_another_case_manager_gets_404(as_user):
    case = CaseFactory()
    assert _post(as_user("case_manager"), case, _data(language={"need": "high"})).status_code == 404
    assert not Assessment.objects.exists()

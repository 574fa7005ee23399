"""Case reconstructions by coordination: planning from reports (never rejected ones), the
timeline of steps, recording the findings."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.tests.factories import CaseFactory
from kim.directory.tests.factories import MunicipalityFactory, OrganisationFactory
from kim.hurdles import services
from kim.hurdles.models import (
    CaseReconstruction,
    HurdleReport,
    ReconstructionState,
    ReconstructionStep,
    ReportSource,
    ReportState,
    Topic,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def make_report(reporter, *, state=ReportState.ASSIGNED, topic=None, case=None, **fields):
    """A report straight in the database; ``reporter_organisation`` makes it external."""
    external = fields.get("reporter_organisation") is not None
    defaults = {
        "municipality": fields.pop("municipality", None) or MunicipalityFactory(),
        "description": "Termin bei der Ausländerbehörde erst nach vier Monaten",
        "source": ReportSource.EXTERNAL if external else ReportSource.CASE_MANAGEMENT,
        "reporter": reporter,
        "state": state,
        "topic": topic,
        "case": case,
        "rejection_reason": "Einzelfall" if state == ReportState.REJECTED else "",
    }
    return HurdleReport.objects.create(**{**defaults, **fields})


@pytest.fixture
def topic(coordinator):
    return Topic.objects.create(name="Wartezeiten Ausländerbehörde", created_by=coordinator)


@pytest.fixture
def reports(case_manager, topic):
    case = CaseFactory(case_manager=case_manager)
    return [
        make_report(case_manager, topic=topic, case=case),
        make_report(case_manager, topic=topic),
    ]


@pytest.fixture
def reconstruction(coordinator, reports):
    reconstruction = CaseReconstruction.objects.create(
        title="Aufenthaltserlaubnis nach Ausbildung", created_by=coordinator
    )
    reconstruction.reports.set(reports)
    return reconstruction


def _plan(client, reports, **overrides):
    data = {
        "title": "Anerkennung Pflegeabschluss",
        "reports": [r.pk for r in reports],
        "planned_for": "2026-09-14T10:00",
        "place": "Kreishaus Lüdenscheid, Raum 2.14",
        **overrides,
    }
    return client.post(reverse("hurdles:reconstruction_create"), data)


# --- planning -----------------------------------------------------------------------------------


def test_create_page_lists_reports_with_number_topic_municipality_and_state(
    as_user, reports, case_manager
):
    rejected = make_report(case_manager, state=ReportState.REJECTED)
    response = as_user("coordinator").get(reverse("hurdles:reconstruction_create"))
    html = response.content.decode()
    assert response.status_code == 200
    for report in [*reports, rejected]:
        assert report.number in html
        assert report.municipality.name in html
    assert "Wartezeiten Ausländerbehörde" in html
    assert "abgelehnt" in html
    assert 'type="datetime-local"' in html


def test_reports_can_be_preselected(as_user, reports):
    url = reverse("hurdles:reconstruction_create") + f"?report={reports[1].pk}&report=x"
    html = as_user("coordinator").get(url).content.decode()
    checked = re.findall(r'name="reports" value="(\d+)" id="id_reports_\d+" checked', html)
    assert checked == [str(reports[1].pk)]


def test_coordinator_plans_a_reconstruction(as_user, reports, coordinator, case_manager):
    response = _plan(
        as_user("coordinator"),
        reports,
        moderator=coordinator.pk,
        participants=[case_manager.pk, coordinator.pk],
    )
    reconstruction = CaseReconstruction.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("hurdles:reconstruction_detail", args=[reconstruction.pk])
    assert reconstruction.title == "Anerkennung Pflegeabschluss"
    assert set(reconstruction.reports.all()) == set(reports)
    assert reconstruction.moderator == coordinator
    assert set(reconstruction.participants.all()) == {case_manager, coordinator}
    assert reconstruction.place == "Kreishaus Lüdenscheid, Raum 2.14"
    assert timezone.localtime(reconstruction.planned_for).strftime("%d.%m.%Y %H:%M") == (
        "14.09.2026 10:00"
    )
    assert reconstruction.state == ReconstructionState.PLANNED
    assert reconstruction.created_by == coordinator
    assert not reconstruction.external_organisations.exists()


def test_external_report_brings_the_reporting_organisation(
    as_user, reports, external_partner, topic
):
    organisation = OrganisationFactory(name="Caritas Migrationsberatung Iserlohn")
    external_partner.organisation = organisation
    external_partner.save()
    external = make_report(external_partner, topic=topic, reporter_organisation=organisation)
    client = as_user("coordinator")
    response = _plan(client, [*reports, external])
    reconstruction = CaseReconstruction.objects.get()
    assert response.status_code == 302
    assert list(reconstruction.external_organisations.all()) == [organisation]
    html = client.get(response.url).content.decode()
    assert "Caritas Migrationsberatung Iserlohn" in html


def test_selecting_a_rejected_report_is_refused(as_user, reports, case_manager):
    rejected = make_report(case_manager, state=ReportState.REJECTED)
    response = _plan(as_user("coordinator"), [reports[0], rejected])
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Abgelehnte Meldungen können nicht rekonstruiert werden: {rejected.number}." in html
    assert "Anerkennung Pflegeabschluss" in html  # nothing the user entered is lost
    assert not CaseReconstruction.objects.exists()


def test_plan_needs_title_and_reports(as_user, reports):
    response = _plan(as_user("coordinator"), [], title="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie einen Titel an." in html
    assert "Bitte wählen Sie mindestens eine Meldung aus." in html
    assert not CaseReconstruction.objects.exists()


def test_only_case_managers_and_coordination_take_part(as_user, reports, external_partner):
    response = _plan(as_user("coordinator"), reports, participants=[external_partner.pk])
    assert "Teilnehmen können nur Case Manager:innen und die Koordination." in (
        response.content.decode()
    )
    assert not CaseReconstruction.objects.exists()


def test_moderation_is_someone_from_coordination(as_user, reports, case_manager):
    response = _plan(as_user("coordinator"), reports, moderator=case_manager.pk)
    assert "Die Moderation übernimmt eine Person aus der Koordination." in (
        response.content.decode()
    )
    assert not CaseReconstruction.objects.exists()


def test_bad_date_is_refused(as_user, reports):
    response = _plan(as_user("coordinator"), reports, planned_for="morgen früh")
    assert "Bitte geben Sie Datum und Uhrzeit an (TT.MM.JJJJ HH:MM)." in response.content.decode()
    assert not CaseReconstruction.objects.exists()


def test_list_shows_reconstructions_with_counts(as_user, reconstruction):
    ReconstructionStep.objects.create(
        reconstruction=reconstruction, position=1, actor="x", what="y"
    )
    response = as_user("coordinator").get(reverse("hurdles:reconstruction_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aufenthaltserlaubnis nach Ausbildung" in html
    assert "1 Fallrekonstruktion" in html
    rows = response.context["page"].object_list
    assert (rows[0].report_count, rows[0].step_count, rows[0].theme_count) == (2, 1, 0)


def test_list_filters_by_state(as_user, reconstruction, coordinator):
    CaseReconstruction.objects.create(
        title="Kita-Platz im Integrationskurs", created_by=coordinator, state="done"
    )
    html = as_user("coordinator").get(reverse("hurdles:reconstruction_list") + "?state=done")
    html = html.content.decode()
    assert "Kita-Platz im Integrationskurs" in html
    assert "Aufenthaltserlaubnis nach Ausbildung" not in html


# --- timeline -----------------------------------------------------------------------------------


def _step(client, reconstruction, **overrides):
    data = {
        "position": "1",
        "organisation": "",
        "actor": "",
        "what": "Antrag auf Verlängerung gestellt",
        "happened_on": (TODAY() - datetime.timedelta(days=90)).isoformat(),
        "waiting_days": "75",
        "note": "",
        **overrides,
    }
    return client.post(reverse("hurdles:step_create", args=[reconstruction.pk]), data)


def test_step_form_proposes_the_next_position(as_user, reconstruction):
    ReconstructionStep.objects.create(
        reconstruction=reconstruction, position=3, actor="x", what="y"
    )
    response = as_user("coordinator").get(reverse("hurdles:step_create", args=[reconstruction.pk]))
    assert response.status_code == 200
    assert response.context["form"]["position"].value() == 4


def test_step_is_added(as_user, reconstruction):
    authority = OrganisationFactory(name="Ausländerbehörde Märkischer Kreis")
    response = _step(
        as_user("coordinator"),
        reconstruction,
        organisation=authority.pk,
        is_break_point="on",
        note="keine Fiktionsbescheinigung",
    )
    assert response.status_code == 302
    assert response.url == reverse("hurdles:reconstruction_detail", args=[reconstruction.pk])
    step = ReconstructionStep.objects.get()
    assert step.reconstruction == reconstruction
    assert step.organisation == authority
    assert (step.position, step.waiting_days, step.is_break_point) == (1, 75, True)
    assert step.what == "Antrag auf Verlängerung gestellt"
    assert step.note == "keine Fiktionsbescheinigung"


def test_step_with_a_free_text_actor(as_user, reconstruction):
    response = _step(as_user("coordinator"), reconstruction, actor="die Person selbst")
    assert response.status_code == 302
    step = ReconstructionStep.objects.get()
    assert (step.organisation, step.actor) == (None, "die Person selbst")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {},
            "Bitte wählen Sie eine Institution aus dem Verzeichnis oder geben Sie an, "
            "wer sonst gehandelt hat.",
        ),
        (
            {"actor": "Vermieter", "what": ""},
            "Bitte beschreiben Sie, was in diesem Schritt geschehen ist.",
        ),
        ({"actor": "Vermieter", "waiting_days": "-1"}, "Die Wartezeit kann nicht negativ sein."),
        (
            {"actor": "Vermieter", "waiting_days": "3651"},
            "Die Wartezeit beträgt höchstens 3650 Tage (zehn Jahre).",
        ),
        (
            {"actor": "Vermieter", "waiting_days": "drei"},
            "Bitte geben Sie die Wartezeit als ganze Zahl von Tagen an.",
        ),
        ({"actor": "Vermieter", "position": "0"}, "Die Reihenfolge beginnt bei 1."),
        (
            {"actor": "Vermieter", "position": ""},
            "Bitte geben Sie an, der wievielte Schritt das ist.",
        ),
        (
            {"actor": "Vermieter", "happened_on": "2099-01-01"},
            "Ein Schritt der Rekonstruktion kann nicht in der Zukunft liegen.",
        ),
        (
            {"actor": "Vermieter", "happened_on": "31.02.2025"},
            "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).",
        ),
        (
            {"actor": "Vermieter", "organisation": "999999"},
            "Diese Institution gibt es nicht. Bitte wählen Sie aus der Liste.",
        ),
    ],
    ids=[
        "no-who",
        "no-what",
        "negative-wait",
        "too-long-wait",
        "wait-not-a-number",
        "position-zero",
        "position-missing",
        "future",
        "bad-date",
        "unknown-organisation",
    ],
)
def test_bad_step_is_refused(as_user, reconstruction, overrides, message):
    response = _step(as_user("coordinator"), reconstruction, **overrides)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert not ReconstructionStep.objects.exists()


def test_detail_shows_timeline_break_points_and_total_waiting(as_user, reconstruction, reports):
    authority = OrganisationFactory(name="Ausländerbehörde Märkischer Kreis")
    ReconstructionStep.objects.create(
        reconstruction=reconstruction,
        position=2,
        organisation=authority,
        what="Fiktionsbescheinigung nicht ausgestellt",
        waiting_days=60,
        is_break_point=True,
    )
    ReconstructionStep.objects.create(
        reconstruction=reconstruction,
        position=1,
        actor="die Person selbst",
        what="Antrag gestellt",
        happened_on=datetime.date(2025, 3, 4),
        waiting_days=14,
    )
    response = as_user("coordinator").get(
        reverse("hurdles:reconstruction_detail", args=[reconstruction.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Antrag gestellt") < html.index("Fiktionsbescheinigung nicht ausgestellt")
    assert "04.03.2025" in html
    assert "Ausländerbehörde Märkischer Kreis" in html
    assert response.context["total_waiting_days"] == 74
    assert "74 Tage Wartezeit insgesamt" in html
    assert "1 Bruchstelle" in html
    assert 'kern-badge kern-badge--danger"><span class="kern-label">Bruchstelle' in html
    # coordination sees the internal case link of a report
    case = reports[0].case
    assert f'href="{reverse("cases:case_detail", args=[case.pk])}"' in html
    assert case.number in html
    assert reports[0].number in html


# --- recording ----------------------------------------------------------------------------------


def _record(client, reconstruction, **overrides):
    data = {
        "held_on": (TODAY() - datetime.timedelta(days=2)).isoformat(),
        "findings": "Zwischen Jobcenter und Ausländerbehörde fehlt ein fester Ansprechpartner.",
        **overrides,
    }
    return client.post(reverse("hurdles:reconstruction_record", args=[reconstruction.pk]), data)


def test_recording_sets_findings_and_state(as_user, reconstruction):
    response = _record(as_user("coordinator"), reconstruction)
    reconstruction.refresh_from_db()
    assert response.status_code == 302
    assert reconstruction.state == ReconstructionState.DONE
    assert reconstruction.held_on == TODAY() - datetime.timedelta(days=2)
    assert reconstruction.findings.startswith("Zwischen Jobcenter und Ausländerbehörde")


def test_recording_without_date_means_today(as_user, reconstruction):
    _record(as_user("coordinator"), reconstruction, held_on="")
    reconstruction.refresh_from_db()
    assert reconstruction.held_on == TODAY()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"findings": "   "}, "Bitte halten Sie die Erkenntnisse fest."),
        (
            {"held_on": (TODAY() + datetime.timedelta(days=1)).isoformat()},
            "Eine Rekonstruktion kann nicht in der Zukunft durchgeführt worden sein.",
        ),
        (
            {"findings": "Rückfragen bitte an beratung@example.org"},
            "Die Erkenntnisse werden der Lenkungsgruppe vorgelegt und dürfen keine "
            "personenbezogenen Daten enthalten. Gefunden: E-Mail-Adresse",
        ),
    ],
    ids=["no-findings", "future", "personal-data"],
)
def test_bad_record_is_refused(as_user, reconstruction, overrides, message):
    response = _record(as_user("coordinator"), reconstruction, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    reconstruction.refresh_from_db()
    assert reconstruction.state == ReconstructionState.PLANNED
    assert (reconstruction.findings, reconstruction.held_on) == ("", None)


def test_findings_with_the_clients_name_are_refused(as_user, reconstruction, reports):
    client_name = reports[0].case.client.last_name
    response = _record(
        as_user("coordinator"), reconstruction, findings=f"Frau {client_name} wartete lange."
    )
    assert "Name der Klientin/des Klienten" in response.content.decode()
    reconstruction.refresh_from_db()
    assert reconstruction.state == ReconstructionState.PLANNED


def test_service_refuses_empty_findings_and_future_dates(reconstruction, coordinator):
    with pytest.raises(services.HurdleError, match="Erkenntnisse"):
        services.record_reconstruction(reconstruction, by=coordinator, findings=" ")
    with pytest.raises(services.HurdleError, match="Zukunft"):
        services.record_reconstruction(
            reconstruction,
            by=coordinator,
            findings="x",
            held_on=TODAY() + datetime.timedelta(days=1),
        )
    reconstruction.refresh_from_db()
    assert reconstruction.state == ReconstructionState.PLANNED


def test_record_form_offers_a_theme_once_done(as_user, reconstruction):
    client = as_user("coordinator")
    detail = reverse("hurdles:reconstruction_detail", args=[reconstruction.pk])
    theme_link = reverse("hurdles:theme_create") + f"?reconstruction={reconstruction.pk}"
    assert theme_link not in client.get(detail).content.decode()
    _record(client, reconstruction)
    assert theme_link in client.get(detail).content.decode()


def test_participant_choices_are_case_managers_and_coordination(
    as_user, case_manager, coordinator, external_partner, steering_member
):
    inactive = UserFactory(username="alt", role=Role.CASE_MANAGER)
    inactive.is_active = False
    inactive.save()
    response = as_user("coordinator").get(reverse("hurdles:reconstruction_create"))
    form = response.context["form"]
    assert set(form.fields["participants"].queryset) == {case_manager, coordinator}
    assert list(form.fields["moderator"].queryset) == [coordinator]
    assert form["moderator"].value() == coordinator.pk
    assert "Anna Berger (Case Management)" in response.content.decode()

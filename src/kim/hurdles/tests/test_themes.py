"""Generative themes: created by coordination from held reconstructions with an anonymised
summary, and moved along their state table with every step recorded."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.factories import CaseFactory
from kim.directory.tests.factories import MunicipalityFactory
from kim.hurdles import services
from kim.hurdles.models import (
    CaseReconstruction,
    GenerativeTheme,
    HurdleReport,
    ReconstructionState,
    ReportSource,
    ReportState,
    ThemeState,
    ThemeStateChange,
)
from kim.hurdles.workflow import THEME_TRANSITIONS

pytestmark = pytest.mark.django_db


def make_report(reporter, *, state=ReportState.ASSIGNED, case=None):
    return HurdleReport.objects.create(
        municipality=MunicipalityFactory(),
        description="Kein Kita-Platz während des Integrationskurses",
        source=ReportSource.CASE_MANAGEMENT,
        reporter=reporter,
        state=state,
        case=case,
    )


def make_reconstruction(by, reports, *, done=True, title="Kita und Integrationskurs"):
    reconstruction = CaseReconstruction.objects.create(
        title=title,
        created_by=by,
        state=ReconstructionState.DONE if done else ReconstructionState.PLANNED,
        held_on=timezone.localdate() if done else None,
        findings="Kursträger und Jugendamt stimmen Zeiten nicht ab." if done else "",
    )
    reconstruction.reports.set(reports)
    return reconstruction


def make_theme(by, *, state=ThemeState.DEVELOPED, title="Kinderbetreuung im Kurs", **fields):
    return GenerativeTheme.objects.create(
        title=title,
        cluster=fields.pop("cluster", "Sprache und Bildung"),
        summary=fields.pop("summary", "Eltern brechen Kurse ab, weil Betreuung fehlt."),
        state=state,
        created_by=by,
        **fields,
    )


@pytest.fixture
def case(case_manager):
    return CaseFactory(case_manager=case_manager)


@pytest.fixture
def reports(case_manager, case):
    return [make_report(case_manager, case=case), make_report(case_manager)]


@pytest.fixture
def reconstruction(coordinator, reports):
    return make_reconstruction(coordinator, reports)


def _create(client, chosen, **overrides):
    data = {
        "title": "Kinderbetreuung während des Integrationskurses",
        "cluster": "Sprache und Bildung",
        "summary": "Eltern kleiner Kinder beginnen Kurse nicht oder brechen sie ab, weil die "
        "Kinderbetreuung fehlt oder nicht zu den Kurszeiten passt.",
        "reconstructions": [r.pk for r in chosen],
        **overrides,
    }
    return client.post(reverse("hurdles:theme_create"), data)


# --- creating ----------------------------------------------------------------------------------


def test_create_page_preselects_the_reconstruction(as_user, reconstruction, coordinator):
    make_theme(coordinator, cluster="Arbeit und Anerkennung")
    url = reverse("hurdles:theme_create") + f"?reconstruction={reconstruction.pk}"
    response = as_user("coordinator").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'name="reconstructions" value="{reconstruction.pk}" [^>]*checked', html)
    assert '<option value="Arbeit und Anerkennung">' in html  # datalist of clusters
    assert 'list="cluster-options"' in html


def test_theme_is_created_from_a_reconstruction(as_user, reconstruction, reports, coordinator):
    extra = make_report(coordinator)
    response = _create(as_user("coordinator"), [reconstruction], reports=[extra.pk])
    theme = GenerativeTheme.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("hurdles:theme_detail", args=[theme.pk])
    assert theme.title == "Kinderbetreuung während des Integrationskurses"
    assert theme.cluster == "Sprache und Bildung"
    assert theme.state == ThemeState.DEVELOPED
    assert theme.created_by == coordinator
    assert list(theme.reconstructions.all()) == [reconstruction]
    # the reports of the reconstruction belong to the theme, and the extra one
    assert set(theme.reports.all()) == {*reports, extra}
    change = ThemeStateChange.objects.get(theme=theme)
    assert (change.from_state, change.to_state, change.by) == (
        "",
        ThemeState.DEVELOPED,
        coordinator,
    )


def test_cluster_takes_the_spelling_of_an_existing_one(as_user, reconstruction, coordinator):
    make_theme(coordinator, cluster="Sprache und Bildung")
    _create(as_user("coordinator"), [reconstruction], cluster="  sprache  und bildung ")
    theme = GenerativeTheme.objects.get(title="Kinderbetreuung während des Integrationskurses")
    assert theme.cluster == "Sprache und Bildung"


@pytest.mark.parametrize(
    ("summary", "found"),
    [
        ("Rückfragen an kita@example.org", "E-Mail-Adresse („kita@example.org“)"),
        ("Seit dem 03.02.2025 ohne Kursplatz", "Datum (z. B. Geburtsdatum) („03.02.2025“)"),
        ("Telefonisch unter 02371 123456 erreichbar", "Telefonnummer"),
    ],
    ids=["email", "date", "phone"],
)
def test_summary_with_personal_data_is_refused(as_user, reconstruction, summary, found):
    response = _create(as_user("coordinator"), [reconstruction], summary=summary)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Die Zusammenfassung wird der Lenkungsgruppe vorgelegt und darf keine "
        "personenbezogenen Daten enthalten." in html
    )
    assert found in html
    assert summary in html  # the text stays for editing
    assert not GenerativeTheme.objects.exists()


def test_summary_with_the_clients_name_is_refused(as_user, reconstruction, case):
    name = case.client.last_name
    response = _create(
        as_user("coordinator"), [reconstruction], summary=f"Familie {name} fand keine Kita."
    )
    assert "Name der Klientin/des Klienten" in response.content.decode()
    assert not GenerativeTheme.objects.exists()


def test_title_with_personal_data_is_refused(as_user, reconstruction):
    response = _create(as_user("coordinator"), [reconstruction], title="Fall Az. 123/45")
    assert "Der Titel wird der Lenkungsgruppe vorgelegt" in response.content.decode()
    assert not GenerativeTheme.objects.exists()


def test_title_is_unique(as_user, reconstruction, coordinator):
    make_theme(coordinator, title="Kinderbetreuung während des Integrationskurses")
    response = _create(
        as_user("coordinator"),
        [reconstruction],
        title="kinderbetreuung  während des Integrationskurses",
    )
    assert "Ein generatives Thema mit diesem Titel gibt es schon." in response.content.decode()
    assert GenerativeTheme.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Bitte geben Sie einen Titel an."),
        ({"cluster": ""}, "Bitte geben Sie ein Cluster an."),
        ({"summary": ""}, "Bitte fassen Sie das Thema zusammen."),
        (
            {"reconstructions": []},
            "Ein generatives Thema geht auf mindestens eine durchgeführte Fallrekonstruktion "
            "zurück. Bitte wählen Sie eine aus.",
        ),
    ],
    ids=["title", "cluster", "summary", "reconstructions"],
)
def test_missing_input_is_refused(as_user, reconstruction, overrides, message):
    response = _create(as_user("coordinator"), [reconstruction], **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not GenerativeTheme.objects.exists()


def test_planned_reconstruction_cannot_be_chosen(as_user, reports, coordinator):
    planned = make_reconstruction(coordinator, reports, done=False)
    response = _create(as_user("coordinator"), [planned])
    assert "Diese Rekonstruktion gibt es nicht oder sie ist noch nicht durchgeführt." in (
        response.content.decode()
    )
    assert not GenerativeTheme.objects.exists()


def test_rejected_report_cannot_be_added(as_user, reconstruction, coordinator):
    rejected = make_report(coordinator, state=ReportState.REJECTED)
    response = _create(as_user("coordinator"), [reconstruction], reports=[rejected.pk])
    assert "Diese Meldung gibt es nicht oder sie wurde abgelehnt." in response.content.decode()
    assert not GenerativeTheme.objects.exists()


# --- list and detail ---------------------------------------------------------------------------


def test_list_shows_themes_with_state_cluster_and_counts(
    as_user, reconstruction, reports, coordinator
):
    theme = make_theme(coordinator, state=ThemeState.BEFORE_STEERING_GROUP)
    theme.reconstructions.add(reconstruction)
    theme.reports.add(*reports)
    make_theme(coordinator, title="Anerkennung Pflege", cluster="Arbeit")
    response = as_user("coordinator").get(reverse("hurdles:theme_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 generative Themen" in html
    assert "der Lenkungsgruppe vorgelegt" in html
    listed = {t.title: t for t in response.context["themes"]}
    assert (
        listed["Kinderbetreuung im Kurs"].report_count,
        listed["Anerkennung Pflege"].report_count,
    ) == (2, 0)
    assert listed["Kinderbetreuung im Kurs"].reconstruction_count == 1
    assert listed["Kinderbetreuung im Kurs"].municipality_count == 2


def test_list_filters_by_state(as_user, coordinator):
    make_theme(coordinator, state=ThemeState.BEFORE_STEERING_GROUP)
    make_theme(coordinator, title="Anerkennung Pflege")
    response = as_user("coordinator").get(
        reverse("hurdles:theme_list") + "?state=before_steering_group"
    )
    assert [t.title for t in response.context["themes"]] == ["Kinderbetreuung im Kurs"]


def test_detail_shows_summary_history_links_and_first_step(
    as_user, reconstruction, reports, coordinator
):
    client = as_user("coordinator")
    _create(client, [reconstruction])
    theme = GenerativeTheme.objects.get()
    response = client.get(reverse("hurdles:theme_detail", args=[theme.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kinderbetreuung fehlt oder nicht zu den Kurszeiten passt" in html
    assert "Jonas Keller" in html  # who created it, in the history
    assert reverse("hurdles:reconstruction_detail", args=[reconstruction.pk]) in html
    for report in reports:
        assert report.number in html
    assert [s["transition"].target for s in response.context["steps"]] == [
        ThemeState.BEFORE_STEERING_GROUP
    ]
    assert "Der Lenkungsgruppe vorlegen" in html


def test_detail_offers_only_the_steps_of_this_issue(as_user, coordinator):
    theme = make_theme(coordinator, state=ThemeState.BEFORE_STEERING_GROUP)
    response = as_user("coordinator").get(reverse("hurdles:theme_detail", args=[theme.pk]))
    html = response.content.decode()
    assert [s["transition"].target for s in response.context["steps"]] == [ThemeState.DEVELOPED]
    assert "Zur Überarbeitung zurücknehmen" in html
    assert "Arbeitsgruppe eingerichtet</span></button>" not in html


# --- state steps -------------------------------------------------------------------------------


def _change(client, theme, target, note=""):
    return client.post(
        reverse("hurdles:theme_change_state", args=[theme.pk]), {"target": target, "note": note}
    )


def test_theme_is_put_before_the_steering_group(as_user, coordinator):
    theme = make_theme(coordinator)
    response = _change(
        as_user("coordinator"), theme, ThemeState.BEFORE_STEERING_GROUP, "Sitzung im Mai"
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.state == ThemeState.BEFORE_STEERING_GROUP
    change = ThemeStateChange.objects.get(theme=theme)
    assert (change.from_state, change.to_state, change.by, change.note) == (
        ThemeState.DEVELOPED,
        ThemeState.BEFORE_STEERING_GROUP,
        coordinator,
        "Sitzung im Mai",
    )
    html = as_user("coordinator").get(response.url).content.decode()
    assert "steht jetzt auf „der Lenkungsgruppe vorgelegt“" in html
    assert "Sitzung im Mai" in html


def test_theme_is_taken_back(as_user, coordinator):
    theme = make_theme(coordinator, state=ThemeState.BEFORE_STEERING_GROUP)
    _change(as_user("coordinator"), theme, ThemeState.DEVELOPED, "Zahlen fehlen")
    theme.refresh_from_db()
    assert theme.state == ThemeState.DEVELOPED


@pytest.mark.parametrize("transition", THEME_TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_every_step_of_the_table_is_accepted(as_user, coordinator, transition):
    theme = make_theme(coordinator, state=transition.source)
    response = _change(as_user("coordinator"), theme, transition.target)
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.state == transition.target
    assert ThemeStateChange.objects.filter(theme=theme, to_state=transition.target).exists()


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (ThemeState.DEVELOPED, ThemeState.DECIDED),
        (ThemeState.DEVELOPED, ThemeState.DEVELOPED),
        (ThemeState.MONITORING, ThemeState.DEVELOPED),
    ],
)
def test_step_outside_the_table_is_refused(as_user, coordinator, source, target):
    theme = make_theme(coordinator, state=source)
    response = _change(as_user("coordinator"), theme, target)
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        f"Ein Thema im Stand „{ThemeState(source).label}“ kann nicht auf "
        f"„{ThemeState(target).label}“ gesetzt werden." in html
    )
    theme.refresh_from_db()
    assert theme.state == source
    assert not ThemeStateChange.objects.exists()


def test_unknown_state_is_refused(as_user, coordinator):
    theme = make_theme(coordinator)
    response = _change(as_user("coordinator"), theme, "abgeschafft")
    assert response.status_code == 400
    assert "Diesen Stand gibt es nicht." in response.content.decode()
    theme.refresh_from_db()
    assert theme.state == ThemeState.DEVELOPED


def test_state_change_needs_post(as_user, coordinator):
    theme = make_theme(coordinator)
    response = as_user("coordinator").get(reverse("hurdles:theme_change_state", args=[theme.pk]))
    assert response.status_code == 405


def test_service_refuses_a_step_outside_the_table(coordinator):
    theme = make_theme(coordinator)
    with pytest.raises(services.HurdleError, match="kann nicht"):
        services.change_theme_state(theme, ThemeState.MONITORING, by=coordinator)
    theme.refresh_from_db()
    assert theme.state == ThemeState.DEVELOPED

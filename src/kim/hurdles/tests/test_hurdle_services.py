"""State changes of reports and themes through the services: allowed, refused, recorded."""

import pytest

from kim.directory.tests.factories import MunicipalityFactory
from kim.hurdles import services
from kim.hurdles.models import (
    GenerativeTheme,
    HurdleReport,
    ReportState,
    ReportStateChange,
    ThemeState,
    ThemeStateChange,
    Topic,
)
from kim.hurdles.workflow import REPORT_TRANSITIONS, THEME_TRANSITIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(coordinator):
    return [Topic.objects.create(name=n, created_by=coordinator) for n in ("Wartezeiten", "Wohnen")]


def _report(case_manager, state=ReportState.RECEIVED, topic=None):
    return HurdleReport.objects.create(
        municipality=MunicipalityFactory(),
        description="Termin erst nach vier Monaten",
        source="case_management",
        reporter=case_manager,
        state=state,
        topic=topic,
    )


@pytest.mark.parametrize("transition", REPORT_TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_each_report_transition(transition, case_manager, coordinator, topics):
    start_topic = topics[0] if transition.source == ReportState.ASSIGNED else None
    report = _report(case_manager, transition.source, start_topic)
    services.change_report_state(
        report, transition.target, by=coordinator, topic=topics[1], reason="Doppelmeldung"
    )
    report.refresh_from_db()
    assert report.state == transition.target
    change = ReportStateChange.objects.get(report=report)
    assert (change.from_state, change.to_state, change.by) == (
        transition.source,
        transition.target,
        coordinator,
    )


@pytest.mark.parametrize(
    "target", [ReportState.ASSIGNED, ReportState.TRIAGED, ReportState.RECEIVED]
)
def test_rejected_report_stays_rejected(target, case_manager, coordinator, topics):
    report = _report(case_manager, ReportState.REJECTED)
    report.rejection_reason = "Einzelfall"
    report.save()
    with pytest.raises(services.HurdleError, match="kann nicht"):
        services.change_report_state(report, target, by=coordinator, topic=topics[0])
    report.refresh_from_db()
    assert (report.state, report.rejection_reason) == (ReportState.REJECTED, "Einzelfall")


def test_assignment_needs_a_topic_and_rejection_a_reason(case_manager, coordinator):
    report = _report(case_manager)
    with pytest.raises(services.HurdleError, match="Thema"):
        services.change_report_state(report, ReportState.ASSIGNED, by=coordinator)
    with pytest.raises(services.HurdleError, match="Grund"):
        services.change_report_state(report, ReportState.REJECTED, by=coordinator, reason="  ")
    report.refresh_from_db()
    assert report.state == ReportState.RECEIVED
    assert not ReportStateChange.objects.exists()


@pytest.mark.parametrize("transition", THEME_TRANSITIONS, ids=lambda t: f"{t.source}->{t.target}")
def test_each_theme_transition(transition, coordinator):
    theme = GenerativeTheme.objects.create(
        title="T", cluster="C", summary="S", created_by=coordinator, state=transition.source
    )
    services.change_theme_state(theme, transition.target, by=coordinator, note="LG 2/2026")
    theme.refresh_from_db()
    assert theme.state == transition.target
    assert ThemeStateChange.objects.get(theme=theme).note == "LG 2/2026"


def test_theme_cannot_skip_the_steering_group(coordinator):
    theme = GenerativeTheme.objects.create(
        title="T", cluster="C", summary="S", created_by=coordinator
    )
    with pytest.raises(services.HurdleError):
        services.change_theme_state(theme, ThemeState.DECIDED, by=coordinator)
    theme.refresh_from_db()
    assert theme.state == ThemeState.DEVELOPED

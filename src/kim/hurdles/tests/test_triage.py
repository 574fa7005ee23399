"""Triage by coordination: every step of ``workflow.REPORT_TRANSITIONS`` through the detail page,
recorded with who and when; refused steps change nothing and say why in German; the topic
suggestion and the similar reports are shown but never applied on their own."""

import pytest
from django.urls import reverse

from kim.hurdles import suggest, workflow
from kim.hurdles.models import HurdleReport, ReportState, ReportStateChange
from kim.hurdles.tests.factories import HurdleReportFactory, TopicFactory

pytestmark = pytest.mark.django_db

R = ReportState

WAITING = [
    "Die Ausländerbehörde vergibt keine Termine, die Wartezeit beträgt Monate.",
    "Wartezeit bei der Ausländerbehörde für die Verlängerung des Aufenthaltstitels zu lang.",
    "Keine Termine bei der Ausländerbehörde, Fiktionsbescheinigung kommt zu spät.",
]
CHILDCARE = [
    "Kein Kitaplatz, deshalb kann die Mutter den Integrationskurs nicht besuchen.",
    "Kinderbetreuung während des Integrationskurses fehlt, Kita hat keinen Platz.",
    "Integrationskurs ohne Kinderbetreuung, keine Kita in der Nähe.",
]


@pytest.fixture
def coordination(as_user):
    return as_user("coordinator")


@pytest.fixture
def topic(db):
    return TopicFactory(name="Wartezeiten Ausländerbehörde")


def _report_in(state, topic=None):
    report = HurdleReportFactory(state=state)
    if state == R.ASSIGNED:
        report.topic = topic or TopicFactory()
        report.save()
    if state == R.REJECTED:
        report.rejection_reason = "Keine strukturelle Hürde."
        report.save()
    return report


def _step(client, report, target, **data):
    return client.post(
        reverse("hurdles:report_change_state", args=[report.pk]), {"target": target, **data}
    )


def _data_for(transition, topic):
    data = {}
    if transition.needs_topic:
        data["topic"] = topic.pk
    if transition.needs_reason:
        data["reason"] = "Betrifft keinen Zuständigkeitsbereich des Kreises."
    return data


@pytest.mark.parametrize(
    "transition",
    workflow.REPORT_TRANSITIONS,
    ids=[f"{t.source}->{t.target}" for t in workflow.REPORT_TRANSITIONS],
)
def test_every_transition_through_the_ui_is_recorded(coordination, coordinator, topic, transition):
    report = _report_in(transition.source)

    response = _step(coordination, report, transition.target, **_data_for(transition, topic))

    assert response.status_code == 302
    assert response.url == reverse("hurdles:report_detail", args=[report.pk])
    report.refresh_from_db()
    assert report.state == transition.target
    change = ReportStateChange.objects.get(report=report)
    assert change.from_state == transition.source
    assert change.to_state == transition.target
    assert change.by == coordinator
    assert change.at is not None
    if transition.needs_topic:
        assert report.topic == topic
        assert change.topic == topic
    if transition.needs_reason:
        assert report.rejection_reason == "Betrifft keinen Zuständigkeitsbereich des Kreises."
        assert change.note == report.rejection_reason


def test_each_allowed_step_is_offered_on_the_detail_page(coordination, topic):
    report = _report_in(R.RECEIVED)

    content = coordination.get(reverse("hurdles:report_detail", args=[report.pk])).content.decode()

    for transition in workflow.report_transitions_from(R.RECEIVED):
        assert str(transition.label) in content
        assert f'name="target" value="{transition.target}"' in content
    assert reverse("hurdles:report_change_state", args=[report.pk]) in content
    assert 'name="reason"' in content
    assert 'name="topic"' in content


def test_history_shows_who_when_and_the_step(coordination, coordinator, topic):
    report = _report_in(R.RECEIVED)
    _step(coordination, report, R.TRIAGED)
    _step(coordination, report, R.ASSIGNED, topic=topic.pk)

    content = coordination.get(reverse("hurdles:report_detail", args=[report.pk])).content.decode()

    assert "eingegangen → gesichtet" in content
    assert "gesichtet → einem Thema zugeordnet" in content
    assert str(coordinator) in content
    assert "Wartezeiten Ausländerbehörde" in content


def test_rejection_needs_a_reason(coordination):
    report = _report_in(R.RECEIVED)

    response = _step(coordination, report, R.REJECTED, reason="   ")

    assert response.status_code == 400
    assert "Bitte geben Sie den Grund der Ablehnung an." in response.content.decode()
    report.refresh_from_db()
    assert report.state == R.RECEIVED
    assert not ReportStateChange.objects.filter(report=report).exists()


def test_assignment_needs_a_topic(coordination):
    report = _report_in(R.TRIAGED)

    response = _step(coordination, report, R.ASSIGNED, topic="")

    assert response.status_code == 400
    assert "Bitte wählen Sie ein Thema." in response.content.decode()
    report.refresh_from_db()
    assert (report.state, report.topic) == (R.TRIAGED, None)


def test_unknown_topic_is_refused(coordination):
    report = _report_in(R.RECEIVED)

    response = _step(coordination, report, R.ASSIGNED, topic=999999)

    assert response.status_code == 400
    assert "Dieses Thema gibt es nicht." in response.content.decode()
    report.refresh_from_db()
    assert report.state == R.RECEIVED


def test_reassigning_to_the_same_topic_is_refused(coordination, topic):
    report = _report_in(R.ASSIGNED, topic=topic)

    response = _step(coordination, report, R.ASSIGNED, topic=topic.pk)

    assert response.status_code == 400
    assert "Die Meldung ist diesem Thema schon zugeordnet." in response.content.decode()
    assert not ReportStateChange.objects.filter(report=report).exists()


def test_rejected_report_stays_visible_with_its_reason(coordination):
    report = _report_in(R.RECEIVED)
    _step(coordination, report, R.REJECTED, reason="Doppelte Meldung zu M-00001.")

    detail = coordination.get(reverse("hurdles:report_detail", args=[report.pk])).content.decode()
    listing = coordination.get(reverse("hurdles:report_list"), {"state": R.REJECTED})

    assert "Die Koordination hat die Meldung abgelehnt" in detail
    assert "Doppelte Meldung zu M-00001." in detail
    assert report.number in listing.content.decode()
    assert "Doppelte Meldung zu M-00001." in listing.content.decode()
    assert HurdleReport.objects.filter(pk=report.pk, state=R.REJECTED).exists()


def test_disallowed_step_is_refused(coordination, topic):
    report = _report_in(R.REJECTED)

    response = _step(coordination, report, R.ASSIGNED, topic=topic.pk)

    assert response.status_code == 400
    assert (
        "Eine Meldung im Stand „abgelehnt“ kann nicht auf „einem Thema zugeordnet“ gesetzt werden."
        in response.content.decode()
    )
    report.refresh_from_db()
    assert (report.state, report.topic) == (R.REJECTED, None)
    assert not ReportStateChange.objects.filter(report=report).exists()


def test_step_back_to_received_is_refused(coordination):
    report = _report_in(R.TRIAGED)

    response = _step(coordination, report, R.RECEIVED)

    assert response.status_code == 400
    assert "kann nicht auf „eingegangen“ gesetzt werden." in response.content.decode()
    report.refresh_from_db()
    assert report.state == R.TRIAGED


def test_unknown_step_is_refused(coordination):
    report = _report_in(R.RECEIVED)

    response = _step(coordination, report, "archived")

    assert response.status_code == 400
    assert "Diesen Schritt gibt es nicht." in response.content.decode()
    report.refresh_from_db()
    assert report.state == R.RECEIVED


def test_rejected_report_offers_no_steps(coordination):
    report = _report_in(R.REJECTED)

    content = coordination.get(reverse("hurdles:report_detail", args=[report.pk])).content.decode()

    assert "Die Meldung ist abgelehnt. Sie bleibt mit ihrem Grund erhalten." in content
    assert 'name="target"' not in content


# --- suggestion and similar reports -------------------------------------------------------------


@pytest.fixture
def trained(topic):
    childcare = TopicFactory(name="Kinderbetreuung während des Integrationskurses")
    for text in WAITING:
        HurdleReportFactory(state=R.ASSIGNED, topic=topic, description=text, consequence="")
    for text in CHILDCARE:
        HurdleReportFactory(state=R.ASSIGNED, topic=childcare, description=text, consequence="")
    suggest._cache.clear()
    return topic, childcare


def test_suggestion_is_shown_and_preselected_but_not_applied(coordination, trained):
    topic, _childcare = trained
    report = HurdleReportFactory(
        description="Die Ausländerbehörde hat für die Verlängerung keine Termine frei.",
        consequence="",
        attempts="",
    )
    expected = suggest.suggest_topic(report)
    assert expected is not None and expected[0] == topic

    response = coordination.get(reverse("hurdles:report_detail", args=[report.pk]))

    content = response.content.decode()
    percent = round(expected[1] * 100)
    assert f"<strong>Wartezeiten Ausländerbehörde</strong> (Sicherheit {percent} %)" in content
    assert f'<option value="{topic.pk}" selected>' in content
    report.refresh_from_db()
    assert report.state == R.RECEIVED
    assert report.topic is None
    assert not ReportStateChange.objects.filter(report=report).exists()


def test_similar_reports_are_listed(coordination, trained):
    report = HurdleReportFactory(
        description="Kein Kitaplatz während des Integrationskurses, Kinderbetreuung fehlt.",
        consequence="",
        attempts="",
    )
    similar = suggest.similar_reports(report)
    assert similar

    content = coordination.get(reverse("hurdles:report_detail", args=[report.pk])).content.decode()

    assert "Ähnliche Meldungen" in content
    for other, score in similar:
        assert reverse("hurdles:report_detail", args=[other.pk]) in content
        assert other.number in content
        assert f"{round(score * 100)} %" in content
    assert "Kinderbetreuung während des Integrationskurses" in content


def test_no_suggestion_without_assigned_reports(coordination):
    suggest._cache.clear()
    report = HurdleReportFactory()

    content = coordination.get(reverse("hurdles:report_detail", args=[report.pk])).content.decode()

    assert "Kein Vorschlag" in content
    report.refresh_from_db()
    assert report.state == R.RECEIVED

"""The topic list of coordination: topics with their number of reports per state, a form to add
a topic (unique name, German messages), and each topic's reports."""

import pytest
from django.urls import reverse

from kim.hurdles.models import ReportState, Topic
from kim.hurdles.tests.factories import HurdleReportFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("hurdles:topic_list")


def test_topic_list_counts_reports_per_state(as_user):
    topic = TopicFactory(name="Anerkennung ausländischer Abschlüsse")
    other = TopicFactory(name="Wohnsitzauflage")
    HurdleReportFactory.create_batch(3, state=ReportState.ASSIGNED, topic=topic)
    HurdleReportFactory(state=ReportState.ASSIGNED, topic=other)
    HurdleReportFactory(state=ReportState.RECEIVED)

    response = as_user("coordinator").get(LIST)

    assert response.status_code == 200
    rows = {row["topic"].name: row for row in response.context["rows"]}
    states = [value for value, _label in response.context["states"]]
    assigned = states.index(ReportState.ASSIGNED)
    assert rows["Anerkennung ausländischer Abschlüsse"]["counts"][assigned] == 3
    assert rows["Anerkennung ausländischer Abschlüsse"]["total"] == 3
    assert rows["Wohnsitzauflage"]["total"] == 1
    content = response.content.decode()
    assert "Anerkennung ausländischer Abschlüsse" in content
    assert reverse("hurdles:topic_detail", args=[topic.pk]) in content
    for _value, label in ReportState.choices:
        assert str(label) in content


def test_coordination_creates_a_topic(as_user, coordinator):
    response = as_user("coordinator").post(
        LIST, {"name": "Sprachkurse bei Duldung", "description": "Zugang zu Kursen"}, follow=True
    )

    topic = Topic.objects.get()
    assert response.redirect_chain == [(LIST, 302)]
    assert "Das Thema „Sprachkurse bei Duldung“ wurde angelegt." in response.content.decode()
    assert (topic.name, topic.description, topic.created_by) == (
        "Sprachkurse bei Duldung",
        "Zugang zu Kursen",
        coordinator,
    )
    assert topic.active is True


def test_duplicate_topic_name_is_refused(as_user):
    TopicFactory(name="Wohnsitzauflage")

    response = as_user("coordinator").post(LIST, {"name": "Wohnsitzauflage"})

    assert response.status_code == 200
    assert "Ein Thema mit dieser Bezeichnung gibt es schon." in response.content.decode()
    assert Topic.objects.count() == 1


def test_duplicate_topic_name_in_other_case_is_refused(as_user):
    TopicFactory(name="Wohnsitzauflage")

    response = as_user("coordinator").post(LIST, {"name": "  wohnsitzauflage "})

    assert "Ein Thema mit dieser Bezeichnung gibt es schon." in response.content.decode()
    assert Topic.objects.count() == 1


def test_empty_topic_name_is_refused(as_user):
    response = as_user("coordinator").post(LIST, {"name": "   ", "description": "ohne Namen"})

    content = response.content.decode()
    assert "Bitte geben Sie die Bezeichnung des Themas an." in content
    assert "ohne Namen" in content
    assert Topic.objects.count() == 0


def test_topic_detail_lists_its_reports(as_user):
    topic = TopicFactory(name="Wohnsitzauflage")
    own = HurdleReportFactory(state=ReportState.ASSIGNED, topic=topic)
    elsewhere = HurdleReportFactory(state=ReportState.ASSIGNED, topic=TopicFactory())

    response = as_user("coordinator").get(reverse("hurdles:topic_detail", args=[topic.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Thema: Wohnsitzauflage" in content
    assert reverse("hurdles:report_detail", args=[own.pk]) in content
    assert reverse("hurdles:report_detail", args=[elsewhere.pk]) not in content
    assert "1 Meldung zu diesem Thema" in content


def test_unknown_topic_is_404(as_user):
    assert (
        as_user("coordinator").get(reverse("hurdles:topic_detail", args=[999999])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "role",
    ["case_manager", "external_partner", "steering_member", "auditor", "administrator"],
)
def test_topics_are_for_coordination_only(as_user, role):
    topic = TopicFactory()
    client = as_user(role)

    assert client.get(LIST).status_code == 403
    assert client.get(reverse("hurdles:topic_detail", args=[topic.pk])).status_code == 403
    assert client.post(LIST, {"name": "Neues Thema"}).status_code == 403
    assert Topic.objects.count() == 1

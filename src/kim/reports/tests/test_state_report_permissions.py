"""Who sees the state controlling report and may export it: coordination only; every other role
gets 403, anonymous users the login. And bad input of the filter form gets a German message."""

import pytest
from django.urls import reverse

from kim.reports.models import ExportJob

from .fixtures import END, START, reference_data_fixture  # noqa: F401

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}
OTHER_ROLES = [
    "case_manager",
    "steering_member",
    "external_partner",
    "auditor",
    "administrator",
    "user_without_role",
]


@pytest.fixture
def job(coordinator):
    return ExportJob.objects.create(
        user=coordinator, report="state_report", format="csv", state="running"
    )


def urls(job):
    return [
        reverse("reports:state_report"),
        reverse("reports:export_status", args=[job.pk]),
        reverse("reports:export_download", args=[job.pk]),
    ]


def test_coordination_sees_the_report_with_its_definitions(reference_data, as_user):
    response = as_user("coordinator").get(reverse("reports:state_report"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Landescontrolling" in html
    assert "Personen mit mindestens einem Beratungskontakt im Zeitraum" in html  # a definition
    assert 'name="format" value="xlsx"' in html and 'name="format" value="pdf"' in html
    assert len(response.context["tables"]) == 13


def test_without_a_period_the_report_shows_the_year_so_far(as_user):
    response = as_user("coordinator").get(reverse("reports:state_report"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.is_valid()
    assert form.cleaned_data["start"].month == 1 and form.cleaned_data["start"].day == 1


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403(as_user, role, job):
    client = as_user(role)
    for url in urls(job):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("reports:export_create"), {**PERIOD, "format": "csv"})
    assert response.status_code == 403
    assert ExportJob.objects.count() == 1


def test_anonymous_users_are_sent_to_the_login(client, job):
    for url in [*urls(job), reverse("reports:export_create")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_export_is_started_by_post_only(as_user):
    response = as_user("coordinator").get(reverse("reports:export_create"), PERIOD)
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"start": "2025-06-30", "end": "2025-01-01"},
            "end",
            "Das Ende des Zeitraums darf nicht vor dem Beginn liegen.",
        ),
        ({"start": "", "end": "2025-01-01"}, "start", "Bitte geben Sie den Beginn"),
        ({**PERIOD, "municipality": "999999"}, "municipality", "Diesen Wert gibt es nicht."),
        ({**PERIOD, "access_channel": "teleport"}, "access_channel", "Diesen Wert gibt es nicht."),
        ({**PERIOD, "age_group": "200_plus"}, "age_group", "Diesen Wert gibt es nicht."),
    ],
)
def test_bad_input_gets_a_german_message_and_no_figures(as_user, data, field, message):
    response = as_user("coordinator").get(reverse("reports:state_report"), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert response.context["tables"] is None

"""The activity report for political committees (concept § 3.8): figures of a period – meetings
per body, adopted resolutions, generative themes by state, hurdle reports by topic, case counts –
as a page and a PDF; aggregates only, nothing about a person."""

import datetime

import pytest
from django.urls import reverse

from kim.cases.tests.factories import CaseFactory
from kim.conftest import ROLE_FIXTURES
from kim.governance import pdf
from kim.governance.models import BodyKind, MeetingState, Resolution, ResolutionKind
from kim.governance.tests.test_minutes import aware, make_body, make_district, make_meeting
from kim.hurdles.models import GenerativeTheme, ReportState, ThemeState
from kim.hurdles.tests.factories import HurdleReportFactory, TopicFactory
from kim.hurdles.tests.test_theme_overview import pdf_text

pytestmark = pytest.mark.django_db

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)
URL = reverse("governance:activity_report")


def resolution(meeting, number, by, result="adopted"):
    return Resolution.objects.create(
        meeting=meeting,
        number=number,
        text=f"Beschlusstext {number}",
        kind=ResolutionKind.OTHER,
        votes_for=5,
        votes_against=1,
        votes_abstain=0,
        result=result,
        created_by=by,
    )


def theme(title, state, created_on, by):
    created = GenerativeTheme.objects.create(
        title=title, cluster="Aufenthalt", summary="anonymisiert", state=state, created_by=by
    )
    GenerativeTheme.objects.filter(pk=created.pk).update(
        created_at=aware(created_on.year, created_on.month, created_on.day)
    )
    return created


def case(opened_on, closed_on=None):
    return CaseFactory(opened_on=opened_on, closed_on=closed_on)


@pytest.fixture
def data(coordinator):
    make_district()
    steering = make_body()
    circle = make_body("Facharbeitskreis Integration", BodyKind.WORKING_CIRCLE, short_name="FAK")
    first = make_meeting(steering, coordinator, aware(2025, 2, 10))
    make_meeting(steering, coordinator, aware(2025, 5, 5))
    make_meeting(steering, coordinator, aware(2025, 5, 20), state=MeetingState.CANCELLED)
    later = make_meeting(steering, coordinator, aware(2025, 8, 1))
    make_meeting(circle, coordinator, aware(2025, 3, 3))
    resolution(first, "LG-2025-01", coordinator)
    resolution(first, "LG-2025-02", coordinator, result="rejected")
    resolution(later, "LG-2025-03", coordinator)

    theme(
        "Wartezeiten Ausländerbehörde",
        ThemeState.WORKING_GROUP,
        datetime.date(2025, 1, 5),
        coordinator,
    )
    theme(
        "Anerkennung von Abschlüssen", ThemeState.DEVELOPED, datetime.date(2025, 3, 1), coordinator
    )
    theme("Kitaplätze", ThemeState.DEVELOPED, datetime.date(2025, 4, 1), coordinator)
    theme("Nach dem Zeitraum", ThemeState.DEVELOPED, datetime.date(2025, 9, 1), coordinator)

    residence = TopicFactory(name="Aufenthalt")
    language = TopicFactory(name="Sprachkurse")
    secret = "Frau Geheim aus Hemer wartet seit Monaten."
    for day in (datetime.date(2025, 2, 1), datetime.date(2025, 6, 30)):
        HurdleReportFactory(
            reported_on=day, topic=residence, state=ReportState.ASSIGNED, description=secret
        )
    HurdleReportFactory(
        reported_on=datetime.date(2025, 3, 1), topic=language, state=ReportState.ASSIGNED
    )
    HurdleReportFactory(reported_on=datetime.date(2025, 4, 1))
    HurdleReportFactory(reported_on=datetime.date(2025, 4, 2), state=ReportState.REJECTED)
    HurdleReportFactory(reported_on=datetime.date(2025, 7, 1), topic=residence)

    cases = [
        case(datetime.date(2024, 6, 1)),  # open throughout
        case(datetime.date(2024, 12, 1)),  # open throughout
        case(datetime.date(2024, 11, 1), datetime.date(2025, 3, 1)),  # closed in the period
        case(datetime.date(2025, 2, 1)),  # new
        case(datetime.date(2025, 5, 1)),  # new
        case(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)),  # new and closed
        case(datetime.date(2025, 7, 1)),  # after
        case(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),  # before
    ]
    return {"secret": secret, "cases": cases}


def figures(report):
    return dict(report.cases)


def test_the_figures_of_a_period(data, coordinator):
    report = pdf.activity_report(START, END, user=coordinator)

    assert [(entry.body.name, entry.dates) for entry in report.bodies] == [
        ("Lenkungsgruppe KIM", [datetime.date(2025, 2, 10), datetime.date(2025, 5, 5)]),
        ("Facharbeitskreis Integration", [datetime.date(2025, 3, 3)]),
    ]
    assert report.meeting_count == 3
    assert [r.number for r in report.resolutions] == ["LG-2025-01"]
    assert [t.title for t in report.themes] == [
        "Anerkennung von Abschlüssen",
        "Kitaplätze",
        "Wartezeiten Ausländerbehörde",
    ]
    assert report.theme_counts == [("erarbeitet", 2), ("Arbeitsgruppe eingerichtet", 1)]
    assert report.report_count == 5
    assert report.rejected_report_count == 1
    assert report.reports_by_topic == [
        ("Aufenthalt", 2),
        ("Sprachkurse", 1),
        ("noch keinem Thema zugeordnet", 1),
    ]
    assert figures(report) == {
        "zu Beginn des Zeitraums offen": 3,
        "im Zeitraum neu begonnen": 3,
        "im Zeitraum abgeschlossen": 2,
        "am Ende des Zeitraums offen": 4,
    }


def test_the_preview_shows_the_figures(as_user, data):
    response = as_user("coordinator").get(URL, {"start": "2025-01-01", "end": "2025-06-30"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Tätigkeitsbericht des Kommunalen Integrationsmanagements 01.01.2025–30.06.2025" in body
    assert "10.02.2025, 05.05.2025" in body
    assert "Beschlusstext LG-2025-01" in body
    assert "Beschlusstext LG-2025-02" not in body
    assert "Kitaplätze" in body
    assert "Im Berichtszeitraum gingen 5 Meldebögen ein (davon 1 abgelehnt)." in body
    assert "am Ende des Zeitraums offen" in body
    assert data["secret"] not in body
    for item in data["cases"]:
        assert item.number not in body
        assert item.client.last_name not in body


def test_the_pdf_holds_the_same_figures_and_nothing_personal(as_user, data):
    response = as_user("coordinator").get(
        URL, {"start": "2025-01-01", "end": "2025-06-30", "format": "pdf"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "taetigkeitsbericht-kim-2025-01-01-2025-06-30.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Märkischer Kreis" in text
    assert "Tätigkeitsbericht des Kommunalen" in text
    assert "01.01.2025–30.06.2025" in text
    assert "1. Sitzungen der Gremien" in text
    assert "Lenkungsgruppe KIM" in text
    assert "LG-2025-01" in text
    assert "LG-2025-02" not in text
    assert "Wartezeiten Ausländerbehörde" in text
    assert "Sprachkurse" in text
    assert "im Zeitraum neu begonnen" in text
    assert "ENTWURF" not in text
    assert "Geheim" not in text
    for item in data["cases"]:
        assert item.number not in text
        assert item.client.last_name not in text


def test_the_form_starts_with_the_current_year(as_user):
    response = as_user("coordinator").get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["start"].month == 1
    assert form.initial["start"].day == 1
    assert response.context["report"] is None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"start": "2025-06-30", "end": "2025-01-01"},
            "Das Ende des Zeitraums darf nicht vor dem Beginn liegen.",
        ),
        (
            {"start": "", "end": "2025-01-01"},
            "Bitte geben Sie den Beginn des Berichtszeitraums an.",
        ),
        ({"start": "2025-01-01", "end": ""}, "Bitte geben Sie das Ende des Berichtszeitraums an."),
        ({"start": "2025-13-01", "end": "2025-12-31"}, "Bitte geben Sie ein gültiges Datum ein"),
    ],
)
def test_a_bad_period_gets_a_german_message_and_no_report(as_user, params, message):
    response = as_user("coordinator").get(URL, {**params, "format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
    assert response.context["report"] is None


def test_german_dates_are_accepted(as_user, data):
    response = as_user("coordinator").get(URL, {"start": "01.01.2025", "end": "30.06.2025"})

    assert response.context["report"].meeting_count == 3


@pytest.mark.parametrize("role", [role for role in ROLE_FIXTURES if role != "coordinator"])
def test_only_coordination_gets_the_report(as_user, role):
    client = as_user(role)

    assert client.get(URL).status_code == 403
    assert (
        client.get(URL, {"start": "2025-01-01", "end": "2025-06-30", "format": "pdf"}).status_code
        == 403
    )

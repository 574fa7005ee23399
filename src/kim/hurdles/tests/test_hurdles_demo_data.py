"""The demo data of the system level: about 60 fictitious hurdle reports over nine topics in every
state, two case reconstructions and three generative themes; no personal data in any text;
loading it twice changes nothing."""

import datetime
import itertools
import re
import time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from kim.accounts import demo as accounts_demo
from kim.accounts.models import User
from kim.cases import demo as cases_demo
from kim.directory import demo as directory_demo
from kim.directory.models import Municipality
from kim.hurdles import demo as hurdles_demo
from kim.hurdles.models import (
    CaseReconstruction,
    GenerativeTheme,
    HurdleReport,
    ReconstructionState,
    ReportSource,
    ReportState,
    ReportStateChange,
    ThemeState,
    ThemeStateChange,
    Topic,
)
from kim.hurdles.personal_data import find_personal_data
from kim.hurdles.services import client_names
from kim.targetsystems.demo import THEME as TARGET_SYSTEM_THEME

pytestmark = pytest.mark.django_db

SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("hurdles").get_models()
    }


@pytest.fixture
def demo(capsys):
    call_command("load_demo_data")
    return capsys.readouterr().out


def test_loading_twice_gives_the_same_counts(demo, capsys):
    first = _counts()
    reports = list(HurdleReport.objects.order_by("pk").values_list("pk", "description", "state"))
    call_command("load_demo_data")
    assert _counts() == first
    assert list(HurdleReport.objects.order_by("pk").values_list("pk", "description", "state")) == (
        reports
    )
    assert "Die Demo-Meldebögen waren schon vorhanden und bleiben unverändert." in (
        capsys.readouterr().out
    )
    assert hurdles_demo.load() == {"reports": 0, "topics": 0, "reconstructions": 0, "themes": 0}
    assert _counts() == first


def test_the_command_says_what_it_created(demo):
    line = (
        f"{HurdleReport.objects.count()} fiktive Meldebögen zu {Topic.objects.count()} Themen, "
        f"{CaseReconstruction.objects.count()} Fallrekonstruktionen und "
        # the target systems demo adds its own theme afterwards (kim/targetsystems/demo.py)
        f"{GenerativeTheme.objects.exclude(title=TARGET_SYSTEM_THEME).count()} generative "
        "Themen angelegt."
    )
    assert line in demo


def test_about_60_reports_over_nine_topics(demo):
    assert 55 <= HurdleReport.objects.count() <= 65
    assert Topic.objects.count() == 9
    with_reports = Topic.objects.filter(reports__isnull=False).distinct()
    assert with_reports.count() >= 8
    for topic in with_reports:
        assert topic.reports.count() >= 4, topic


def test_every_state_is_present_and_assignments_are_recorded(demo):
    counts = {state: HurdleReport.objects.filter(state=state).count() for state in ReportState}
    assert counts[ReportState.ASSIGNED] >= 40
    assert counts[ReportState.RECEIVED] >= 5
    assert counts[ReportState.TRIAGED] >= 3
    assert counts[ReportState.REJECTED] >= 2
    coordinator = User.objects.get(username="jonas.keller")
    now = timezone.now()
    for report in HurdleReport.objects.all():
        changes = list(report.state_changes.all())
        assert (changes[0].from_state, changes[0].to_state, changes[0].by) == (
            "",
            ReportState.RECEIVED,
            report.reporter,
        )
        assert changes[-1].to_state == report.state
        assert all(c.by == coordinator for c in changes[1:])
        assert all(a.at <= b.at <= now for a, b in itertools.pairwise(changes))
        if report.state == ReportState.ASSIGNED:
            assert report.topic is not None and changes[-1].topic == report.topic
        else:
            assert report.topic is None


def test_rejected_reports_keep_their_reason(demo):
    rejected = HurdleReport.objects.filter(state=ReportState.REJECTED)
    assert rejected.count() >= 2
    for report in rejected:
        assert report.rejection_reason
        change = report.state_changes.get(to_state=ReportState.REJECTED)
        assert change.note == report.rejection_reason
    assert rejected.filter(rejection_reason__startswith="Einzelfall").exists()
    assert rejected.filter(rejection_reason__startswith="Doppelmeldung").exists()


def test_reports_spread_over_the_district_and_the_last_year(demo):
    assert set(HurdleReport.objects.values_list("municipality", flat=True)) == set(
        Municipality.objects.values_list("pk", flat=True)
    )
    today = timezone.localdate()
    for report in HurdleReport.objects.all():
        assert today - datetime.timedelta(days=366) <= report.reported_on <= today
        assert report.life_domains.exists()
        assert 2 <= len(SENTENCE_END.findall(report.description)) <= 4, report.number
    # hospitals and doctors' practices are not in the directory; everything else is
    without_institution = HurdleReport.objects.filter(organisations__isnull=True)
    assert without_institution.count() <= 3
    assert HurdleReport.objects.filter(legal_domains__isnull=False).distinct().count() >= 50


def test_two_thirds_from_case_management_one_third_external(demo):
    total = HurdleReport.objects.count()
    external = HurdleReport.objects.filter(source=ReportSource.EXTERNAL)
    assert 0.25 * total <= external.count() <= 0.42 * total


def test_external_reports_belong_to_the_partners_organisation(demo):
    partner = User.objects.get(username="lea.hoffmann")
    external = HurdleReport.objects.filter(source=ReportSource.EXTERNAL)
    assert external.exists()
    for report in external:
        assert report.reporter == partner
        assert report.reporter_organisation == partner.organisation
        assert report.case is None
    assert set(HurdleReport.objects.visible_to(partner)) == set(external)


def test_case_management_reports_come_from_a_case_of_their_reporter(demo):
    internal = HurdleReport.objects.filter(source=ReportSource.CASE_MANAGEMENT)
    reporters = set(internal.values_list("reporter__username", flat=True))
    assert reporters <= set(cases_demo.AREAS)
    assert len(reporters) >= 3
    for report in internal.select_related("case__client"):
        assert report.case is not None
        assert report.case.case_manager == report.reporter


def test_no_personal_data_in_any_text(demo):
    for report in HurdleReport.objects.select_related("case__client"):
        text = "\n".join(
            [
                report.description,
                report.consequence,
                report.attempts,
                report.suggested_topic,
                report.rejection_reason,
            ]
        )
        assert find_personal_data(text, client_names(report.case)) == [], report.number
    for theme in GenerativeTheme.objects.all():
        assert find_personal_data(f"{theme.title}\n{theme.summary}") == [], theme.title
    for reconstruction in CaseReconstruction.objects.all():
        steps = [f"{s.actor} {s.what} {s.note}" for s in reconstruction.steps.all()]
        text = "\n".join([reconstruction.title, reconstruction.findings, *steps])
        assert find_personal_data(text) == [], reconstruction.title


def test_the_wording_varies_within_a_topic(demo):
    """Not a template with swapped words: no two reports share a sentence opening."""
    openings = [" ".join(r.description.split()[:4]) for r in HurdleReport.objects.all()]
    assert len(set(openings)) == len(openings)


def test_one_reconstruction_done_and_one_planned(demo):
    done = CaseReconstruction.objects.get(state=ReconstructionState.DONE)
    planned = CaseReconstruction.objects.get(state=ReconstructionState.PLANNED)
    steps = list(done.steps.all())
    assert 5 <= len(steps) <= 7
    assert any(step.is_break_point for step in steps)
    assert any(step.waiting_days for step in steps)
    assert len({step.organisation_id for step in steps if step.organisation_id}) >= 3
    assert done.findings and done.held_on < timezone.localdate()
    assert planned.planned_for > timezone.now() and not planned.findings
    partner = User.objects.get(username="lea.hoffmann")
    for reconstruction in (done, planned):
        reports = list(reconstruction.reports.all())
        assert len(reports) >= 3
        assert all(r.state != ReportState.REJECTED for r in reports)
        assert reconstruction.moderator.username == "jonas.keller"
        assert reconstruction.participants.count() >= 1
        assert partner.organisation in reconstruction.external_organisations.all()
    for report in done.reports.all():
        assert report.reported_on < done.held_on


def test_three_themes_in_clusters_one_before_the_steering_group(demo):
    themes = GenerativeTheme.objects.with_figures()
    assert {t.cluster for t in themes} == {
        "Aufenthalt und Verwaltung",
        "Sprache und Bildung",
        "Arbeit und Anerkennung",
    }
    for theme in themes:
        assert theme.report_count >= 3 and theme.municipality_count >= 2
        assert theme.state_changes.first().to_state == ThemeState.DEVELOPED
    before = themes.get(state=ThemeState.BEFORE_STEERING_GROUP)
    assert before.reconstructions.filter(state=ReconstructionState.DONE).exists()
    assert ThemeStateChange.objects.filter(
        theme=before,
        from_state=ThemeState.DEVELOPED,
        to_state=ThemeState.BEFORE_STEERING_GROUP,
        by__username="jonas.keller",
    ).exists()


def test_loads_in_well_under_a_few_seconds():
    directory_demo.load()
    accounts_demo.load()
    cases_demo.load()
    started = time.monotonic()
    counts = hurdles_demo.load()
    assert time.monotonic() - started < 3
    assert counts["reports"] == HurdleReport.objects.count()
    assert ReportStateChange.objects.count() >= counts["reports"]

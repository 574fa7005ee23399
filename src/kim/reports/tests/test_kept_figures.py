"""Figures are kept for a while and shown with their "Stand" (reports/snapshots.py, issue #12):
a second look within the maximum age shows the kept figures without counting again, "Neu
berechnen" counts at once, the figures are kept apart per viewer, scope and language, and a
maximum age of 0 keeps nothing."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone, translation

from kim.cases.tests.factories import CaseFactory
from kim.reports import snapshots
from kim.reports.scope import ReportScope

DASHBOARD = reverse("reports:dashboard")
STATE_REPORT = reverse("reports:state_report")

pytestmark = pytest.mark.usefixtures("keep_figures")


@pytest.fixture
def colleague(db):
    from kim.accounts.roles import Role
    from kim.accounts.tests.factories import UserFactory

    return UserFactory(
        username="mara", first_name="Mara", last_name="Schulte", role=Role.CASE_MANAGER
    )


def headline_cases(response):
    return response.context["dashboard"].headline[1].value


def opened_this_year(**kwargs):
    return CaseFactory(opened_on=timezone.localdate().replace(month=1, day=1), **kwargs)


def test_the_second_look_shows_the_kept_figures_with_their_stand(as_user, case_manager):
    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    first = client.get(DASHBOARD)
    assert headline_cases(first) == 1
    assert "soeben berechnet" in first.content.decode()
    opened_this_year(case_manager=case_manager)
    second = client.get(DASHBOARD)
    assert headline_cases(second) == 1  # kept: the new case is not counted yet
    page = second.content.decode()
    assert "Stand:" in page and "Neu berechnen" in page
    assert second.context["snapshot"].computed_at == first.context["snapshot"].computed_at


def test_neu_berechnen_counts_at_once(as_user, case_manager, monkeypatch):
    monkeypatch.setattr(snapshots, "REFRESH_AFTER_SECONDS", 0)
    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    client.get(DASHBOARD)
    opened_this_year(case_manager=case_manager)
    fresh = client.get(DASHBOARD, {"neu": "1"})
    assert headline_cases(fresh) == 2
    assert fresh.context["form"].is_valid()  # "neu" is not a filter
    assert headline_cases(client.get(DASHBOARD)) == 2  # and the new figures are kept


def test_each_viewer_gets_their_own_figures(as_user, case_manager, colleague):
    opened_this_year(case_manager=case_manager)
    opened_this_year(case_manager=colleague)
    assert headline_cases(as_user("coordinator").get(DASHBOARD)) == 2
    # the case manager's own figures are not the coordination's kept ones, nor a colleague's
    assert headline_cases(as_user("case_manager").get(DASHBOARD)) == 1
    assert headline_cases(as_user("colleague").get(DASHBOARD)) == 1
    # and, being few and quick, they are counted at every look, not kept
    opened_this_year(case_manager=case_manager)
    own = as_user("case_manager").get(DASHBOARD)
    assert headline_cases(own) == 2 and own.context["snapshot"].computed_now


def test_another_period_is_counted_for_itself(as_user, case_manager):
    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    client.get(DASHBOARD)
    last_year = timezone.localdate().year - 1
    response = client.get(DASHBOARD, {"start": f"{last_year}-01-01", "end": f"{last_year}-12-31"})
    assert headline_cases(response) == 0
    assert response.context["snapshot"].computed_now


def test_the_key_differs_by_language_scope_and_viewer():
    day = datetime.date(2026, 1, 1)
    scope = ReportScope(start=day, end=day)
    with translation.override("de"):
        german = snapshots.key("dashboard", scope, "all")
        assert snapshots.key("dashboard", scope, "anonymous") != german
        assert snapshots.key("state_report", scope, "all") != german
        other = ReportScope(start=day, end=day, gender="female")
        assert snapshots.key("dashboard", other, "all") != german
    with translation.override("en"):
        assert snapshots.key("dashboard", scope, "all") != german


def test_the_state_report_and_its_export_use_the_kept_figures(
    as_user, coordinator, case_manager, monkeypatch
):
    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    assert client.get(STATE_REPORT).status_code == 200
    from kim.reports import services

    def not_again(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(services, "evaluate_all", not_again)
    today = timezone.localdate()
    job = services.start_export(
        coordinator,
        "state_report",
        "csv",
        {"start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()},
    )
    assert job.state == "done", job.error


def test_nothing_is_kept_with_a_maximum_age_of_0(settings, as_user, case_manager):
    settings.KIM_REPORT_FIGURES_MAX_AGE_MINUTES = 0
    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    client.get(DASHBOARD)
    opened_this_year(case_manager=case_manager)
    response = client.get(DASHBOARD)
    assert headline_cases(response) == 2
    assert "soeben berechnet" in response.content.decode()


def test_the_scheduled_command_computes_what_people_open_first(
    as_user, case_manager, coordinator, steering_member
):
    from io import StringIO

    from django.core.management import call_command

    opened_this_year(case_manager=case_manager)
    call_command("refresh_report_figures", stdout=StringIO())
    opened_this_year(case_manager=case_manager)
    for role in ("coordinator", "steering_member"):
        response = as_user(role).get(DASHBOARD)
        assert not response.context["snapshot"].computed_now, role
    assert headline_cases(as_user("coordinator").get(DASHBOARD)) == 1
    assert not as_user("coordinator").get(STATE_REPORT).context["snapshot"].computed_now


def test_the_command_says_so_when_nothing_is_kept(settings, coordinator):
    from io import StringIO

    from django.core.management import call_command

    settings.KIM_REPORT_FIGURES_MAX_AGE_MINUTES = 0
    out = StringIO()
    call_command("refresh_report_figures", stdout=out)
    assert "nichts vorab berechnet" in out.getvalue()


def test_neu_berechnen_within_a_minute_shows_the_kept_figures(as_user, case_manager):
    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    client.get(DASHBOARD)
    opened_this_year(case_manager=case_manager)
    again = client.get(DASHBOARD, {"neu": "1"})
    assert headline_cases(again) == 1 and not again.context["snapshot"].computed_now


def test_only_one_request_computes_a_scope_at_a_time(as_user, case_manager, monkeypatch):
    monkeypatch.setattr(snapshots, "REFRESH_AFTER_SECONDS", 0)
    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    first = client.get(DASHBOARD)
    # another request is computing this scope right now: "Neu berechnen" shows the kept figures
    name = snapshots.key("dashboard", first.context["form"].scope(), "all")
    caches["reports"].add(f"{name}:computing", 1, 60)
    opened_this_year(case_manager=case_manager)
    assert headline_cases(client.get(DASHBOARD, {"neu": "1"})) == 1


def test_kept_figures_hold_no_model_instances(as_user, case_manager, coordinator):
    """No person's data in the cache table: neither the users of the scope (password hash,
    second factor) nor any other model instance."""

    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    client.get(DASHBOARD, {"case_manager": case_manager.pk})
    client.get(STATE_REPORT)
    kept = caches["reports"]._cache  # LocMemCache: key -> pickled value
    assert len(kept) == 2
    for data in kept.values():
        assert b"model_unpickle" not in data
        assert b"kim.accounts" not in data


def test_unreadable_kept_figures_are_computed_anew(as_user, case_manager, monkeypatch):
    opened_this_year(case_manager=case_manager)
    client = as_user("coordinator")
    client.get(DASHBOARD)

    def broken(*args, **kwargs):
        raise AttributeError("Can't get attribute 'Figure' on <module>")

    monkeypatch.setattr(caches["reports"], "get", broken)
    response = client.get(DASHBOARD)
    assert response.status_code == 200 and response.context["snapshot"].computed_now


def test_an_export_states_when_its_kept_figures_were_computed(as_user, coordinator, case_manager):
    from kim.reports import services

    opened_this_year(case_manager=case_manager)
    shown = as_user("coordinator").get(STATE_REPORT).context["snapshot"].computed_at
    today = timezone.localdate()
    job = services.start_export(
        coordinator,
        "state_report",
        "csv",
        {"start": today.replace(month=1, day=1).isoformat(), "end": today.isoformat()},
    )
    job.refresh_from_db()
    content = job.file.read().decode("utf-8-sig")
    assert f"{timezone.localtime(shown):%Y-%m-%d %H:%M}" in content

"""The demo data of case management: about 200 fictitious clients and cases over all phases and
all 15 municipalities; loading it twice changes nothing."""

import re
import time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from kim.accounts.models import User
from kim.accounts.roles import Role
from kim.cases import services
from kim.cases.models import (
    Case,
    CasePhase,
    Client,
    Consent,
    ConsentKind,
    Goal,
    GoalOutcome,
    Referral,
    ReferralState,
    Substitution,
)
from kim.directory.models import Municipality

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count() for model in apps.get_app_config("cases").get_models()
    }


@pytest.fixture
def demo(capsys):
    started = time.monotonic()
    call_command("load_demo_data")
    elapsed = time.monotonic() - started
    return {"out": capsys.readouterr().out, "seconds": elapsed}


def test_loading_twice_gives_the_same_counts(demo, capsys):
    first = _counts()
    numbers = sorted(Case.objects.values_list("number", flat=True))
    call_command("load_demo_data")
    assert _counts() == first
    assert sorted(Case.objects.values_list("number", flat=True)) == numbers
    assert "bleiben unverändert" in capsys.readouterr().out


def test_about_200_clients_and_cases_loaded_in_a_few_seconds(demo):
    assert 180 <= Client.objects.count() <= 220
    assert 180 <= Case.objects.count() <= 230
    assert demo["seconds"] < 10
    assert f"{Client.objects.count()} fiktive Klient:innen" in demo["out"]


def test_cases_cover_all_phases_and_all_15_municipalities(demo):
    phases = set(Case.objects.values_list("phase", flat=True))
    assert phases == set(CasePhase.values)
    towns = set(Case.objects.values_list("client__municipality", flat=True))
    assert towns == set(Municipality.objects.values_list("pk", flat=True))
    assert len(towns) == 15


def test_closed_cases_have_a_reason_and_a_date(demo):
    closed = Case.objects.filter(phase=CasePhase.CLOSED)
    assert closed.count() >= 10
    assert not closed.filter(closure_reason="").exists()
    assert not closed.filter(closed_on__isnull=True).exists()
    assert not Case.objects.open().filter(closed_on__isnull=False).exists()


def test_four_demo_case_managers_share_the_cases(demo):
    usernames = set(Case.objects.values_list("case_manager__username", flat=True))
    assert usernames == {"anna.berger", "mara.schulte", "deniz.yilmaz", "katrin.vogel"}
    for username in usernames:
        assert User.objects.get(username=username).has_role(Role.CASE_MANAGER)
    assert "mara.schulte" in demo["out"]


def test_case_numbers_follow_the_year_sequence_pattern(demo):
    for case in Case.objects.all():
        assert re.fullmatch(rf"{case.opened_on.year}-{case.pk:06d}", case.number)


def test_names_are_varied_with_original_script_and_only_years_of_birth(demo):
    nationalities = {str(c) for client in Client.objects.all() for c in client.nationalities}
    assert {"SY", "UA", "TR", "AF", "RO", "BG"} <= nationalities
    assert Client.objects.exclude(first_name_original="").count() >= 20
    assert Client.objects.filter(first_name_original__regex=r"[\u0600-\u06FF]").exists()
    assert Client.objects.filter(first_name_original__regex=r"[\u0400-\u04FF]").exists()
    assert Client.objects.filter(year_of_birth__isnull=False, date_of_birth__isnull=True).exists()
    years = [c.birth_year for c in Client.objects.all()]
    assert min(years) >= 1950 and max(years) <= 2012
    # no real contact data: fictitious numbers only, no addresses
    assert not Client.objects.exclude(phone="").exclude(phone__startswith="02351 000-").exists()
    assert not Client.objects.exclude(street="").exists()


def test_demo_clients_pass_the_model_validation(demo):
    for client in Client.objects.all()[:80]:
        client.full_clean()
    for goal in Goal.objects.select_related("case")[:80]:
        goal.full_clean()


def test_case_file_content_is_there(demo):
    assert Goal.objects.filter(outcome=GoalOutcome.OPEN).exists()
    assert Goal.objects.filter(outcome=GoalOutcome.ACHIEVED).exists()
    assert Goal.objects.exclude(outcome__in=[GoalOutcome.OPEN, GoalOutcome.ACHIEVED]).exists()
    states = set(Referral.objects.values_list("state", flat=True))
    assert len(states) >= 5
    assert ReferralState.COMPLETED in states
    waivers = Consent.objects.filter(kind=ConsentKind.WAIVER)
    assert waivers.filter(organisations__name="Jobcenter Märkischer Kreis").exists()
    # every referral is covered by a waiver naming its organisation on the day it was proposed
    for referral in Referral.objects.select_related("case__client", "office", "service")[:60]:
        assert Consent.objects.covering(
            referral.case.client, referral.organisation, referral.proposed_on
        ).exists()


def test_anna_berger_has_overdue_actions_and_appointments_this_week(demo):
    anna = User.objects.get(username="anna.berger")
    assert services.overdue_actions_for(anna).exists()
    assert services.appointments_in_week(anna, timezone.localdate()).count() >= 3


def test_a_running_and_a_planned_substitution(demo):
    today = timezone.localdate()
    assert Substitution.objects.filter(starts_on__lte=today, ends_on__gte=today).count() == 1
    assert Substitution.objects.filter(starts_on__gt=today).count() == 1

"""The daily command ``link_target_system_cases``: links the cases that meanwhile fall under the
rule of every target system in force, prints the counts, and changes nothing when run again."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from kim.cases.tests.factories import CaseFactory, ReferralFactory
from kim.directory.tests.factories import ServiceFactory, ServiceTypeFactory
from kim.targetsystems.models import CaseRule, LinkSource, TargetSystemState
from kim.targetsystems.tests.factories import TargetSystemFactory

pytestmark = pytest.mark.django_db


def referred(service_type):
    case = CaseFactory()
    ReferralFactory(case=case, office=None, service=ServiceFactory(type=service_type))
    return case


def by_rule(service_type, state=TargetSystemState.IN_FORCE, **kwargs):
    return TargetSystemFactory(
        state=state,
        in_force_from=datetime.date(2025, 4, 1) if state != TargetSystemState.DRAFT else None,
        case_rule=CaseRule.REFERRAL_SERVICE_TYPE,
        rule_service_type=service_type,
        **kwargs,
    )


def run(*args):
    out = StringIO()
    call_command("link_target_system_cases", *args, stdout=out)
    return out.getvalue()


def test_links_the_cases_of_every_target_system_in_force_and_prints_counts():
    course, counselling = ServiceTypeFactory(), ServiceTypeFactory()
    first = by_rule(course, title="Zugang zum Integrationskurs")
    second = by_rule(counselling, title="Migrationsberatung")
    courses = [referred(course), referred(course)]
    referred(counselling)

    output = run()

    assert {link.case for link in first.case_links.all()} == set(courses)
    assert second.case_links.count() == 1
    assert {link.source for link in first.case_links.all()} == {LinkSource.RULE}
    assert "Zugang zum Integrationskurs (Fassung 1): 2 Fälle neu verknüpft, 2 Fälle insgesamt." in (
        output
    )
    assert "2 Zielsysteme in Kraft mit Regel geprüft, 3 Fälle neu verknüpft." in output


def test_running_again_changes_nothing():
    course = ServiceTypeFactory()
    ts = by_rule(course)
    referred(course)
    run()

    output = run()

    assert ts.case_links.count() == 1
    assert "0 Fälle neu verknüpft, 1 Fall insgesamt." in output


def test_new_cases_are_linked_on_the_next_run():
    course = ServiceTypeFactory()
    ts = by_rule(course)
    referred(course)
    run()
    referred(course)

    run()

    assert ts.case_links.count() == 2


@pytest.mark.parametrize(
    "state",
    [TargetSystemState.DRAFT, TargetSystemState.PROPOSED, TargetSystemState.SUPERSEDED],
)
def test_target_systems_not_in_force_are_left_alone(state):
    course = ServiceTypeFactory()
    ts = by_rule(course, state=state)
    referred(course)

    output = run()

    assert ts.case_links.count() == 0
    assert "0 Zielsysteme in Kraft mit Regel geprüft, 0 Fälle neu verknüpft." in output


def test_target_systems_without_rule_are_skipped():
    TargetSystemFactory(state=TargetSystemState.IN_FORCE, in_force_from=datetime.date(2025, 4, 1))
    referred(ServiceTypeFactory())

    assert "0 Zielsysteme in Kraft mit Regel geprüft" in run()


def test_quiet_prints_only_the_summary():
    course = ServiceTypeFactory()
    by_rule(course)
    referred(course)

    output = run("--verbosity", "0")

    assert output.strip() == "1 Zielsystem in Kraft mit Regel geprüft, 1 Fall neu verknüpft."

"""Cases linked to a target system: by its rule (idempotent, again at any time) or by hand by the
case number; hand-made links can be undone, rule-made ones cannot. The list of linked cases shows
case numbers, so it is coordination's alone."""

import datetime

import pytest
from django.urls import reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.tests.factories import CaseFactory, GoalFactory, ReferralFactory, life_domain
from kim.directory.tests.factories import ServiceFactory, ServiceTypeFactory
from kim.targetsystems import services
from kim.targetsystems.models import CaseLink, CaseRule, LinkSource, TargetSystemState
from kim.targetsystems.tests.factories import MembershipFactory, TargetSystemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return ServiceTypeFactory(code="IK", name="Integrationskurs")


@pytest.fixture
def target_system(course):
    return TargetSystemFactory(
        state=TargetSystemState.IN_FORCE,
        in_force_from=datetime.date(2026, 4, 1),
        case_rule=CaseRule.REFERRAL_SERVICE_TYPE,
        rule_service_type=course,
    )


def referred(service_type, times=1):
    case = CaseFactory()
    for _ in range(times):
        ReferralFactory(case=case, office=None, service=ServiceFactory(type=service_type))
    return case


def url(name, *args):
    return reverse(f"targetsystems:{name}", args=args)


# --- by rule -------------------------------------------------------------------------------------


def test_linking_by_rule_is_idempotent(target_system, course):
    cases = [referred(course), referred(course, times=2), referred(course)]
    referred(ServiceTypeFactory())  # another service type
    CaseFactory()  # no referral at all

    first = services.link_cases_by_rule(target_system)
    second = services.link_cases_by_rule(target_system)

    assert (first, second) == (3, 0)
    assert set(target_system.case_links.values_list("case_id", flat=True)) == {c.pk for c in cases}
    assert set(target_system.case_links.values_list("source", flat=True)) == {LinkSource.RULE}


def test_rule_keeps_hand_made_links_and_adds_new_cases(target_system, course, coordinator):
    by_hand = referred(course)
    services.link_case(target_system, case_number=by_hand.number, by=coordinator)
    services.link_cases_by_rule(target_system)
    new = referred(course)

    assert services.link_cases_by_rule(target_system) == 1
    assert target_system.case_links.get(case=by_hand).source == LinkSource.MANUAL
    assert target_system.case_links.get(case=new).source == LinkSource.RULE


def test_rule_by_goals_in_a_life_domain():
    language = life_domain("language")
    ts = TargetSystemFactory(case_rule=CaseRule.GOAL_LIFE_DOMAIN, rule_life_domain=language)
    with_goal = GoalFactory(life_domain=language).case
    GoalFactory(life_domain=life_domain("housing"))

    assert services.link_cases_by_rule(ts) == 1
    assert ts.case_links.get().case == with_goal


def test_manual_rule_links_nothing(course):
    ts = TargetSystemFactory(case_rule=CaseRule.MANUAL)
    referred(course)

    assert services.link_cases_by_rule(ts) == 0


# --- the page ----------------------------------------------------------------------------------


def test_page_counts_and_lists_case_numbers(as_user, target_system, course, coordinator):
    referred(course)
    services.link_cases_by_rule(target_system)
    by_hand = CaseFactory()
    services.link_case(target_system, case_number=by_hand.number, by=coordinator)

    response = as_user("coordinator").get(url("case_links", target_system.pk))

    page = response.content.decode()
    assert response.context["counts"] == {"rule": 1, "manual": 1}
    assert by_hand.number in page
    assert reverse("cases:case_detail", args=[by_hand.pk]) in page
    assert "Regel erneut anwenden" in page
    # only the hand-made link can be undone
    assert page.count("Verknüpfung lösen") == 1


def test_page_is_paginated(as_user, target_system, coordinator):
    CaseLink.objects.bulk_create(
        CaseLink(target_system=target_system, case=CaseFactory(), source=LinkSource.RULE)
        for _ in range(51)
    )
    client = as_user("coordinator")

    first = client.get(url("case_links", target_system.pk))
    second = client.get(url("case_links", target_system.pk) + "?page=2")

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1
    assert "Seite 1 von 2" in first.content.decode()


def test_manual_rule_has_no_apply_button(as_user):
    ts = TargetSystemFactory(case_rule=CaseRule.MANUAL)

    page = as_user("coordinator").get(url("case_links", ts.pk)).content.decode()

    assert "Regel erneut anwenden" not in page


def test_apply_rule_from_the_page(as_user, target_system, course):
    referred(course)
    referred(course)
    client = as_user("coordinator")

    first = client.post(url("apply_rule", target_system.pk), follow=True)
    second = client.post(url("apply_rule", target_system.pk), follow=True)

    assert "Regel angewandt: 2 Fälle neu verknüpft." in first.content.decode()
    assert "waren schon verknüpft" in second.content.decode()
    assert target_system.case_links.count() == 2


def test_apply_rule_without_a_rule_says_so(as_user, course):
    ts = TargetSystemFactory(case_rule=CaseRule.MANUAL)
    referred(course)

    response = as_user("coordinator").post(url("apply_rule", ts.pk), follow=True)

    assert "keine Regel" in response.content.decode()
    assert not CaseLink.objects.exists()


# --- by hand -----------------------------------------------------------------------------------


def test_link_a_case_by_its_number(as_user, target_system, coordinator):
    case = CaseFactory()

    response = as_user("coordinator").post(
        url("case_link_create", target_system.pk), {"case_number": f"  {case.number} "}
    )

    assert response.status_code == 302
    link = target_system.case_links.get()
    assert (link.case, link.source, link.linked_by) == (case, LinkSource.MANUAL, coordinator)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("2026-999999", "Einen Fall mit der Nummer „2026-999999“ gibt es nicht."),
        ("", "Bitte geben Sie die Fallnummer an."),
        ("1" * 21, "Eine Fallnummer hat höchstens 20 Zeichen."),
    ],
)
def test_bad_case_numbers_are_refused(as_user, target_system, number, message):
    response = as_user("coordinator").post(
        url("case_link_create", target_system.pk), {"case_number": number}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["case_number"] == [message]
    assert not CaseLink.objects.exists()


def test_linking_the_same_case_twice_is_refused(as_user, target_system):
    case = CaseFactory()
    client = as_user("coordinator")

    client.post(url("case_link_create", target_system.pk), {"case_number": case.number})
    response = client.post(url("case_link_create", target_system.pk), {"case_number": case.number})

    assert response.status_code == 400
    assert response.context["form"].errors["case_number"] == ["Dieser Fall ist schon verknüpft."]
    assert target_system.case_links.count() == 1


def test_unlink_a_hand_made_link(as_user, target_system, coordinator):
    link = services.link_case(target_system, case_number=CaseFactory().number, by=coordinator)

    response = as_user("coordinator").post(url("case_link_delete", link.pk), follow=True)

    assert not CaseLink.objects.exists()
    assert "wurde gelöst" in response.content.decode()


def test_unlink_a_rule_made_link_is_refused(as_user, target_system, course):
    referred(course)
    services.link_cases_by_rule(target_system)
    link = target_system.case_links.get()

    response = as_user("coordinator").post(url("case_link_delete", link.pk), follow=True)

    assert "Nach Regel verknüpfte Fälle bleiben verknüpft" in response.content.decode()
    assert CaseLink.objects.filter(pk=link.pk).exists()


def test_the_service_refuses_to_unlink_by_rule(target_system, course):
    referred(course)
    services.link_cases_by_rule(target_system)

    with pytest.raises(services.TargetSystemError):
        services.unlink_case(target_system.case_links.get())
    assert target_system.case_links.count() == 1


def test_get_on_the_actions_is_not_allowed(as_user, target_system, coordinator):
    link = services.link_case(target_system, case_number=CaseFactory().number, by=coordinator)
    client = as_user("coordinator")

    assert client.get(url("case_link_create", target_system.pk)).status_code == 405
    assert client.get(url("apply_rule", target_system.pk)).status_code == 405
    assert client.get(url("case_link_delete", link.pk)).status_code == 405


# --- only coordination -------------------------------------------------------------------------


def _lead(ts):
    user = UserFactory(role=Role.CASE_MANAGER)
    MembershipFactory(body=ts.working_group, user=user, is_lead=True)
    return user


def _requests(ts, link):
    return [
        ("get", url("case_links", ts.pk), {}),
        ("post", url("case_link_create", ts.pk), {"case_number": CaseFactory().number}),
        ("post", url("apply_rule", ts.pk), {}),
        ("post", url("case_link_delete", link.pk), {}),
    ]


def _manual_link(ts, coordinator):
    return services.link_case(ts, case_number=CaseFactory().number, by=coordinator)


def test_the_lead_of_the_working_group_may_not(client, target_system, course, coordinator):
    link = _manual_link(target_system, coordinator)
    referred(course)
    client.force_login(_lead(target_system))

    for method, address, payload in _requests(target_system, link):
        assert getattr(client, method)(address, payload).status_code == 403
    assert list(CaseLink.objects.all()) == [link]


def test_steering_members_may_not(as_user, target_system, course, coordinator):
    link = _manual_link(target_system, coordinator)
    referred(course)
    client = as_user("steering_member")

    for method, address, payload in _requests(target_system, link):
        assert getattr(client, method)(address, payload).status_code == 403
    assert list(CaseLink.objects.all()) == [link]


@pytest.mark.parametrize("role", ["case_manager", "external_partner", "auditor", "administrator"])
def test_others_do_not_see_the_target_system(as_user, target_system, coordinator, role):
    link = _manual_link(target_system, coordinator)
    client = as_user(role)

    for method, address, payload in _requests(target_system, link):
        assert getattr(client, method)(address, payload).status_code == 404
    assert list(CaseLink.objects.all()) == [link]


def test_anonymous_is_sent_to_the_login(client, target_system, coordinator):
    link = _manual_link(target_system, coordinator)

    for method, address, payload in _requests(target_system, link):
        response = getattr(client, method)(address, payload)
        assert response.status_code == 302
        assert "/accounts/login/" in response.url

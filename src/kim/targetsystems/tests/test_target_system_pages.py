"""The pages of target systems: list with state filter, create, detail (chains, agreements,
indicators, versions, buttons), edit, and the block on the working group's page (issue #5)."""

import datetime

import pytest
from django.urls import reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.models import LifeDomain
from kim.directory.tests.factories import OrganisationFactory, ServiceTypeFactory
from kim.governance.models import BodyKind
from kim.targetsystems import services
from kim.targetsystems.models import CaseRule, TargetSystem, TargetSystemState

from .factories import (
    AgreementFactory,
    ChainStepFactory,
    IndicatorFactory,
    MembershipFactory,
    ResolutionFactory,
    ServiceChainFactory,
    SteeringGroupFactory,
    TargetSystemFactory,
    WorkingGroupFactory,
    complete_draft,
)

pytestmark = pytest.mark.django_db

DECIDED_ON = datetime.date(2026, 4, 1)


# --- helpers shared by the modules of these pages -------------------------------------------------


def make_group(**kwargs):
    """A working group with a lead (a case manager) and a member (an external partner)."""
    working_group = WorkingGroupFactory(**kwargs)
    lead = UserFactory(first_name="Lena", last_name="Schulz", role=Role.CASE_MANAGER)
    member = UserFactory(first_name="Mehmet", last_name="Yilmaz", role=Role.EXTERNAL_PARTNER)
    MembershipFactory(body=working_group, user=lead, is_lead=True)
    MembershipFactory(body=working_group, user=member)
    return working_group, lead, member


def put_in_force(target_system, *, by, day=DECIDED_ON):
    """Propose a complete draft and record an adopted resolution for it."""
    services.propose(target_system, by=by)
    resolution = ResolutionFactory(theme=target_system.theme)
    return services.put_in_force(target_system, resolution=resolution, in_force_from=day, by=by)


def target_system_in_force(working_group, *, by, **kwargs):
    return put_in_force(complete_draft(working_group=working_group, **kwargs), by=by)


def login(client, user):
    client.force_login(user)
    return client


def edit_data(target_system, **changes):
    data = {
        "title": target_system.title,
        "summary": target_system.summary,
        "case_rule": target_system.case_rule,
        "rule_service_type": target_system.rule_service_type_id or "",
        "rule_life_domain": target_system.rule_life_domain_id or "",
        "lock_version": target_system.lock_version,
    }
    data.update(changes)
    return data


@pytest.fixture
def group():
    return make_group()


# --- list --------------------------------------------------------------------------------------


def test_list_groups_by_working_group_with_state_version_and_date(client, coordinator, group):
    working_group = group[0]
    in_force = target_system_in_force(working_group, by=coordinator, title="Kursbeginn")
    other_group = WorkingGroupFactory(name="AG Wohnen")
    TargetSystemFactory(working_group=other_group, title="Wohnungssuche")
    response = login(client, coordinator).get(reverse("targetsystems:list"))
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g["body"].name for g in groups] == sorted(
        [working_group.name, "AG Wohnen"], key=str.casefold
    )
    html = response.content.decode()
    assert "Kursbeginn" in html and "Wohnungssuche" in html
    assert in_force.get_state_display() in html
    assert "01.04.2026" in html
    assert working_group.theme.title in html


def test_list_filters_by_state(client, coordinator, group):
    working_group = group[0]
    target_system_in_force(working_group, by=coordinator, title="In Kraft")
    TargetSystemFactory(working_group=working_group, title="Noch Entwurf")
    response = login(client, coordinator).get(reverse("targetsystems:list"), {"state": "draft"})
    html = response.content.decode()
    assert "Noch Entwurf" in html
    assert "In Kraft</a>" not in html
    assert response.context["count"] == 1


def test_list_with_unknown_state_shows_a_german_message_and_everything(client, coordinator, group):
    TargetSystemFactory(working_group=group[0], title="Noch Entwurf")
    response = login(client, coordinator).get(reverse("targetsystems:list"), {"state": "kaputt"})
    assert response.status_code == 200
    assert "Diesen Stand gibt es nicht" in response.content.decode()
    assert response.context["count"] == 1


def test_list_offers_to_start_a_target_system_in_a_group_without_one(client, coordinator, group):
    response = login(client, coordinator).get(reverse("targetsystems:list"))
    html = response.content.decode()
    assert "Diese Arbeitsgruppe hat noch kein Zielsystem." in html
    assert reverse("targetsystems:create", args=[group[0].pk]) in html


def test_lead_gets_the_create_button_only_for_their_group(client, group):
    working_group, lead, member = group
    other = WorkingGroupFactory()
    html = login(client, lead).get(reverse("targetsystems:list")).content.decode()
    assert reverse("targetsystems:create", args=[working_group.pk]) in html
    assert reverse("targetsystems:create", args=[other.pk]) not in html
    client.force_login(member)
    html = client.get(reverse("targetsystems:list")).content.decode()
    assert "Zielsystem anlegen" not in html


def test_steering_member_sees_decided_target_systems_but_no_drafts(
    client, coordinator, steering_member, group
):
    working_group = group[0]
    target_system_in_force(working_group, by=coordinator, title="Beschlossen")
    TargetSystemFactory(working_group=working_group, title="Geheimer Entwurf")
    html = login(client, steering_member).get(reverse("targetsystems:list")).content.decode()
    assert "Beschlossen" in html
    assert "Geheimer Entwurf" not in html


# --- create ------------------------------------------------------------------------------------


def test_lead_creates_a_draft_in_their_group(client, group):
    working_group, lead, _member = group
    url = reverse("targetsystems:create", args=[working_group.pk])
    assert login(client, lead).get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Schneller in den Kurs",
            "summary": "Kursbeginn in acht Wochen.",
            "case_rule": "manual",
        },
    )
    target_system = TargetSystem.objects.get(title="Schneller in den Kurs")
    assert response.status_code == 302
    assert response.url == target_system.get_absolute_url()
    assert target_system.working_group == working_group
    assert target_system.state == TargetSystemState.DRAFT
    assert target_system.created_by == lead


def test_create_with_a_referral_rule(client, coordinator, group):
    service_type = ServiceTypeFactory()
    login(client, coordinator).post(
        reverse("targetsystems:create", args=[group[0].pk]),
        {
            "title": "Kurs",
            "summary": "Ziel",
            "case_rule": CaseRule.REFERRAL_SERVICE_TYPE,
            "rule_service_type": service_type.pk,
            "rule_life_domain": LifeDomain.objects.first().pk,
        },
    )
    target_system = TargetSystem.objects.get(title="Kurs")
    assert target_system.rule_service_type == service_type
    assert target_system.rule_life_domain is None  # not part of the chosen rule


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "summary": "Ziel", "case_rule": "manual"}, "title", "Titel"),
        ({"title": "Kurs", "summary": "", "case_rule": "manual"}, "summary", "Ziel und Inhalt"),
        ({"title": "Kurs", "summary": "Ziel", "case_rule": "irgendwas"}, "case_rule", "Regeln"),
        (
            {"title": "Kurs", "summary": "Ziel", "case_rule": CaseRule.REFERRAL_SERVICE_TYPE},
            "rule_service_type",
            "Angebotsart",
        ),
        (
            {"title": "Kurs", "summary": "Ziel", "case_rule": CaseRule.GOAL_LIFE_DOMAIN},
            "rule_life_domain",
            "Lebensbereich",
        ),
    ],
)
def test_create_with_bad_input_gets_a_german_error_and_creates_nothing(
    client, coordinator, group, data, field, message
):
    response = login(client, coordinator).post(
        reverse("targetsystems:create", args=[group[0].pk]), data
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not TargetSystem.objects.exists()


def test_create_in_a_body_that_is_no_working_group_is_not_found(client, coordinator):
    steering_group = SteeringGroupFactory()
    assert steering_group.kind == BodyKind.STEERING_GROUP
    response = login(client, coordinator).get(
        reverse("targetsystems:create", args=[steering_group.pk])
    )
    assert response.status_code == 404


# --- detail ------------------------------------------------------------------------------------


@pytest.fixture
def detailed(group):
    """A draft with a chain (3 as-is steps, 2 to-be steps, one break point each), an agreement and
    an indicator."""
    working_group = group[0]
    target_system = TargetSystemFactory(working_group=working_group, title="Kurszugang")
    chain = ServiceChainFactory(target_system=target_system, title="Vom Erstkontakt zum Kurs")
    for position, days, break_point in ((1, 10, False), (2, 30, True), (3, None, False)):
        ChainStepFactory(
            chain=chain,
            variant="as_is",
            position=position,
            typical_days=days,
            is_break_point=break_point,
            break_point_note="Unterlagen fehlen" if break_point else "",
        )
    for position, days, break_point in ((1, 5, False), (2, 14, True)):
        ChainStepFactory(
            chain=chain,
            variant="to_be",
            position=position,
            typical_days=days,
            is_break_point=break_point,
            break_point_note="Wartezeit" if break_point else "",
        )
    AgreementFactory(
        target_system=target_system,
        text="Die VHS meldet freie Plätze wöchentlich.",
        parties=[
            OrganisationFactory(name="VHS Lüdenscheid"),
            OrganisationFactory(name="Jobcenter MK"),
        ],
    )
    IndicatorFactory(target_system=target_system, name="Tage bis zum Kurs")
    return target_system


def test_detail_shows_chains_with_steps_days_and_break_points(client, coordinator, detailed):
    response = login(client, coordinator).get(detailed.get_absolute_url())
    assert response.status_code == 200
    row = response.context["chain_rows"][0]
    assert (row["as_is_count"], row["to_be_count"]) == (3, 2)
    assert row["as_is_days"] == (40, 1)  # one step without a typical duration
    assert row["to_be_days"] == (19, 0)
    assert (row["as_is_breaks"], row["to_be_breaks"]) == (1, 1)
    html = response.content.decode()
    assert reverse("targetsystems:chain_detail", args=[row["chain"].pk]) in html
    assert "40 Tage" in html and "19 Tage" in html and "1 Schritt ohne Angabe" in html


def test_detail_shows_agreements_indicators_and_links(client, coordinator, detailed):
    html = login(client, coordinator).get(detailed.get_absolute_url()).content.decode()
    assert "Die VHS meldet freie Plätze wöchentlich." in html
    assert "VHS Lüdenscheid" in html and "Jobcenter MK" in html
    assert "Tage bis zum Kurs" in html
    assert "Tage vom Erstkontakt bis zum Kursbeginn" in html  # the measure's label
    indicator = detailed.indicators.get()
    for url in (
        reverse("targetsystems:chain_create", args=[detailed.pk]),
        reverse("targetsystems:agreement_create", args=[detailed.pk]),
        reverse("targetsystems:indicator_create", args=[detailed.pk]),
        reverse("targetsystems:indicator_edit", args=[indicator.pk]),
        reverse("targetsystems:edit", args=[detailed.pk]),
        reverse("targetsystems:monitoring", args=[detailed.pk]),
        reverse("targetsystems:case_links", args=[detailed.pk]),
    ):
        assert url in html
    assert detailed.working_group.name in html
    assert reverse("governance:body_detail", args=[detailed.working_group.pk]) in html
    assert reverse("hurdles:theme_detail", args=[detailed.working_group.theme.pk]) in html


def test_member_reads_the_detail_without_edit_links_and_without_case_numbers(client, detailed):
    member = make_group_member(detailed)
    html = login(client, member).get(detailed.get_absolute_url()).content.decode()
    assert "Die VHS meldet freie Plätze wöchentlich." in html
    assert reverse("targetsystems:edit", args=[detailed.pk]) not in html
    assert reverse("targetsystems:chain_create", args=[detailed.pk]) not in html
    assert reverse("targetsystems:agreement_create", args=[detailed.pk]) not in html
    assert reverse("targetsystems:case_links", args=[detailed.pk]) not in html
    assert reverse("targetsystems:monitoring", args=[detailed.pk]) in html
    assert reverse("targetsystems:change_state", args=[detailed.pk]) not in html
    # an external partner has no page of the working group or of the theme to go to
    assert reverse("governance:body_detail", args=[detailed.working_group.pk]) not in html
    assert reverse("hurdles:theme_detail", args=[detailed.working_group.theme.pk]) not in html


def make_group_member(target_system, *, lead=False):
    user = UserFactory(role=Role.EXTERNAL_PARTNER)
    MembershipFactory(body=target_system.working_group, user=user, is_lead=lead)
    return user


def test_detail_of_a_draft_offers_propose_to_the_lead(client, detailed):
    lead = make_group_member(detailed, lead=True)
    response = login(client, lead).get(detailed.get_absolute_url())
    assert [t.target for t in response.context["state_steps"]] == [TargetSystemState.PROPOSED]
    assert "Der Lenkungsgruppe vorlegen" in response.content.decode()
    assert not response.context["can_decide"]
    assert not response.context["can_new_version"]


def test_detail_of_a_proposed_one_offers_withdraw_and_the_decision(client, coordinator, group):
    target_system = complete_draft(working_group=group[0])
    services.propose(target_system, by=coordinator)
    html = login(client, coordinator).get(target_system.get_absolute_url()).content.decode()
    assert "Zur Überarbeitung zurücknehmen" in html
    assert reverse("targetsystems:decide", args=[target_system.pk]) in html
    assert "liegt der Lenkungsgruppe vor" in html
    client.force_login(group[1])  # the lead: no decision
    html = client.get(target_system.get_absolute_url()).content.decode()
    assert "Zur Überarbeitung zurücknehmen" in html
    assert reverse("targetsystems:decide", args=[target_system.pk]) not in html


def test_detail_in_force_is_frozen_and_offers_a_new_version(client, coordinator, group):
    target_system = target_system_in_force(group[0], by=coordinator)
    response = login(client, coordinator).get(target_system.get_absolute_url())
    html = response.content.decode()
    assert "Beschlossen und unveränderlich; Änderungen nur über eine neue Fassung." in html
    assert "Neue Fassung anlegen" in html
    assert target_system.resolution.number in html
    assert "in Kraft seit 01.04.2026" in html
    assert response.context["state_steps"] == []
    assert not response.context["can_edit"]


def test_version_history_lists_predecessor_and_successor(client, coordinator, group):
    first = target_system_in_force(group[0], by=coordinator)
    second = services.new_version(first, by=coordinator)
    response = login(client, coordinator).get(second.get_absolute_url())
    assert response.context["versions"] == [first, second]
    html = response.content.decode()
    assert reverse("targetsystems:detail", args=[first.pk]) in html
    assert "Fassung 2 (diese)" in html
    response = client.get(first.get_absolute_url())
    assert response.context["versions"] == [first, second]
    assert not response.context["can_new_version"]  # there is a successor already


def test_steering_member_sees_no_link_to_a_draft_successor(
    client, coordinator, steering_member, group
):
    first = target_system_in_force(group[0], by=coordinator)
    second = services.new_version(first, by=coordinator)
    html = login(client, steering_member).get(first.get_absolute_url()).content.decode()
    assert "Fassung 2" in html
    assert reverse("targetsystems:detail", args=[second.pk]) not in html


def test_detail_of_a_missing_target_system_is_not_found(client, coordinator):
    response = login(client, coordinator).get(reverse("targetsystems:detail", args=[999]))
    assert response.status_code == 404


# --- edit --------------------------------------------------------------------------------------


def test_lead_edits_title_summary_and_rule(client, group):
    working_group, lead, _member = group
    target_system = TargetSystemFactory(working_group=working_group)
    domain = LifeDomain.objects.first()
    url = reverse("targetsystems:edit", args=[target_system.pk])
    assert login(client, lead).get(url).status_code == 200
    response = client.post(
        url,
        edit_data(
            target_system,
            title="Neuer Titel",
            case_rule=CaseRule.GOAL_LIFE_DOMAIN,
            rule_life_domain=domain.pk,
        ),
    )
    assert response.status_code == 302
    target_system.refresh_from_db()
    assert target_system.title == "Neuer Titel"
    assert target_system.rule_life_domain == domain


def test_edit_with_bad_input_changes_nothing(client, coordinator, group):
    target_system = TargetSystemFactory(working_group=group[0], title="Alt")
    url = reverse("targetsystems:edit", args=[target_system.pk])
    response = login(client, coordinator).post(url, edit_data(target_system, title=""))
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel an." in response.content.decode()
    response = client.post(
        url, edit_data(target_system, title="Neu", case_rule=CaseRule.REFERRAL_SERVICE_TYPE)
    )
    assert response.status_code == 400
    assert "Angebotsart" in " ".join(response.context["form"].errors["rule_service_type"])
    target_system.refresh_from_db()
    assert target_system.title == "Alt"


def test_edit_over_someone_elses_change_is_refused(client, coordinator, group):
    target_system = TargetSystemFactory(working_group=group[0], title="Alt")
    stale = target_system.lock_version
    target_system.summary = "von jemand anderem geändert"
    target_system.save()
    response = login(client, coordinator).post(
        reverse("targetsystems:edit", args=[target_system.pk]),
        edit_data(target_system, title="Meins", lock_version=stale),
    )
    assert response.status_code == 400
    assert "inzwischen von jemand anderem geändert" in response.content.decode()
    target_system.refresh_from_db()
    assert target_system.title == "Alt"


# --- the working group's page ---------------------------------------------------------------------


def test_working_group_page_lists_its_target_systems_with_a_create_button(
    client, coordinator, group
):
    working_group = group[0]
    target_system = TargetSystemFactory(working_group=working_group, title="Kurszugang")
    html = (
        login(client, coordinator)
        .get(reverse("governance:body_detail", args=[working_group.pk]))
        .content.decode()
    )
    assert reverse("targetsystems:detail", args=[target_system.pk]) in html
    assert reverse("targetsystems:create", args=[working_group.pk]) in html


def test_working_group_page_shows_no_create_button_to_a_plain_member(
    client, steering_member, group
):
    working_group = group[0]
    TargetSystemFactory(working_group=working_group, title="Kurszugang")
    MembershipFactory(body=working_group, user=steering_member)
    response = login(client, steering_member).get(
        reverse("governance:body_detail", args=[working_group.pk])
    )
    html = response.content.decode()
    assert "Kurszugang" in html
    assert reverse("targetsystems:create", args=[working_group.pk]) not in html


def test_steering_group_page_has_no_target_system_block(client, coordinator):
    steering_group = SteeringGroupFactory()
    html = (
        login(client, coordinator)
        .get(reverse("governance:body_detail", args=[steering_group.pk]))
        .content.decode()
    )
    assert "Zielsystem anlegen" not in html

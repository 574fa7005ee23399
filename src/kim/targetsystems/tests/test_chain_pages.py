"""The pages of service chains and their steps (views/chains.py), per role (issue #5):
coordination and the lead of the working group edit the chains of a draft; members of the group
read them; steering group members read what was put before them; everyone else gets 404. A frozen
target system shows no edit buttons, and a POST to it is refused with a German message and
changes nothing."""

import pytest
from django.urls import reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.tests.factories import LegalDomainFactory, OfficeFactory, OrganisationFactory
from kim.targetsystems.models import ChainStep, ServiceChain, TargetSystemState

from .factories import ChainStepFactory, MembershipFactory, ServiceChainFactory

pytestmark = pytest.mark.django_db

NOBODY = ["case_manager", "external_partner", "auditor", "administrator", "user_without_role"]


@pytest.fixture
def world():
    """A draft target system with one chain (two as-is steps, one to-be step), its working group
    with a lead (an external partner) and a member (a case manager)."""
    chain = ServiceChainFactory()
    target_system = chain.target_system
    group = target_system.working_group
    lead = MembershipFactory(
        body=group, is_lead=True, user=UserFactory(username="lead", role=Role.EXTERNAL_PARTNER)
    ).user
    member = MembershipFactory(
        body=group, user=UserFactory(username="member", role=Role.CASE_MANAGER)
    ).user
    vhs = OrganisationFactory(name="Volkshochschule Iserlohn")
    abh = OrganisationFactory(name="Märkischer Kreis")
    as_is = [
        ChainStepFactory(chain=chain, position=1, organisation=abh, title="Berechtigung"),
        ChainStepFactory(
            chain=chain,
            position=2,
            organisation=vhs,
            title="Einstufungstest",
            is_break_point=True,
            break_point_note="Die Berechtigung kommt nicht an.",
            typical_days=42,
        ),
    ]
    to_be = [
        ChainStepFactory(
            chain=chain, variant="to_be", position=1, organisation=abh, title="Berechtigung"
        )
    ]
    return {
        "ts": target_system,
        "chain": chain,
        "lead": lead,
        "member": member,
        "as_is": as_is,
        "to_be": to_be,
        "vhs": vhs,
        "abh": abh,
    }


def freeze(target_system, state=TargetSystemState.PROPOSED):
    target_system.state = state
    target_system.save()


def login(client, user):
    client.force_login(user)
    return client


def edit_get_urls(world):
    chain, step = world["chain"], world["as_is"][0]
    return [
        reverse("targetsystems:chain_create", args=[world["ts"].pk]),
        reverse("targetsystems:chain_edit", args=[chain.pk]),
        reverse("targetsystems:chain_delete", args=[chain.pk]),
        reverse("targetsystems:step_create", args=[chain.pk, "as_is"]),
        reverse("targetsystems:step_create", args=[chain.pk, "to_be"]),
        reverse("targetsystems:step_edit", args=[step.pk]),
        reverse("targetsystems:step_delete", args=[step.pk]),
    ]


def edit_posts(world):
    """Every write with valid data, so that only the permission or the freeze can stop it."""
    chain, step, abh = world["chain"], world["as_is"][0], world["abh"]
    step_data = {"organisation": abh.pk, "title": "Heimlicher Schritt"}
    return [
        (reverse("targetsystems:chain_create", args=[world["ts"].pk]), {"title": "Neue Kette"}),
        (reverse("targetsystems:chain_edit", args=[chain.pk]), {"title": "Umbenannt"}),
        (reverse("targetsystems:chain_delete", args=[chain.pk]), {}),
        (reverse("targetsystems:chain_copy_as_is", args=[chain.pk]), {}),
        (reverse("targetsystems:step_create", args=[chain.pk, "as_is"]), step_data),
        (reverse("targetsystems:step_edit", args=[step.pk]), step_data),
        (reverse("targetsystems:step_delete", args=[step.pk]), {}),
    ]


def snapshot():
    return (
        list(ServiceChain.objects.order_by("pk").values_list("pk", "title")),
        list(ChainStep.objects.order_by("pk").values_list("pk", "variant", "position", "title")),
    )


# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "lead", "member"])
def test_coordination_and_the_working_group_read_the_chain_of_a_draft(who, client, world, request):
    user = world[who] if who in world else request.getfixturevalue(who)
    response = login(client, user).get(world["chain"].get_absolute_url())
    assert response.status_code == 200
    assert "Berechtigung" in response.text


@pytest.mark.parametrize("who", [*NOBODY, "steering_member"])
def test_nobody_else_sees_the_chain_of_a_draft(who, as_user, world):
    assert as_user(who).get(world["chain"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "state", [TargetSystemState.PROPOSED, TargetSystemState.IN_FORCE, TargetSystemState.SUPERSEDED]
)
def test_steering_group_members_read_what_was_put_before_them(state, as_user, world):
    freeze(world["ts"], state)
    response = as_user("steering_member").get(world["chain"].get_absolute_url())
    assert response.status_code == 200
    assert "Einstufungstest" in response.text
    assert reverse("targetsystems:step_create", args=[world["chain"].pk, "as_is"]) not in (
        response.text
    )


@pytest.mark.parametrize("who", NOBODY)
def test_nobody_else_sees_a_proposed_chain(who, as_user, world):
    freeze(world["ts"])
    assert as_user(who).get(world["chain"].get_absolute_url()).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, world):
    response = client.get(world["chain"].get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


# --- who may edit --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_coordination_and_the_lead_open_every_form(who, client, world, request):
    user = world[who] if who in world else request.getfixturevalue(who)
    login(client, user)
    for url in edit_get_urls(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_the_chain_page_offers_edit_buttons_to_who_may_edit(who, client, world, request):
    user = world[who] if who in world else request.getfixturevalue(who)
    text = login(client, user).get(world["chain"].get_absolute_url()).text
    for url in edit_get_urls(world)[1:]:
        assert url in text, url


def test_a_member_of_the_working_group_reads_but_does_not_edit(client, world):
    login(client, world["member"])
    text = client.get(world["chain"].get_absolute_url()).text
    assert reverse("targetsystems:chain_edit", args=[world["chain"].pk]) not in text
    assert reverse("targetsystems:step_edit", args=[world["as_is"][0].pk]) not in text
    before = snapshot()
    for url in edit_get_urls(world):
        assert client.get(url).status_code == 403, url
    for url, data in edit_posts(world):
        assert client.post(url, data).status_code == 403, url
    assert snapshot() == before


def test_a_steering_group_member_gets_403_on_the_forms_of_a_visible_target_system(as_user, world):
    freeze(world["ts"])
    client = as_user("steering_member")
    before = snapshot()
    for url in edit_get_urls(world):
        assert client.get(url).status_code == 403, url
    for url, data in edit_posts(world):
        assert client.post(url, data).status_code == 403, url
    assert snapshot() == before


@pytest.mark.parametrize("who", [*NOBODY, "steering_member"])
def test_everybody_else_gets_404_on_every_form(who, as_user, world):
    client = as_user(who)
    before = snapshot()
    for url in edit_get_urls(world):
        assert client.get(url).status_code == 404, url
    for url, data in edit_posts(world):
        assert client.post(url, data).status_code == 404, url
    assert snapshot() == before


def test_a_lead_of_another_working_group_gets_404(client, world):
    other_lead = MembershipFactory(is_lead=True).user
    login(client, other_lead)
    assert client.get(world["chain"].get_absolute_url()).status_code == 404
    for url, data in edit_posts(world):
        assert client.post(url, data).status_code == 404, url


def test_a_former_lead_no_longer_edits(client, world):
    import datetime

    former = MembershipFactory(
        body=world["ts"].working_group, is_lead=True, ends_on=datetime.date(2025, 1, 1)
    ).user
    login(client, former)
    assert client.get(world["chain"].get_absolute_url()).status_code == 404


def test_copy_takes_only_post(client, world):
    login(client, world["lead"])
    url = reverse("targetsystems:chain_copy_as_is", args=[world["chain"].pk])
    assert client.get(url).status_code == 405


def test_an_unknown_variant_is_404(client, world):
    login(client, world["lead"])
    url = reverse("targetsystems:step_create", args=[world["chain"].pk, "wish"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"organisation": world["abh"].pk, "title": "X"}).status_code == 404
    assert not ChainStep.objects.filter(title="X").exists()


# --- frozen target systems ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "state", [TargetSystemState.PROPOSED, TargetSystemState.IN_FORCE, TargetSystemState.SUPERSEDED]
)
def test_a_frozen_target_system_shows_no_edit_buttons(state, as_user, world):
    freeze(world["ts"], state)
    response = as_user("coordinator").get(world["chain"].get_absolute_url())
    assert response.status_code == 200
    for url in edit_get_urls(world)[1:]:
        assert url not in response.text, url
    assert reverse("targetsystems:chain_copy_as_is", args=[world["chain"].pk]) not in (
        response.text
    )
    assert "kann nicht mehr geändert werden" in response.text


@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_the_forms_of_a_frozen_target_system_are_not_shown(who, client, world, request):
    freeze(world["ts"])
    user = world[who] if who in world else request.getfixturevalue(who)
    login(client, user)
    for url in edit_get_urls(world):
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert "kann nicht mehr geändert werden" in response.text, url


@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_a_post_to_a_frozen_target_system_is_refused_and_changes_nothing(
    who, client, world, request
):
    freeze(world["ts"])
    user = world[who] if who in world else request.getfixturevalue(who)
    login(client, user)
    before = snapshot()
    for url, data in edit_posts(world):
        response = client.post(url, data, follow=True)
        assert response.status_code in (200, 400), url
        assert "kann nicht mehr geändert werden" in response.text, url
    assert snapshot() == before


def test_a_refused_form_keeps_what_was_typed(client, world):
    freeze(world["ts"])
    login(client, world["lead"])
    url = reverse("targetsystems:step_create", args=[world["chain"].pk, "to_be"])
    response = client.post(url, {"organisation": world["abh"].pk, "title": "Mein Entwurf"})
    assert response.status_code == 400
    assert "Mein Entwurf" in response.text
    assert "kann nicht mehr geändert werden" in response.text


# --- chains: create, edit, delete ------------------------------------------------------------


def test_the_lead_creates_a_chain(client, world):
    login(client, world["lead"])
    response = client.post(
        reverse("targetsystems:chain_create", args=[world["ts"].pk]),
        {"title": "Vom Bescheid zur Kita", "description": "Ab der Zuweisung."},
    )
    chain = ServiceChain.objects.get(title="Vom Bescheid zur Kita")
    assert response.status_code == 302
    assert response.url == chain.get_absolute_url()
    assert chain.target_system == world["ts"]
    assert chain.position == 2


def test_a_chain_without_title_is_refused(client, world):
    login(client, world["lead"])
    before = snapshot()
    response = client.post(
        reverse("targetsystems:chain_create", args=[world["ts"].pk]), {"title": "  "}
    )
    assert response.status_code == 400
    assert "Bitte geben Sie der Kette einen Titel." in response.text
    assert snapshot() == before


def test_a_chain_with_an_unknown_service_type_is_refused(client, world):
    login(client, world["lead"])
    before = snapshot()
    response = client.post(
        reverse("targetsystems:chain_edit", args=[world["chain"].pk]),
        {"title": "Umbenannt", "service_type": "99999"},
    )
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Angebotsart der Liste." in response.text
    assert snapshot() == before


def test_a_too_long_title_is_refused(client, world):
    login(client, world["lead"])
    before = snapshot()
    response = client.post(
        reverse("targetsystems:chain_edit", args=[world["chain"].pk]), {"title": "x" * 201}
    )
    assert response.status_code == 400
    assert "Der Titel ist zu lang" in response.text
    assert snapshot() == before


def test_coordination_renames_a_chain(as_user, world):
    response = as_user("coordinator").post(
        reverse("targetsystems:chain_edit", args=[world["chain"].pk]), {"title": "Umbenannt"}
    )
    assert response.status_code == 302
    world["chain"].refresh_from_db()
    assert world["chain"].title == "Umbenannt"


def test_deleting_a_chain_asks_first_and_then_deletes_it_with_its_steps(client, world):
    login(client, world["lead"])
    url = reverse("targetsystems:chain_delete", args=[world["chain"].pk])
    page = client.get(url)
    assert "3 Schritte" in page.text
    assert ServiceChain.objects.filter(pk=world["chain"].pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == world["ts"].get_absolute_url()
    assert not ServiceChain.objects.filter(pk=world["chain"].pk).exists()
    assert not ChainStep.objects.filter(chain_id=world["chain"].pk).exists()


# --- steps through the pages -------------------------------------------------------------------


def test_the_lead_adds_a_step_at_the_end(client, world):
    login(client, world["lead"])
    office = OfficeFactory(organisation=world["vhs"], name="VHS Iserlohn – Kursbüro")
    response = client.post(
        reverse("targetsystems:step_create", args=[world["chain"].pk, "to_be"]),
        {
            "organisation": world["vhs"].pk,
            "office": office.pk,
            "legal_domain": LegalDomainFactory(code="AufenthG").pk,
            "title": "Einstufung und Kursplatz",
            "client_task": "Berechtigung mitbringen",
            "institution_task": "stuft ein",
            "typical_days": "14",
        },
    )
    assert response.status_code == 302
    assert response.url.endswith("#to_be")
    step = ChainStep.objects.get(title="Einstufung und Kursplatz")
    assert (step.variant, step.position, step.office, step.typical_days) == ("to_be", 2, office, 14)


def test_save_and_next_returns_to_an_empty_form(client, world):
    login(client, world["lead"])
    url = reverse("targetsystems:step_create", args=[world["chain"].pk, "as_is"])
    response = client.post(url, {"organisation": world["vhs"].pk, "title": "Kurs", "another": "1"})
    assert response.status_code == 302
    assert response.url == url


def test_the_lead_edits_a_step(client, world):
    login(client, world["lead"])
    step = world["as_is"][1]
    response = client.post(
        reverse("targetsystems:step_edit", args=[step.pk]),
        {
            "position": "2",
            "organisation": world["vhs"].pk,
            "title": "Einstufungstest",
            "typical_days": "21",
            "is_break_point": "on",
            "break_point_note": "Die Berechtigung kommt nicht an.",
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.typical_days == 21
    assert step.variant == "as_is"


def test_deleting_a_step_closes_the_gap(client, world):
    login(client, world["lead"])
    url = reverse("targetsystems:step_delete", args=[world["as_is"][0].pk])
    assert "Berechtigung" in client.get(url).text
    response = client.post(url)
    assert response.status_code == 302
    assert list(
        ChainStep.objects.filter(chain=world["chain"], variant="as_is").values_list(
            "position", "title"
        )
    ) == [(1, "Einstufungstest")]


def test_the_copy_button_shows_only_while_the_to_be_is_empty(client, world):
    login(client, world["lead"])
    copy_url = reverse("targetsystems:chain_copy_as_is", args=[world["chain"].pk])
    assert copy_url not in client.get(world["chain"].get_absolute_url()).text
    ChainStep.objects.filter(variant="to_be").delete()
    text = client.get(world["chain"].get_absolute_url()).text
    assert copy_url in text
    assert "Ist-Kette als Soll übernehmen" in text


def test_the_as_is_is_copied_as_to_be(client, world):
    ChainStep.objects.filter(variant="to_be").delete()
    login(client, world["lead"])
    response = client.post(
        reverse("targetsystems:chain_copy_as_is", args=[world["chain"].pk]), follow=True
    )
    assert "2 Schritte der Ist-Kette wurden als Soll-Kette übernommen" in response.text
    assert list(ChainStep.objects.filter(variant="to_be").values_list("position", "title")) == [
        (1, "Berechtigung"),
        (2, "Einstufungstest"),
    ]


def test_copying_over_a_to_be_is_refused(client, world):
    login(client, world["lead"])
    before = snapshot()
    response = client.post(
        reverse("targetsystems:chain_copy_as_is", args=[world["chain"].pk]), follow=True
    )
    assert "Die Soll-Kette hat schon Schritte; sie wird nicht überschrieben." in response.text
    assert snapshot() == before


def test_copying_an_empty_as_is_is_refused(client, world):
    ChainStep.objects.all().delete()
    login(client, world["lead"])
    response = client.post(
        reverse("targetsystems:chain_copy_as_is", args=[world["chain"].pk]), follow=True
    )
    assert "Die Ist-Kette hat noch keine Schritte." in response.text
    assert not ChainStep.objects.exists()


# --- the chain page ------------------------------------------------------------------------------


def test_the_chain_page_draws_both_variants_with_a_text_alternative(client, world):
    text = login(client, world["member"]).get(world["chain"].get_absolute_url()).text
    assert text.count('role="img"') == 2
    assert "Ist-Kette als Diagramm" in text
    assert "Soll-Kette als Diagramm" in text
    # the same content as tables, with the headers the brief names
    for header in ("Nr.", "Institution", "Schritt", "Person muss …", "Institution tut …"):
        assert f">{header}</th>" in text
    assert "Schritte der Ist-Kette" in text
    assert "Schritte der Soll-Kette" in text
    # the break point is marked with a word and a symbol, not by colour alone
    assert "⚠ Bruchstelle" in text
    assert "kim-step--break" in text


def test_svg_coordinates_are_not_localised(client, world):
    text = login(client, world["member"]).get(world["chain"].get_absolute_url()).text
    svg = text[text.index("<svg") : text.index("</svg>")]
    import re

    numbers = re.findall(r'(?:x|y|width|height)="([^"]*)"', svg)
    assert numbers
    assert all("," not in n for n in numbers)


def test_the_comparison_names_what_changed_and_the_total_days(client, world):
    # as-is: Berechtigung, Einstufungstest (42 days); to-be: Berechtigung (with 7 days), Kursstart
    step = world["to_be"][0]
    step.typical_days = 7
    step.save()
    ChainStepFactory(
        chain=world["chain"], variant="to_be", position=2, organisation=world["vhs"], title="Kurs"
    )
    text = login(client, world["member"]).get(world["chain"].get_absolute_url()).text
    comparison = text[text.index('id="comparison"') :]
    assert "kim-compare--changed" in comparison
    assert "kim-compare--removed" in comparison
    assert "kim-compare--added" in comparison
    assert "typische Dauer (Tage)" in comparison
    assert "unbekannt → 7 Tage" in comparison
    assert "<del>2. Einstufungstest</del>" in comparison
    assert "<ins>2. Kurs</ins>" in comparison
    assert "entfällt" in comparison and "neu" in comparison and "geändert" in comparison
    assert "42 Tage" in comparison and "7 Tage" in comparison
    assert "35 Tage kürzer" in comparison


def test_without_a_to_be_the_page_says_so(client, world):
    ChainStep.objects.filter(variant="to_be").delete()
    text = login(client, world["member"]).get(world["chain"].get_absolute_url()).text
    assert "Die Soll-Kette hat noch keine Schritte." in text
    assert "Der Vergleich erscheint, sobald Ist- und Soll-Kette Schritte haben." in text
    assert text.count('role="img"') == 1


def test_the_page_shows_a_breadcrumb(client, world):
    text = login(client, world["member"]).get(world["chain"].get_absolute_url()).text
    assert reverse("targetsystems:list") in text
    assert world["ts"].get_absolute_url() in text


def test_a_step_that_only_moved_is_one_row_verschoben(client, world):
    # to-be: Einstufungstest first, Berechtigung second (the as-is has them the other way round)
    ChainStep.objects.filter(variant="to_be").delete()
    ChainStepFactory(
        chain=world["chain"],
        variant="to_be",
        position=1,
        organisation=world["vhs"],
        title="Einstufungstest",
        typical_days=14,
    )
    ChainStepFactory(
        chain=world["chain"],
        variant="to_be",
        position=2,
        organisation=world["abh"],
        title="Berechtigung",
    )
    text = login(client, world["member"]).get(world["chain"].get_absolute_url()).text
    comparison = text[text.index('id="comparison"') :]
    assert comparison.count("kim-compare--moved") == 1
    assert "kim-compare--removed" not in comparison
    assert "kim-compare--added" not in comparison
    assert "an anderer Stelle: Schritt 2 → 1" in comparison
    assert "42 Tage → 14 Tage" in comparison
    assert "verschoben" in text[: text.index('id="comparison"')]  # tagged in the diagrams too


def test_the_diagrams_can_be_shown_one_above_the_other(client, world):
    login(client, world["member"])
    url = world["chain"].get_absolute_url()
    assert "kim-chain-variants--stacked" not in client.get(url).text
    stacked = client.get(url, {"ansicht": "untereinander"}).text
    assert "kim-chain-variants--stacked" in stacked
    assert stacked.count('role="img"') == 2


def test_the_step_form_marks_the_institution_as_required(client, world):
    login(client, world["lead"])
    text = client.get(reverse("targetsystems:step_create", args=[world["chain"].pk, "as_is"])).text
    label = text[text.index('for="id_organisation"') :]
    label = label[: label.index("</label>")]
    assert "optional" not in label
    position = text[text.index('for="id_position"') :]
    assert "optional" in position[: position.index("</label>")]

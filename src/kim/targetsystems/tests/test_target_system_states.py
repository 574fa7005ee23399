"""The states of a target system through its pages: put before the steering group, taken back,
decided with a resolution and a date in force, a new version that supersedes the old one; the
generative theme moves along; a frozen target system refuses every edit (issue #5)."""

import datetime

import pytest
from django.urls import reverse

from kim.hurdles.models import ThemeState
from kim.targetsystems import services
from kim.targetsystems.models import Agreement, TargetSystem, TargetSystemState

from .factories import (
    AgreementFactory,
    MeetingFactory,
    ResolutionFactory,
    ThemeFactory,
    complete_draft,
)
from .test_target_system_pages import edit_data, login, make_group, put_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return make_group()


@pytest.fixture
def draft(group):
    return complete_draft(working_group=group[0], title="Kurszugang")


@pytest.fixture
def proposed(draft, coordinator):
    return services.propose(draft, by=coordinator)


def change_state(client, target_system, target):
    return client.post(
        reverse("targetsystems:change_state", args=[target_system.pk]), {"target": target}
    )


def decide(client, target_system, **data):
    return client.post(reverse("targetsystems:decide", args=[target_system.pk]), data)


# --- propose and withdraw ------------------------------------------------------------------------


def test_lead_puts_a_complete_draft_before_the_steering_group(client, group, draft):
    response = change_state(login(client, group[1]), draft, "proposed")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == TargetSystemState.PROPOSED
    assert draft.theme.state == ThemeState.TARGET_SYSTEM_PROPOSED
    follow = client.get(response.url)
    assert "steht jetzt auf „der Lenkungsgruppe vorgelegt“" in follow.content.decode()


def test_an_incomplete_draft_is_not_proposed(client, coordinator, group):
    empty = complete_draft(working_group=group[0])
    empty.indicators.all().delete()
    response = change_state(login(client, coordinator), empty, "proposed")
    assert response.status_code == 400
    assert "mindestens einen Indikator" in response.content.decode()
    empty.refresh_from_db()
    assert empty.state == TargetSystemState.DRAFT


def test_a_draft_without_chain_is_not_proposed(client, coordinator, group):
    empty = complete_draft(working_group=group[0])
    empty.chains.all().delete()
    response = change_state(login(client, coordinator), empty, "proposed")
    assert response.status_code == 400
    assert "noch keine Dienstleistungskette" in response.content.decode()


def test_lead_takes_a_proposed_one_back(client, group, proposed):
    response = change_state(login(client, group[1]), proposed, "draft")
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == TargetSystemState.DRAFT
    assert proposed.theme.state == ThemeState.WORKING_GROUP


def test_a_proposed_one_is_not_proposed_again(client, coordinator, proposed):
    response = change_state(login(client, coordinator), proposed, "proposed")
    assert response.status_code == 400
    assert "Nur ein Entwurf kann der Lenkungsgruppe vorgelegt werden." in (
        response.content.decode()
    )


def test_a_draft_is_not_withdrawn(client, coordinator, draft):
    response = change_state(login(client, coordinator), draft, "draft")
    assert response.status_code == 400
    assert "Nur ein vorgelegtes Zielsystem kann zurückgenommen werden." in (
        response.content.decode()
    )


def test_an_in_force_one_is_not_withdrawn(client, coordinator, proposed):
    in_force = services.put_in_force(
        proposed,
        resolution=ResolutionFactory(theme=proposed.theme),
        in_force_from=datetime.date(2026, 4, 1),
        by=coordinator,
    )
    response = change_state(login(client, coordinator), in_force, "draft")
    assert response.status_code == 400
    in_force.refresh_from_db()
    assert in_force.state == TargetSystemState.IN_FORCE


@pytest.mark.parametrize("target", ["", "superseded", "kaputt"])
def test_an_unknown_step_is_refused(client, coordinator, draft, target):
    response = change_state(login(client, coordinator), draft, target)
    assert response.status_code == 400
    assert "Diesen Schritt gibt es hier nicht." in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == TargetSystemState.DRAFT


def test_coordination_asking_for_in_force_is_sent_to_the_decision_page(
    client, coordinator, proposed
):
    response = change_state(login(client, coordinator), proposed, "in_force")
    assert response.status_code == 302
    assert response.url == reverse("targetsystems:decide", args=[proposed.pk])


# --- decision ----------------------------------------------------------------------------------


def test_decision_page_lists_the_suitable_resolutions(client, coordinator, proposed):
    suitable = ResolutionFactory(theme=proposed.theme, text="Die Lenkungsgruppe beschließt.")
    other_theme = ResolutionFactory(theme=ThemeFactory())
    rejected = ResolutionFactory(theme=proposed.theme, result="rejected")
    response = login(client, coordinator).get(reverse("targetsystems:decide", args=[proposed.pk]))
    assert response.status_code == 200
    choices = list(response.context["form"].fields["resolution"].queryset)
    assert choices == [suitable]
    html = response.content.decode()
    assert suitable.number in html and "12.03.2026" in html
    assert "Die Lenkungsgruppe beschließt." in html
    assert other_theme.number not in html and rejected.number not in html


def test_coordination_puts_it_in_force(client, coordinator, proposed):
    resolution = ResolutionFactory(theme=proposed.theme)
    response = decide(
        login(client, coordinator),
        proposed,
        resolution=resolution.pk,
        in_force_from="2026-04-01",
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == TargetSystemState.IN_FORCE
    assert proposed.resolution == resolution
    assert proposed.in_force_from == datetime.date(2026, 4, 1)
    assert proposed.theme.state == ThemeState.MONITORING
    follow = client.get(response.url).content.decode()
    assert "ist in Kraft seit 01.04.2026" in follow


def test_in_force_on_the_day_of_the_meeting(client, coordinator, proposed):
    resolution = ResolutionFactory(theme=proposed.theme)
    response = decide(
        login(client, coordinator), proposed, resolution=resolution.pk, in_force_from="2026-03-12"
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"in_force_from": "2026-04-01"}, "resolution", "Bitte wählen Sie den Beschluss"),
        ({"resolution": "RESOLUTION"}, "in_force_from", "ab wann das Zielsystem gilt"),
        (
            {"resolution": "RESOLUTION", "in_force_from": "2026-03-11"},
            "in_force_from",
            "nicht vor dem Beschluss in Kraft treten (Sitzung vom 12.03.2026)",
        ),
        (
            {"resolution": "RESOLUTION", "in_force_from": "1.4.26x"},
            "in_force_from",
            "gültiges Datum",
        ),
        ({"resolution": "OTHER", "in_force_from": "2026-04-01"}, "resolution", "passt nicht"),
        ({"resolution": "999999", "in_force_from": "2026-04-01"}, "resolution", "passt nicht"),
    ],
)
def test_decision_with_bad_input_changes_nothing(
    client, coordinator, proposed, data, field, message
):
    resolution = ResolutionFactory(theme=proposed.theme)
    other = ResolutionFactory(theme=ThemeFactory())
    values = {"RESOLUTION": resolution.pk, "OTHER": other.pk}
    data = {key: values.get(value, value) for key, value in data.items()}
    response = decide(login(client, coordinator), proposed, **data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    proposed.refresh_from_db()
    assert proposed.state == TargetSystemState.PROPOSED
    assert proposed.resolution is None and proposed.in_force_from is None


def test_a_resolution_already_used_is_not_offered_again(client, coordinator, group, proposed):
    resolution = ResolutionFactory(theme=proposed.theme)
    services.put_in_force(
        proposed, resolution=resolution, in_force_from=datetime.date(2026, 4, 1), by=coordinator
    )
    second = services.propose(
        complete_draft(working_group=group[0], title="Zweites"), by=coordinator
    )
    response = decide(
        login(client, coordinator), second, resolution=resolution.pk, in_force_from="2026-04-01"
    )
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.state == TargetSystemState.PROPOSED


def test_without_a_suitable_resolution_the_page_explains_where_it_comes_from(
    client, coordinator, proposed
):
    response = login(client, coordinator).get(reverse("targetsystems:decide", args=[proposed.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Es gibt noch keinen passenden Beschluss." in html
    assert "zuerst in der Sitzung der Lenkungsgruppe erfasst" in html
    assert reverse("governance:body_list") in html
    assert 'name="in_force_from"' not in html  # nothing to choose, so no form


def test_decision_page_of_a_draft_sends_back_with_the_reason(client, coordinator, draft):
    response = login(client, coordinator).get(reverse("targetsystems:decide", args=[draft.pk]))
    assert response.status_code == 302
    follow = client.get(response.url).content.decode()
    assert "nur für ein Zielsystem ein, das der Lenkungsgruppe vorliegt" in follow


def test_decision_posted_for_a_draft_is_refused(client, coordinator, draft):
    resolution = ResolutionFactory(theme=draft.theme)
    response = decide(
        login(client, coordinator), draft, resolution=resolution.pk, in_force_from="2026-04-01"
    )
    assert response.status_code == 400
    assert "das der Lenkungsgruppe vorliegt" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == TargetSystemState.DRAFT


# --- new versions ------------------------------------------------------------------------------


def test_new_version_copies_and_supersedes_the_old_one_once_decided(
    client, coordinator, group, proposed
):
    first = put_in_force_via_page(client, coordinator, proposed, "2026-04-01")
    response = client.post(reverse("targetsystems:new_version", args=[first.pk]))
    second = TargetSystem.objects.get(predecessor=first)
    assert response.status_code == 302
    assert response.url == second.get_absolute_url()
    assert second.version == 2 and second.state == TargetSystemState.DRAFT
    assert second.chains.count() == first.chains.count()
    assert second.indicators.count() == first.indicators.count()
    first.refresh_from_db()
    assert first.state == TargetSystemState.IN_FORCE  # until the new one is decided
    change_state(client, second, "proposed")
    later = MeetingFactory(
        starts_at=first.resolution.meeting.starts_at + datetime.timedelta(days=90)
    )
    resolution = ResolutionFactory(theme=second.theme, meeting=later)
    decide(client, second, resolution=resolution.pk, in_force_from="2026-07-01")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.state == TargetSystemState.IN_FORCE
    assert first.state == TargetSystemState.SUPERSEDED


def test_new_version_keeps_the_parties_of_the_agreements(client, coordinator, proposed):
    AgreementFactory(target_system=proposed)
    first = put_in_force_via_page(client, coordinator, proposed, "2026-04-01")
    client.post(reverse("targetsystems:new_version", args=[first.pk]))
    second = TargetSystem.objects.get(predecessor=first)
    copied = {a.text: set(a.parties.all()) for a in second.agreements.all()}
    assert copied == {a.text: set(a.parties.all()) for a in first.agreements.all()}
    assert all(copied.values())


def put_in_force_via_page(client, coordinator, proposed, day):
    resolution = ResolutionFactory(theme=proposed.theme)
    decide(login(client, coordinator), proposed, resolution=resolution.pk, in_force_from=day)
    proposed.refresh_from_db()
    return proposed


def test_new_version_must_come_into_force_after_the_old_one(client, coordinator, proposed):
    first = put_in_force_via_page(client, coordinator, proposed, "2026-04-01")
    second = services.new_version(first, by=coordinator)
    services.propose(second, by=coordinator)
    resolution = ResolutionFactory(theme=second.theme)
    response = decide(client, second, resolution=resolution.pk, in_force_from="2026-04-01")
    assert response.status_code == 400
    assert "nach der bisherigen (in Kraft seit 01.04.2026)" in response.content.decode()
    first.refresh_from_db()
    assert first.state == TargetSystemState.IN_FORCE


def test_no_new_version_of_a_draft(client, coordinator, draft):
    response = login(client, coordinator).post(
        reverse("targetsystems:new_version", args=[draft.pk])
    )
    assert response.status_code == 400
    assert "aus der Fassung, die in Kraft ist" in response.content.decode()
    assert not TargetSystem.objects.filter(predecessor=draft).exists()


def test_no_second_new_version(client, coordinator, proposed):
    first = put_in_force_via_page(client, coordinator, proposed, "2026-04-01")
    services.new_version(first, by=coordinator)
    response = client.post(reverse("targetsystems:new_version", args=[first.pk]))
    assert response.status_code == 400
    assert "schon eine neue Fassung" in response.content.decode()
    assert TargetSystem.objects.filter(predecessor=first).count() == 1


# --- frozen ------------------------------------------------------------------------------------


@pytest.fixture(params=["proposed", "in_force", "superseded"])
def frozen(request, coordinator, group):
    target_system = complete_draft(working_group=group[0], title="Eingefroren")
    AgreementFactory(target_system=target_system, text="Bleibt so.")
    if request.param == "proposed":
        return services.propose(target_system, by=coordinator)
    target_system = put_in_force(target_system, by=coordinator)
    if request.param == "superseded":
        successor = services.new_version(target_system, by=coordinator)
        put_in_force(successor, by=coordinator, day=datetime.date(2026, 9, 1))
        target_system.refresh_from_db()
        assert target_system.state == TargetSystemState.SUPERSEDED
    return target_system


def test_frozen_page_shows_no_edit_buttons(client, coordinator, frozen):
    agreement = frozen.agreements.get()
    html = login(client, coordinator).get(frozen.get_absolute_url()).content.decode()
    for url in (
        reverse("targetsystems:edit", args=[frozen.pk]),
        reverse("targetsystems:chain_create", args=[frozen.pk]),
        reverse("targetsystems:agreement_create", args=[frozen.pk]),
        reverse("targetsystems:agreement_edit", args=[agreement.pk]),
        reverse("targetsystems:agreement_delete", args=[agreement.pk]),
        reverse("targetsystems:indicator_create", args=[frozen.pk]),
    ):
        assert url not in html
    assert "nicht geändert werden" in html or "Beschlossen und unveränderlich" in html


def test_frozen_edit_form_sends_back_with_the_reason(client, coordinator, frozen):
    for url in (
        reverse("targetsystems:edit", args=[frozen.pk]),
        reverse("targetsystems:agreement_create", args=[frozen.pk]),
        reverse("targetsystems:agreement_edit", args=[frozen.agreements.get().pk]),
    ):
        response = login(client, coordinator).get(url)
        assert response.status_code == 302
        assert response.url == frozen.get_absolute_url()


def test_frozen_edit_post_is_refused_in_german_and_changes_nothing(client, coordinator, frozen):
    response = login(client, coordinator).post(
        reverse("targetsystems:edit", args=[frozen.pk]), edit_data(frozen, title="Geändert")
    )
    assert response.status_code == 400
    assert "kann nicht mehr geändert werden" in response.content.decode()
    frozen.refresh_from_db()
    assert frozen.title == "Eingefroren"


def test_frozen_agreements_are_refused_in_german_and_change_nothing(client, coordinator, frozen):
    agreement = frozen.agreements.get()
    parties = [p.pk for p in agreement.parties.all()]
    client = login(client, coordinator)
    responses = [
        client.post(
            reverse("targetsystems:agreement_create", args=[frozen.pk]),
            {"text": "Neu", "parties": parties},
        ),
        client.post(
            reverse("targetsystems:agreement_edit", args=[agreement.pk]),
            {"text": "Geändert", "parties": parties},
        ),
        client.post(reverse("targetsystems:agreement_delete", args=[agreement.pk])),
    ]
    for response in responses:
        assert response.status_code == 400
        assert "kann nicht mehr geändert werden" in response.content.decode()
    assert list(Agreement.objects.filter(target_system=frozen).values_list("text", flat=True)) == [
        "Bleibt so."
    ]

"""Resolutions: text, vote and result, numbering, and what an adopted resolution decides (a
working group for a theme with named members; the theme moves on). Every refusal is German and
leaves the database as it was."""

import pytest
from django.urls import reverse

from kim.directory.models import Organisation
from kim.directory.tests.factories import OrganisationFactory
from kim.governance.forms.meetings import MAX_NEW_MEMBERS, default_number
from kim.governance.models import (
    AgendaItem,
    Body,
    BodyKind,
    MeetingState,
    Membership,
    Minutes,
    MinutesState,
    Resolution,
    ResolutionKind,
    ResolutionResult,
)
from kim.hurdles.models import ThemeState, ThemeStateChange

from .test_bodies import aware, make_body, make_meeting, make_resolution, make_theme

pytestmark = pytest.mark.django_db

AUTHORITY = "Ausländerbehörde Märkischer Kreis"


@pytest.fixture
def body():
    return make_body()


@pytest.fixture
def meeting(body, coordinator):
    return make_meeting(body, coordinator, aware(2026, 3, 12), title="1. Sitzung 2026")


@pytest.fixture
def item(meeting):
    return AgendaItem.objects.create(meeting=meeting, position=3, title="Wartezeiten")


@pytest.fixture
def theme(coordinator):
    return make_theme(coordinator)


def url(meeting):
    return reverse("governance:resolution_create", args=[meeting.pk])


def members_data(rows=()):
    data = {
        "members-TOTAL_FORMS": str(MAX_NEW_MEMBERS),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": str(MAX_NEW_MEMBERS),
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"members-{i}-{key}"] = value
    return data


def resolution_data(**overrides):
    data = {
        "number": "LG 2026/1",
        "text": "Die Lenkungsgruppe nimmt den Bericht der Koordination zur Kenntnis.",
        "kind": ResolutionKind.OTHER,
        "votes_for": "7",
        "votes_against": "0",
        "votes_abstain": "1",
        "result": ResolutionResult.ADOPTED,
        "working_group_name": "",
    }
    data.update(members_data())
    data.update(overrides)
    return data


def set_up_data(for_theme, item, *, with_members=True, **overrides):
    organisation = Organisation.objects.filter(name=AUTHORITY).first() or OrganisationFactory(
        name=AUTHORITY
    )
    data = resolution_data(
        agenda_item=item.pk,
        text="Die Lenkungsgruppe richtet eine Arbeitsgruppe zu den Wartezeiten ein.",
        kind=ResolutionKind.SET_UP_WORKING_GROUP,
        theme=for_theme.pk,
        working_group_name="AG Wartezeiten Ausländerbehörde",
    )
    if not with_members:
        data.update(overrides)
        return data
    data.update(
        members_data(
            [
                {
                    "name": "Eva Lang",
                    "organisation": organisation.pk,
                    "email": "e.lang@example.org",
                    "is_lead": "on",
                },
                {"name": "Bernd Ott", "email": "b.ott@example.org"},
            ]
        )
    )
    data.update(overrides)
    return data


def assert_nothing_changed(theme=None, state=ThemeState.BEFORE_STEERING_GROUP):
    assert not Resolution.objects.exists()
    assert not Body.objects.filter(kind=BodyKind.WORKING_GROUP).exists()
    assert not Membership.objects.exists()
    if theme is not None:
        theme.refresh_from_db()
        assert theme.state == state
        assert not ThemeStateChange.objects.filter(theme=theme).exists()


# --- recording -------------------------------------------------------------------------------


def test_recording_a_resolution(as_user, meeting, item, coordinator):
    response = as_user("coordinator").post(url(meeting), resolution_data(agenda_item=item.pk))

    assert response.status_code == 302
    assert response.url == reverse("governance:meeting_detail", args=[meeting.pk]) + "#resolutions"
    resolution = Resolution.objects.get()
    assert (resolution.meeting, resolution.agenda_item, resolution.created_by) == (
        meeting,
        item,
        coordinator,
    )
    assert (resolution.votes_for, resolution.votes_against, resolution.votes_abstain) == (7, 0, 1)
    assert resolution.result == ResolutionResult.ADOPTED


def test_the_number_is_proposed_per_body_and_year(as_user, meeting, body, coordinator):
    assert default_number(meeting) == "LG 2026/1"
    earlier = make_meeting(body, coordinator, aware(2026, 1, 20))
    make_resolution(earlier, coordinator, number="LG 2026/1")
    make_resolution(earlier, coordinator, number="LG 2026/2")

    form = as_user("coordinator").get(url(meeting)).context["form"]

    assert form["number"].value() == "LG 2026/3"


def test_the_agenda_item_and_its_theme_are_preset(as_user, meeting, theme):
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="X", theme=theme)

    form = as_user("coordinator").get(url(meeting) + f"?agenda_item={item.pk}").context["form"]

    assert form["agenda_item"].value() == item.pk
    assert form["theme"].value() == theme.pk


def test_a_resolution_without_result_is_refused(as_user, meeting):
    response = as_user("coordinator").post(url(meeting), resolution_data(result=""))

    assert response.status_code == 200
    assert response.context["form"].errors["result"] == [
        "Bitte geben Sie das Ergebnis an: angenommen oder abgelehnt."
    ]
    assert "nimmt den Bericht der Koordination zur Kenntnis" in response.content.decode()
    assert_nothing_changed()


@pytest.mark.parametrize("field", ["votes_for", "votes_against", "votes_abstain"])
def test_a_resolution_without_votes_is_refused(as_user, meeting, field):
    response = as_user("coordinator").post(url(meeting), resolution_data(**{field: ""}))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Bitte geben Sie das Abstimmungsergebnis an."]
    assert_nothing_changed()


def test_negative_votes_are_refused(as_user, meeting):
    response = as_user("coordinator").post(url(meeting), resolution_data(votes_against="-1"))

    assert response.status_code == 200
    assert response.context["form"].errors["votes_against"] == [
        "Die Zahl der Stimmen kann nicht negativ sein."
    ]
    assert_nothing_changed()


def test_adopted_without_majority_is_refused(as_user, meeting):
    response = as_user("coordinator").post(
        url(meeting), resolution_data(votes_for="3", votes_against="4")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["result"] == [
        "Mit 3 Ja- und 4 Nein-Stimmen ist der Beschluss nicht angenommen."
    ]
    assert_nothing_changed()


def test_a_resolution_without_text_is_refused(as_user, meeting):
    response = as_user("coordinator").post(url(meeting), resolution_data(text=""))

    assert response.status_code == 200
    assert response.context["form"].errors["text"] == ["Bitte geben Sie den Beschlusstext an."]
    assert_nothing_changed()


def test_a_number_twice_in_the_meeting_is_refused(as_user, meeting, coordinator):
    make_resolution(meeting, coordinator, number="LG 2026/1", text="Erster Beschluss")

    response = as_user("coordinator").post(url(meeting), resolution_data(number="LG 2026/1"))

    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "Diese Beschlussnummer gibt es in der Sitzung schon."
    ]
    assert list(Resolution.objects.values_list("text", flat=True)) == ["Erster Beschluss"]


def test_an_agenda_item_of_another_meeting_is_refused(as_user, meeting, body, coordinator):
    other = make_meeting(body, coordinator, aware(2026, 9, 10))
    foreign = AgendaItem.objects.create(meeting=other, position=1, title="Fremd")

    response = as_user("coordinator").post(url(meeting), resolution_data(agenda_item=foreign.pk))

    assert response.status_code == 200
    assert response.context["form"].errors["agenda_item"] == [
        "Dieser TOP gehört nicht zu dieser Sitzung."
    ]
    assert_nothing_changed()


def test_no_resolutions_for_a_cancelled_meeting(as_user, meeting):
    meeting.state = MeetingState.CANCELLED
    meeting.save()

    response = as_user("coordinator").post(url(meeting), resolution_data(), follow=True)

    assert "Die Sitzung ist abgesagt" in response.content.decode()
    assert_nothing_changed()


def test_no_resolutions_after_the_minutes_are_approved(as_user, meeting, coordinator):
    Minutes.objects.create(
        meeting=meeting, text="v1", created_by=coordinator, state=MinutesState.APPROVED
    )

    response = as_user("coordinator").post(url(meeting), resolution_data(), follow=True)

    assert "Das Protokoll dieser Sitzung ist genehmigt." in response.content.decode()
    assert_nothing_changed()


# --- setting up a working group --------------------------------------------------------------


def test_setting_up_a_working_group(as_user, meeting, item, theme, coordinator):
    response = as_user("coordinator").post(url(meeting), set_up_data(theme, item), follow=True)

    assert response.status_code == 200
    resolution = Resolution.objects.get()
    assert resolution.kind == ResolutionKind.SET_UP_WORKING_GROUP
    assert resolution.theme == theme
    theme.refresh_from_db()
    assert theme.state == ThemeState.WORKING_GROUP
    change = ThemeStateChange.objects.get(theme=theme)
    assert (change.from_state, change.to_state, change.by) == (
        ThemeState.BEFORE_STEERING_GROUP,
        ThemeState.WORKING_GROUP,
        coordinator,
    )
    assert "LG 2026/1" in change.note
    group = Body.objects.get(kind=BodyKind.WORKING_GROUP)
    assert group.name == "AG Wartezeiten Ausländerbehörde"
    assert (group.theme, group.set_up_by) == (theme, resolution)
    members = {m.name: m for m in group.memberships.all()}
    assert set(members) == {"Eva Lang", "Bernd Ott"}
    assert members["Eva Lang"].is_lead
    assert members["Eva Lang"].organisation.name == "Ausländerbehörde Märkischer Kreis"
    assert members["Bernd Ott"].email == "b.ott@example.org"
    assert not members["Bernd Ott"].is_lead
    html = response.content.decode()
    assert "Die Arbeitsgruppe „AG Wartezeiten Ausländerbehörde“ ist eingerichtet." in html
    assert "steht jetzt auf „Arbeitsgruppe eingerichtet“" in html


def test_setting_up_without_theme_is_refused(as_user, meeting, item, theme):
    response = as_user("coordinator").post(url(meeting), set_up_data(theme, item, theme=""))

    assert response.status_code == 200
    assert response.context["form"].errors["theme"] == [
        "Bitte wählen Sie das generative Thema, um das es geht."
    ]
    assert "Eva Lang" in response.content.decode()  # the member rows stay
    assert_nothing_changed(theme)


def test_setting_up_without_members_is_refused(as_user, meeting, item, theme):
    data = set_up_data(theme, item, with_members=False)

    response = as_user("coordinator").post(url(meeting), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Bitte benennen Sie die Mitglieder der Arbeitsgruppe."
    ]
    assert "Bitte benennen Sie die Mitglieder der Arbeitsgruppe." in response.content.decode()
    assert_nothing_changed(theme)


def test_setting_up_without_a_name_is_refused(as_user, meeting, item, theme):
    response = as_user("coordinator").post(
        url(meeting), set_up_data(theme, item, working_group_name="  ")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["working_group_name"] == [
        "Bitte geben Sie den Namen der Arbeitsgruppe an."
    ]
    assert_nothing_changed(theme)


def test_a_working_group_name_in_use_is_refused(as_user, meeting, item, theme):
    make_body("AG Wartezeiten Ausländerbehörde", BodyKind.INFORMED, short_name="")

    response = as_user("coordinator").post(url(meeting), set_up_data(theme, item))

    assert response.status_code == 200
    assert response.context["form"].errors["working_group_name"] == [
        "Ein Gremium mit diesem Namen gibt es schon."
    ]
    assert not Resolution.objects.exists()
    assert not Membership.objects.exists()
    theme.refresh_from_db()
    assert theme.state == ThemeState.BEFORE_STEERING_GROUP


def test_a_theme_not_before_the_steering_group_is_refused(as_user, meeting, item, coordinator):
    theme = make_theme(coordinator, title="Noch in Arbeit", state=ThemeState.DEVELOPED)

    response = as_user("coordinator").post(url(meeting), set_up_data(theme, item))

    assert response.status_code == 200
    assert response.context["form"].errors["theme"] == [
        "Das Thema „Noch in Arbeit“ steht auf „erarbeitet“; dieser Beschluss setzt „der "
        "Lenkungsgruppe vorgelegt“ voraus."
    ]
    # the service had saved the resolution, the group and its members: all rolled back
    assert_nothing_changed(theme, ThemeState.DEVELOPED)


def test_the_form_can_be_sent_again_after_a_refusal(as_user, meeting, item, coordinator):
    theme = make_theme(coordinator, title="Noch in Arbeit", state=ThemeState.DEVELOPED)
    client = as_user("coordinator")
    client.post(url(meeting), set_up_data(theme, item))
    theme.state = ThemeState.BEFORE_STEERING_GROUP
    theme.save()

    response = client.post(url(meeting), set_up_data(theme, item))

    assert response.status_code == 302
    assert Resolution.objects.count() == 1
    assert Body.objects.filter(kind=BodyKind.WORKING_GROUP).count() == 1


def test_a_rejected_set_up_changes_no_theme(as_user, meeting, item, theme):
    response = as_user("coordinator").post(
        url(meeting),
        set_up_data(
            theme, item, result=ResolutionResult.REJECTED, votes_for="2", votes_against="5"
        ),
    )

    assert response.status_code == 302
    assert Resolution.objects.get().result == ResolutionResult.REJECTED
    assert not Body.objects.filter(kind=BodyKind.WORKING_GROUP).exists()
    theme.refresh_from_db()
    assert theme.state == ThemeState.BEFORE_STEERING_GROUP


def test_working_group_data_needs_the_set_up_kind(as_user, meeting, item, theme):
    response = as_user("coordinator").post(
        url(meeting), set_up_data(theme, item, kind=ResolutionKind.OTHER)
    )

    assert response.status_code == 200
    assert (
        "gehören nur zu einem Beschluss der Art „Arbeitsgruppe einrichten“"
        in (response.context["form"].errors["kind"][0])
    )
    assert_nothing_changed(theme)


def test_a_member_row_with_email_but_no_name_is_refused(as_user, meeting, item, theme):
    data = set_up_data(theme, item)
    data.update({"members-2-email": "ohne.name@example.org"})

    response = as_user("coordinator").post(url(meeting), data)

    assert response.status_code == 200
    assert "Bitte geben Sie den Namen des Mitglieds an." in response.content.decode()
    assert_nothing_changed(theme)


def test_the_meeting_page_shows_what_was_decided(as_user, meeting, item, theme):
    client = as_user("coordinator")
    client.post(url(meeting), set_up_data(theme, item))

    html = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()

    group = Body.objects.get(kind=BodyKind.WORKING_GROUP)
    assert "Arbeitsgruppe einrichten" in html
    assert "Ja 7 · Nein 0 · Enthaltung 1" in html
    assert reverse("governance:body_detail", args=[group.pk]) in html
    assert "Arbeitsgruppe eingerichtet" in html

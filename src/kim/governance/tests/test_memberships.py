"""Memberships: coordination adds a person on a seat (member or deputy) or without seat, and ends a
membership. A seat is held by one member and one deputy at a time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.tests.factories import OrganisationFactory
from kim.governance.forms.meetings import MembershipForm
from kim.governance.models import BodyKind, Membership, MembershipFunction

from .test_bodies import make_body, make_member, make_seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return make_body()


@pytest.fixture
def seat(body):
    return make_seat(body, "Jobcenter", 3)


def create_url(body):
    return reverse("governance:membership_create", args=[body.pk])


def post(client, body, **data):
    payload = {"function": "member", "starts_on": "2026-01-01"}
    payload.update(data)
    return client.post(create_url(body), payload)


def test_form_offers_seats_and_today(as_user, body, seat):
    response = as_user("coordinator").get(create_url(body) + f"?seat={seat.pk}&function=deputy")

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["seat"].queryset) == [seat]
    assert form["seat"].value() == seat.pk
    assert form["function"].value() == "deputy"
    assert form["starts_on"].value() == timezone.localdate()


def test_adds_a_member_to_a_seat(as_user, body, seat):
    organisation = OrganisationFactory(name="Jobcenter Märkischer Kreis")

    response = post(
        as_user("coordinator"),
        body,
        seat=seat.pk,
        name="Karl Weber",
        organisation=organisation.pk,
        email="k.weber@example.org",
    )

    assert response.status_code == 302
    assert response.url == reverse("governance:body_detail", args=[body.pk])
    membership = Membership.objects.get()
    assert (membership.body, membership.seat, membership.function) == (
        body,
        seat,
        MembershipFunction.MEMBER,
    )
    assert membership.organisation == organisation
    assert membership.starts_on == datetime.date(2026, 1, 1)
    assert membership.ends_on is None


def test_name_and_email_come_from_the_user_account(as_user, body, seat, steering_member):
    steering_member.email = "t.becker@example.org"
    steering_member.save()

    response = post(as_user("coordinator"), body, seat=seat.pk, user=steering_member.pk)

    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.user == steering_member
    assert membership.name == "Thomas Becker"
    assert membership.email == "t.becker@example.org"


def test_without_name_and_user_is_refused(as_user, body):
    response = post(as_user("coordinator"), body, name="")

    assert response.status_code == 200
    assert "Bitte geben Sie den Namen an oder wählen Sie ein Benutzerkonto." in (
        response.content.decode()
    )
    assert not Membership.objects.exists()


def test_a_seat_held_twice_is_refused(as_user, body, seat):
    make_member(body, "Karl Weber", seat=seat)

    response = post(as_user("coordinator"), body, seat=seat.pk, name="Zweite Person")

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["seat"] == [
        "Dieser Sitz ist schon besetzt. Beenden Sie zuerst die bisherige Mitgliedschaft."
    ]
    assert not form.non_field_errors()  # said once, at the seat
    assert "Dieser Sitz ist schon besetzt" in response.content.decode()
    assert "Zweite Person" in response.content.decode()  # what was entered stays
    assert list(Membership.objects.values_list("name", flat=True)) == ["Karl Weber"]


def test_a_seat_held_until_a_later_day_is_refused(as_user, body, seat):
    make_member(body, "Karl Weber", seat=seat, ends_on=datetime.date(2026, 6, 30))

    response = post(
        as_user("coordinator"), body, seat=seat.pk, name="Nachfolge", starts_on="2026-03-01"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["seat"] == [
        "Dieser Sitz ist schon besetzt: Karl Weber bis 30.06.2026. Die neue Mitgliedschaft "
        "kann frühestens an diesem Tag beginnen."
    ]
    assert Membership.objects.count() == 1


def test_the_deputy_of_a_held_seat_is_fine(as_user, body, seat):
    make_member(body, "Karl Weber", seat=seat)

    response = post(
        as_user("coordinator"), body, seat=seat.pk, function="deputy", name="Vertretung"
    )

    assert response.status_code == 302
    assert Membership.objects.filter(seat=seat).count() == 2


def test_handover_on_the_day_the_predecessor_leaves(as_user, body, seat):
    make_member(body, "Karl Weber", seat=seat, ends_on=datetime.date(2026, 3, 1))

    response = post(
        as_user("coordinator"), body, seat=seat.pk, name="Nachfolge", starts_on="2026-03-01"
    )

    assert response.status_code == 302
    assert Membership.objects.filter(seat=seat, ends_on__isnull=True).get().name == "Nachfolge"


def test_the_database_rule_also_answers_in_german(body, seat):
    """Even without the form's own check, the seat rule of the model gives the message."""
    make_member(body, "Karl Weber", seat=seat)
    form = MembershipForm(
        {"seat": seat.pk, "function": "member", "name": "Zweite", "starts_on": "2026-01-01"},
        body=body,
    )
    form._check_seat = lambda cleaned: None

    assert not form.is_valid()
    assert "Dieser Sitz ist schon besetzt" in str(form.errors)
    assert Membership.objects.count() == 1


def test_end_before_start_is_refused(as_user, body):
    response = post(
        as_user("coordinator"),
        body,
        name="Karl Weber",
        starts_on="2026-03-01",
        ends_on="2026-02-01",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == ["„bis“ liegt vor „seit“."]
    assert not Membership.objects.exists()


def test_a_seat_of_another_body_is_refused(as_user, body, seat):
    other_seat = make_seat(make_body("Facharbeitskreis", BodyKind.WORKING_CIRCLE, "FAK"), "X", 1)

    response = post(as_user("coordinator"), body, seat=other_seat.pk, name="Karl Weber")

    assert response.status_code == 200
    assert response.context["form"].errors["seat"] == [
        "Dieser Sitz gehört nicht zu diesem Gremium."
    ]
    assert not Membership.objects.exists()


def test_working_group_member_can_lead(as_user):
    group = make_body("AG Wartezeiten", BodyKind.WORKING_GROUP, short_name="")

    response = post(as_user("coordinator"), group, name="Eva Lang", is_lead="on")

    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.is_lead
    assert membership.seat is None


def test_a_body_without_seats_has_no_seat_field(as_user):
    group = make_body("AG Wartezeiten", BodyKind.WORKING_GROUP, short_name="")

    form = as_user("coordinator").get(create_url(group)).context["form"]

    assert "seat" not in form.fields
    assert "is_lead" in form.fields


# --- ending a membership ---------------------------------------------------------------------


def end_url(membership):
    return reverse("governance:membership_end", args=[membership.pk])


def test_ending_sets_today(as_user, body, seat):
    membership = make_member(body, "Karl Weber", seat=seat)

    response = as_user("coordinator").post(end_url(membership), follow=True)

    membership.refresh_from_db()
    assert membership.ends_on == timezone.localdate()
    assert "Die Mitgliedschaft von Karl Weber endet mit dem heutigen Tag." in (
        response.content.decode()
    )
    assert response.redirect_chain[-1][0] == reverse("governance:body_detail", args=[body.pk])


def test_ending_needs_post(as_user, body):
    membership = make_member(body, "Karl Weber")

    response = as_user("coordinator").get(end_url(membership))

    assert response.status_code == 405
    membership.refresh_from_db()
    assert membership.ends_on is None


def test_ending_an_ended_membership_changes_nothing(as_user, body):
    membership = make_member(body, "Karl Weber", ends_on=datetime.date(2025, 1, 31))

    response = as_user("coordinator").post(end_url(membership), follow=True)

    membership.refresh_from_db()
    assert membership.ends_on == datetime.date(2025, 1, 31)
    assert "endete bereits am 31.01.2025" in response.content.decode()


def test_a_future_membership_cannot_end_today(as_user, body):
    start = timezone.localdate() + datetime.timedelta(days=10)
    membership = make_member(body, "Karl Weber", starts_on=start)

    response = as_user("coordinator").post(end_url(membership), follow=True)

    membership.refresh_from_db()
    assert membership.ends_on is None
    assert "beginnt erst am" in response.content.decode()


def test_ended_member_no_longer_reads_the_body(as_user, body, steering_member):
    membership = make_member(body, "Thomas Becker", user=steering_member)
    coordinator = UserFactory(role=Role.COORDINATION)
    client = as_user("steering_member")
    assert client.get(reverse("governance:body_detail", args=[body.pk])).status_code == 200

    client.force_login(coordinator)
    client.post(end_url(membership))
    membership.refresh_from_db()
    membership.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    client.force_login(steering_member)

    assert client.get(reverse("governance:body_detail", args=[body.pk])).status_code == 404

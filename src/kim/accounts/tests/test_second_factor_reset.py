"""Recovery: coordination or administration resets the second factor of someone who lost the
phone; at the next login that person sets up the app anew. Every reset is in the audit log."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kim.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:login_security")


def reset_url(user):
    return reverse("accounts:reset_second_factor", args=[user.pk])


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_coordination_and_administration_reset(as_user, role, case_manager, request):
    TOTPDeviceFactory(user=case_manager)
    client = as_user(role)
    page = client.get(PAGE).content.decode()
    assert reset_url(case_manager) in page
    response = client.post(reset_url(case_manager), follow=True)
    assert "Der zweite Faktor von Anna Berger ist zurückgesetzt." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=case_manager).exists()
    entry = LogEntry.objects.get_for_object(case_manager).latest("timestamp")
    assert entry.changes_dict == {"second_factor": ["eingerichtet", "zurückgesetzt"]}
    assert entry.actor == request.getfixturevalue(role)


def test_after_the_reset_the_next_login_sets_up_a_new_app(as_user, case_manager):
    device = TOTPDeviceFactory(user=case_manager)
    anna = Client()
    anna.post(reverse("login"), {"username": "anna", "password": PASSWORD})
    anna.post(reverse("accounts:second_factor"), {"code": totp_code(device)})
    assert anna.get("/cases/").status_code == 200
    as_user("coordinator").post(reset_url(case_manager))
    # the session verified with the lost phone is verified no longer
    response = anna.get("/cases/")
    assert response["Location"].startswith(reverse("accounts:second_factor_setup"))


@pytest.mark.parametrize("role", ["case_manager", "auditor", "external_partner", "steering_member"])
def test_other_roles_may_not(as_user, role, coordinator):
    TOTPDeviceFactory(user=coordinator)
    client = as_user(role)
    assert client.get(PAGE).status_code == 403
    assert client.post(reset_url(coordinator)).status_code == 403
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_nobody_resets_their_own(as_user, coordinator):
    client = as_user("coordinator")  # the test client has set up a device for the coordinator
    assert client.post(reset_url(coordinator)).status_code == 403
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_a_superusers_second_factor_only_by_a_superuser(as_user):
    root = UserFactory(username="root", is_superuser=True)
    TOTPDeviceFactory(user=root)
    assert as_user("administrator").post(reset_url(root)).status_code == 403
    assert TOTPDevice.objects.filter(user=root).exists()


def test_reset_without_a_device_says_so(as_user, case_manager):
    response = as_user("coordinator").post(reset_url(case_manager), follow=True)
    assert "Für dieses Konto ist kein zweiter Faktor eingerichtet." in response.content.decode()


def test_reset_only_by_post(as_user, case_manager):
    TOTPDeviceFactory(user=case_manager)
    assert as_user("coordinator").get(reset_url(case_manager)).status_code == 405


def test_the_page_lists_the_accounts_and_their_second_factor(as_user, case_manager):
    TOTPDeviceFactory(user=case_manager)
    UserFactory(username="ohne", first_name="Olga", last_name="Ohne")
    page = as_user("administrator").get(PAGE)
    rows = {u.username: u.has_second_factor for u in page.context["accounts"]}
    assert rows["anna"] is True and rows["ohne"] is False

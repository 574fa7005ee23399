"""Second factor: after the password, a code from the authenticator app (TOTP); until then every
page leads to the code (or to setting up the app). Tests here log in as a person does, with a
plain ``django.test.Client`` (the shared ``client`` fixture skips the code)."""

import pytest
from auditlog.models import LogEntry
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from kim.accounts import second_factor
from kim.accounts.roles import Role
from kim.accounts.tests.factories import PASSWORD, TOTPDeviceFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:second_factor")
SETUP = reverse("accounts:second_factor_setup")


def password_login(username="anna", next_url=""):
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD, "next": next_url}
    )
    return client, response


@pytest.fixture
def anna_with_app(case_manager):
    return TOTPDeviceFactory(user=case_manager)


def test_password_alone_leads_to_the_code(anna_with_app):
    client, response = password_login(next_url="/cases/")
    assert response.status_code == 302
    assert response["Location"] == VERIFY + "?next=%2Fcases%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Code aus der Authenticator-App" in page.content.decode()
    assert "Hauptnavigation" not in page.content.decode()  # nothing to go to before the code


def test_right_code_opens_the_page_asked_for(anna_with_app):
    client, _response = password_login(next_url="/cases/")
    key_before_code = client.session.session_key
    response = client.post(VERIFY, {"code": totp_code(anna_with_app), "next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    assert client.session.session_key != key_before_code


def test_code_with_spaces_as_some_apps_show_it(anna_with_app):
    client, _response = password_login()
    code = totp_code(anna_with_app)
    response = client.post(VERIFY, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Bitte geben Sie den Code ein."),
        ("12a456", "Der Code besteht aus sechs Ziffern."),
        ("12345", "Der Code besteht aus sechs Ziffern."),
        ("1234567890", "Der Code hat sechs Ziffern."),
    ],
)
def test_malformed_code_gives_a_german_error(anna_with_app, code, message):
    client, _response = password_login()
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get("/cases/").status_code == 302


def test_wrong_code_is_refused_and_the_next_try_must_wait(anna_with_app):
    client, _response = password_login()
    right = totp_code(anna_with_app)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 400
    assert "Der Code stimmt nicht." in response.content.decode()
    anna_with_app.refresh_from_db()
    assert anna_with_app.throttling_failure_count == 1
    # django-otp's back-off: even the right code waits until the delay has passed
    response = client.post(VERIFY, {"code": right})
    assert response.status_code == 400
    assert "Zu viele falsche Codes. Bitte warten Sie bis" in response.content.decode()
    assert client.get("/cases/").status_code == 302


def test_a_code_counts_only_once(anna_with_app):
    code = totp_code(anna_with_app)
    first, _response = password_login()
    assert first.post(VERIFY, {"code": code}).status_code == 302
    second, _response = password_login()
    assert second.post(VERIFY, {"code": code}).status_code == 400


def test_next_outside_kim_is_ignored(anna_with_app):
    client, _response = password_login()
    response = client.post(
        VERIFY, {"code": totp_code(anna_with_app), "next": "https://example.org/"}
    )
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/cases/",
        "/cases/clients/",
        "/directory/finder/",
        "/api/tokens/",
        "/api/v1/cases/",
        "/accounts/me/",
        "/admin/",
    ],
)
def test_every_page_waits_for_the_code(anna_with_app, url):
    client, _response = password_login()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY + "?next=")


def test_a_form_sent_before_the_code_changes_nothing(anna_with_app, case_manager):
    client, _response = password_login()
    response = client.post(reverse("api:token_list"), {"name": "Fachverfahren", "valid_days": 30})
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert not case_manager.api_tokens.exists()


def test_logout_and_language_are_open_before_the_code(anna_with_app):
    client, _response = password_login()
    # the English request would leave its language active for the tests after this one
    with translation.override("de"):
        assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
        response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_api_token_works_without_the_code(anna_with_app, case_manager):
    """A personal access token is the API's second factor; a half logged-in browser session
    beside it changes nothing."""
    from kim.api import services as api_services

    _token, raw = api_services.create_token(case_manager, name="Fachverfahren", valid_days=30)
    assert Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    client, _response = password_login()
    response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_setup_shows_qr_code_and_secret_and_keeps_them_on_reload(case_manager):
    client, response = password_login()
    assert response["Location"] == SETUP + "?next=%2F"
    page = client.get(SETUP)
    html = page.content.decode()
    assert "<svg" in html and "QR-Code für die Authenticator-App" in html
    device = TOTPDevice.objects.get(user=case_manager, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    assert "issuer=KIM" in device.config_url
    assert client.get(SETUP).context["secret"] == page.context["secret"]
    assert TOTPDevice.objects.filter(user=case_manager).count() == 1


def test_setup_is_confirmed_with_the_first_code(case_manager):
    client, _response = password_login()
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=case_manager)
    wrong = client.post(SETUP, {"code": f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"})
    assert wrong.status_code == 400
    assert "Der Code stimmt nicht." in wrong.content.decode()
    assert client.get("/cases/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # the back-off after the wrong code is tested above
    response = client.post(SETUP, {"code": totp_code(device), "next": "/cases/"})
    assert response["Location"] == "/cases/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/cases/").status_code == 200
    entry = LogEntry.objects.get_for_object(case_manager).latest("timestamp")
    assert entry.changes_dict == {"second_factor": ["nicht eingerichtet", "eingerichtet"]}
    assert entry.actor == case_manager


def test_who_has_an_app_cannot_set_up_another_without_its_code(anna_with_app):
    client, _response = password_login()
    response = client.get(SETUP + "?next=%2F")
    assert response["Location"] == VERIFY + "?next=%2F"


def test_a_verified_user_replaces_the_app(anna_with_app, case_manager):
    client, _response = password_login()
    client.post(VERIFY, {"code": totp_code(anna_with_app)})
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=case_manager, confirmed=False)
    assert client.post(SETUP, {"code": totp_code(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=case_manager)) == [new]
    entry = LogEntry.objects.get_for_object(case_manager).latest("timestamp")
    assert entry.changes_dict == {"second_factor": ["eingerichtet", "neu eingerichtet"]}


@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.CASE_MANAGER, True),
        (Role.COORDINATION, True),
        (Role.ADMINISTRATION, True),
        (Role.AUDITOR, True),
        (Role.EXTERNAL_PARTNER, False),
        (Role.STEERING_GROUP_MEMBER, False),
    ],
)
def test_roles_that_see_case_or_user_data_must_give_a_code(role, required):
    user = UserFactory(username="person", role=role)
    assert second_factor.is_required_for(user) is required
    _client, response = password_login("person")
    assert response["Location"].startswith(SETUP) is required


def test_superusers_must_give_a_code():
    user = UserFactory(username="root", is_superuser=True)
    assert second_factor.is_required_for(user)


def test_who_set_up_an_app_voluntarily_is_asked_for_it(external_partner):
    TOTPDeviceFactory(user=external_partner)
    _client, response = password_login("lea")
    assert response["Location"].startswith(VERIFY)


def test_an_external_partner_without_app_goes_on_with_the_password(external_partner):
    client, response = password_login("lea")
    assert response["Location"] == reverse("home")
    assert client.get(reverse("hurdles:report_list")).status_code == 200


@override_settings(KIM_REQUIRE_SECOND_FACTOR=False)
def test_switched_off_the_login_page_says_so_and_no_code_is_asked(anna_with_app):
    page = Client().get(reverse("login")).content.decode()
    assert "Zweiter Faktor in dieser Demo-Installation abgeschaltet" in page
    client, response = password_login()
    assert response["Location"] == reverse("home")
    assert client.get("/cases/").status_code == 200


def test_switched_on_the_login_page_has_no_such_hint():
    page = Client().get(reverse("login")).content.decode()
    assert "abgeschaltet" not in page


def test_the_verify_page_of_a_user_without_app_leads_to_the_setup(case_manager):
    client, _response = password_login()
    assert client.get(VERIFY + "?next=%2Fcases%2F")["Location"] == SETUP + "?next=%2Fcases%2F"


def test_anonymous_users_see_no_second_factor_page(client):
    assert client.get(VERIFY)["Location"].startswith(reverse("login"))
    assert client.get(SETUP)["Location"].startswith(reverse("login"))

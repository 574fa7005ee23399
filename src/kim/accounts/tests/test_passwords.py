"""Password rules after the BSI (ORP.4): at least 12 characters; below 20, three kinds of
characters, from 20 on any passphrase; not common, not the person's name, not only digits; German
messages. Checked on "Passwort ändern", which keeps this session and ends the others."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts
from django.contrib.auth.password_validation import validate_password as django_validate
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kim.accounts.tests.factories import PASSWORD, UserFactory, VerifiedClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def german():
    """The rules are called here outside a request, which would choose the language."""
    with translation.override("de"):
        yield


def problems(password, user=None):
    try:
        django_validate(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize(
    "password",
    [
        "Kaffee-am-Morgen-7",  # 18 characters, four kinds
        "Rathaus Lüdenscheid 2026",
        "drei blaue elefanten tanzen",  # passphrase: only lower case and spaces, 27 characters
        "KIM.plettenberg9",
    ],
)
def test_good_passwords(password):
    assert problems(password, UserFactory.build(username="anna", first_name="Anna")) == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Kurz-1a", "Das Passwort ist zu kurz: Es braucht mindestens 12 Zeichen."),
        ("kaffeeammorgen", "braucht mindestens drei Arten von Zeichen"),
        ("KAFFEE1234567", "braucht mindestens drei Arten von Zeichen"),
        ("1234567890123", "Das Passwort besteht nur aus Ziffern."),
        ("Password1234", "Dieses Passwort steht auf Listen häufig benutzter Passwörter."),
    ],
)
def test_weak_passwords_get_a_german_reason(password, message):
    found = problems(password)
    assert any(message in text for text in found), found


def test_not_the_persons_name():
    user = UserFactory.build(username="annabergerkim", first_name="Anna", last_name="Berger")
    found = problems("Annabergerkim!", user)
    assert any("ähnelt zu sehr Ihrem Namen oder Benutzernamen" in text for text in found)


def test_help_texts_are_german():
    texts = " ".join(password_validators_help_texts())
    assert "Mindestens 12 Zeichen." in texts
    assert "Kein häufig benutztes Passwort." in texts


def test_change_password_keeps_this_session_and_ends_the_others(case_manager):
    here, elsewhere = VerifiedClient(), VerifiedClient()
    here.force_login(case_manager)
    elsewhere.force_login(case_manager)
    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Rathaus Lüdenscheid 2026",
            "new_password2": "Rathaus Lüdenscheid 2026",
        },
    )
    assert response["Location"] == reverse("accounts:account")
    assert here.get("/cases/").status_code == 200  # with its second factor
    assert elsewhere.get("/cases/")["Location"].startswith(reverse("login"))
    case_manager.refresh_from_db()
    assert case_manager.check_password("Rathaus Lüdenscheid 2026")


def test_change_password_refuses_a_weak_one_and_changes_nothing(as_user, case_manager):
    response = as_user("case_manager").post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "kurz", "new_password2": "kurz"},
    )
    assert response.status_code == 400
    assert "Das Passwort ist zu kurz" in response.content.decode()
    case_manager.refresh_from_db()
    assert case_manager.check_password(PASSWORD)


def test_change_password_needs_the_old_one(as_user, case_manager):
    response = as_user("case_manager").post(
        reverse("accounts:password_change"),
        {
            "old_password": "falsch",
            "new_password1": "Rathaus Lüdenscheid 2026",
            "new_password2": "Rathaus Lüdenscheid 2026",
        },
    )
    assert response.status_code == 400
    assert "Das alte Passwort war falsch." in response.content.decode()
    case_manager.refresh_from_db()
    assert case_manager.check_password(PASSWORD)

"""Distribution of approved minutes by e-mail (concept § 3.3: "per Protokoll" to the working
groups and the actors named by the coordination), with the PDF attached, and the list of who
received what and when – failures included."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.html import escape

from kim.conftest import ROLE_FIXTURES
from kim.governance.models import Distribution
from kim.governance.tests.test_minutes import approve, make_member, make_minutes, make_world
from kim.hurdles.tests.test_theme_overview import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def world(coordinator):
    return make_world(coordinator)


@pytest.fixture
def approved(world, coordinator):
    minutes = make_minutes(world["meeting"], coordinator, text="TOP 1: Begrüßung\nAlle da.")
    return approve(minutes, world["next_meeting"], coordinator)


def url(minutes):
    return reverse("governance:minutes_distribute", args=[minutes.pk])


def candidate_emails(response):
    form = response.context["form"]
    return sorted(form.candidates[key].email for key, _label in form.fields["recipients"].choices)


def keys_for(response, *emails):
    form = response.context["form"]
    return [key for key, candidate in form.candidates.items() if candidate.email in emails]


def test_the_page_offers_members_with_email_and_the_new_working_group(as_user, approved):
    response = as_user("coordinator").get(url(approved))

    assert response.status_code == 200
    # current members of the body with an address, and the members of the working group set up
    # by a resolution of this meeting; not the member without address nor the former member
    assert candidate_emails(response) == [
        "k.weber@example.org",
        "m.schulte@example.org",
        "u.brandt@example.org",
    ]
    assert sorted(response.context["form"].initial["recipients"]) == sorted(
        response.context["form"].candidates
    )
    assert "Das Protokoll wurde noch nicht verteilt." in response.content.decode()


def test_sending_mails_the_pdf_and_records_the_list(as_user, approved, coordinator):
    client = as_user("coordinator")
    page = client.get(url(approved))

    response = client.post(
        url(approved),
        {
            "recipients": keys_for(page, "u.brandt@example.org", "m.schulte@example.org"),
            "additional": "Maria Schulz <m.schulz@example.org>; Integrationsrat Iserlohn\n\n"
            "Ali Kaya <a.kaya@example.org>",
        },
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 4
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a.kaya@example.org",
        "m.schulte@example.org",
        "m.schulz@example.org",
        "u.brandt@example.org",
    ]
    message = mail.outbox[0]
    assert "Protokoll" in message.subject
    assert "genehmigte Protokoll" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename == "protokoll-lg-2026-03-12-fassung-1.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Lenkungsgruppe KIM" in text
    assert "LG-2026-01" in text
    assert "ENTWURF" not in text

    rows = {row.email: row for row in Distribution.objects.all()}
    assert set(rows) == {
        "a.kaya@example.org",
        "m.schulte@example.org",
        "m.schulz@example.org",
        "u.brandt@example.org",
    }
    assert all(row.sent_at and not row.error for row in rows.values())
    assert all(row.minutes == approved and row.by == coordinator for row in rows.values())
    assert rows["m.schulz@example.org"].recipient == "Maria Schulz"
    assert rows["m.schulz@example.org"].organisation == "Integrationsrat Iserlohn"
    assert rows["a.kaya@example.org"].organisation == ""
    assert rows["u.brandt@example.org"].organisation == "Fachbereich Jugend und Bildung"

    listing = client.get(response.url)
    body = listing.content.decode()
    assert "Das Protokoll ist an 4 Empfänger:innen versandt." in body
    assert "Maria Schulz" in body
    assert "Integrationsrat Iserlohn" in body
    assert "nicht versandt" not in body


def test_a_failed_mail_is_recorded_with_its_error(as_user, approved, monkeypatch):
    original = EmailMessage.send

    def send(self, *args, **kwargs):
        if self.to == ["k.weber@example.org"]:
            raise OSError("Postfach nicht erreichbar")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    client = as_user("coordinator")
    page = client.get(url(approved))

    response = client.post(
        url(approved),
        {"recipients": keys_for(page, "k.weber@example.org", "u.brandt@example.org")},
    )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["u.brandt@example.org"]]
    failed = Distribution.objects.get(email="k.weber@example.org")
    assert failed.sent_at is None
    assert failed.error == "Postfach nicht erreichbar"
    assert Distribution.objects.get(email="u.brandt@example.org").sent_at is not None
    body = client.get(response.url).content.decode()
    assert "An 1 Empfänger:innen konnte nicht versandt werden" in body
    assert "Postfach nicht erreichbar" in body
    assert "nicht versandt" in body


def test_the_same_address_gets_one_mail(as_user, approved):
    client = as_user("coordinator")
    page = client.get(url(approved))

    client.post(
        url(approved),
        {
            "recipients": keys_for(page, "u.brandt@example.org"),
            "additional": "Ute Brandt <U.Brandt@example.org>; doppelt",
        },
    )

    assert len(mail.outbox) == 1
    assert Distribution.objects.count() == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Maria Schulz m.schulz@example.org", "Zeile 1: bitte als „Name &lt;E-Mail&gt;; "),
        ("<m.schulz@example.org>; Rat", "Zeile 1: bitte als"),
        ("Maria Schulz <keine-adresse>; Rat", "Zeile 1: „keine-adresse“ ist keine gültige"),
    ],
)
def test_a_bad_additional_line_is_refused_and_kept(as_user, approved, line, message):
    response = as_user("coordinator").post(url(approved), {"recipients": [], "additional": line})

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert escape(line) in body
    assert response.context["form"]["additional"].value() == line
    assert mail.outbox == []
    assert not Distribution.objects.exists()


def test_nobody_chosen_is_refused(as_user, approved):
    response = as_user("coordinator").post(url(approved), {"recipients": [], "additional": ""})

    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens eine Empfängerin oder einen Empfänger." in (
        response.content.decode()
    )
    assert mail.outbox == []
    assert not Distribution.objects.exists()


def test_a_draft_is_not_distributed(as_user, world, coordinator):
    draft = make_minutes(world["meeting"], coordinator)
    client = as_user("coordinator")

    page = client.get(url(draft))
    assert "Nur genehmigte Protokolle werden verteilt." in page.content.decode()

    response = client.post(
        url(draft), {"recipients": [], "additional": "Maria Schulz <m.schulz@example.org>"}
    )

    assert response.status_code == 200
    assert "Nur genehmigte Protokolle werden verteilt." in response.content.decode()
    assert mail.outbox == []
    assert not Distribution.objects.exists()


@pytest.mark.parametrize("role", [role for role in ROLE_FIXTURES if role != "coordinator"])
def test_only_coordination_distributes(as_user, world, approved, steering_member, role):
    make_member(world["body"], "Thomas Becker", user=steering_member)

    client = as_user(role)
    assert client.get(url(approved)).status_code == 403
    response = client.post(
        url(approved), {"additional": "Maria Schulz <m.schulz@example.org>; Rat"}
    )

    assert response.status_code == 403
    assert mail.outbox == []
    assert not Distribution.objects.exists()


def test_members_of_the_working_group_are_labelled_with_it(as_user, approved):
    response = as_user("coordinator").get(url(approved))

    labels = dict(response.context["form"].fields["recipients"].choices)
    [schulte] = [label for label in labels.values() if "Mia Schulte" in label]
    [brandt] = [label for label in labels.values() if "Ute Brandt" in label]
    assert schulte == "Mia Schulte <m.schulte@example.org> (AG Wartezeiten ABH)"
    assert brandt == "Dr. Ute Brandt <u.brandt@example.org> – Fachbereich Jugend und Bildung"


def test_who_received_this_version_is_not_chosen_again(as_user, approved):
    client = as_user("coordinator")
    page = client.get(url(approved))
    client.post(url(approved), {"recipients": keys_for(page, "u.brandt@example.org")})

    page = client.get(url(approved))

    form = page.context["form"]
    [brandt] = keys_for(page, "u.brandt@example.org")
    assert brandt not in form.initial["recipients"]
    assert sorted(form.initial["recipients"]) == sorted(
        keys_for(page, "k.weber@example.org", "m.schulte@example.org")
    )
    assert "erhalten am" in dict(form.fields["recipients"].choices)[brandt]

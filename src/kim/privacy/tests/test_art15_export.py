"""Auskunft nach Art. 15 DSGVO: everything about the client as JSON and PDF, for coordination
and the client's case manager, logged as a read; no data of other people or of staff."""

import json

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kim.privacy.disclosure import disclose

from .factories import FIRST, LAST

pytestmark = pytest.mark.django_db


def url(file, fmt):
    return reverse("privacy:client_export", args=[file.client.pk, fmt])


def export_json(client, file):
    response = client.get(url(file, "json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert FIRST not in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_json_holds_every_kind_of_data_about_the_client(as_user, old_file):
    data = export_json(as_user("coordinator"), old_file)
    assert data["auskunft"]["rechtsgrundlage"] == "Art. 15 DSGVO"
    person = data["person"][0]
    assert (person["first_name"], person["last_name"]) == (FIRST, LAST)
    assert person["first_name_original"] == "Квиринелла"
    assert person["email"] == "q.zabo@example.org"
    assert person["residence_section"] == "§ 25 Abs. 2 AufenthG"  # encrypted, read back
    assert person["nationalities"] == ["Syrien"]
    assert person["haushaltsangehoerige_anzahl"] == 1
    assert data["einwilligungen"][0]["scope"].startswith("Austausch zu")
    assert data["einwilligungen"][0]["scan"] is True
    assert data["aufenthaltszeiten"][0]["legal_basis"] == "§ 25 Abs. 2 AufenthG"
    assert data["sprachnachweise"][0]["level"] == "B1"
    assert data["schule_und_ausbildung"][0]["institution"] == f"Schule von {FIRST}"
    case = data["faelle"][0]
    assert case["number"] == old_file.case.number
    assert case["closure_outcome"].startswith(FIRST)
    assert case["assessments"][0]["einschaetzungen"][0]["situation"] == f"{FIRST} spricht A2."
    assert case["ziele"][0]["handlungsschritte"][0]["description"] == f"Anmeldung von {FIRST}"
    assert case["vermittlungen"][0]["reason"].endswith("sucht einen Kurs")
    assert case["kontakte"][0]["note"] == f"{FIRST} kam mit Tochter."
    assert case["kontakte"][0]["life_domains"] == ["Sprache"]
    assert case["termine"][0]["place"].startswith("Ulmenweg 17")
    assert case["dokumente"][0]["original_name"] == "Zaborowska_Pass.pdf"
    assert "file" not in case["dokumente"][0]
    assert case["phasenwechsel"][0]["note"] == f"Erstgespräch {FIRST}"
    assert {e["aktion"] for e in data["protokoll"]} >= {"angelegt", "geändert", "aufgerufen"}
    assert data["hinweise"]["empfaenger"]
    assert any("36 Monate" in text for text in data["hinweise"]["speicherdauer"])
    assert data["feldbezeichnungen"]["person"]["first_name"] == "Vorname(n)"


def test_the_export_names_no_other_person_and_no_staff_but_the_case_manager(
    as_user, old_file, case_manager
):
    text = as_user("coordinator").get(url(old_file, "json")).content.decode()
    assert old_file.household_member.last_name not in text
    # the client's case manager, and only where the case manager is meant
    named = [key for key, value in _strings(json.loads(text)) if "Anna Berger" in value]
    assert named and set(named) == {"case_manager"}
    assert "Jonas" not in text and "Keller" not in text  # coordination: only the role is given
    assert "Koordination" in text


def _strings(data, key=None):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v, key)
    elif isinstance(data, str):
        yield key, data


def test_the_pdf_holds_the_same(old_file, coordinator):
    pdf = disclose(old_file.client, by=coordinator).as_pdf(compress=False)
    assert pdf.startswith(b"%PDF")
    for text in (FIRST, "Auskunft nach Art. 15 DSGVO", "Beratungskontakte", "Ihre Rechte"):
        assert text.encode("cp1252") in pdf


def test_the_pdf_download(as_user, old_file):
    response = as_user("case_manager").get(url(old_file, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("fmt", ["json", "pdf"])
def test_the_export_is_logged_as_a_read(as_user, old_file, fmt):
    as_user("case_manager").get(url(old_file, fmt))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.object_id == old_file.client.pk
    assert entry.actor.username == "anna"
    assert entry.additional_data == {
        "client_id": old_file.client.pk,
        "export": "art15",
        "format": fmt,
    }


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("coordinator", 200),
        ("case_manager", 200),  # the client's case manager
        ("administrator", 404),  # sees no clients at all
        ("auditor", 404),
        ("external_partner", 404),
        ("steering_member", 404),
        ("user_without_role", 404),
    ],
)
def test_who_may_export(as_user, old_file, user, status):
    assert as_user(user).get(url(old_file, "json")).status_code == status


def test_another_case_manager_may_not_export(login, old_file):
    from kim.accounts.roles import Role
    from kim.accounts.tests.factories import UserFactory

    other = UserFactory(role=Role.CASE_MANAGER)
    assert login(other).get(url(old_file, "json")).status_code == 404


def test_anonymous_is_sent_to_the_login(client, old_file):
    response = client.get(url(old_file, "json"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_format(as_user, old_file):
    assert as_user("coordinator").get(url(old_file, "xml")).status_code == 404


def test_only_safe_methods(as_user, old_file):
    assert as_user("coordinator").post(url(old_file, "json")).status_code == 405

"""Agreements between institutions in a draft target system: add, change, delete, with the
parties chosen from the directory grouped by kind of organisation (issue #5)."""

import pytest
from django.urls import reverse

from kim.directory.models import OrganisationType
from kim.directory.tests.factories import OrganisationFactory
from kim.targetsystems.forms.targets import AgreementForm
from kim.targetsystems.models import Agreement

from .factories import AgreementFactory, TargetSystemFactory
from .test_target_system_pages import login, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    working_group, lead, _member = make_group()
    return {
        "lead": lead,
        "draft": TargetSystemFactory(working_group=working_group),
        "abh": OrganisationFactory(name="Ausländerbehörde MK", type=OrganisationType.AUTHORITY),
        "vhs": OrganisationFactory(name="VHS Lüdenscheid", type=OrganisationType.EDUCATION),
        "jc": OrganisationFactory(
            name="Jobcenter Märkischer Kreis", type=OrganisationType.JOBCENTER
        ),
    }


def create(client, setting, **data):
    return client.post(reverse("targetsystems:agreement_create", args=[setting["draft"].pk]), data)


def test_lead_adds_an_agreement_with_its_parties(client, setting):
    client = login(client, setting["lead"])
    response = create(
        client,
        setting,
        text="Die Ausländerbehörde übermittelt die Berechtigung binnen einer Woche an die VHS.",
        parties=[setting["abh"].pk, setting["vhs"].pk],
    )
    assert response.status_code == 302
    assert response.url.endswith("#agreements")
    agreement = Agreement.objects.get()
    assert agreement.target_system == setting["draft"]
    assert set(agreement.parties.all()) == {setting["abh"], setting["vhs"]}
    assert agreement.position == 1
    html = client.get(setting["draft"].get_absolute_url()).content.decode()
    assert "binnen einer Woche" in html and "VHS Lüdenscheid" in html


def test_a_second_agreement_goes_to_the_end(client, setting):
    AgreementFactory(target_system=setting["draft"])
    create(
        login(client, setting["lead"]),
        setting,
        text="Das Jobcenter meldet Kursbedarf.",
        parties=[setting["jc"].pk, setting["vhs"].pk],
    )
    assert Agreement.objects.get(text="Das Jobcenter meldet Kursbedarf.").position == 2


def test_the_form_groups_the_parties_by_kind_of_organisation(client, setting):
    response = login(client, setting["lead"]).get(
        reverse("targetsystems:agreement_create", args=[setting["draft"].pk])
    )
    assert response.status_code == 200
    groups = response.context["form"].party_groups()
    labels = [label for label, _boxes in groups]
    assert labels.index("Behörde") < labels.index("Jobcenter") < labels.index("Bildungsträger")
    by_label = {label: [box.choice_label for box in boxes] for label, boxes in groups}
    assert "Ausländerbehörde MK" in by_label["Behörde"]
    assert by_label["Bildungsträger"] == ["VHS Lüdenscheid"]
    html = response.content.decode()
    assert '<legend class="kern-label kern-label--small">Behörde</legend>' in html


def test_the_form_keeps_the_chosen_parties_checked(setting):
    form = AgreementForm(data={"text": "", "parties": [setting["vhs"].pk]})
    assert not form.is_valid()
    checked = [
        box.choice_label
        for _label, boxes in form.party_groups()
        for box in boxes
        if box.data["selected"]
    ]
    assert checked == ["VHS Lüdenscheid"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "", "parties": ["abh", "vhs"]}, "text", "Text der Vereinbarung"),
        ({"text": "   ", "parties": ["abh", "vhs"]}, "text", "Text der Vereinbarung"),
        ({"text": "Gut", "parties": []}, "parties", "mindestens zwei"),
        ({"text": "Gut", "parties": ["vhs"]}, "parties", "mindestens zwei beteiligte"),
        ({"text": "Gut", "parties": ["vhs", "999999"]}, "parties", "gibt es im Verzeichnis nicht"),
        ({"text": "Gut", "parties": ["vhs", "abc"]}, "parties", "gibt es im Verzeichnis nicht"),
    ],
)
def test_bad_input_gets_a_german_message_and_saves_nothing(client, setting, data, field, message):
    parties = [setting[p].pk if p in setting else p for p in data["parties"]]
    response = create(login(client, setting["lead"]), setting, text=data["text"], parties=parties)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Agreement.objects.exists()


def test_after_a_refused_save_the_form_can_be_sent_again(client, setting):
    client = login(client, setting["lead"])
    create(client, setting, text="Gut", parties=[setting["vhs"].pk])
    response = create(client, setting, text="Gut", parties=[setting["vhs"].pk, setting["jc"].pk])
    assert response.status_code == 302
    assert Agreement.objects.count() == 1


def test_lead_changes_text_and_parties(client, setting):
    agreement = AgreementFactory(
        target_system=setting["draft"], parties=[setting["abh"], setting["vhs"]]
    )
    url = reverse("targetsystems:agreement_edit", args=[agreement.pk])
    client = login(client, setting["lead"])
    page = client.get(url).content.decode()
    assert agreement.text in page
    response = client.post(
        url, {"text": "Neu gefasst.", "parties": [setting["jc"].pk, setting["vhs"].pk]}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.text == "Neu gefasst."
    assert set(agreement.parties.all()) == {setting["jc"], setting["vhs"]}


def test_a_change_down_to_one_party_changes_nothing(client, setting):
    agreement = AgreementFactory(
        target_system=setting["draft"], text="Alt", parties=[setting["abh"], setting["vhs"]]
    )
    response = login(client, setting["lead"]).post(
        reverse("targetsystems:agreement_edit", args=[agreement.pk]),
        {"text": "Neu", "parties": [setting["vhs"].pk]},
    )
    assert response.status_code == 400
    assert "mindestens zwei beteiligte" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.text == "Alt"
    assert set(agreement.parties.all()) == {setting["abh"], setting["vhs"]}


def test_lead_deletes_an_agreement(client, setting):
    agreement = AgreementFactory(target_system=setting["draft"])
    response = login(client, setting["lead"]).post(
        reverse("targetsystems:agreement_delete", args=[agreement.pk])
    )
    assert response.status_code == 302
    assert not Agreement.objects.exists()
    follow = client.get(response.url).content.decode()
    assert "Die Vereinbarung ist gelöscht." in follow


def test_agreement_of_an_invisible_target_system_is_not_found(client, setting, case_manager):
    agreement = AgreementFactory(target_system=setting["draft"])
    client = login(client, case_manager)
    assert (
        client.get(reverse("targetsystems:agreement_edit", args=[agreement.pk])).status_code == 404
    )
    assert client.get(reverse("targetsystems:agreement_edit", args=[999999])).status_code == 404

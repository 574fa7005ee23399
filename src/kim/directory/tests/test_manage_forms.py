"""Administration edits the directory in forms; bad input gets a German error and saves nothing."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kim.directory.models import Municipality, PopulationFigures, Responsibility
from kim.directory.tests.factories import (
    LegalDomainFactory,
    MunicipalityFactory,
    OfficeFactory,
    ResponsibilityFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def _post(client, kind, data, pk=None):
    if pk is None:
        url = reverse("directory:manage_create", kwargs={"kind": kind})
    else:
        url = reverse("directory:manage_edit", kwargs={"kind": kind, "pk": pk})
    return client.post(url, data)


def _errors(response):
    return {name: " ".join(errors) for name, errors in response.context["form"].errors.items()}


def test_create_municipality_is_saved_and_logged_with_actor(as_user, administrator):
    district = MunicipalityFactory().district
    response = _post(
        as_user("administrator"),
        "municipalities",
        {"district": district.pk, "name": "Neustadt", "ags": "09990001"},
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(ags="09990001")
    entry = LogEntry.objects.get_for_object(municipality).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == administrator


def test_change_keeps_old_and_new_value(as_user):
    municipality = MunicipalityFactory(name="Altname")
    _post(
        as_user("administrator"),
        "municipalities",
        {"district": municipality.district.pk, "name": "Neuname", "ags": municipality.ags},
        pk=municipality.pk,
    )
    entry = (
        LogEntry.objects.get_for_object(municipality).filter(action=LogEntry.Action.UPDATE).get()
    )
    assert entry.changes_dict["name"] == ["Altname", "Neuname"]


def test_duplicate_ags(as_user):
    existing = MunicipalityFactory(ags="09990001")
    response = _post(
        as_user("administrator"),
        "municipalities",
        {"district": existing.district.pk, "name": "Doppelt", "ags": "09990001"},
    )
    assert response.status_code == 200
    assert _errors(response)["ags"] == "Dieser AGS ist schon einer anderen Kommune zugeordnet."
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    # the message is on the page, linked to its field for screen readers
    assert 'id="id_ags_error"' in html
    assert "Dieser AGS ist schon einer anderen Kommune zugeordnet." in html
    assert 'aria-describedby="id_ags_helptext id_ags_error"' in html
    assert not Municipality.objects.filter(name="Doppelt").exists()


@pytest.mark.parametrize("ags", ["1234567", "123456789", "0596200A"])
def test_ags_must_have_eight_digits(as_user, ags):
    district = MunicipalityFactory().district
    response = _post(
        as_user("administrator"),
        "municipalities",
        {"district": district.pk, "name": "Falsch", "ags": ags},
    )
    assert "Der AGS hat genau 8 Ziffern." in _errors(response)["ags"]
    assert not Municipality.objects.filter(name="Falsch").exists()


def _responsibility_data(**overrides):
    data = {
        "municipality": MunicipalityFactory().pk,
        "legal_domain": LegalDomainFactory().pk,
        "service": "",
        "office": OfficeFactory().pk,
        "status": "known",
        "min_age": "",
        "max_age": "",
        "note": "",
        "source": "",
    }
    data.update(overrides)
    return data


def test_valid_responsibility_is_saved(as_user):
    response = _post(as_user("administrator"), "responsibilities", _responsibility_data())
    assert response.status_code == 302
    assert Responsibility.objects.count() == 1


def test_responsibility_without_office(as_user):
    response = _post(as_user("administrator"), "responsibilities", _responsibility_data(office=""))
    assert response.status_code == 200
    assert "Bitte wählen Sie die zuständige Dienststelle" in _errors(response)["office"]
    assert Responsibility.objects.count() == 0


def test_unknown_responsibility_may_have_no_office_but_not_an_office(as_user):
    client = as_user("administrator")
    assert (
        _post(
            client, "responsibilities", _responsibility_data(office="", status="unknown")
        ).status_code
        == 302
    )
    response = _post(client, "responsibilities", _responsibility_data(status="unknown"))
    assert "kann nicht „unbekannt“ sein" in _errors(response)["status"]
    assert Responsibility.objects.count() == 1


def test_responsibility_needs_legal_domain_or_service_not_both(as_user):
    client = as_user("administrator")
    neither = _post(client, "responsibilities", _responsibility_data(legal_domain=""))
    assert "entweder einen Rechtskreis oder ein Angebot" in _errors(neither)["service"]
    both = _post(client, "responsibilities", _responsibility_data(service=ServiceFactory().pk))
    assert "entweder einen Rechtskreis oder ein Angebot" in _errors(both)["service"]
    assert Responsibility.objects.count() == 0


def test_age_band_from_greater_than_to(as_user):
    response = _post(
        as_user("administrator"), "responsibilities", _responsibility_data(min_age=27, max_age=12)
    )
    assert _errors(response)["max_age"] == "„Alter bis“ darf nicht kleiner sein als „Alter von“."
    assert Responsibility.objects.count() == 0


def test_service_age_band_from_greater_than_to(as_user):
    service = ServiceFactory()
    data = {
        "provider": service.provider.pk,
        "type": service.type.pk,
        "name": "Neu",
        "legal_domain": "",
        "target_group": "",
        "min_age": 30,
        "max_age": 10,
        "description": "",
    }
    response = _post(as_user("administrator"), "services", data)
    assert "„Alter bis“" in _errors(response)["max_age"]


def test_population_figures_must_be_consistent(as_user):
    municipality = MunicipalityFactory()
    data = {
        "municipality": municipality.pk,
        "year": 2024,
        "inhabitants": 1000,
        "without_german_citizenship": 1200,
        "without_eu_citizenship": 1300,
        "immigration": 10,
        "asylum_applications": 1,
        "source": "",
    }
    response = _post(as_user("administrator"), "population-figures", data)
    errors = _errors(response)
    assert (
        "nicht mehr Menschen ohne deutsche Staatsangehörigkeit"
        in errors["without_german_citizenship"]
    )
    assert "Teilmenge" in errors["without_eu_citizenship"]
    assert not PopulationFigures.objects.exists()


def test_office_in_use_is_not_deleted(as_user):
    responsibility = ResponsibilityFactory()
    office = responsibility.office
    client = as_user("administrator")
    response = client.post(
        reverse("directory:manage_delete", kwargs={"kind": "offices", "pk": office.pk}), follow=True
    )
    assert "wird noch verwendet" in response.content.decode()
    office.refresh_from_db()


def test_unused_entry_is_deleted(as_user):
    municipality = MunicipalityFactory()
    client = as_user("administrator")
    response = client.post(
        reverse("directory:manage_delete", kwargs={"kind": "municipalities", "pk": municipality.pk})
    )
    assert response.status_code == 302
    assert not Municipality.objects.filter(pk=municipality.pk).exists()

"""Who may read and who may change the directory, page by page (DOMAIN.md § 7)."""

import pytest
from django.urls import reverse

from kim.directory.manage import KINDS
from kim.directory.models import Organisation
from kim.directory.tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

READERS = ["case_manager", "coordinator", "administrator", "steering_member"]
NOT_READERS = ["external_partner", "auditor", "user_without_role"]
NOT_EDITORS = [
    "case_manager",
    "coordinator",
    "external_partner",
    "steering_member",
    "auditor",
    "user_without_role",
]


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.mark.parametrize("user", READERS)
def test_readers_see_finder_and_municipalities(as_user, municipality, user):
    client = as_user(user)
    assert client.get(reverse("directory:finder")).status_code == 200
    assert client.get(reverse("directory:municipality_list")).status_code == 200
    detail = reverse("directory:municipality_detail", args=[municipality.pk])
    assert client.get(detail).status_code == 200


@pytest.mark.parametrize("user", NOT_READERS)
def test_others_are_refused_the_directory(as_user, municipality, user):
    client = as_user(user)
    assert client.get(reverse("directory:finder")).status_code == 403
    assert client.get(reverse("directory:municipality_list")).status_code == 403
    detail = reverse("directory:municipality_detail", args=[municipality.pk])
    assert client.get(detail).status_code == 403


@pytest.mark.parametrize("kind", [k.slug for k in KINDS])
def test_administration_reaches_every_manage_page(as_user, kind):
    client = as_user("administrator")
    assert client.get(reverse("directory:manage_index")).status_code == 200
    assert client.get(reverse("directory:manage_list", kwargs={"kind": kind})).status_code == 200
    assert client.get(reverse("directory:manage_create", kwargs={"kind": kind})).status_code == 200


@pytest.mark.parametrize("user", NOT_EDITORS)
def test_nobody_else_may_manage(as_user, user):
    organisation = OrganisationFactory(name="Alter Name")
    client = as_user(user)
    assert client.get(reverse("directory:manage_index")).status_code == 403
    assert (
        client.get(reverse("directory:manage_list", kwargs={"kind": "organisations"})).status_code
        == 403
    )
    edit = reverse("directory:manage_edit", kwargs={"kind": "organisations", "pk": organisation.pk})
    response = client.post(edit, {"name": "Neuer Name", "type": "welfare"})
    assert response.status_code == 403
    create = reverse("directory:manage_create", kwargs={"kind": "organisations"})
    assert client.post(create, {"name": "Eingeschleust", "type": "welfare"}).status_code == 403
    delete = reverse(
        "directory:manage_delete", kwargs={"kind": "organisations", "pk": organisation.pk}
    )
    assert client.post(delete).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Alter Name"
    assert not Organisation.objects.filter(name="Eingeschleust").exists()


def test_unknown_kind_is_404(as_user):
    assert as_user("administrator").get("/directory/manage/clients/").status_code == 404

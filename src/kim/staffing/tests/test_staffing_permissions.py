"""Who may open which page of positions, indicators, keys and assignments (DOMAIN.md § 7):
coordination everything; a case manager only their own assignments, read only; every other
role nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kim.directory.models import PopulationFigures
from kim.directory.tests.factories import MunicipalityFactory
from kim.staffing.models import Assignment, DistributionKey, Position, PositionType

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 1, 1)


@pytest.fixture
def objects(case_manager, coordinator):
    municipality = MunicipalityFactory()
    position = Position.objects.create(
        funding_module=2,
        type=PositionType.CASE_MANAGEMENT,
        title="Case Management",
        fte=Decimal("1.0"),
        funded_from=START,
        holder=case_manager,
    )
    assignment = Assignment.objects.create(
        case_manager=case_manager, municipality=municipality, fte=Decimal("0.5"), valid_from=START
    )
    keys = [
        DistributionKey.objects.create(
            name=f"Schlüssel {i}",
            year=2024,
            weight_immigration=1,
            weight_asylum=1,
            weight_non_eu=1,
            fte_total=Decimal("14.00"),
            step=Decimal("0.05"),
            computed_by=coordinator,
        )
        for i in (1, 2)
    ]
    return {"position": position, "assignment": assignment, "a": keys[0], "b": keys[1]}


def url_of(name, objects):
    """(method, url, query) of each page."""
    pages = {
        "position_overview": ("get", reverse("staffing:position_overview"), {}),
        "position_create": ("get", reverse("staffing:position_create"), {}),
        "position_edit": (
            "get",
            reverse("staffing:position_edit", args=[objects["position"].pk]),
            {},
        ),
        "assignment_overview": ("get", reverse("staffing:assignment_overview"), {}),
        "assignment_create": ("get", reverse("staffing:assignment_create"), {}),
        "assignment_edit": (
            "get",
            reverse("staffing:assignment_edit", args=[objects["assignment"].pk]),
            {},
        ),
        "indicator_import": ("get", reverse("staffing:indicator_import"), {}),
        "indicator_template": ("get", reverse("staffing:indicator_import"), {"template": 1}),
        "key_list": ("get", reverse("staffing:key_list"), {}),
        "key_compute": ("get", reverse("staffing:key_compute"), {}),
        "key_detail": ("get", reverse("staffing:key_detail", args=[objects["a"].pk]), {}),
        "key_compare": (
            "get",
            reverse("staffing:key_compare"),
            {"a": objects["a"].pk, "b": objects["b"].pk},
        ),
        "key_put_in_force": (
            "post",
            reverse("staffing:key_put_in_force", args=[objects["a"].pk]),
            {},
        ),
    }
    return pages[name]


PAGES = [
    "position_overview",
    "position_create",
    "position_edit",
    "assignment_overview",
    "assignment_create",
    "assignment_edit",
    "indicator_import",
    "indicator_template",
    "key_list",
    "key_compute",
    "key_detail",
    "key_compare",
    "key_put_in_force",
]
NO_ACCESS = ["administrator", "external_partner", "steering_member", "auditor", "user_without_role"]


def request(client, method, url, query):
    return getattr(client, method)(url, query)


@pytest.mark.parametrize("page", PAGES)
def test_coordination_opens_every_page(objects, as_user, page):
    method, url, query = url_of(page, objects)
    response = request(as_user("coordinator"), method, url, query)
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize("page", [p for p in PAGES if p != "assignment_overview"])
def test_case_manager_is_refused(objects, as_user, page):
    method, url, query = url_of(page, objects)
    response = request(as_user("case_manager"), method, url, query)
    assert response.status_code == 403


def test_case_manager_reads_own_assignments(objects, as_user):
    response = as_user("case_manager").get(reverse("staffing:assignment_overview"))
    assert response.status_code == 200
    assert list(response.context["assignments"]) == [objects["assignment"]]
    assert reverse("staffing:assignment_edit", args=[objects["assignment"].pk]) not in (
        response.content.decode()
    )


@pytest.mark.parametrize("role", NO_ACCESS)
@pytest.mark.parametrize("page", PAGES)
def test_other_roles_are_refused(objects, as_user, role, page):
    method, url, query = url_of(page, objects)
    response = request(as_user(role), method, url, query)
    assert response.status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(objects, client, page):
    method, url, query = url_of(page, objects)
    response = request(client, method, url, query)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- writes are refused and change nothing ------------------------------------------------------


def test_case_manager_cannot_change_own_assignment(objects, as_user):
    assignment = objects["assignment"]
    response = as_user("case_manager").post(
        reverse("staffing:assignment_edit", args=[assignment.pk]),
        {
            "case_manager": assignment.case_manager_id,
            "municipality": assignment.municipality_id,
            "fte": "1,0",
            "valid_from": "2025-01-01",
        },
    )
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.fte == Decimal("0.5")


def test_case_manager_cannot_create_a_position(objects, as_user):
    response = as_user("case_manager").post(
        reverse("staffing:position_create"),
        {
            "funding_module": "2",
            "type": "case_management",
            "title": "Neue Stelle",
            "fte": "1",
            "funded_from": "2025-01-01",
        },
    )
    assert response.status_code == 403
    assert Position.objects.count() == 1


def test_case_manager_cannot_put_a_key_in_force(objects, as_user):
    response = as_user("case_manager").post(
        reverse("staffing:key_put_in_force", args=[objects["a"].pk])
    )
    assert response.status_code == 403
    assert not DistributionKey.objects.filter(in_force=True).exists()


def test_administration_cannot_import_indicators(objects, as_user):
    """Administration maintains the directory, but the key's indicators belong to coordination."""
    upload = SimpleUploadedFile("k.csv", b"AGS;Einwohner\n")
    response = as_user("administrator").post(
        reverse("staffing:indicator_import"), {"year": 2024, "file": upload}
    )
    assert response.status_code == 403
    assert not PopulationFigures.objects.exists()


def test_administration_cannot_compute_a_key(objects, as_user):
    response = as_user("administrator").post(
        reverse("staffing:key_compute"), {"name": "X", "year": 2024, "action": "save"}
    )
    assert response.status_code == 403
    assert DistributionKey.objects.count() == 2

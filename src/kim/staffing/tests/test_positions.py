"""Positions per funding module: the overview of approved, forwarded, filled and vacant FTE, and
creating or changing a position with German messages for bad input."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from kim.accounts.tests.factories import UserFactory
from kim.staffing.models import FundingModule, Position, PositionType

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("staffing:position_overview")
CREATE = reverse("staffing:position_create")
START = datetime.date(2023, 1, 1)


def position(title, module, type_, fte, holder=None, forwarded="0", **kwargs):
    return Position.objects.create(
        title=title,
        funding_module=module,
        type=type_,
        fte=Decimal(fte),
        forwarded_fte=Decimal(forwarded),
        funded_from=kwargs.pop("funded_from", START),
        holder=holder,
        **kwargs,
    )


def form_data(**changes):
    data = {
        "funding_module": "2",
        "type": PositionType.CASE_MANAGEMENT,
        "title": "Case Management Lüdenscheid",
        "fte": "0,5",
        "forwarded_fte": "0",
        "location": "Kreishaus Lüdenscheid",
        "funded_from": "2025-01-01",
        "funded_until": "2027-12-31",
        "holder": "",
        "notes": "",
    }
    return data | changes


@pytest.fixture
def positions(case_manager, coordinator):
    return [
        position("Koordination", 1, PositionType.COORDINATION, "4.5", coordinator, "1.0"),
        position("Verwaltungsassistenz", 1, PositionType.ADMINISTRATION, "0.5"),
        position("Case Management A", 2, PositionType.CASE_MANAGEMENT, "1.0", case_manager),
        position("Case Management B", 2, PositionType.CASE_MANAGEMENT, "0.75"),
        position(
            "Case Management alt",
            2,
            PositionType.CASE_MANAGEMENT,
            "2.0",
            funded_until=datetime.date(2020, 12, 31),
            funded_from=datetime.date(2019, 1, 1),
        ),
        position("Einbürgerung", 3, PositionType.NATURALISATION_AUTHORITY, "2.0"),
    ]


# --- overview ----------------------------------------------------------------------------------


def test_overview_sums_per_funding_module(positions, as_user):
    response = as_user("coordinator").get(OVERVIEW)
    assert response.status_code == 200
    modules = {m.module: m for m in response.context["modules"]}
    one, two, three = (modules[m] for m in FundingModule)
    assert (one.approved, one.forwarded, one.filled, one.vacant) == (
        Decimal("5.0"),
        Decimal("1.0"),
        Decimal("4.5"),
        Decimal("0.5"),
    )
    # the position whose funding ended in 2020 is listed, but not counted
    assert len(two.positions) == 3
    assert (two.approved, two.filled, two.vacant) == (
        Decimal("1.75"),
        Decimal("1.0"),
        Decimal("0.75"),
    )
    assert (three.approved, three.filled, three.vacant) == (
        Decimal("2.0"),
        Decimal("0"),
        Decimal("2.0"),
    )
    assert response.context["totals"]["approved"] == Decimal("8.75")
    content = response.content.decode()
    assert "Baustein 1 – strategische Koordination" in content
    assert "davon 1,00 VZÄ an die Stadt Iserlohn weitergeleitet" in content
    assert "Förderung beendet" in content
    assert "Jonas Keller" in content and "Anna Berger" in content
    assert content.count('<span class="kern-label">unbesetzt</span>') == 4
    assert "01.01.2023 – offen" in content


def test_overview_without_positions(as_user):
    response = as_user("coordinator").get(OVERVIEW)
    assert response.status_code == 200
    assert (
        response.content.decode().count("In diesem Baustein sind noch keine Stellen erfasst.") == 3
    )


# --- create and edit ---------------------------------------------------------------------------


def test_create_with_german_decimal_comma(as_user, case_manager):
    response = as_user("coordinator").post(CREATE, form_data(holder=case_manager.pk))
    assert response.status_code == 302
    created = Position.objects.get()
    assert (created.fte, created.holder, created.funded_until) == (
        Decimal("0.50"),
        case_manager,
        datetime.date(2027, 12, 31),
    )


def test_create_without_holder_is_vacant(as_user):
    as_user("coordinator").post(CREATE, form_data(forwarded_fte=""))
    created = Position.objects.get()
    assert created.is_vacant
    assert created.forwarded_fte == Decimal("0")


def test_edit_shows_localised_values_and_saves(positions, as_user):
    client = as_user("coordinator")
    target = positions[3]
    url = reverse("staffing:position_edit", args=[target.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert 'value="0,75"' in response.content.decode()
    response = client.post(url, form_data(title="Case Management B", fte="1,25"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.fte == Decimal("1.25")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"fte": "-0,5"}, "fte", "Die VZÄ müssen größer als 0 sein."),
        ({"fte": "0"}, "fte", "Die VZÄ müssen größer als 0 sein."),
        ({"fte": "eins"}, "fte", "Bitte geben Sie eine Zahl an, z. B. 0,5."),
        ({"fte": ""}, "fte", "Bitte geben Sie die VZÄ an."),
        (
            {"forwarded_fte": "0,75"},
            "forwarded_fte",
            "Es kann nicht mehr weitergeleitet werden, als die Stelle umfasst.",
        ),
        ({"forwarded_fte": "-1"}, "forwarded_fte", "Der Wert darf nicht negativ sein."),
        (
            {"funded_until": "2024-12-31"},
            "funded_until",
            "Das Ende der Förderung liegt vor ihrem Beginn.",
        ),
        (
            {"funded_from": "31.02.2025"},
            "funded_from",
            "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).",
        ),
        ({"title": ""}, "title", "Bitte geben Sie eine Bezeichnung an."),
        ({"funding_module": ""}, "funding_module", "Bitte wählen Sie einen Baustein."),
    ],
)
def test_bad_input_is_refused_with_a_german_message(as_user, changes, field, message):
    response = as_user("coordinator").post(CREATE, form_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert not Position.objects.exists()


def test_negative_fte_on_an_existing_position_changes_nothing(positions, as_user):
    target = positions[2]
    url = reverse("staffing:position_edit", args=[target.pk])
    response = as_user("coordinator").post(url, form_data(fte="-1"))
    assert response.context["form"].errors["fte"] == ["Die VZÄ müssen größer als 0 sein."]
    # the input is kept for correction
    assert 'value="-1"' in response.content.decode()
    target.refresh_from_db()
    assert target.fte == Decimal("1.0")


def test_holder_choices_are_active_users(as_user, case_manager):
    inactive = UserFactory(username="alt", is_active=False)
    response = as_user("coordinator").get(CREATE)
    holders = response.context["form"].fields["holder"].queryset
    assert case_manager in holders
    assert inactive not in holders
    assert "unbesetzt" in response.content.decode()
    assert response.context["form"].fields["type"].choices[0] == ("", "Bitte wählen")
    response = as_user("coordinator").post(CREATE, form_data(holder=inactive.pk))
    assert response.context["form"].errors["holder"] == [
        "Bitte wählen Sie eine Person aus der Liste."
    ]
    assert not Position.objects.exists()


def test_unknown_position_is_404(as_user):
    response = as_user("coordinator").get(reverse("staffing:position_edit", args=[999]))
    assert response.status_code == 404

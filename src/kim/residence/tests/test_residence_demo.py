"""Tried as a new user would, with the demo data: Anna Berger's client who is two months short of
the six years of § 25b AufenthG shows "erfüllt ab <Datum>" and is on the six-month list, the
referral from there goes through; loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kim.accounts.models import User
from kim.cases.models import Referral, ResidencePeriod
from kim.residence import demo
from kim.residence.checks import add_months, add_years
from kim.residence.evaluation import Result
from kim.staffing.models import FundingModule, Position

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_demo_client_two_months_short_of_25b(client):
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert "Baustein-3-Vorprüfung" in out.getvalue()
    anna = User.objects.get(username="anna.berger")
    assert Position.objects.filter(holder=anna, funding_module=FundingModule.AUTHORITIES).exists()
    six_years_in_two_months = add_months(add_years(TODAY, -6), 2)
    short = ResidencePeriod.objects.get(started_on=six_years_in_two_months).client

    client.force_login(anna)
    reached = f"{add_months(TODAY, 2):%d.%m.%Y}"
    page = client.get(reverse("cases:client_detail", args=[short.pk])).content.decode()
    assert f"erfüllt ab {reached}" in page
    listing = client.get(reverse("residence:eligibility_list"))
    rows = {(row.client.pk, row.result.path.code): row for row in listing.context["rows"]}
    assert rows[(short.pk, "25b")].result.result == Result.POSITIVE_FROM
    assert {row.result.result for row in rows.values()} >= {Result.POSITIVE, Result.POSITIVE_FROM}

    response = client.post(
        reverse("residence:refer", args=[short.pk]), {"path": "25b"}, follow=True
    )
    assert "wurde im Fall" in response.content.decode()
    assert Referral.objects.filter(
        case__client=short, office__name__startswith="Ausländer"
    ).exists()

    # the other paths and clients show every kind of result
    coordinator = User.objects.get(username="jonas.keller")
    client.force_login(coordinator)
    codes = {
        row.result.path.code
        for row in client.get(reverse("residence:eligibility_list")).context["rows"]
    }
    assert codes == {"25a", "25b", "10"}

    counts = ResidencePeriod.objects.count()
    assert demo.load()["clients"] == 0
    assert ResidencePeriod.objects.count() == counts

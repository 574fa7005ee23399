"""Factories for Baustein 3 tests. Every person here is fictitious."""

import datetime

import factory

from kim.cases.models import (
    EducationRecord,
    Language,
    LanguageCertificate,
    ResidencePeriod,
    ResidenceStatus,
)
from kim.cases.tests.factories import ClientFactory
from kim.staffing.models import FundingModule, Position, PositionType


class ResidencePeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResidencePeriod

    client = factory.SubFactory(ClientFactory)
    status = factory.LazyFunction(lambda: ResidenceStatus.objects.get(code="duldung"))
    started_on = datetime.date(2018, 1, 1)
    recorded_by = factory.SelfAttribute("client.created_by")


class LanguageCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LanguageCertificate

    client = factory.SubFactory(ClientFactory)
    language = factory.LazyFunction(lambda: Language.objects.get(code="de"))
    level = "B1"
    issued_on = datetime.date(2022, 6, 1)
    issuer = "telc"
    recorded_by = factory.SelfAttribute("client.created_by")


class EducationRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationRecord

    client = factory.SubFactory(ClientFactory)
    kind = "school_attendance"
    started_on = datetime.date(2019, 9, 1)
    recorded_by = factory.SelfAttribute("client.created_by")


class PositionFactory(factory.django.DjangoModelFactory):
    """A funded position of Baustein 3 at the foreigners' authority."""

    class Meta:
        model = Position

    funding_module = FundingModule.AUTHORITIES
    type = PositionType.FOREIGNERS_AUTHORITY
    title = factory.Sequence(lambda n: f"Ausländerbehörde, Stelle {n}")
    fte = 1
    funded_from = datetime.date(2021, 1, 1)


def make_eligible_for_25b(client, *, today, months_short=0, months_over=0):
    """Record for ``client`` what § 25b AufenthG asks; the six years are reached
    ``months_short`` months after ``today`` (or were reached ``months_over`` months ago)."""
    from kim.cases.models import Client
    from kim.residence.checks import add_months, add_years

    start = add_months(add_years(today, -6), months_short - months_over)
    ResidencePeriodFactory(client=client, started_on=start)
    LanguageCertificateFactory(client=client, level="A2", issued_on=add_years(today, -1))
    Client.objects.filter(pk=client.pk).update(
        identity_clarified="yes",
        commitment_declared="yes",
        relevant_convictions="no",
        lives_with_minor_child="no",
        children_school_attendance="not_applicable",
        livelihood="mostly_by_work",
        orientation_test_passed_on=add_years(today, -1),
    )
    client.refresh_from_db()
    return client

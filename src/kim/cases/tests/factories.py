"""Factories for case management. Every person here is fictitious."""

import datetime

import factory
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases import models
from kim.directory.tests.factories import MunicipalityFactory, OfficeFactory, OrganisationFactory


def life_domain(code):
    return models.LifeDomain.objects.get(code=code)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Client

    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    date_of_birth = datetime.date(1990, 5, 17)
    gender = models.Gender.FEMALE
    municipality = factory.SubFactory(MunicipalityFactory)
    created_by = factory.SubFactory(UserFactory, role=Role.CASE_MANAGER)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Case

    number = factory.Sequence(lambda n: f"2026-{n + 1:06d}")
    client = factory.SubFactory(ClientFactory)
    case_manager = factory.SubFactory(UserFactory, role=Role.CASE_MANAGER)
    access_channel = models.AccessChannel.SELF
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class ConsentFactory(factory.django.DjangoModelFactory):
    """A confidentiality waiver; pass ``organisations=[...]`` to name whom it covers."""

    class Meta:
        model = models.Consent
        skip_postgeneration_save = True

    client = factory.SubFactory(ClientFactory)
    kind = models.ConsentKind.WAIVER
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    scope = "Austausch zu Leistungen und Vermittlung"
    recorded_by = factory.SubFactory(UserFactory, role=Role.CASE_MANAGER)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Goal

    case = factory.SubFactory(CaseFactory)
    life_domain = factory.LazyFunction(lambda: life_domain("language"))
    description = "Deutschkurs bis B1 abschließen"
    target_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Action

    goal = factory.SubFactory(GoalFactory)
    description = "Anmeldung zum Integrationskurs"
    responsible = models.ActionResponsible.CLIENT
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Referral

    case = factory.SubFactory(CaseFactory)
    office = factory.SubFactory(OfficeFactory)
    proposed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    created_by = factory.SelfAttribute("case.case_manager")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    case = factory.SubFactory(CaseFactory)
    contact_on = factory.LazyFunction(timezone.localdate)
    duration_minutes = 45
    channel = models.ContactChannel.IN_PERSON
    by = factory.SelfAttribute("case.case_manager")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Appointment

    case = factory.SubFactory(CaseFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    place = "Rathaus, Raum 12"
    case_manager = factory.SelfAttribute("case.case_manager")


__all__ = ["OfficeFactory", "OrganisationFactory"]

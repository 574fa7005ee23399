"""Factories for the system level. Every report here is fictitious and holds no personal data."""

import factory
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.tests.factories import MunicipalityFactory, OrganisationFactory
from kim.hurdles import models


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Topic

    name = factory.Sequence(lambda n: f"Testthema {n}")
    description = "Ein Thema zum Testen."
    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATION)


class HurdleReportFactory(factory.django.DjangoModelFactory):
    """A report from the case management (received). ``external=True`` makes it a report of an
    external partner organisation; pass ``organisations=[...]``, ``legal_domains=[...]`` or
    ``life_domains=[...]`` to set the many-to-many fields."""

    class Meta:
        model = models.HurdleReport
        skip_postgeneration_save = True

    class Params:
        external = factory.Trait(
            source=models.ReportSource.EXTERNAL,
            reporter=factory.SubFactory(UserFactory, role=Role.EXTERNAL_PARTNER),
            reporter_organisation=factory.SubFactory(OrganisationFactory),
        )

    reported_on = factory.LazyFunction(timezone.localdate)
    municipality = factory.SubFactory(MunicipalityFactory)
    description = "Die Wartezeit auf einen Termin bei der Ausländerbehörde beträgt vier Monate."
    consequence = "Die Arbeitsaufnahme verzögert sich."
    attempts = "Mehrfach angerufen und geschrieben."
    source = models.ReportSource.CASE_MANAGEMENT
    reporter = factory.SubFactory(UserFactory, role=Role.CASE_MANAGER)
    state = models.ReportState.RECEIVED

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)

    @factory.post_generation
    def legal_domains(self, create, extracted, **kwargs):
        if create and extracted:
            self.legal_domains.set(extracted)

    @factory.post_generation
    def life_domains(self, create, extracted, **kwargs):
        if create and extracted:
            self.life_domains.set(extracted)

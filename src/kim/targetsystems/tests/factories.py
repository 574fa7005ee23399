"""Factories for service chains and target systems. Working groups are governance bodies; every
person here is fictitious."""

import datetime

import factory
from django.utils import timezone

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.directory.tests.factories import OrganisationFactory, ServiceTypeFactory
from kim.governance.models import (
    Body,
    BodyKind,
    Meeting,
    Membership,
    Resolution,
    ResolutionKind,
    ResolutionResult,
)
from kim.hurdles.models import GenerativeTheme, ThemeState
from kim.targetsystems import models


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GenerativeTheme

    title = factory.Sequence(lambda n: f"Zugang zum Integrationskurs {n}")
    cluster = "Sprache und Bildung"
    summary = "Zwischen Berechtigung und Kursbeginn vergehen Monate."
    state = ThemeState.WORKING_GROUP
    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATION)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"AG Integrationskurs {n}")
    kind = BodyKind.WORKING_GROUP
    theme = factory.SubFactory(ThemeFactory)


class SteeringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("name",)

    name = "Lenkungsgruppe KIM"
    short_name = "LG"
    kind = BodyKind.STEERING_GROUP


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member with an account; ``is_lead=True`` for the lead of the working group."""

    class Meta:
        model = Membership

    body = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory(UserFactory, role=Role.CASE_MANAGER)
    name = factory.LazyAttribute(lambda m: m.user.get_full_name() or m.user.username)
    starts_on = datetime.date(2024, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(SteeringGroupFactory)
    title = "Sitzung der Lenkungsgruppe"
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2026, 3, 12, 10, 0))
    )
    place = "Kreishaus Lüdenscheid"
    state = "held"
    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATION)


class ResolutionFactory(factory.django.DjangoModelFactory):
    """An adopted steering group resolution 'Zielsystem beschließen' (pass ``theme``)."""

    class Meta:
        model = Resolution

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: f"LG 2026/{n + 1}")
    text = "Die Lenkungsgruppe beschließt das Zielsystem."
    kind = ResolutionKind.ADOPT_TARGET_SYSTEM
    votes_for = 8
    votes_against = 0
    votes_abstain = 1
    result = ResolutionResult.ADOPTED
    created_by = factory.SelfAttribute("meeting.created_by")


class TargetSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TargetSystem

    working_group = factory.SubFactory(WorkingGroupFactory)
    title = "Zielsystem Zugang zum Integrationskurs"
    summary = "Kursbeginn innerhalb von acht Wochen nach dem Erstkontakt."
    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATION)


class ServiceChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceChain

    target_system = factory.SubFactory(TargetSystemFactory)
    title = "Vom Erstkontakt zum Integrationskurs"


class ChainStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ChainStep

    chain = factory.SubFactory(ServiceChainFactory)
    variant = models.ChainVariant.AS_IS
    position = factory.Sequence(lambda n: n + 1)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Schritt {n + 1}")
    institution_task = "prüft die Unterlagen"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement
        skip_postgeneration_save = True

    target_system = factory.SubFactory(TargetSystemFactory)
    text = "Die Ausländerbehörde übermittelt die Berechtigung binnen einer Woche an die VHS."

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            self.parties.set(extracted or [OrganisationFactory(), OrganisationFactory()])


class IndicatorFactory(factory.django.DjangoModelFactory):
    """Days from first contact to the start of a course of the given service type."""

    class Meta:
        model = models.Indicator

    target_system = factory.SubFactory(TargetSystemFactory)
    name = "Tage bis zum Kursbeginn"
    measure = "days_to_course_start"
    service_type = factory.SubFactory(ServiceTypeFactory)


def complete_draft(target_system=None, **kwargs):
    """A draft that can be put before the steering group: a chain with as-is and to-be steps and
    an indicator."""
    target_system = target_system or TargetSystemFactory(**kwargs)
    chain = ServiceChainFactory(target_system=target_system)
    for variant in (models.ChainVariant.AS_IS, models.ChainVariant.TO_BE):
        for position in (1, 2):
            ChainStepFactory(chain=chain, variant=variant, position=position)
    IndicatorFactory(target_system=target_system)
    return target_system

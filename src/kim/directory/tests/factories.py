import factory

from kim.directory import models


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.District
        django_get_or_create = ("key",)

    name = "Testkreis"
    key = "09999"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Municipality

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Teststadt {n}")
    ags = factory.Sequence(lambda n: f"0999{n:04d}")


class LegalDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalDomain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SGB T{n}")
    name = "Testrechtskreis"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Testträger {n}")
    type = models.OrganisationType.WELFARE


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Office

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Beratungsstelle {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceType

    code = factory.Sequence(lambda n: f"T{n}")
    name = factory.Sequence(lambda n: f"Testangebot {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service

    provider = factory.SubFactory(OrganisationFactory)
    type = factory.SubFactory(ServiceTypeFactory)
    name = factory.Sequence(lambda n: f"Angebot {n}")


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Responsibility

    municipality = factory.SubFactory(MunicipalityFactory)
    legal_domain = factory.SubFactory(LegalDomainFactory)
    office = factory.SubFactory(OfficeFactory)

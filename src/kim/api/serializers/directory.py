"""The directory of integration actors (no personal data of clients)."""

from rest_framework import serializers

from kim.directory.models import (
    ContactPerson,
    LegalDomain,
    Municipality,
    Office,
    Organisation,
    Responsibility,
    Service,
    ServiceType,
)

from .fields import ChoiceLabel


class MunicipalitySerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Municipality
        fields = ["id", "name", "ags", "district"]


class LegalDomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalDomain
        fields = ["id", "code", "name", "description"]


class ServiceTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceType
        fields = ["id", "code", "name", "description"]


class OrganisationSerializer(serializers.ModelSerializer):
    type_label = ChoiceLabel("type")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "type",
            "type_label",
            "parent",
            "website",
            "email",
            "phone",
            "notes",
        ]


class OfficeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Office
        fields = [
            "id",
            "organisation",
            "name",
            "municipality",
            "street",
            "postal_code",
            "city",
            "opening_hours",
            "phone",
            "email",
            "website",
        ]


class ServiceSerializer(serializers.ModelSerializer):
    type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    legal_domain = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "provider",
            "type",
            "name",
            "legal_domain",
            "target_group",
            "description",
            "min_age",
            "max_age",
        ]


class ResponsibilitySerializer(serializers.ModelSerializer):
    legal_domain = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    status_label = ChoiceLabel("status")

    class Meta:
        model = Responsibility
        fields = [
            "id",
            "municipality",
            "legal_domain",
            "service",
            "office",
            "status",
            "status_label",
            "min_age",
            "max_age",
            "note",
            "source",
        ]


class ContactPersonSerializer(serializers.ModelSerializer):
    role_label = ChoiceLabel("role")

    class Meta:
        model = ContactPerson
        fields = ["first_name", "last_name", "role", "role_label", "job_title", "email", "phone"]


class FinderOfficeSerializer(OfficeSerializer):
    contact_persons = ContactPersonSerializer(many=True, read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    municipality_name = serializers.CharField(
        source="municipality.name", read_only=True, allow_null=True, default=None
    )

    class Meta(OfficeSerializer.Meta):
        fields = [
            *OfficeSerializer.Meta.fields[:2],
            "organisation_name",
            *OfficeSerializer.Meta.fields[2:4],
            "municipality_name",
            *OfficeSerializer.Meta.fields[4:],
            "contact_persons",
        ]


class FinderResultSerializer(ResponsibilitySerializer):
    """One answer of the responsibility finder, with the office's address and contacts spelt out
    as on the finder page; ``office`` is null where the sources say "unbekannt"."""

    need = serializers.CharField(source="need_label", read_only=True)
    age_band = serializers.CharField(source="effective_age_band_label", read_only=True)
    office = FinderOfficeSerializer(read_only=True, allow_null=True)
    service_name = serializers.CharField(
        source="service.name", read_only=True, allow_null=True, default=None
    )

    class Meta(ResponsibilitySerializer.Meta):
        fields = [
            "id",
            "municipality",
            "need",
            "legal_domain",
            "service",
            "service_name",
            "office",
            "status",
            "status_label",
            "age_band",
            "note",
            "source",
        ]

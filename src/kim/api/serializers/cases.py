"""Clients and cases with their phases, goals, referrals and contacts. Case data: every read of
these is in the access log (``access_log.log_read``)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kim.cases.models import Action, Case, Client, Contact, Goal, PhaseTransition, Referral

from .fields import ChoiceLabel


def _person(user):
    return user.get_full_name() or user.username


class ClientSerializer(serializers.ModelSerializer):
    nationalities = serializers.SerializerMethodField(help_text="ISO-3166-Ländercodes")
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    interpreter_language = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    residence_status = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    gender_label = ChoiceLabel("gender")
    cases = serializers.SerializerMethodField(help_text="IDs der Fälle, die Sie sehen dürfen")

    class Meta:
        model = Client
        fields = [
            "id",
            "first_name",
            "last_name",
            "first_name_original",
            "last_name_original",
            "date_of_birth",
            "year_of_birth",
            "gender",
            "gender_label",
            "nationalities",
            "languages",
            "interpreter_needed",
            "interpreter_language",
            "municipality",
            "residence_status",
            "residence_section",
            "residence_valid_until",
            "entered_germany_on",
            "entered_district_on",
            "phone",
            "email",
            "street",
            "postal_code",
            "city",
            "cases",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_nationalities(self, client):
        return [country.code for country in client.nationalities]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_cases(self, client):
        # prefetched by the view through Case.objects.visible_to(user)
        return [case.pk for case in client.visible_cases]


class PhaseTransitionSerializer(serializers.ModelSerializer):
    by = serializers.SerializerMethodField()

    class Meta:
        model = PhaseTransition
        fields = ["from_phase", "to_phase", "at", "by", "note"]

    def get_by(self, transition) -> str:
        return _person(transition.by)


class CaseSerializer(serializers.ModelSerializer):
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    municipality = serializers.IntegerField(source="client.municipality_id", read_only=True)
    case_manager_name = serializers.SerializerMethodField()
    access_channel_label = ChoiceLabel("access_channel")
    phase_label = ChoiceLabel("phase")

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "client",
            "client_name",
            "municipality",
            "case_manager",
            "case_manager_name",
            "access_channel",
            "access_channel_label",
            "phase",
            "phase_label",
            "opened_on",
            "closed_on",
            "closure_reason",
        ]

    def get_case_manager_name(self, case) -> str:
        return _person(case.case_manager)


class CaseDetailSerializer(CaseSerializer):
    phase_history = PhaseTransitionSerializer(source="transitions", many=True, read_only=True)
    links = serializers.SerializerMethodField(help_text="Teilressourcen des Falls")

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "closure_outcome", "phase_history", "links"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {name: {"type": "string"} for name in ("goals", "referrals", "contacts")},
            "required": ["goals", "referrals", "contacts"],
        }
    )
    def get_links(self, case):
        return {
            name: reverse(f"api:case-{name}", args=[case.pk])
            for name in ("goals", "referrals", "contacts")
        }


class ActionSerializer(serializers.ModelSerializer):
    responsible_label = ChoiceLabel("responsible")

    class Meta:
        model = Action
        fields = [
            "id",
            "description",
            "responsible",
            "responsible_label",
            "organisation",
            "due_on",
            "done_on",
        ]


class GoalSerializer(serializers.ModelSerializer):
    life_domain = serializers.SlugRelatedField(slug_field="code", read_only=True)
    outcome_label = ChoiceLabel("outcome")
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "case",
            "life_domain",
            "description",
            "agreed_on",
            "target_date",
            "outcome",
            "outcome_label",
            "outcome_on",
            "actions",
        ]


class ReferralSerializer(serializers.ModelSerializer):
    life_domain = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    state_label = ChoiceLabel("state")

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "office",
            "service",
            "life_domain",
            "reason",
            "state",
            "state_label",
            "proposed_on",
            "sent_on",
            "answered_on",
            "closed_on",
            "outcome",
        ]


class ContactSerializer(serializers.ModelSerializer):
    channel_label = ChoiceLabel("channel")
    life_domains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "case",
            "contact_on",
            "duration_minutes",
            "channel",
            "channel_label",
            "interpreter_used",
            "life_domains",
            "note",
            "by",
            "by_name",
        ]

    def get_by_name(self, contact) -> str:
        return _person(contact.by)

"""Hurdle reports, topics and generative themes. No case data: the internal link of a report to
its case is never part of the API (as on the web pages outside coordination)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kim.hurdles.models import GenerativeTheme, HurdleReport, ReportState, Topic

from .fields import ChoiceLabel


class HurdleReportSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    legal_domains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    life_domains = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    source_label = ChoiceLabel("source")
    state_label = ChoiceLabel("state")

    class Meta:
        model = HurdleReport
        fields = [
            "id",
            "number",
            "reported_on",
            "municipality",
            "organisations",
            "legal_domains",
            "life_domains",
            "description",
            "consequence",
            "attempts",
            "source",
            "source_label",
            "reporter_organisation",
            "state",
            "state_label",
            "topic",
            "rejection_reason",
        ]


REPORT_COUNTS_SCHEMA = {
    "type": "object",
    "properties": {state: {"type": "integer"} for state in ReportState.values},
    "required": list(ReportState.values),
    "description": "Meldungen je Stand (nur die, die Sie sehen dürfen)",
}


class TopicSerializer(serializers.ModelSerializer):
    report_counts = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["id", "name", "description", "active", "report_counts"]

    @extend_schema_field(REPORT_COUNTS_SCHEMA)
    def get_report_counts(self, topic):
        return {state: getattr(topic, f"count_{state}") for state in ReportState.values}


NAMES = serializers.ListField(child=serializers.CharField())


class GenerativeThemeSerializer(serializers.ModelSerializer):
    """As in the overview for the steering group: figures and the names involved, no report
    texts, no report or case numbers."""

    state_label = ChoiceLabel("state")
    report_count = serializers.IntegerField(read_only=True)
    municipality_count = serializers.IntegerField(read_only=True)
    organisation_count = serializers.IntegerField(read_only=True)
    legal_domain_count = serializers.IntegerField(read_only=True)
    municipalities = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()
    legal_domains = serializers.SerializerMethodField()

    class Meta:
        model = GenerativeTheme
        fields = [
            "id",
            "title",
            "cluster",
            "summary",
            "state",
            "state_label",
            "report_count",
            "municipality_count",
            "organisation_count",
            "legal_domain_count",
            "municipalities",
            "organisations",
            "legal_domains",
        ]

    def _entry(self, theme):
        # the overview's entries (hurdles.pdf.clustered_overview), computed by the view per page
        return self.context["overview"][theme.pk]

    @extend_schema_field(NAMES)
    def get_municipalities(self, theme):
        return self._entry(theme).municipalities

    @extend_schema_field(NAMES)
    def get_organisations(self, theme):
        return self._entry(theme).organisations

    @extend_schema_field(NAMES)
    def get_legal_domains(self, theme):
        return self._entry(theme).legal_domains

"""The state controlling figures of a period (``kim.reports.indicators``), as on the report page:
small cells already suppressed ("<5")."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kim.reports.anonymity import SUPPRESSED

SHOWN_VALUE = {
    "oneOf": [{"type": "number"}, {"type": "string", "enum": [SUPPRESSED]}],
    "description": f"Die Zahl, oder „{SUPPRESSED}“, wo 1 bis 4 Personen dahinterstehen",
}


class IndicatorRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.SerializerMethodField()
    suppressed = serializers.BooleanField()

    @extend_schema_field(SHOWN_VALUE)
    def get_value(self, row):
        return row.shown


class IndicatorTableSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicator.code")
    label = serializers.CharField(source="indicator.label")
    feature = serializers.CharField(source="indicator.feature")
    unit = serializers.CharField(source="indicator.unit")
    person_related = serializers.BooleanField(source="indicator.person_related")
    definition = serializers.SerializerMethodField()
    rows = IndicatorRowSerializer(many=True)
    total = IndicatorRowSerializer()

    def get_definition(self, table) -> str:
        return self.context["definition"](table.indicator)


class ControllingScopeSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    filters = serializers.CharField(help_text="Die Filter außer dem Zeitraum, in Worten")


class ControllingSerializer(serializers.Serializer):
    scope = ControllingScopeSerializer()
    suppression_note = serializers.CharField()
    indicators = IndicatorTableSerializer(many=True)

"""OpenAPI 3 (drf-spectacular): the bearer token as security scheme, and the problem+json
answers every operation can give (400, 401, 403, 404), so that clients and the schema-based
tests know them."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="Name des Parameters oder Felds")
    detail = serializers.CharField()
    code = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """Fehlerbeschreibung nach RFC 9457 (application/problem+json), deutsch."""

    type = serializers.CharField(help_text="z. B. urn:kim:problem:validation")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField()
    errors = ProblemFieldErrorSerializer(many=True, required=False)

    class Meta:
        ref_name = "Problem"


ERROR_DESCRIPTIONS = {
    "400": "Ungültige Parameter (Feld in „errors“)",
    "401": "Nicht angemeldet, oder der Zugangsschlüssel ist unbekannt, abgelaufen oder widerrufen",
    "403": "Die Rolle hat keinen Zugriff auf diese Daten",
    "404": "Nicht gefunden oder nicht sichtbar",
}


class KimAutoSchema(AutoSchema):
    def get_filter_backends(self):
        # a view that is no list but reads the fields of a form as parameters (controlling)
        if getattr(self.view, "parameters_from_filter_form", False):
            return self.view.filter_backends
        return super().get_filter_backends()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in ERROR_DESCRIPTIONS.items():
            if code not in responses:
                response = self._get_response_for_code(
                    ProblemSerializer, code, (PROBLEM_MEDIA_TYPE,), direction
                )
                response["description"] = description
                responses[code] = response
        return responses


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "kim.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Persönlicher Zugangsschlüssel (kim_…), angelegt in KIM unter „API-Zugänge“. "
                "Er handelt mit genau den Rechten seiner Inhaberin oder seines Inhabers."
            ),
        }

"""Forms of service chains and their steps (concept § 3.3). The checks that need more than one
field or the chain (the office belongs to the institution, a note at a break point, a free step
number, a draft) are in ``services.save_chain`` / ``services.save_step``; these forms check the
single fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kim.core.forms import KernModelForm
from kim.directory.models import LegalDomain, Office, Organisation, ServiceType

from ..models import ChainStep, ServiceChain


class ChainForm(KernModelForm):
    class Meta:
        model = ServiceChain
        fields = ["title", "service_type", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "title": _("Zum Beispiel „Vom Erstkontakt zum Integrationskurs“."),
            "service_type": _("Die Angebotsart, um die es in der Kette geht, falls es eine gibt."),
            "description": _(
                "Wo die Kette beginnt und endet, für wen sie gilt. Keine Angaben zu Personen."
            ),
        }
        error_messages = {
            "title": {
                "required": _("Bitte geben Sie der Kette einen Titel."),
                "max_length": _("Der Titel ist zu lang (höchstens %(limit_value)d Zeichen)."),
            },
            "service_type": {"invalid_choice": _("Bitte wählen Sie eine Angebotsart der Liste.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = ServiceType.objects.order_by("name")


def grouped_offices(organisations):
    """The offices as choices grouped by organisation (``<optgroup>``), so that the right one is
    found under its institution; the service checks that it belongs to the step's institution."""
    groups = {}
    for office in Office.objects.filter(organisation__in=organisations).select_related(
        "organisation"
    ):
        groups.setdefault(office.organisation.name, []).append((office.pk, office.name))
    return [("", "---------"), *sorted(groups.items())]


class StepForm(KernModelForm):
    """A step of one variant (the variant is set on the instance, from the URL)."""

    class Meta:
        model = ChainStep
        fields = [
            "position",
            "organisation",
            "office",
            "legal_domain",
            "title",
            "client_task",
            "institution_task",
            "typical_days",
            "is_break_point",
            "break_point_note",
        ]
        widgets = {
            "position": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "typical_days": forms.NumberInput(attrs={"min": 0, "max": 730}),
            "client_task": forms.Textarea(attrs={"rows": 3}),
            "institution_task": forms.Textarea(attrs={"rows": 3}),
            "break_point_note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "position": _("Leer lassen, um den Schritt am Ende anzufügen."),
            "office": _("Optional; sie muss zur gewählten Institution gehören."),
            "title": _("Was in diesem Schritt geschieht, kurz, z. B. „Berechtigung ausstellen“."),
            "client_task": _("Unterlagen, Termine, Wege – ohne Angaben zu einzelnen Personen."),
            "typical_days": _("Wie lange der Schritt üblicherweise dauert, in Kalendertagen."),
            "break_point_note": _(
                "Nur bei einer Bruchstelle: was dort typischerweise schiefgeht, z. B. "
                "„Unterlagen gehen zwischen den Stellen verloren“."
            ),
        }
        error_messages = {
            "position": {
                "invalid": _("Bitte geben Sie die Schrittnummer als ganze Zahl an."),
                "min_value": _("Die Schrittnummer beginnt bei 1."),
                "max_value": _("Diese Schrittnummer ist zu groß."),
            },
            "organisation": {
                # the same words as services._check_step, which holds for every caller
                "required": _("Jeder Schritt braucht eine Institution aus dem Verzeichnis."),
                "invalid_choice": _("Bitte wählen Sie eine Institution aus dem Verzeichnis."),
            },
            "office": {"invalid_choice": _("Bitte wählen Sie eine Dienststelle der Liste.")},
            "legal_domain": {"invalid_choice": _("Bitte wählen Sie einen Rechtskreis der Liste.")},
            "title": {
                "required": _("Bitte beschreiben Sie den Schritt in wenigen Worten."),
                "max_length": _("Der Schritt ist zu lang (höchstens %(limit_value)d Zeichen)."),
            },
            "typical_days": {
                "invalid": _("Bitte geben Sie die Dauer als ganze Zahl von Tagen an."),
                "min_value": _("Die Dauer kann nicht negativ sein."),
                "max_value": _("Die Dauer kann höchstens 730 Tage betragen."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False  # an empty number puts the step at the end
        organisations = Organisation.objects.order_by("name")
        self.fields["organisation"].queryset = organisations
        self.fields["office"].queryset = Office.objects.select_related("organisation")
        self.fields["office"].choices = grouped_offices(organisations)
        self.fields["legal_domain"].queryset = LegalDomain.objects.all()

"""Forms of the case file: phase steps, handover, assessment, goals and actions."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim.accounts.roles import Role
from kim.core.forms import KernForm, KernModelForm
from kim.directory.models import Organisation

from ..models import Action, CasePhase, ClosureReason, Goal, LifeDomain, NeedLevel
from ..services import DomainAssessment


def date_input():
    """A native date picker; the value travels as ISO date, the browser shows it localised."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class ErrorSummaryMixin:
    """``error_summary``: the field errors as a list above the form, each linked to its field.

    Shown in addition to the messages at the fields (WCAG 3.3.1), so a user sees at once what to
    correct even in a long form.
    """

    summary_prefix = ""

    @property
    def error_summary(self):
        items = []
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue  # non-field errors have their own alert
            field = self[name]
            label = f"{self.summary_prefix} – {field.label}" if self.summary_prefix else field.label
            anchor = "" if field.is_hidden else field.auto_id
            items.extend({"label": label, "message": e, "anchor": anchor} for e in errors)
        return items


DATE_ERRORS = {
    "required": _("Bitte geben Sie ein Datum an."),
    "invalid": _("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
}


# --- phases -----------------------------------------------------------------------------------


class PhaseChangeForm(ErrorSummaryMixin, KernForm):
    """One step of the workflow table. Which fields it has depends on the step: closing asks for
    reason and outcome, a step that must be justified (reopening) requires the note."""

    target = forms.ChoiceField(
        choices=CasePhase.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Bitte wählen Sie den nächsten Schritt."),
            "invalid_choice": _("Diese Phase gibt es nicht."),
        },
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Die Seite ist veraltet. Bitte laden Sie sie neu."),
            "invalid": _("Die Seite ist veraltet. Bitte laden Sie sie neu."),
        },
    )
    closure_reason = forms.ChoiceField(
        label=_("Abschlussgrund"),
        choices=[("", _("Bitte wählen")), *ClosureReason.choices],
        error_messages={
            "required": _("Bitte geben Sie den Abschlussgrund an."),
            "invalid_choice": _(
                "Diesen Abschlussgrund gibt es nicht. Bitte wählen Sie aus der Liste."
            ),
        },
    )
    closure_outcome = forms.CharField(
        label=_("Ergebnis des Falls"),
        required=False,
        widget=textarea(3),
        help_text=_("Was wurde erreicht, wohin wurde übergeleitet?"),
    )
    note = forms.CharField(
        label=_("Notiz zum Schritt"),
        required=False,
        widget=textarea(2),
        error_messages={"required": _("Bitte begründen Sie diesen Schritt in der Notiz.")},
    )

    def __init__(self, *args, target, note_required=False, **kwargs):
        kwargs.setdefault("auto_id", f"id_{target}_%s")
        super().__init__(*args, **kwargs)
        self.target = target
        self.fields["target"].initial = target
        if target != CasePhase.CLOSED:
            del self.fields["closure_reason"]
            del self.fields["closure_outcome"]
        if note_required:
            self.fields["note"].required = True
            self.fields["note"].label = _("Begründung")
        # the hidden fields render after the visible ones; errors on them show in the alert
        self.order_fields(["closure_reason", "closure_outcome", "note"])

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "note": data.get("note", ""),
            "closure_reason": data.get("closure_reason", ""),
            "closure_outcome": data.get("closure_outcome", ""),
            "expected_version": data["version"],
        }


# --- handover ---------------------------------------------------------------------------------


class HandoverForm(ErrorSummaryMixin, KernForm):
    case_manager = forms.ModelChoiceField(
        label=_("Neue:r Case Manager:in"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Bitte wählen"),
        error_messages={
            "required": _("Bitte wählen Sie, wer den Fall übernimmt."),
            "invalid_choice": _(
                "Diese Person kann den Fall nicht übernehmen. Bitte wählen Sie aus der Liste."
            ),
        },
    )
    note = forms.CharField(
        label=_("Notiz zur Übergabe"),
        required=False,
        widget=textarea(3),
        help_text=_("z. B. Urlaub, Ausscheiden, Wechsel des Einsatzgebiets."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.CASE_MANAGER.value, is_active=True)
            .exclude(pk=case.case_manager_id)
            .order_by("last_name", "first_name", "username")
            .distinct()
        )
        self.fields["version"].initial = case.version


# --- assessment -------------------------------------------------------------------------------


class AssessmentForm(ErrorSummaryMixin, KernForm):
    assessed_on = forms.DateField(
        label=_("Datum des Assessments"),
        widget=date_input(),
        initial=timezone.localdate,
        error_messages=DATE_ERRORS,
    )
    summary = forms.CharField(
        label=_("Zusammenfassung"),
        required=False,
        widget=textarea(4),
        help_text=_("Die wichtigsten Bedarfe und Ressourcen in wenigen Sätzen."),
    )


class DomainAssessmentForm(ErrorSummaryMixin, KernForm):
    """One life domain of an assessment: situation, need, resources."""

    need = forms.ChoiceField(
        label=_("Bedarf"),
        choices=NeedLevel.choices,
        initial=NeedLevel.NONE,
        error_messages={
            "required": _("Bitte wählen Sie den Bedarf."),
            "invalid_choice": _(
                "Diese Bedarfsstufe gibt es nicht. Bitte wählen Sie aus der Liste."
            ),
        },
    )
    situation = forms.CharField(label=_("Situation"), required=False, widget=textarea(2))
    resources = forms.CharField(label=_("Ressourcen"), required=False, widget=textarea(2))

    def __init__(self, *args, life_domain, **kwargs):
        kwargs.setdefault("prefix", f"domain-{life_domain.code}")
        super().__init__(*args, **kwargs)
        self.life_domain = life_domain
        self.summary_prefix = str(life_domain)

    @property
    def has_content(self):
        data = self.cleaned_data
        return (
            data.get("need") != NeedLevel.NONE
            or bool(data.get("situation", "").strip())
            or bool(data.get("resources", "").strip())
        )


class AssessmentForms:
    """The assessment page: date and summary, and one form per life domain."""

    EMPTY_MESSAGE = _(
        "Bitte schätzen Sie mindestens einen Lebensbereich mit einem Bedarf ein oder schreiben "
        "Sie eine Zusammenfassung."
    )

    def __init__(self, data=None, *, previous=None):
        """``previous``: the latest assessment; a re-assessment starts from its entries."""
        initial = {}
        if previous is not None:
            initial = {
                entry.life_domain_id: {
                    "need": entry.need,
                    "situation": entry.situation,
                    "resources": entry.resources,
                }
                for entry in previous.entries.all()
            }
        self.main = AssessmentForm(data)
        self.domains = [
            DomainAssessmentForm(data, life_domain=domain, initial=initial.get(domain.pk))
            for domain in LifeDomain.objects.all()
        ]

    def is_valid(self):
        valid = self.main.is_valid()
        # every domain form validates (no short cut), so each shows its own errors
        domains_valid = [form.is_valid() for form in self.domains]
        valid = all(domains_valid) and valid
        if not valid:
            return False
        has_need = any(form.cleaned_data["need"] != NeedLevel.NONE for form in self.domains)
        if not has_need and not self.main.cleaned_data["summary"].strip():
            self.main.add_error(None, self.EMPTY_MESSAGE)
            return False
        return True

    def entries(self):
        """The life domains the user filled in (a need, a situation or resources)."""
        return [
            DomainAssessment(
                life_domain=form.life_domain,
                need=form.cleaned_data["need"],
                situation=form.cleaned_data["situation"].strip(),
                resources=form.cleaned_data["resources"].strip(),
            )
            for form in self.domains
            if form.has_content
        ]

    def add_error(self, field, message):
        self.main.add_error(field if field in self.main.fields else None, message)

    @property
    def error_summary(self):
        items = list(self.main.error_summary)
        for form in self.domains:
            items.extend(form.error_summary)
        return items


# --- support plan -----------------------------------------------------------------------------


class GoalForm(ErrorSummaryMixin, KernModelForm):
    """A new goal; the view sets ``instance=Goal(case=case)`` so ``Goal.clean`` sees the case."""

    class Meta:
        model = Goal
        fields = ["life_domain", "description", "agreed_on", "target_date"]
        widgets = {
            "description": textarea(3),
            "agreed_on": date_input(),
            "target_date": date_input(),
        }
        help_texts = {
            "description": _("Was soll erreicht werden – in den Worten der Klientin/des Klienten."),
        }
        error_messages = {
            "life_domain": {"required": _("Bitte wählen Sie den Lebensbereich.")},
            "description": {"required": _("Bitte beschreiben Sie das Ziel.")},
            "agreed_on": DATE_ERRORS,
            "target_date": DATE_ERRORS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].empty_label = _("Bitte wählen")


class GoalEditForm(GoalForm):
    class Meta(GoalForm.Meta):
        fields = [*GoalForm.Meta.fields, "outcome", "outcome_on", "version"]
        widgets = {**GoalForm.Meta.widgets, "outcome_on": date_input()}
        error_messages = {
            **GoalForm.Meta.error_messages,
            "outcome_on": {"invalid": DATE_ERRORS["invalid"]},
        }


class ActionForm(ErrorSummaryMixin, KernModelForm):
    """A step of a goal; the view sets ``instance=Action(goal=goal)``."""

    class Meta:
        model = Action
        fields = ["description", "responsible", "organisation", "due_on"]
        widgets = {"due_on": date_input()}
        labels = {
            "description": _("Handlungsschritt"),
            "responsible": _("Wer übernimmt den Schritt?"),
            "due_on": _("Zu erledigen bis"),
        }
        help_texts = {
            "organisation": _("Nur wenn eine Organisation den Schritt übernimmt."),
        }
        error_messages = {
            "description": {"required": _("Bitte beschreiben Sie den Schritt.")},
            "due_on": DATE_ERRORS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = _("keine")

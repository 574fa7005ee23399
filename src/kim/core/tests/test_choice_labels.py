"""``QuickChoiceLabels`` gives what Django's ``get_<field>_display`` gives, in the active
language (issue #12)."""

import pytest
from django.db import models
from django.utils import translation

from kim.cases.models import Action, ActionResponsible, Case, CasePhase


def _django_display(instance, field_name):
    field = instance._meta.get_field(field_name)
    return models.Model._get_FIELD_display(instance, field)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_phase_and_responsibility_has_django_s_label(language):
    with translation.override(language):
        for phase in CasePhase:
            case = Case(phase=phase)
            assert case.get_phase_display() == _django_display(case, "phase")
        for responsible in ActionResponsible:
            action = Action(responsible=responsible)
            assert action.get_responsible_display() == _django_display(action, "responsible")


def test_the_label_follows_the_active_language():
    case = Case(phase=CasePhase.INTAKE)
    with translation.override("de"):
        german = case.get_phase_display()
    with translation.override("en"):
        english = case.get_phase_display()
    assert german == "Zugang/Clearing"
    assert english != german
    assert isinstance(english, str)


def test_a_value_without_a_choice_is_shown_as_it_is():
    assert Case(phase="unbekannt").get_phase_display() == "unbekannt"
    assert Case(phase="").get_phase_display() == ""

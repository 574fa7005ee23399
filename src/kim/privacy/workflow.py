"""The states of a deletion run as a table (which step, with which condition)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kim.core.workflow import find_transition, transitions_from

from .models import RunState as S


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    # four eyes: a person who proposed the run may not approve it (rules.py)
    four_eyes: bool = False
    needs_reason: bool = False


RUN_TRANSITIONS = [
    Transition(S.PROPOSED, S.EXECUTED, _("Freigeben und löschen"), four_eyes=True),
    # the proposer may withdraw their own proposal: rejecting erases nothing
    Transition(S.PROPOSED, S.REJECTED, _("Verwerfen"), needs_reason=True),
]


def run_transition(source, target):
    return find_transition(RUN_TRANSITIONS, source, target)


def run_transitions_from(state):
    return transitions_from(RUN_TRANSITIONS, state)

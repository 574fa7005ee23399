"""The case phases and referral states as data: which step is allowed, for whom.

A view or service never decides with ``if`` chains whether a step is allowed; it asks
``case_transition(...)`` / ``referral_transition(...)``, which read the tables below.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kim.core.workflow import find_transition, transitions_from

from .models import CasePhase as P
from .models import ReferralState as R

WORKER = "worker"  # the responsible case manager or their substitute
COORDINATION = "coordination"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    actor: str = WORKER
    note_required: bool = False


_OPEN = [P.INTAKE, P.ASSESSMENT, P.PLANNING, P.IMPLEMENTATION, P.MONITORING, P.EVALUATION]

CASE_TRANSITIONS = [
    Transition(P.INTAKE, P.ASSESSMENT, _("Clearing abschließen, Assessment beginnen")),
    Transition(P.ASSESSMENT, P.PLANNING, _("Hilfeplanung beginnen")),
    Transition(P.PLANNING, P.IMPLEMENTATION, _("Umsetzung beginnen")),
    Transition(P.IMPLEMENTATION, P.MONITORING, _("Ins Monitoring überführen")),
    Transition(P.MONITORING, P.IMPLEMENTATION, _("Zurück in die Umsetzung")),
    Transition(P.MONITORING, P.EVALUATION, _("Evaluation beginnen")),
    Transition(P.EVALUATION, P.PLANNING, _("Hilfeplan fortschreiben")),
    # a case can end in every phase (client moves away, breaks off contact, …); the closure form
    # asks for reason and outcome
    *[Transition(phase, P.CLOSED, _("Fall abschließen")) for phase in _OPEN],
    Transition(P.CLOSED, P.INTAKE, _("Fall wieder aufnehmen"), COORDINATION, note_required=True),
]

REFERRAL_TRANSITIONS = [
    Transition(R.PROPOSED, R.SENT, _("Als übermittelt vermerken")),
    Transition(R.PROPOSED, R.WITHDRAWN, _("Zurückziehen")),
    Transition(R.SENT, R.ACCEPTED, _("Annahme vermerken")),
    Transition(R.SENT, R.DECLINED, _("Ablehnung vermerken")),
    Transition(R.SENT, R.WITHDRAWN, _("Zurückziehen")),
    Transition(R.ACCEPTED, R.COMPLETED, _("Abschluss vermerken")),
    Transition(R.ACCEPTED, R.WITHDRAWN, _("Zurückziehen")),
]


def case_transition(source, target):
    return find_transition(CASE_TRANSITIONS, source, target)


def case_transitions_from(state):
    return transitions_from(CASE_TRANSITIONS, state)


def referral_transition(source, target):
    return find_transition(REFERRAL_TRANSITIONS, source, target)


def referral_transitions_from(state):
    return transitions_from(REFERRAL_TRANSITIONS, state)

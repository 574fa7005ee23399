"""States of hurdle reports and generative themes as data (which step, for whom)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kim.core.workflow import find_transition, transitions_from

from .models import ReportState as R
from .models import ThemeState as T


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    needs_topic: bool = False
    needs_reason: bool = False


REPORT_TRANSITIONS = [
    Transition(R.RECEIVED, R.TRIAGED, _("Als gesichtet markieren")),
    Transition(R.RECEIVED, R.ASSIGNED, _("Thema zuordnen"), needs_topic=True),
    Transition(R.RECEIVED, R.REJECTED, _("Ablehnen"), needs_reason=True),
    Transition(R.TRIAGED, R.ASSIGNED, _("Thema zuordnen"), needs_topic=True),
    Transition(R.TRIAGED, R.REJECTED, _("Ablehnen"), needs_reason=True),
    # a report can move to another topic; a rejection stays (nothing is deleted)
    Transition(R.ASSIGNED, R.ASSIGNED, _("Anderem Thema zuordnen"), needs_topic=True),
]

# coordination moves a theme to the steering group; the later states follow from governance
# (working group set up, decision) and target systems, which call the same service
THEME_TRANSITIONS = [
    Transition(T.DEVELOPED, T.BEFORE_STEERING_GROUP, _("Der Lenkungsgruppe vorlegen")),
    Transition(T.BEFORE_STEERING_GROUP, T.DEVELOPED, _("Zur Überarbeitung zurücknehmen")),
    Transition(T.BEFORE_STEERING_GROUP, T.WORKING_GROUP, _("Arbeitsgruppe eingerichtet")),
    Transition(T.WORKING_GROUP, T.TARGET_SYSTEM_PROPOSED, _("Zielsystem vorgeschlagen")),
    Transition(T.TARGET_SYSTEM_PROPOSED, T.DECIDED, _("Zielsystem beschlossen")),
    Transition(T.TARGET_SYSTEM_PROPOSED, T.WORKING_GROUP, _("Zurück an die Arbeitsgruppe")),
    Transition(T.DECIDED, T.MONITORING, _("Ins Monitoring überführen")),
]


def report_transition(source, target):
    return find_transition(REPORT_TRANSITIONS, source, target)


def report_transitions_from(state):
    return transitions_from(REPORT_TRANSITIONS, state)


def theme_transition(source, target):
    return find_transition(THEME_TRANSITIONS, source, target)


def theme_transitions_from(state):
    return transitions_from(THEME_TRANSITIONS, state)

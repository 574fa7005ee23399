"""States of a target system as data: which step, who may take it, what it does to the theme.

The steering group's decision is not a button of its own: coordination records the adopted
resolution (governance) and the date in force (``services.put_in_force``); a version in force is
superseded when its successor comes into force.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kim.core.workflow import find_transition, transitions_from

from .models import TargetSystemState as S


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    permission: str
    needs_resolution: bool = False


TRANSITIONS = [
    Transition(
        S.DRAFT, S.PROPOSED, _("Der Lenkungsgruppe vorlegen"), "targetsystems.propose_target_system"
    ),
    Transition(
        S.PROPOSED,
        S.DRAFT,
        _("Zur Überarbeitung zurücknehmen"),
        "targetsystems.propose_target_system",
    ),
    Transition(
        S.PROPOSED,
        S.IN_FORCE,
        _("Beschluss eintragen und in Kraft setzen"),
        "targetsystems.decide_target_system",
        needs_resolution=True,
    ),
    # by the service when the next version comes into force, never by hand
    Transition(S.IN_FORCE, S.SUPERSEDED, _("Durch neue Fassung abgelöst"), "nobody"),
]


def transition(source, target):
    return find_transition(TRANSITIONS, source, target)


def transitions_for(target_system, user):
    """The steps this user may take from the target system's state (for buttons)."""
    return [
        t
        for t in transitions_from(TRANSITIONS, target_system.state)
        if t.permission != "nobody" and user.has_perm(t.permission, target_system)
    ]

"""Object rules for target systems (django-rules), asking the QuerySets of ``queries.py``."""

import rules

from kim.accounts.rules import is_coordination, is_steering_group_member


@rules.predicate
def can_see_target_system(user, target_system):
    from .models import TargetSystem

    return (
        target_system is not None
        and TargetSystem.objects.visible_to(user).filter(pk=target_system.pk).exists()
    )


@rules.predicate
def leads_working_group(user, target_system):
    from .queries import _current_memberships

    return (
        target_system is not None
        and user.is_authenticated
        and _current_memberships(user, lead_only=True)
        .filter(body=target_system.working_group_id)
        .exists()
    )


@rules.predicate
def in_a_working_group(user):
    from .queries import _current_memberships

    return user.is_authenticated and _current_memberships(user).exists()


can_shape = is_coordination | leads_working_group

rules.add_perm("targetsystems.view_target_system", can_see_target_system)
# the list of target systems (navigation): coordination, steering group, working group members
rules.add_perm(
    "targetsystems.browse_target_systems",
    is_coordination | is_steering_group_member | in_a_working_group,
)
# edit the content of a draft (chains, steps, agreements, indicators); services refuse frozen ones
rules.add_perm("targetsystems.edit_target_system", can_shape)
# put a draft before the steering group, take it back, start a new version
rules.add_perm("targetsystems.propose_target_system", can_shape)
# record the steering group's decision; link cases by hand (coordination sees all cases)
rules.add_perm("targetsystems.decide_target_system", is_coordination)
rules.add_perm("targetsystems.link_cases", is_coordination)

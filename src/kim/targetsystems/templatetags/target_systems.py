"""The target systems of a working group, for its page in governance (issue #5)."""

from django import template

from ..models import TargetSystem
from ..views.targets import may_create_target_system

register = template.Library()


@register.inclusion_tag("targetsystems/target_body_block.html", takes_context=True)
def working_group_target_systems(context, body):
    """``{% working_group_target_systems body %}``: the group's target systems the user sees,
    and "Zielsystem anlegen" for coordination and the group's leads."""
    user = context["request"].user
    return {
        "body": body,
        "target_systems": TargetSystem.objects.visible_to(user)
        .filter(working_group=body)
        .order_by("title", "-version"),
        "can_create": may_create_target_system(user, body),
    }

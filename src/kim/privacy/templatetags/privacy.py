"""``{% privacy_actions client %}``: the section "Datenschutz" of a client's page (kim/cases).

The Art. 15 export for coordination and the client's case manager; "Löschung auf Antrag" for
coordination; a note when the client waits in a deletion run or is already anonymised.
"""

from django import template

from ..queries import erased_item, pending_item

register = template.Library()


@register.inclusion_tag("privacy/_client_actions.html", takes_context=True)
def privacy_actions(context, client):
    user = context.get("user")
    if user is None or not user.has_perm("cases.view_client_file", client):
        return {"show": False}
    can_export = user.has_perm("privacy.export_client_data", client)
    can_request = user.has_perm("privacy.propose_deletion")
    erased = erased_item(client)
    waiting = pending_item(client)
    return {
        "show": bool(can_export or can_request or erased or waiting),
        "client": client,
        "can_export": can_export and erased is None,
        "can_request": can_request and erased is None and waiting is None,
        "can_see_runs": user.has_perm("privacy.view_deletionrun"),
        "erased": erased,
        "waiting": waiting,
    }

"""``{% client_accesses client %}``: the section "Zugriffe" of a client's page (kim/cases): who
read the client's data, when, what and from where, newest first, paged by ``?zugriffe=N``.

Shown to whoever may see the client file (``cases.view_client_file``); reads of a case the
viewer does not see are left out (``queries.accesses_to_client``).
"""

from django import template
from django.core.paginator import Paginator

from ..display import access_rows
from ..queries import accesses_to_client

register = template.Library()

PAGE_PARAMETER = "zugriffe"
PAGE_SIZE = 25


@register.inclusion_tag("audit/_client_accesses.html", takes_context=True)
def client_accesses(context, client):
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None or not user.has_perm("cases.view_client_file", client):
        return {"show": False}
    page = Paginator(accesses_to_client(client, user), PAGE_SIZE).get_page(
        request.GET.get(PAGE_PARAMETER)
    )
    return {
        "show": True,
        "client": client,
        "page": page,
        "rows": access_rows(page.object_list),
        "request": request,
    }

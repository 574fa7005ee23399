"""``{% residence_precheck client %}``: the pre-check section of a client's page (kim/cases).

Shown to whoever may see the client file (``cases.view_client_file``: case managers for their
clients, coordination). A ``?stichtag=YYYY-MM-DD`` on the page checks another day against the
version of the law in force then.
"""

import datetime

from django import template
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from ..evaluation import DISCLAIMER, DISCLAIMER_TEXT, precheck
from ..facts import facts_of
from ..queries import PRECHECK_PREFETCH

register = template.Library()

DAY_PARAMETER = "stichtag"


def _day_from(request):
    """The day to check and an error message for a day that is not a date."""
    today = timezone.localdate()
    value = request.GET.get(DAY_PARAMETER, "").strip() if request else ""
    if not value:
        return today, ""
    try:
        return datetime.date.fromisoformat(value), ""
    except ValueError:
        return today, _("Bitte geben Sie den Stichtag als gültiges Datum an; geprüft wird heute.")


@register.inclusion_tag("residence/_precheck.html", takes_context=True)
def residence_precheck(context, client):
    request = context.get("request")
    user = context.get("user")
    if user is None or not user.has_perm("cases.view_client_file", client):
        return {"visible": False}
    prefetch_related_objects([client], *PRECHECK_PREFETCH)
    on, day_error = _day_from(request)
    results = precheck(facts_of(client), on)
    return {
        "visible": True,
        "client": client,
        "results": results,
        "on": on,
        "is_today": on == timezone.localdate(),
        "day_error": day_error,
        "day_parameter": DAY_PARAMETER,
        "disclaimer": DISCLAIMER,
        "disclaimer_text": DISCLAIMER_TEXT,
        "can_edit": user.has_perm("cases.work_client", client),
    }

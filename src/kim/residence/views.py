"""Baustein 3 pages: the list of clients who are, or within six months become, eligible for a
path, and the referral to the authority from there (concept § 3.7).

The list is for coordination and people assigned to Baustein 3 work
(``residence.view_eligibility_list``, else 403); its rows are the clients the user may see
(``Client.objects.visible_to``). A referral needs, in addition, the case-management rights on
an open case of the client; the consent rules of case management apply.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.cases.models import Client
from kim.cases.services import CaseError

from . import services
from .evaluation import DISCLAIMER, DISCLAIMER_TEXT, LIST_HORIZON_MONTHS, list_horizon
from .queries import eligible_clients


def _require_list_access(user):
    if not user.has_perm("residence.view_eligibility_list"):
        raise PermissionDenied


def eligibility_list(request):
    user = request.user
    _require_list_access(user)
    today = timezone.localdate()
    rows = eligible_clients(user, today)
    may_refer = user.has_perm("cases.add_referral")
    for row in rows:
        row.can_refer = (
            may_refer and row.case is not None and row.office is not None and not row.open_referral
        )
    context = {
        "rows": rows,
        "today": today,
        "horizon": list_horizon(today),
        "months": LIST_HORIZON_MONTHS,
        "disclaimer": DISCLAIMER,
        "disclaimer_text": DISCLAIMER_TEXT,
        "may_refer": may_refer,
    }
    return render(request, "residence/eligibility_list.html", context)


@require_POST
def refer(request, pk):
    user = request.user
    _require_list_access(user)
    if not user.has_perm("cases.add_referral"):
        raise PermissionDenied
    client = get_object_or_404(Client.objects.visible_to(user), pk=pk)
    try:
        referral = services.refer_to_authority(client, request.POST.get("path", ""), by=user)
    except (services.ResidenceError, CaseError) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Die Vermittlung von %(name)s an „%(target)s“ wurde im Fall %(case)s "
                "vorgeschlagen. Übermitteln Sie sie dort, wenn die Unterlagen vollständig sind."
            )
            % {
                "name": client.full_name,
                "target": referral.target_label,
                "case": referral.case.number,
            },
        )
    return redirect("residence:eligibility_list")

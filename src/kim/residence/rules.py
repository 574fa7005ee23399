"""Who may see what of Baustein 3 (DOMAIN.md § 6, § 7).

The pre-check on a client's page follows the client rule of case management
(``cases.view_client_file``: case managers for their clients, coordination). The list of
clients who are or soon become eligible is for coordination and for the people assigned to
Baustein 3 work: holders of an active position of Baustein 3, or of a position at the
foreigners' or naturalisation authority (staffing ``PositionType``). Which clients a person sees
on that list is still decided by ``Client.objects.visible_to``.
"""

import rules
from django.db.models import Q

from kim.accounts.rules import is_coordination


@rules.predicate
def does_baustein3_work(user):
    """Holds a position of Baustein 3 (or one at an authority) that is funded today.

    Case managers of Baustein 2 who sit at the foreigners' authority are recognisable in the
    staffing data only by the free-text place of work; they count once their position carries
    the type "Ausländerbehörde" or "Einbürgerungsbehörde".
    """
    from kim.staffing.models import FundingModule, Position, PositionType

    if not (user and user.is_authenticated and user.is_active):
        return False
    return (
        Position.objects.filter(holder=user)
        .funded_on()
        .filter(
            Q(funding_module=FundingModule.AUTHORITIES)
            | Q(
                type__in=[
                    PositionType.FOREIGNERS_AUTHORITY,
                    PositionType.NATURALISATION_AUTHORITY,
                ]
            )
        )
        .exists()
    )


may_see_eligibility_list = is_coordination | does_baustein3_work

rules.add_perm("residence.view_eligibility_list", may_see_eligibility_list)

"""Who may do what in the Löschkonzept and with the data subject rights (issue 10).

- Periods: coordination and administration change them (model permission
  ``privacy.change_retentionrule`` in ``accounts/roles.py``); they and the auditor read them.
- Deletion runs: coordination and the auditor (data protection officer) read them; coordination
  proposes, approves and rejects. Four eyes: whoever proposed a run does not approve it; a run of
  the daily command (no proposer) may be approved by any person of coordination.
- Art. 15 export: coordination and the client's case manager (``cases.work_client``: the case
  manager of one of the client's cases, their substitute, or the creator while no case exists).
- Proposing (the due clients now, or one client on request): coordination.
"""

import rules

from kim.accounts.rules import is_coordination
from kim.cases.rules import works_client


@rules.predicate
def did_not_propose(user, run):
    return run is None or run.created_by_id is None or run.created_by_id != user.pk


rules.add_perm("privacy.export_client_data", is_coordination | works_client)
rules.add_perm("privacy.propose_deletion", is_coordination)
# approve or reject a run at all; approving also needs the second pair of eyes
rules.add_perm("privacy.decide_deletion_run", is_coordination)
rules.add_perm("privacy.approve_deletion_run", is_coordination & did_not_propose)

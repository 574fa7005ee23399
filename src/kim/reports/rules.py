"""Who sees which report (issue #8): coordination all reports; case managers the figures of their
own caseload; steering group members the anonymous dashboard; external partners nothing."""

import rules

from kim.accounts.rules import is_case_manager, is_coordination, is_steering_group_member

rules.add_perm(
    "reports.view_dashboard", is_coordination | is_case_manager | is_steering_group_member
)
# the whole district, unsuppressed, with filters by case manager (coordination only)
rules.add_perm("reports.view_all_figures", is_coordination)
rules.add_perm("reports.view_state_report", is_coordination)
rules.add_perm("reports.export", is_coordination)

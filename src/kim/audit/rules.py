"""Who reads the log: the role "Datenschutz und Revision" and coordination (issue 10)."""

import rules

from kim.accounts.rules import is_auditor, is_coordination

rules.add_perm("audit.view_log", is_auditor | is_coordination)

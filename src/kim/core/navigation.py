"""Main navigation: one table. An entry shows when the user holds its permission."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None
    section: str = ""  # first part of the URL path that marks the entry as current


NAVIGATION = [
    NavEntry(_("Start"), "home", None, ""),
    NavEntry(_("Fälle"), "cases:case_list", "cases.view_case", "cases/"),
    NavEntry(_("Klient:innen"), "cases:client_list", "cases.view_client", "cases/clients"),
    NavEntry(_("Kalender"), "cases:calendar", "cases.add_appointment", "cases/calendar"),
    NavEntry(_("Fallübersicht"), "cases:caseload", "cases.add_substitution", "cases/caseload"),
    NavEntry(
        _("Vertretungen"), "cases:substitution_list", "cases.view_case", "cases/substitutions"
    ),
    NavEntry(
        _("Bleiberecht/Einbürgerung"),
        "residence:eligibility_list",
        "residence.view_eligibility_list",
        "residence/",
    ),
    NavEntry(_("Meldebögen"), "hurdles:report_list", "hurdles.view_hurdlereport", "hurdles/"),
    NavEntry(
        _("Generative Themen"),
        "hurdles:theme_overview",
        "hurdles.view_generativetheme",
        "hurdles/themes",
    ),
    NavEntry(_("Gremien"), "governance:body_list", "governance.view_body", "governance/"),
    NavEntry(
        _("Zielsysteme"),
        "targetsystems:list",
        "targetsystems.browse_target_systems",
        "targetsystems/",
    ),
    NavEntry(_("Berichte"), "reports:dashboard", "reports.view_dashboard", "reports/"),
    NavEntry(_("Personal"), "staffing:position_overview", "staffing.view_position", "staffing/"),
    NavEntry(
        _("Sprechzeiten"),
        "staffing:hours_list",
        "staffing.view_consultationhours",
        "staffing/hours",
    ),
    # case managers see their own assignments; coordination reaches them through "Personal"
    NavEntry(
        _("Einsatzgebiete"),
        "staffing:assignment_overview",
        "staffing.view_assignment",
        "staffing/assignments",
    ),
    NavEntry(
        _("Zuständigkeitsfinder"),
        "directory:finder",
        "directory.view_responsibility",
        "directory/finder",
    ),
    NavEntry(
        _("Kommunen"),
        "directory:municipality_list",
        "directory.view_municipality",
        "directory/municipalities",
    ),
    NavEntry(
        _("Verzeichnis pflegen"),
        "directory:manage_index",
        "directory.change_organisation",
        "directory/manage",
    ),
    # the access and change log: the role "Datenschutz und Revision" and coordination
    NavEntry(_("Protokoll"), "audit:log_list", "audit.view_log", "audit/"),
    # retention periods and deletion runs: coordination, administration, the auditor
    NavEntry(_("Löschkonzept"), "privacy:overview", "privacy.view_retentionrule", "privacy/"),
]

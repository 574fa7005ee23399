"""The roles of KIM (DOMAIN.md § 7) and the model permissions each role holds.

Roles are Django groups. The groups are created by a migration; their model permissions are
synchronised from ``ROLE_PERMISSIONS`` after every ``migrate``, so that a later app adds its
permissions here, in one table, and never in code paths of its own.

Model permissions answer "may this role do this kind of thing at all". Whether a user may act on
one particular object (a case of another team, a report of another organisation) is decided by the
object rules in each app's ``rules.py`` (django-rules), on top of these.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case Management")
    COORDINATION = "coordination", _("Koordination")
    ADMINISTRATION = "administration", _("Administration")
    EXTERNAL_PARTNER = "external_partner", _("Externe Partnerorganisation")
    STEERING_GROUP_MEMBER = "steering_group_member", _("Mitglied der Lenkungsgruppe")
    AUDITOR = "auditor", _("Datenschutz und Revision")


DIRECTORY_MODELS = (
    "district",
    "municipality",
    "populationfigures",
    "legaldomain",
    "organisation",
    "office",
    "servicetype",
    "service",
    "responsibility",
    "contactperson",
)


def _perms(app, actions, models_):
    return {f"{app}.{action}_{model}" for action in actions for model in models_}


CASE_MODELS = (
    "client",
    "case",
    "assessment",
    "goal",
    "action",
    "consent",
    "referral",
    "contact",
    "appointment",
    "document",
)
REFERENCE_LISTS = ("lifedomain", "residencestatus", "language")
# the client's record for the Baustein 3 pre-check (kim/residence); wrong entries are deleted
RESIDENCE_RECORD_MODELS = ("residenceperiod", "languagecertificate", "educationrecord")

HURDLE_MODELS = ("topic", "hurdlereport", "casereconstruction", "generativetheme")

STAFFING_MODELS = ("position", "distributionkey", "assignment", "room", "consultationhours")

GOVERNANCE_MODELS = (
    "body",
    "seat",
    "membership",
    "meeting",
    "agendaitem",
    "attendance",
    "resolution",
    "minutes",
    "distribution",
    "cooperationagreement",
    "agreementevaluation",
)

TARGET_SYSTEM_MODELS = (
    "targetsystem",
    "servicechain",
    "chainstep",
    "agreement",
    "indicator",
    "caselink",
)

DIRECTORY_READ = _perms("directory", ["view"], DIRECTORY_MODELS)
# Löschkonzept (kim/privacy): coordination and administration set the periods; coordination and
# the auditor read the deletion runs; approving one is a rule (four eyes, privacy/rules.py)
RETENTION_RULES_EDIT = {"privacy.view_retentionrule", "privacy.change_retentionrule"}
DELETION_RUNS_READ = {"privacy.view_deletionrun"}
# members of a body read its meetings and approved minutes; which ones: governance/queries.py
GOVERNANCE_READ = _perms(
    "governance", ["view"], ("body", "meeting", "agendaitem", "resolution", "minutes")
)
GOVERNANCE_EDIT = _perms("governance", ["view", "add", "change", "delete"], GOVERNANCE_MODELS)
# coordination edits staffing; case managers read their own assignments and hours (queries.py)
STAFFING_EDIT = _perms("staffing", ["view", "add", "change", "delete"], STAFFING_MODELS)
STAFFING_OWN = {"staffing.view_assignment", "staffing.view_consultationhours"}
# which report is decided by kim/hurdles/queries.py (own reports, own organisation's reports)
REPORTING = {"hurdles.add_hurdlereport", "hurdles.view_hurdlereport"}
SYSTEM_LEVEL = _perms("hurdles", ["view", "add", "change"], HURDLE_MODELS)
# model permissions say what a role may do at all; which case is decided by kim/cases/rules.py
CASE_WORK = (
    _perms("cases", ["view", "add", "change"], CASE_MODELS)
    | _perms("cases", ["view"], REFERENCE_LISTS)
    | _perms("cases", ["view", "add", "change", "delete"], RESIDENCE_RECORD_MODELS)
)
CASE_READ = _perms("cases", ["view"], CASE_MODELS + REFERENCE_LISTS + RESIDENCE_RECORD_MODELS)
DIRECTORY_WRITE = _perms("directory", ["add", "change", "delete"], DIRECTORY_MODELS)

ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.CASE_MANAGER: DIRECTORY_READ | CASE_WORK | REPORTING | STAFFING_OWN,
    Role.COORDINATION: DIRECTORY_READ
    | CASE_READ
    | {"cases.add_substitution"}
    | SYSTEM_LEVEL
    | STAFFING_EDIT
    | GOVERNANCE_EDIT
    | _perms("targetsystems", ["view", "add", "change", "delete"], TARGET_SYSTEM_MODELS)
    | {"directory.add_populationfigures", "directory.change_populationfigures"}
    | RETENTION_RULES_EDIT
    | DELETION_RUNS_READ,
    Role.ADMINISTRATION: DIRECTORY_READ
    | DIRECTORY_WRITE
    | _perms("cases", ["view", "add", "change"], REFERENCE_LISTS)
    | _perms("accounts", ["view", "add", "change"], ["user"])
    | RETENTION_RULES_EDIT,
    Role.EXTERNAL_PARTNER: REPORTING,
    Role.STEERING_GROUP_MEMBER: DIRECTORY_READ
    | {"hurdles.view_generativetheme", "targetsystems.view_targetsystem"}
    | GOVERNANCE_READ,
    Role.AUDITOR: {"auditlog.view_logentry", "privacy.view_retentionrule"} | DELETION_RUNS_READ,
}


def sync_role_permissions(*args, **kwargs):
    """Give every role group exactly the permissions of ``ROLE_PERMISSIONS`` (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        perms = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:  # the app may not be migrated yet in this run
                perms.append(perm)
        group.permissions.set(perms)

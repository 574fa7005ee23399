"""Permission matrix (issue 10): every URL pattern of the project, every role and anonymous, one
declared table of the expected status of a GET. A new URL without a row fails the test, and so
does a row for a URL that no longer exists.

The objects the URLs point at are built once per test (one test per role): a case of the
``case_manager`` fixture's user and everything hanging off it, a hurdle report, a working group
with a meeting and a target system, and so on. Kwargs without an object of their own get a pk
that does not exist (``MISSING``), which must give 404 (or the page's refusal), never a 500.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.cases.tests import factories as case_factories
from kim.directory.tests.factories import OfficeFactory
from kim.hurdles.tests.factories import HurdleReportFactory, TopicFactory
from kim.targetsystems.tests import factories as ts_factories

ROLES = [
    "anonymous",
    "case_manager",
    "coordinator",
    "administrator",
    "external_partner",
    "steering_member",
    "auditor",
]

# Skipped URL prefixes (URL names), each with its reason.
SKIPPED_PREFIXES = {
    "admin:": "Django admin, guarded by is_staff; checked as a whole by the row 'admin' below",
    "api:schema": "drf-spectacular's schema, generated, not an application view",
    "api:docs": "drf-spectacular's API docs page, generated, not an application view",
    "api:not-found": "catch-all regex of the API for problem+json 404s, has no fixed URL",
}

MISSING = 999_999

# --- the table ------------------------------------------------------------------------------
# Columns: anonymous, case_manager, coordinator, administrator, external_partner,
# steering_member, auditor. 302 for anonymous is the redirect to the login, 401/403 for the API.
# ``R(...)`` builds a row; rows that are equal for the whole app use a named default.

_COLS = ROLES


def R(anon, cm, co, ad, ep, sg, au):  # reads as a table row
    return dict(zip(_COLS, (anon, cm, co, ad, ep, sg, au), strict=True))


# fmt: off
# Named rows. Columns: anonymous, case_manager, coordinator, administrator,
# external_partner, steering_member, auditor.
#                         anon cm   co   ad   ep   sg   au
# case data: the case's own case manager and coordination read
CASE_READ             = R(302, 200, 200, 403, 403, 403, 403)
# case data: only the case's own case manager writes
CASE_WRITE            = R(302, 200, 403, 403, 403, 403, 403)
# POST-only action: GET is 405 once logged in
POST_ONLY             = R(302, 405, 405, 405, 405, 405, 405)
# coordination only
COORDINATION          = R(302, 403, 200, 403, 403, 403, 403)
# coordination only; the URL's pk is MISSING, so 404 for coordination
COORDINATION_MISSING  = R(302, 403, 404, 403, 403, 403, 403)
# a working group's target system: coordination sees it, the rest 404 (no test user is a member)
TARGET_SYSTEM         = R(302, 404, 200, 404, 404, 404, 404)
# API, case data
API_CASE              = R(401, 200, 200, 403, 403, 403, 403)
# API, service directory
API_DIRECTORY         = R(401, 200, 200, 200, 403, 200, 403)
# API, service directory, pk MISSING
API_DIRECTORY_MISSING = R(401, 404, 404, 404, 403, 404, 403)
# service directory pages (not for external partners and the auditor)
DIRECTORY_READ        = R(302, 200, 200, 200, 403, 200, 403)
# directory maintenance: administration
DIRECTORY_MANAGE      = R(302, 403, 403, 200, 403, 403, 403)
# every logged-in user
EVERY_USER            = R(302, 200, 200, 200, 200, 200, 200)

EXPECTED = {
    # (project)
    # no test user is staff: the admin sends everyone to its login
    "admin": R(302, 302, 302, 302, 302, 302, 302),
    "home": EVERY_USER,
    "login": R(200, 200, 200, 200, 200, 200, 200),
    "logout": POST_ONLY,
    "set_language": R(405, 405, 405, 405, 405, 405, 405),  # POST-only, also for anonymous
    # accounts
    "accounts:account": EVERY_USER,
    "accounts:end_all_sessions": POST_ONLY,
    "accounts:login_security": R(302, 403, 200, 200, 403, 403, 403),
    "accounts:password_change": EVERY_USER,
    "accounts:reset_second_factor": POST_ONLY,
    "accounts:second_factor": EVERY_USER,
    "accounts:second_factor_setup": EVERY_USER,
    "accounts:unlock_login": POST_ONLY,
    # api
    "api:case-contacts": API_CASE,
    "api:case-detail": API_CASE,
    "api:case-goals": API_CASE,
    "api:case-list": API_CASE,
    "api:case-referrals": API_CASE,
    "api:client-detail": API_CASE,
    "api:client-list": API_CASE,
    # 400: required query parameters missing
    "api:controlling": R(401, 403, 400, 403, 403, 403, 403),
    "api:finder": R(401, 400, 400, 400, 403, 400, 403),  # 400: required query parameters missing
    "api:hurdlereport-detail": R(401, 404, 200, 403, 404, 403, 403),  # report of another user: 404
    "api:hurdlereport-list": R(401, 200, 200, 403, 200, 403, 403),
    "api:legaldomain-list": API_DIRECTORY,
    "api:municipality-detail": API_DIRECTORY,
    "api:municipality-list": API_DIRECTORY,
    "api:office-detail": API_DIRECTORY,
    "api:office-list": API_DIRECTORY,
    "api:organisation-detail": API_DIRECTORY_MISSING,
    "api:organisation-list": API_DIRECTORY,
    "api:responsibility-detail": API_DIRECTORY_MISSING,
    "api:responsibility-list": API_DIRECTORY,
    "api:service-detail": API_DIRECTORY_MISSING,
    "api:service-list": API_DIRECTORY,
    "api:servicetype-list": API_DIRECTORY,
    "api:theme-detail": R(401, 403, 200, 403, 403, 200, 403),
    "api:theme-list": R(401, 403, 200, 403, 403, 200, 403),
    "api:token_list": EVERY_USER,
    "api:token_revoke": POST_ONLY,
    "api:topic-detail": R(401, 403, 200, 403, 403, 403, 403),
    "api:topic-list": R(401, 403, 200, 403, 403, 403, 403),
    # audit
    "audit:log_export": R(302, 403, 200, 403, 403, 403, 200),
    "audit:log_list": R(302, 403, 200, 403, 403, 403, 200),
    # cases
    "cases:action_create": CASE_WRITE,
    "cases:action_done": POST_ONLY,
    "cases:appointment_cancel": POST_ONLY,
    "cases:appointment_create": CASE_WRITE,
    "cases:assessment_create": CASE_WRITE,
    "cases:assessment_list": CASE_READ,
    "cases:calendar": CASE_WRITE,
    "cases:case_change_phase": POST_ONLY,
    "cases:case_detail": CASE_READ,
    "cases:case_handover": COORDINATION,
    "cases:case_history": CASE_READ,
    "cases:case_list": CASE_READ,
    "cases:case_open": CASE_WRITE,
    "cases:caseload": COORDINATION,
    "cases:client_create": CASE_WRITE,
    "cases:client_detail": CASE_READ,
    "cases:client_edit": CASE_WRITE,
    "cases:client_list": CASE_READ,
    "cases:consent_create": CASE_WRITE,
    "cases:consent_revoke": CASE_WRITE,
    "cases:consent_scan": R(302, 404, 404, 403, 403, 403, 403),  # consent without a scan: 404
    "cases:contact_create": CASE_WRITE,
    "cases:contact_list": CASE_READ,
    "cases:document_download": R(302, 404, 404, 403, 403, 403, 403),  # pk MISSING
    "cases:document_list": CASE_READ,
    "cases:document_upload": CASE_WRITE,
    "cases:goal_create": CASE_WRITE,
    "cases:goal_edit": CASE_WRITE,
    "cases:plan": CASE_READ,
    "cases:referral_create": CASE_WRITE,
    "cases:referral_list": CASE_READ,
    "cases:referral_state": POST_ONLY,
    "cases:residence_entry_create": CASE_WRITE,
    "cases:residence_entry_delete": POST_ONLY,
    "cases:residence_entry_edit": R(302, 404, 403, 403, 403, 403, 403),  # entry_pk MISSING
    "cases:residence_facts_edit": CASE_WRITE,
    "cases:residence_record": CASE_READ,
    "cases:substitution_end": POST_ONLY,
    "cases:substitution_list": CASE_READ,
    # directory
    "directory:finder": DIRECTORY_READ,
    "directory:manage_create": DIRECTORY_MANAGE,
    "directory:manage_delete": DIRECTORY_MANAGE,
    "directory:manage_edit": DIRECTORY_MANAGE,
    "directory:manage_index": DIRECTORY_MANAGE,
    "directory:manage_list": DIRECTORY_MANAGE,
    "directory:municipality_detail": DIRECTORY_READ,
    "directory:municipality_list": DIRECTORY_READ,
    # governance
    "governance:activity_report": COORDINATION,
    "governance:agenda_item_create": COORDINATION,
    "governance:agreement_create": COORDINATION,
    "governance:agreement_detail": COORDINATION_MISSING,
    "governance:agreement_document": COORDINATION_MISSING,
    "governance:agreement_edit": COORDINATION_MISSING,
    "governance:agreement_list": COORDINATION,
    "governance:attachment_download": R(302, 403, 404, 403, 403, 404, 403),
    "governance:attachment_upload": POST_ONLY,
    "governance:attendance_edit": COORDINATION,
    # steering member is not in the working group: 404
    "governance:body_detail": R(302, 403, 200, 403, 403, 404, 403),
    "governance:body_feed": R(302, 403, 200, 403, 403, 404, 403),
    "governance:body_list": R(302, 403, 200, 403, 403, 200, 403),
    "governance:evaluation_create": COORDINATION_MISSING,
    "governance:meeting_create": COORDINATION,
    "governance:meeting_detail": R(302, 403, 200, 403, 403, 404, 403),
    "governance:meeting_edit": COORDINATION,
    "governance:meeting_ics": R(302, 403, 200, 403, 403, 404, 403),
    "governance:membership_create": COORDINATION,
    "governance:membership_end": POST_ONLY,
    "governance:minutes_approve": POST_ONLY,
    "governance:minutes_correct": COORDINATION_MISSING,
    "governance:minutes_distribute": COORDINATION_MISSING,
    "governance:minutes_edit": COORDINATION,
    "governance:minutes_pdf": R(302, 403, 404, 403, 403, 404, 403),
    "governance:resolution_create": COORDINATION,
    # hurdles
    "hurdles:reconstruction_create": COORDINATION,
    "hurdles:reconstruction_detail": COORDINATION_MISSING,
    "hurdles:reconstruction_list": COORDINATION,
    "hurdles:reconstruction_record": COORDINATION_MISSING,
    "hurdles:report_change_state": POST_ONLY,
    "hurdles:report_create": R(302, 200, 200, 403, 200, 403, 403),
    # case of another case manager: 404
    "hurdles:report_create_for_case": R(302, 200, 404, 403, 404, 403, 403),
    "hurdles:report_detail": R(302, 404, 200, 403, 404, 403, 403),  # report of another user: 404
    "hurdles:report_list": R(302, 200, 200, 403, 200, 403, 403),
    "hurdles:step_create": COORDINATION_MISSING,
    "hurdles:theme_change_state": POST_ONLY,
    "hurdles:theme_create": COORDINATION,
    "hurdles:theme_detail": COORDINATION,
    "hurdles:theme_list": COORDINATION,
    "hurdles:theme_overview": R(302, 403, 200, 403, 403, 200, 403),
    "hurdles:theme_overview_pdf": R(302, 403, 200, 403, 403, 200, 403),
    "hurdles:topic_detail": COORDINATION,
    "hurdles:topic_list": COORDINATION,
    # privacy
    # other roles get 404, the client's existence stays hidden
    "privacy:client_export": R(302, 200, 200, 404, 404, 404, 404),
    "privacy:erasure_request": COORDINATION,
    "privacy:overview": R(302, 403, 200, 200, 403, 403, 200),
    "privacy:propose_now": POST_ONLY,
    "privacy:rule_edit": R(302, 403, 404, 404, 403, 403, 403),  # pk MISSING
    "privacy:run_approve": POST_ONLY,
    "privacy:run_detail": R(302, 403, 404, 403, 403, 403, 404),  # pk MISSING
    "privacy:run_reject": POST_ONLY,
    # reports
    "reports:dashboard": R(302, 200, 200, 403, 403, 200, 403),
    # one figure's whole table (open cases per municipality)
    "reports:dashboard_table": R(302, 200, 200, 403, 403, 200, 403),
    "reports:export_create": POST_ONLY,
    "reports:export_download": COORDINATION_MISSING,
    "reports:export_status": COORDINATION_MISSING,
    "reports:state_report": COORDINATION,
    # residence
    "residence:eligibility_list": COORDINATION,
    "residence:refer": POST_ONLY,
    # staffing
    "staffing:assignment_create": COORDINATION,
    "staffing:assignment_edit": COORDINATION_MISSING,
    "staffing:assignment_overview": CASE_READ,
    "staffing:hours_create": COORDINATION,
    "staffing:hours_edit": COORDINATION_MISSING,
    "staffing:hours_feed": COORDINATION,
    "staffing:hours_list": CASE_READ,
    "staffing:hours_week_pdf": COORDINATION,
    "staffing:indicator_import": COORDINATION,
    "staffing:key_compare": COORDINATION,
    "staffing:key_compute": COORDINATION,
    "staffing:key_detail": COORDINATION_MISSING,
    "staffing:key_list": COORDINATION,
    # POST-only; permission checked before the method
    "staffing:key_put_in_force": R(302, 403, 405, 403, 403, 403, 403),
    "staffing:position_create": COORDINATION,
    "staffing:position_edit": COORDINATION_MISSING,
    "staffing:position_overview": COORDINATION,
    "staffing:room_create": COORDINATION,
    "staffing:room_edit": COORDINATION_MISSING,
    "staffing:room_list": COORDINATION,
    # targetsystems
    "targetsystems:agreement_create": TARGET_SYSTEM,
    "targetsystems:agreement_delete": POST_ONLY,
    "targetsystems:agreement_edit": TARGET_SYSTEM,
    "targetsystems:apply_rule": POST_ONLY,
    "targetsystems:case_link_create": POST_ONLY,
    "targetsystems:case_link_delete": POST_ONLY,
    "targetsystems:case_links": TARGET_SYSTEM,
    "targetsystems:chain_copy_as_is": POST_ONLY,
    "targetsystems:chain_create": TARGET_SYSTEM,
    "targetsystems:chain_delete": TARGET_SYSTEM,
    "targetsystems:chain_detail": TARGET_SYSTEM,
    "targetsystems:chain_edit": TARGET_SYSTEM,
    "targetsystems:change_state": POST_ONLY,
    "targetsystems:create": TARGET_SYSTEM,
    # coordination is redirected: the draft is not ready for a decision
    "targetsystems:decide": R(302, 404, 302, 404, 404, 404, 404),
    "targetsystems:detail": TARGET_SYSTEM,
    "targetsystems:edit": TARGET_SYSTEM,
    "targetsystems:indicator_create": TARGET_SYSTEM,
    "targetsystems:indicator_delete": TARGET_SYSTEM,
    "targetsystems:indicator_edit": TARGET_SYSTEM,
    "targetsystems:list": EVERY_USER,
    "targetsystems:monitoring": TARGET_SYSTEM,
    "targetsystems:new_version": POST_ONLY,
    "targetsystems:step_create": TARGET_SYSTEM,
    "targetsystems:step_delete": TARGET_SYSTEM,
    "targetsystems:step_edit": TARGET_SYSTEM,
}
# fmt: on


# --- collecting the URL patterns ------------------------------------------------------------


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name is None:
                continue  # admin's unnamed patterns; the admin is skipped as a whole
            yield f"{namespace}:{name}" if namespace else name


def project_url_names():
    names = set()
    for name in _walk(get_resolver().url_patterns):
        if any(name == p or name.startswith(p) for p in SKIPPED_PREFIXES):
            continue
        names.add(name)
    names.add("admin")  # the admin as one row (its index page)
    return names


# --- objects and kwargs ---------------------------------------------------------------------

# URL name -> which object its ``pk`` means (key in the dict ``objects`` builds).
PK_OBJECT = {
    "accounts:reset_second_factor": "other_user",
    "directory:municipality_detail": "municipality",
    "directory:manage_edit": "office",
    "directory:manage_delete": "office",
    "cases:client_detail": "client",
    "cases:client_edit": "client",
    "cases:consent_create": "client",
    "cases:consent_revoke": "consent",
    "cases:consent_scan": "consent",
    "cases:case_open": "client",
    "cases:residence_record": "client",
    "cases:residence_facts_edit": "client",
    "cases:residence_entry_create": "client",
    "cases:residence_entry_edit": "client",
    "cases:residence_entry_delete": "client",
    "cases:case_detail": "case",
    "cases:case_change_phase": "case",
    "cases:case_handover": "case",
    "cases:case_history": "case",
    "cases:assessment_list": "case",
    "cases:assessment_create": "case",
    "cases:plan": "case",
    "cases:goal_create": "case",
    "cases:goal_edit": "goal",
    "cases:action_create": "goal",
    "cases:action_done": "action",
    "cases:referral_list": "case",
    "cases:referral_create": "case",
    "cases:referral_state": "referral",
    "cases:contact_list": "case",
    "cases:contact_create": "case",
    "cases:appointment_create": "case",
    "cases:appointment_cancel": "appointment",
    "cases:document_list": "case",
    "cases:document_upload": "case",
    "hurdles:report_create_for_case": "case",
    "hurdles:report_detail": "hurdle_report",
    "hurdles:report_change_state": "hurdle_report",
    "hurdles:topic_detail": "topic",
    "hurdles:theme_detail": "theme",
    "hurdles:theme_change_state": "theme",
    "staffing:hours_week_pdf": "municipality",
    "staffing:hours_feed": "municipality",
    "governance:body_detail": "body",
    "governance:body_feed": "body",
    "governance:membership_create": "body",
    "governance:membership_end": "membership",
    "governance:meeting_create": "body",
    "governance:meeting_detail": "meeting",
    "governance:meeting_edit": "meeting",
    "governance:meeting_ics": "meeting",
    "governance:agenda_item_create": "meeting",
    "governance:attachment_upload": "meeting",
    "governance:attendance_edit": "meeting",
    "governance:resolution_create": "meeting",
    "governance:minutes_edit": "meeting",
    "targetsystems:create": "body",
    "targetsystems:detail": "target_system",
    "targetsystems:edit": "target_system",
    "targetsystems:change_state": "target_system",
    "targetsystems:decide": "target_system",
    "targetsystems:new_version": "target_system",
    "targetsystems:agreement_create": "target_system",
    "targetsystems:agreement_edit": "ts_agreement",
    "targetsystems:agreement_delete": "ts_agreement",
    "targetsystems:chain_create": "target_system",
    "targetsystems:chain_detail": "chain",
    "targetsystems:chain_edit": "chain",
    "targetsystems:chain_delete": "chain",
    "targetsystems:chain_copy_as_is": "chain",
    "targetsystems:step_create": "chain",
    "targetsystems:step_edit": "step",
    "targetsystems:step_delete": "step",
    "targetsystems:indicator_create": "target_system",
    "targetsystems:indicator_edit": "indicator",
    "targetsystems:indicator_delete": "indicator",
    "targetsystems:monitoring": "target_system",
    "targetsystems:case_links": "target_system",
    "targetsystems:case_link_create": "target_system",
    "targetsystems:apply_rule": "target_system",
    "residence:refer": "client",
    "privacy:erasure_request": "client",
    "privacy:client_export": "client",
    "api:municipality-detail": "municipality",
    "api:office-detail": "office",
    "api:client-detail": "client",
    "api:case-detail": "case",
    "api:case-goals": "case",
    "api:case-referrals": "case",
    "api:case-contacts": "case",
    "api:hurdlereport-detail": "hurdle_report",
    "api:topic-detail": "topic",
    "api:theme-detail": "theme",
}

# Kwargs other than ``pk``.
OTHER_KWARGS = {
    "key": "open_per_municipality",
    "kind": "offices",
    "entry_pk": MISSING,
    "file_format": "json",
    "variant": "as_is",
}
RESIDENCE_KIND = "periods"


def build_objects(case_manager):
    """One set of objects; the case belongs to the ``case_manager`` fixture's user."""
    case = case_factories.CaseFactory(case_manager=case_manager)
    client = case.client
    goal = case_factories.GoalFactory(case=case)
    theme = ts_factories.ThemeFactory()
    body = ts_factories.WorkingGroupFactory(theme=theme)
    target_system = ts_factories.TargetSystemFactory(working_group=body)
    chain = ts_factories.ServiceChainFactory(target_system=target_system)
    objects = {
        "other_user": UserFactory(username="matrix-other", role=Role.CASE_MANAGER),
        "municipality": client.municipality,
        "office": OfficeFactory(),
        "client": client,
        "case": case,
        "consent": case_factories.ConsentFactory(client=client),
        "goal": goal,
        "action": case_factories.ActionFactory(goal=goal),
        "referral": case_factories.ReferralFactory(case=case),
        "appointment": case_factories.AppointmentFactory(case=case),
        "hurdle_report": HurdleReportFactory(),
        "topic": TopicFactory(),
        "theme": theme,
        "body": body,
        "membership": ts_factories.MembershipFactory(body=body),
        "meeting": ts_factories.MeetingFactory(body=body),
        "target_system": target_system,
        "ts_agreement": ts_factories.AgreementFactory(target_system=target_system),
        "chain": chain,
        "step": ts_factories.ChainStepFactory(chain=chain),
        "indicator": ts_factories.IndicatorFactory(target_system=target_system),
    }
    case_factories.ContactFactory(case=case)
    return objects


def url_for(name, objects):
    if name == "admin":
        return reverse("admin:index")
    pattern_kwargs = _kwarg_names(name)
    kwargs = {}
    for kwarg in pattern_kwargs:
        if kwarg in ("pk", "case_pk", "body_pk"):
            key = PK_OBJECT.get(name)
            kwargs[kwarg] = objects[key].pk if key else MISSING
        elif kwarg == "kind" and name.startswith("cases:residence"):
            kwargs[kwarg] = RESIDENCE_KIND
        else:
            kwargs[kwarg] = OTHER_KWARGS[kwarg]
    return reverse(name, kwargs=kwargs)


def _kwarg_names(name):
    resolver = get_resolver()
    possibilities = resolver.reverse_dict.getlist(name.split(":")[-1])
    namespace = name.rsplit(":", 1)[0] if ":" in name else None
    if namespace:
        ns_resolver = resolver
        for part in namespace.split(":"):
            _prefix, ns_resolver = ns_resolver.namespace_dict[part]
        possibilities = ns_resolver.reverse_dict.getlist(name.split(":")[-1])
    return possibilities[0][0][0][1]


# --- tests ----------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    missing = sorted(project_url_names() - set(EXPECTED))
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"


def test_every_row_has_a_url_pattern():
    stale = sorted(set(EXPECTED) - project_url_names())
    assert not stale, f"Rows in the permission matrix for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, client, as_user, case_manager):
    objects = build_objects(case_manager)
    if role != "anonymous":
        client = as_user(role)
    wrong = []
    for name in sorted(project_url_names()):
        url = url_for(name, objects)
        status = client.get(url).status_code
        expected = EXPECTED.get(name, {}).get(role)
        if status != expected:
            wrong.append(f"{name} ({url}): expected {expected}, got {status}")
    assert not wrong, f"{role}: " + "\n".join(wrong)

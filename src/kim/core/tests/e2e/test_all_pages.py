"""Every page for every role (issue 13): axe-core (WCAG 2.1 A/AA) at 1366 px and at 390 px, and
no horizontal scrolling at 390 px (a phone) and at 320 px (WCAG's reflow width).

The pages come from the permission matrix (``test_permission_matrix.EXPECTED``): every URL a role
may GET, resolved with objects of the demo data instead of the matrix's factories. A URL the
matrix answers with 404 for a role (an object of another user, a pk that does not exist there) is
visited too when the demo data has an object the role sees. Downloads (PDF, iCalendar, CSV, JSON)
and the API are no pages and are left out.

Set ``KIM_SCREENSHOT_DIR`` to keep screenshots of the main pages at both widths.
"""

import pytest
from django.urls import reverse

from kim.core.tests.test_permission_matrix import (
    EXPECTED,
    OTHER_KWARGS,
    PK_OBJECT,
    RESIDENCE_KIND,
    _kwarg_names,
    project_url_names,
)

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# WCAG 2.1 SC 1.4.10 (reflow): content fits 320 CSS px without scrolling in two directions
REFLOW = {"width": 320, "height": 640}

# demo login -> the role's column in the permission matrix
ROLES = {
    "anna.berger": "case_manager",
    "jonas.keller": "coordinator",
    "petra.wolf": "administrator",
    "lea.hoffmann": "external_partner",
    "thomas.becker": "steering_member",
    "sabine.kraus": "auditor",
}

# URL names that answer with a file, not a page
DOWNLOADS = {
    "audit:log_export",
    "cases:consent_scan",
    "cases:document_download",
    "governance:agreement_document",
    "governance:attachment_download",
    "governance:body_feed",
    "governance:meeting_ics",
    "governance:minutes_pdf",
    "hurdles:theme_overview_pdf",
    "privacy:client_export",
    "reports:export_download",
    "staffing:hours_feed",
    "staffing:hours_week_pdf",
}
# the login pages are checked by the ``login`` fixture on the way in; the admin has its own look
NOT_HERE = {"admin", "login", "accounts:second_factor"}

# URL names whose pk is MISSING in the matrix -> the demo object they mean
DEMO_PK_OBJECT = {
    "governance:agreement_detail": "cooperation_agreement",
    "governance:agreement_edit": "cooperation_agreement",
    "governance:evaluation_create": "cooperation_agreement",
    "governance:minutes_correct": "minutes",
    "governance:minutes_distribute": "minutes",
    "hurdles:reconstruction_detail": "reconstruction",
    "hurdles:reconstruction_record": "reconstruction",
    "hurdles:step_create": "reconstruction",
    "privacy:rule_edit": "retention_rule",
    "privacy:run_detail": "deletion_run",
    "reports:export_status": "export",
    "staffing:assignment_edit": "assignment",
    "staffing:hours_edit": "hours",
    "staffing:key_detail": "distribution_key",
    "staffing:position_edit": "position",
    "staffing:room_edit": "room",
}

# pages that look different with parameters: the finder's results and its error summary
QUERIES = {
    "directory:finder": [
        "?municipality={responsibility.municipality_id}&need=rechtskreis-{responsibility.legal_domain_id}",
        "?need=",
    ],
}

# pages of a target system read both in its draft and in the version in force
IN_FORCE_PAGES = {
    "targetsystems:detail",
    "targetsystems:monitoring",
    "targetsystems:case_links",
    "targetsystems:chain_detail",
}

# the other parts of the residence record (Baustein 3) besides RESIDENCE_KIND
OTHER_RESIDENCE_KINDS = ["certificates", "education"]

# URL names with screenshots at both widths (when KIM_SCREENSHOT_DIR is set)
SCREENSHOTS = {
    "home",
    "cases:client_detail",
    "cases:case_detail",
    "cases:calendar",
    "audit:log_list",
    "directory:finder",
    "reports:dashboard",
}

# the innermost element whose removal ends the horizontal scrolling, for the failure message
TOO_WIDE = """width => {
  const label = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  let el = document.body;
  const path = [];
  for (let depth = 0; depth < 30; depth++) {
    const culprit = [...el.children].find(child => {
      const display = child.style.display;
      child.style.display = 'none';
      const fits = document.documentElement.scrollWidth <= width;
      child.style.display = display;
      return fits;
    });
    if (!culprit) break;
    el = culprit;
    path.push(label(el));
  }
  return path.slice(-4).join(' > ') + ': ' + (el.textContent || '').trim().slice(0, 80);
}"""


def demo_objects(username):
    """The objects of the demo data the URLs point at, as the user would reach them."""
    from django.db.models import Count

    from kim.accounts.models import User
    from kim.cases.models import Case, ResidencePeriod
    from kim.directory.models import Office, Responsibility, ResponsibilityStatus
    from kim.governance.models import Body, BodyKind, CooperationAgreement, Meeting, Minutes
    from kim.hurdles.models import CaseReconstruction, GenerativeTheme, HurdleReport, Topic
    from kim.privacy.models import DeletionRun, RetentionRule
    from kim.reports.models import ExportJob
    from kim.staffing.models import (
        Assignment,
        ConsultationHours,
        DistributionKey,
        Position,
        Room,
    )
    from kim.targetsystems.models import TargetSystem, TargetSystemState

    user = User.objects.get(username=username)
    # the case with the most in it, of the demo case manager
    case = (
        Case.objects.filter(case_manager__username="anna.berger", closed_on__isnull=True)
        .annotate(goal_count=Count("goals"))
        .order_by("-goal_count", "pk")
        .first()
    )
    client = case.client
    goal = case.goals.order_by("pk").first()
    steering = Body.objects.filter(kind=BodyKind.STEERING_GROUP).first()
    meeting = Meeting.objects.filter(body=steering, minutes__isnull=False).first() or (
        Meeting.objects.filter(body=steering).first()
    )
    in_force = TargetSystem.objects.filter(state=TargetSystemState.IN_FORCE).first()
    # the draft of ``draft_target_system``: a target system in force has no edit pages
    target_system = (
        TargetSystem.objects.filter(state=TargetSystemState.DRAFT).order_by("pk").first()
        or in_force
    )
    chain = target_system.chains.order_by("pk").first() if target_system else None
    objects = {
        "in_force": {
            "target_system": in_force,
            "chain": in_force.chains.order_by("pk").first() if in_force else None,
        },
        "municipality": client.municipality,
        "office": Office.objects.order_by("pk").first(),
        "client": client,
        "case": case,
        "goal": goal,
        "hurdle_report": HurdleReport.objects.filter(reporter=user).first()
        or HurdleReport.objects.order_by("pk").first(),
        "topic": Topic.objects.order_by("pk").first(),
        "theme": GenerativeTheme.objects.order_by("pk").first(),
        "body": steering,
        "meeting": meeting,
        "target_system": target_system,
        "ts_agreement": target_system.agreements.first() if target_system else None,
        "chain": chain,
        "step": chain.steps.order_by("pk").first() if chain else None,
        "indicator": target_system.indicators.first() if target_system else None,
        "cooperation_agreement": CooperationAgreement.objects.order_by("pk").first(),
        "minutes": Minutes.objects.order_by("pk").first(),
        "reconstruction": CaseReconstruction.objects.order_by("pk").first(),
        "retention_rule": RetentionRule.objects.order_by("pk").first(),
        "deletion_run": DeletionRun.objects.order_by("pk").first(),
        "export": ExportJob.objects.order_by("pk").first(),
        "assignment": Assignment.objects.order_by("pk").first(),
        "hours": ConsultationHours.objects.order_by("pk").first(),
        "distribution_key": DistributionKey.objects.order_by("pk").first(),
        "position": Position.objects.order_by("pk").first(),
        "room": Room.objects.order_by("pk").first(),
    }
    # a known responsibility, for the finder's results
    objects["responsibility"] = Responsibility.objects.filter(
        status=ResponsibilityStatus.KNOWN, legal_domain__isnull=False
    ).first()
    # the residence record of a client of the case manager with residence periods, if any
    objects["residence_period"] = ResidencePeriod.objects.filter(
        client__cases__case_manager__username="anna.berger", client__cases__closed_on__isnull=True
    ).first()
    objects["residence_client"] = (
        objects["residence_period"].client if objects["residence_period"] else client
    )
    return objects


def demo_url(name, objects, kind=RESIDENCE_KIND):
    """The URL of ``name`` for the demo objects; None when the demo data has no object for it."""
    kwargs = {}
    for kwarg in _kwarg_names(name):
        if kwarg in ("pk", "case_pk", "body_pk"):
            key = PK_OBJECT.get(name) or DEMO_PK_OBJECT.get(name)
            if name.startswith("targetsystems:") and key == "body":
                target_system = objects["target_system"]
                obj = target_system.working_group if target_system else None
            elif name.startswith("cases:residence") and key == "client":
                obj = objects["residence_client"]
            else:
                obj = objects.get(key)
            if obj is None:
                return None
            kwargs[kwarg] = obj.pk
        elif kwarg == "entry_pk":
            if objects["residence_period"] is None:
                return None
            kwargs[kwarg] = objects["residence_period"].pk
        elif kwarg == "kind" and name.startswith("cases:residence"):
            kwargs[kwarg] = kind
        else:
            kwargs[kwarg] = OTHER_KWARGS[kwarg]
    return reverse(name, kwargs=kwargs)


def pages_for(username):
    """(URL name, URL, whether the matrix promises 200) of every page the role may open."""
    role = ROLES[username]
    objects = demo_objects(username)
    pages = []
    for name in sorted(project_url_names()):
        if name in DOWNLOADS or name in NOT_HERE:
            continue
        if name.startswith("api:") and name != "api:token_list":
            continue
        expected = EXPECTED[name][role]
        if expected not in (200, 302, 404):  # 403 and 405 (POST only) are no pages for the role
            continue
        url = demo_url(name, objects)
        if url is not None:
            pages.append((name, url, expected == 200))
            for query in QUERIES.get(name, []):
                pages.append((name, url + query.format(**objects), expected == 200))
            if name in IN_FORCE_PAGES:
                in_force = demo_url(name, objects | objects["in_force"])
                if in_force not in (None, url):
                    pages.append((name, in_force, False))
            if name == "cases:residence_entry_create":
                for kind in OTHER_RESIDENCE_KINDS:
                    pages.append((name, demo_url(name, objects, kind), expected == 200))
    return pages


def wait_for_two_frames(page):
    """After a resize: the browser has dispatched the resize event and run kim.js's observers."""
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def resize_and_measure(page, size):
    """The page at this window size: why it scrolls sideways, or None when it fits."""
    page.set_viewport_size(size)
    wait_for_two_frames(page)
    # the visible width: the window less a scroll bar where the browser shows one
    width, visible = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if width <= visible:
        return None
    return f"{width} px breit bei {visible} px\n    {page.evaluate(TOO_WIDE, visible)}"


@pytest.fixture(scope="module")
def draft_target_system(demo_site, django_db_blocker):
    """A new version (draft) of the demo target system while this module runs, for the pages
    that edit a draft; removed afterwards, the journeys expect the demo data as loaded."""
    from kim.accounts.models import User
    from kim.targetsystems.models import TargetSystem, TargetSystemState
    from kim.targetsystems.services import new_version

    with django_db_blocker.unblock():
        in_force = TargetSystem.objects.filter(state=TargetSystemState.IN_FORCE).first()
        draft = new_version(in_force, by=User.objects.get(username="jonas.keller"))
    yield draft
    with django_db_blocker.unblock():
        draft.delete()


@pytest.fixture(scope="module")
def deletion_run(demo_site, django_db_blocker):
    """An erasure request (Art. 17 GDPR) waiting for approval while this module runs, for the
    page of a deletion run (the demo data has none); removed afterwards, nothing is erased."""
    from django.utils import timezone

    from kim.accounts.models import User
    from kim.cases.models import Client
    from kim.privacy.services import request_erasure

    with django_db_blocker.unblock():
        client = (
            Client.objects.filter(cases__isnull=False)
            .exclude(cases__closed_on__isnull=True)
            .order_by("pk")
            .first()
        )
        run = request_erasure(
            client,
            by=User.objects.get(username="jonas.keller"),
            reason="Schriftlicher Antrag nach Art. 17 DSGVO, eingegangen per Post",
            requested_on=timezone.localdate(),
        )
    yield run
    with django_db_blocker.unblock():
        run.delete()


@pytest.fixture
def no_pending_second_factor(django_db_blocker):
    """The page that sets up the authenticator app starts a pending (unconfirmed) device; the
    ``login`` of the journeys expects one device per user, so the pending one is removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    yield
    with django_db_blocker.unblock():
        TOTPDevice.objects.filter(confirmed=False).delete()


@pytest.mark.parametrize("username", list(ROLES))
@pytest.mark.usefixtures("draft_target_system", "deletion_run", "no_pending_second_factor")
def test_every_page_is_accessible_and_fits_a_phone(username, page, login, django_db_blocker):
    login(username)
    with django_db_blocker.unblock():
        pages = pages_for(username)
    problems = []
    redirected = []
    checked = 0
    for number, (name, url, promised) in enumerate(pages):
        page.set_viewport_size(DESKTOP)
        response = page.goto(url)
        if response.status != 200:
            if promised:
                problems.append(f"{url} ({name}): Status {response.status}, erwartet 200")
            continue
        if page.url.split(page.url.split("/")[2], 1)[1] != url:
            # the demo object is in a state the page is not for (a target system in force has
            # no edit pages): the page it sends the user to is checked on its own
            redirected.append(url)
            continue
        checked += 1
        try:
            axe.check(page, url)
        except AssertionError as error:
            problems.append(f"{url} ({name}): {error}")
        shot = f"{username}-{number:02d}-{name.replace(':', '-')}"
        if name in SCREENSHOTS:
            screenshot(page, f"{shot}-1366")
        too_wide = resize_and_measure(page, PHONE)
        if too_wide:
            problems.append(f"{url} ({name}): {too_wide}")
        # scrolling tables are reachable by keyboard only once they scroll (kim.js)
        try:
            axe.check(page, f"{url} (390 px)")
        except AssertionError as error:
            problems.append(f"{url} ({name}, 390 px): {error}")
        if name in SCREENSHOTS:
            screenshot(page, f"{shot}-390")
        too_wide = resize_and_measure(page, REFLOW)
        if too_wide:
            problems.append(f"{url} ({name}): {too_wide}")
    print(f"{username}: {checked} Seiten geprüft, umgeleitet: {', '.join(redirected) or '–'}")
    assert checked, f"{username}: keine Seite geprüft"
    assert not problems, f"{username}: {len(problems)} Befunde\n" + "\n".join(problems)

"""Every kind of read of personal data is in the access log (issue 10): the client's pages, every
tab and form of the case file, document and consent-scan downloads, report exports, API reads and
the export of the log itself; each with who, when, which object, the action "aufgerufen" and the
address the request came from."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kim.api.tests.factories import ApiTokenFactory
from kim.cases.models import Case, Client, Consent, Document
from kim.cases.tests.factories import ActionFactory, CaseFactory, ConsentFactory, GoalFactory
from kim.reports.models import ExportJob, ExportState

from .factories import PDF, document

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"


@pytest.fixture
def objects(case_manager, coordinator):
    case = CaseFactory(case_manager=case_manager)
    consent = ConsentFactory(client=case.client)
    consent.scan.save("unterschrift.pdf", ContentFile(PDF))
    job = ExportJob.objects.create(
        user=coordinator, report="state_report", format="csv", state=ExportState.DONE
    )
    job.file.save("landescontrolling.csv", ContentFile(b"\xef\xbb\xbfa;b\r\n"))
    return {
        "case": case,
        "client": case.client,
        "goal": GoalFactory(case=case),
        "document": document(case),
        "consent": consent,
        "job": job,
    }


def _web(name, key):
    return lambda o: reverse(name, args=[o[key].pk])


# (id, user, method, url, model of the logged object, key of the logged object)
READS = [
    ("client page", "case_manager", "get", _web("cases:client_detail", "client"), Client, "client"),
    ("client form", "case_manager", "get", _web("cases:client_edit", "client"), Client, "client"),
    (
        "client record",
        "case_manager",
        "get",
        _web("cases:residence_record", "client"),
        Client,
        "client",
    ),
    ("case overview", "case_manager", "get", _web("cases:case_detail", "case"), Case, "case"),
    ("case history", "case_manager", "get", _web("cases:case_history", "case"), Case, "case"),
    ("assessment", "case_manager", "get", _web("cases:assessment_list", "case"), Case, "case"),
    ("support plan", "case_manager", "get", _web("cases:plan", "case"), Case, "case"),
    ("referrals", "case_manager", "get", _web("cases:referral_list", "case"), Case, "case"),
    ("contacts", "case_manager", "get", _web("cases:contact_list", "case"), Case, "case"),
    ("documents", "case_manager", "get", _web("cases:document_list", "case"), Case, "case"),
    (
        "assessment form",
        "case_manager",
        "get",
        _web("cases:assessment_create", "case"),
        Case,
        "case",
    ),
    ("goal form", "case_manager", "get", _web("cases:goal_create", "case"), Case, "case"),
    ("goal edit form", "case_manager", "get", _web("cases:goal_edit", "goal"), Case, "case"),
    ("contact form", "case_manager", "get", _web("cases:contact_create", "case"), Case, "case"),
    (
        "appointment form",
        "case_manager",
        "get",
        _web("cases:appointment_create", "case"),
        Case,
        "case",
    ),
    ("referral form", "case_manager", "get", _web("cases:referral_create", "case"), Case, "case"),
    ("handover form", "coordinator", "get", _web("cases:case_handover", "case"), Case, "case"),
    ("coordination reads", "coordinator", "get", _web("cases:case_detail", "case"), Case, "case"),
    (
        "document download",
        "case_manager",
        "get",
        _web("cases:document_download", "document"),
        Document,
        "document",
    ),
    (
        "consent scan download",
        "case_manager",
        "get",
        _web("cases:consent_scan", "consent"),
        Consent,
        "consent",
    ),
    (
        "report export download",
        "coordinator",
        "get",
        _web("reports:export_download", "job"),
        ExportJob,
        "job",
    ),
]


@pytest.mark.parametrize(
    ("user", "method", "url", "model", "key"),
    [pytest.param(*read[1:], id=read[0]) for read in READS],
)
def test_every_read_is_logged_with_who_when_what_and_address(
    as_user, request, objects, user, method, url, model, key
):
    actor = request.getfixturevalue(user)
    client = as_user(user)
    before = timezone.now()

    response = getattr(client, method)(url(objects), REMOTE_ADDR=IP)

    assert response.status_code == 200
    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(model),
        object_id=objects[key].pk,
        timestamp__gte=before,
    )
    assert entry.actor == actor
    assert entry.remote_addr == IP
    assert before <= entry.timestamp <= timezone.now()
    assert entry.object_repr == str(objects[key])


def test_starting_a_report_export_is_logged(as_user, coordinator):
    period = {"start": "2025-01-01", "end": "2025-06-30", "format": "csv"}
    response = as_user("coordinator").post(reverse("reports:export_create"), period, REMOTE_ADDR=IP)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    entry = LogEntry.objects.get(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(ExportJob),
        object_id=job.pk,
    )
    assert (entry.actor, entry.remote_addr) == (coordinator, IP)


@pytest.mark.parametrize(
    ("path", "model", "key"),
    [
        ("/api/v1/clients/{client}/", Client, "client"),
        ("/api/v1/cases/{case}/", Case, "case"),
        ("/api/v1/cases/{case}/contacts/", Case, "case"),
        ("/api/v1/cases/{case}/goals/", Case, "case"),
    ],
)
def test_api_reads_are_logged_with_the_address(objects, case_manager, path, model, key):
    token = ApiTokenFactory(user=case_manager)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token.raw}")

    response = api.get(
        path.format(client=objects["client"].pk, case=objects["case"].pk), REMOTE_ADDR=IP
    )

    assert response.status_code == 200
    entry = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(model),
        object_id=objects[key].pk,
    ).get()
    assert (entry.actor, entry.remote_addr) == (case_manager, IP)
    assert entry.additional_data["via"] == "api"


def test_the_export_of_the_log_is_logged(as_user, auditor):
    response = as_user("auditor").get(reverse("audit:log_export"), REMOTE_ADDR=IP)
    assert response.status_code == 200
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(LogEntry))
    assert entry.action == LogEntry.Action.ACCESS
    assert (entry.actor, entry.remote_addr) == (auditor, IP)


def test_a_refused_read_is_not_logged_as_a_read(as_user, objects, external_partner):
    """Who may not see the case gets 403/404, and the log holds no read of it."""
    response = as_user("external_partner").get(
        reverse("cases:case_detail", args=[objects["case"].pk]), REMOTE_ADDR=IP
    )
    assert response.status_code in (403, 404)
    assert not LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=external_partner
    ).exists()


def test_a_change_keeps_old_and_new_value_and_the_address(as_user, objects, case_manager):
    action = ActionFactory(goal=objects["goal"])

    response = as_user("case_manager").post(
        reverse("cases:action_done", args=[action.pk]), REMOTE_ADDR=IP
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(action).get(action=LogEntry.Action.UPDATE)
    assert entry.changes_dict["done_on"] == ["None", str(timezone.localdate())]
    assert (entry.actor, entry.remote_addr) == (case_manager, IP)
    assert entry.timestamp > timezone.now() - datetime.timedelta(minutes=1)

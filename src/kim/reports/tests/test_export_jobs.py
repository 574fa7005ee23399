"""Export jobs: states and progress, failures, the background thread, the views (start, progress
page polled by htmx, download for the own user only), the audit log and the 24-hour purge."""

import datetime
import io
import logging
import time

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kim.accounts.roles import Role
from kim.accounts.tests.factories import UserFactory
from kim.reports import exporters, services
from kim.reports.indicators import INDICATORS, evaluate_all
from kim.reports.models import ExportJob, ExportState

from .fixtures import END, START, reference_data_fixture  # noqa: F401

PERIOD = {"start": START.isoformat(), "end": END.isoformat()}


def start(user, file_format="xlsx", parameters=None):
    return services.start_export(user, "state_report", file_format, parameters or PERIOD)


def access_entries(job):
    return LogEntry.objects.filter(
        object_pk=str(job.pk), action=LogEntry.Action.ACCESS, content_type__model="exportjob"
    )


# --- the service ---------------------------------------------------------------------------------


def test_an_export_runs_to_done_with_the_file(reference_data, coordinator):
    job = start(coordinator)
    assert job.state == ExportState.DONE
    assert job.progress == 100
    assert job.filename == "landescontrolling_2025-01-01_2025-06-30.xlsx"
    assert job.finished_at is not None and job.error == ""
    with job.file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    assert workbook.sheetnames == ["Daten", "Definitionen", "Bericht"]


@pytest.mark.parametrize("file_format", ["csv", "pdf"])
def test_every_format_can_be_exported(reference_data, coordinator, file_format):
    job = start(coordinator, file_format)
    assert job.state == ExportState.DONE
    assert job.filename.endswith(f".{file_format}")


def test_the_progress_grows_with_every_indicator(reference_data, coordinator, monkeypatch):
    seen = []

    def recording(scope, progress):
        def record(done, total):
            progress(done, total)
            job = ExportJob.objects.get()
            seen.append((job.state, job.progress))

        return evaluate_all(scope, progress=record)

    monkeypatch.setattr(services, "evaluate_all", recording)
    job = start(coordinator)
    assert len(seen) == len(INDICATORS)
    assert {state for state, _progress in seen} == {ExportState.RUNNING}
    progress = [value for _state, value in seen]
    assert progress == sorted(progress) and progress[0] > 0 and progress[-1] == 90
    assert job.progress == 100


def test_a_failure_is_recorded_in_german_and_logged(
    reference_data, coordinator, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setitem(exporters.WRITERS, "xlsx", broken)
    with caplog.at_level(logging.ERROR, logger="kim.reports.services"):
        job = start(coordinator)
    assert job.state == ExportState.FAILED
    assert job.error.startswith("Der Export ist fehlgeschlagen.")
    assert not job.file
    assert "disk full" in caplog.text


def test_parameters_that_are_no_longer_valid_fail_with_a_message(coordinator):
    job = start(coordinator, parameters={**PERIOD, "municipality": 999999})
    assert job.state == ExportState.FAILED
    assert job.error.startswith("Die Filterangaben sind nicht mehr gültig:")
    assert "Diesen Wert gibt es nicht" in job.error


@pytest.mark.parametrize(
    ("report", "file_format", "message"),
    [
        ("state_report", "docx", "Dieses Format gibt es nicht."),
        ("secret_report", "xlsx", "Diesen Bericht gibt es nicht."),
    ],
)
def test_an_unknown_format_or_report_creates_no_job(coordinator, report, file_format, message):
    with pytest.raises(services.ExportError) as error:
        services.start_export(coordinator, report, file_format, PERIOD)
    assert error.value.message.startswith(message)
    assert not ExportJob.objects.exists()


def test_a_job_runs_only_once(reference_data, coordinator, monkeypatch):
    job = start(coordinator)
    monkeypatch.setattr(services, "evaluate_all", pytest.fail)
    services.run_export(job.pk)  # already done: nothing happens
    job.refresh_from_db()
    assert job.state == ExportState.DONE


def test_the_export_is_logged_as_an_access(reference_data, coordinator):
    job = start(coordinator)
    assert access_entries(job).count() == 1


@pytest.mark.django_db(transaction=True)
def test_in_the_background_the_request_does_not_wait(settings, reference_data, coordinator):
    settings.KIM_EXPORTS_IN_BACKGROUND = True
    job = start(coordinator, "csv")
    assert job.state == ExportState.QUEUED  # the caller gets the job at once
    deadline = time.monotonic() + 30
    while job.state in (ExportState.QUEUED, ExportState.RUNNING) and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db()
    assert job.state == ExportState.DONE, job.error
    assert job.progress == 100


# --- purge ---------------------------------------------------------------------------------------


def test_files_older_than_a_day_are_deleted(reference_data, coordinator):
    old, recent = start(coordinator, "csv"), start(coordinator, "csv")
    stuck = ExportJob.objects.create(user=coordinator, report="state_report", format="csv")
    day_ago = timezone.now() - datetime.timedelta(hours=25)
    ExportJob.objects.filter(pk__in=[old.pk, stuck.pk]).update(created_at=day_ago)
    name = old.file.name

    call_command("purge_exports", stdout=io.StringIO())

    old.refresh_from_db()
    recent.refresh_from_db()
    stuck.refresh_from_db()
    assert not old.file and not old.file.storage.exists(name)
    assert recent.file and recent.file.storage.exists(recent.file.name)
    assert stuck.state == ExportState.FAILED
    assert "abgebrochen" in stuck.error


# --- the views -----------------------------------------------------------------------------------


def test_coordination_starts_an_export_and_is_sent_to_its_progress(reference_data, as_user):
    client = as_user("coordinator")
    response = client.post(
        reverse("reports:export_create"), {**PERIOD, "format": "csv", "report": "state_report"}
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:export_status", args=[job.pk])
    assert job.parameters == PERIOD
    assert job.state == ExportState.DONE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2025-06-30", "end": "2025-01-01", "format": "csv"}, "nicht vor dem Beginn"),
        ({"start": "30.02.2025", "end": "2025-01-01", "format": "csv"}, "gültiges Datum"),
        ({**PERIOD, "gender": "robot", "format": "csv"}, "Diesen Wert gibt es nicht"),
        ({**PERIOD, "format": "exe"}, "Dieses Format gibt es nicht"),
    ],
)
def test_bad_input_starts_no_export(as_user, data, message):
    response = as_user("coordinator").post(reverse("reports:export_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_progress_page_polls_while_the_export_runs(as_user, coordinator):
    job = ExportJob.objects.create(
        user=coordinator, report="state_report", format="xlsx", state="running", progress=38
    )
    client = as_user("coordinator")
    url = reverse("reports:export_status", args=[job.pk])
    html = client.get(url).content.decode()
    progress = html.split("<progress ")[1].split("</progress>")[0]
    assert 'max="100"' in progress and 'value="38"' in progress
    assert progress.endswith(">38 %")  # the text where no progress bar is shown
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    assert f'<a class="kern-link" href="{url}">Seite neu laden</a>' in html  # without JavaScript

    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="export-progress"')
    assert "<html" not in fragment and "38 %" in fragment


def test_the_finished_export_stops_polling_and_offers_the_download(
    reference_data, as_user, coordinator
):
    client = as_user("coordinator")
    job = start(coordinator)
    html = client.get(reverse("reports:export_status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html
    assert reverse("reports:export_download", args=[job.pk]) in html
    assert "100 %" in html


def test_a_failed_export_shows_its_message(as_user, coordinator):
    job = ExportJob.objects.create(
        user=coordinator, report="state_report", format="xlsx", state="failed", error="Kaputt."
    )
    html = as_user("coordinator").get(reverse("reports:export_status", args=[job.pk]))
    assert "Der Export ist fehlgeschlagen." in html.content.decode()
    assert "hx-trigger" not in html.content.decode()


def test_the_own_user_downloads_and_both_are_logged_as_accesses(reference_data, as_user):
    client = as_user("coordinator")
    client.post(reverse("reports:export_create"), {**PERIOD, "format": "csv"})
    job = ExportJob.objects.get()
    response = client.get(reverse("reports:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="landescontrolling_2025-01-01_2025-06-30.csv"'
        in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content).startswith(b"\xef\xbb\xbfindikator_code;")
    # the export and the download, each with who did it
    assert [entry.actor for entry in access_entries(job)] == [job.user, job.user]


def test_another_coordinator_sees_neither_progress_nor_file(reference_data, client, coordinator):
    job = start(coordinator, "csv")
    colleague = UserFactory(username="kollegin", role=Role.COORDINATION)
    client.force_login(colleague)
    assert client.get(reverse("reports:export_status", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    assert access_entries(job).count() == 1  # only the export itself


def test_an_unfinished_or_purged_export_cannot_be_downloaded(as_user, coordinator):
    job = ExportJob.objects.create(
        user=coordinator, report="state_report", format="xlsx", state="running"
    )
    client = as_user("coordinator")
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    ExportJob.objects.filter(pk=job.pk).update(state="done")
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    html = client.get(reverse("reports:export_status", args=[job.pk])).content.decode()
    assert "nach 24 Stunden gelöscht" in html

"""What the erasure of a client does: nothing that names or describes the person is left
anywhere in the database, files leave the storage, the rows the statistics count stay."""

import datetime

import pytest
from django.core.files.storage import default_storage

from kim.cases.models import (
    Action,
    Appointment,
    AssessmentEntry,
    Case,
    Client,
    Consent,
    Contact,
    Document,
    EducationRecord,
    Goal,
    LanguageCertificate,
    PhaseTransition,
    Referral,
    ResidencePeriod,
)
from kim.privacy import erasure, services
from kim.privacy.models import DeletionRun, ItemState, RunState

from .factories import SECRETS
from .scan import orm_hits, raw_hits

pytestmark = pytest.mark.django_db


def erase(file, coordinator, django_capture_on_commit_callbacks):
    run, added = services.propose_due()
    assert added == 1
    with django_capture_on_commit_callbacks(execute=True):
        return services.approve_run(run, by=coordinator, confirmed=True)


def test_the_name_is_everywhere_before(old_file):
    assert raw_hits(SECRETS)  # in the log, the client row, the file names
    assert set(orm_hits(SECRETS)) >= {("Client", "first_name"), ("Contact", "note")}


def test_no_trace_of_the_person_is_left_in_the_database(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    run = erase(old_file, coordinator, django_capture_on_commit_callbacks)
    assert run.state == RunState.EXECUTED
    assert raw_hits(SECRETS) == {}
    assert orm_hits(SECRETS) == {}


def test_files_leave_the_storage(old_file, coordinator, django_capture_on_commit_callbacks):
    document, scan = old_file.document.file.name, old_file.consent.scan.name
    assert default_storage.exists(document) and default_storage.exists(scan)
    erase(old_file, coordinator, django_capture_on_commit_callbacks)
    assert not default_storage.exists(document)
    assert not default_storage.exists(scan)


def test_a_failed_erasure_changes_nothing_and_keeps_the_files(old_file, coordinator, monkeypatch):
    run, _added = services.propose_due()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(erasure, "redact_log", fail)
    with pytest.raises(RuntimeError):
        services.approve_run(run, by=coordinator, confirmed=True)
    old_file.client.refresh_from_db()
    assert old_file.client.first_name == "Quirinella"
    assert default_storage.exists(old_file.document.file.name)
    assert DeletionRun.objects.get(pk=run.pk).state == RunState.PROPOSED


def test_the_rows_the_statistics_count_stay_with_their_figures(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    client, case = old_file.client, old_file.case
    counted = [Case, Contact, Referral, Goal, Action, PhaseTransition, AssessmentEntry]
    before = {m: m.objects.filter(**_to(m, client)).count() for m in counted}
    structured = Case.objects.filter(pk=case.pk).values(
        "number", "access_channel", "phase", "opened_on", "closed_on", "closure_reason"
    )[0]
    erase(old_file, coordinator, django_capture_on_commit_callbacks)
    assert {m: m.objects.filter(**_to(m, client)).count() for m in counted} == before
    assert Case.objects.filter(pk=case.pk).values(*structured)[0] == structured
    contact = Contact.objects.get(case=case)
    assert (contact.note, contact.channel, contact.duration_minutes) == ("", "in_person", 45)
    assert list(contact.life_domains.values_list("code", flat=True)) == ["language"]
    referral = Referral.objects.get(case=case)
    assert (referral.reason, referral.outcome, referral.state) == ("", "", "accepted")
    goal = Goal.objects.get(case=case)
    assert (goal.description, goal.outcome) == ("", "achieved")
    assert AssessmentEntry.objects.get(assessment__case=case).need == "high"


def _to(model, client):
    paths = {
        Case: "client",
        Contact: "case__client",
        Referral: "case__client",
        Goal: "case__client",
        Action: "goal__case__client",
        PhaseTransition: "case__client",
        AssessmentEntry: "assessment__case__client",
    }
    return {paths[model]: client}


def test_what_no_figure_counts_is_deleted(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    erase(old_file, coordinator, django_capture_on_commit_callbacks)
    client = old_file.client
    for model, path in [
        (Appointment, "case__client"),
        (Document, "case__client"),
        (Consent, "client"),
        (ResidencePeriod, "client"),
        (LanguageCertificate, "client"),
        (EducationRecord, "client"),
    ]:
        assert not model.objects.filter(**{path: client}).exists(), model


def test_the_client_row_keeps_only_what_the_statistics_need(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    erase(old_file, coordinator, django_capture_on_commit_callbacks)
    client = Client.objects.get(pk=old_file.client.pk)
    assert (client.first_name, client.last_name, client.name_key) == ("", "Anonymisiert", "")
    assert (client.phone, client.email, client.street, client.city) == ("", "", "", "")
    assert client.residence_section == ""
    assert client.date_of_birth == datetime.date(1990, 5, 1)  # month and year
    assert client.gender == "female"
    assert [c.code for c in client.nationalities] == ["SY"]
    assert client.residence_status.code == "aufenthaltserlaubnis"
    assert not client.languages.exists()
    assert not client.household_members.exists()
    # the household member stays as they are, without the erased person in their household
    member = Client.objects.get(pk=old_file.household_member.pk)
    assert member.first_name == old_file.household_member.first_name
    assert not member.household_members.exists()


def test_an_edit_form_opened_before_the_erasure_cannot_write_the_old_data_back(
    old_file, coordinator, django_capture_on_commit_callbacks
):
    version = old_file.client.version
    erase(old_file, coordinator, django_capture_on_commit_callbacks)
    assert Client.objects.get(pk=old_file.client.pk).version > version


def test_each_item_is_marked_erased(old_file, coordinator, django_capture_on_commit_callbacks):
    run = erase(old_file, coordinator, django_capture_on_commit_callbacks)
    item = run.items.get()
    assert item.state == ItemState.ERASED and item.erased_at is not None
    assert run.summary["contacts"] == 1 and run.summary["documents"] == 1
    assert run.summary[erasure.LOG_KEY] > 5


@pytest.mark.parametrize(
    ("born", "kept"),
    [
        ("1990-05-17", "1990-05-01"),
        ("2008-02-29", "2008-02-29"),
        ("2008-02-28", "2008-02-01"),
        (None, None),
    ],
)
def test_the_date_of_birth_keeps_month_and_year(born, kept):
    day = datetime.date.fromisoformat(born) if born else None
    expected = datetime.date.fromisoformat(kept) if kept else None
    assert erasure.coarse_birth_date(day) == expected


def test_every_field_not_kept_is_erased_and_every_model_with_client_data_is_in_the_plan():
    from django.apps import apps

    planned = {part.model_class for part in erasure.PLAN}
    kept_links = {apps.get_model(label) for label in erasure.KEPT_LINKS}
    for model in apps.get_models():
        points_at_client = any(
            f.is_relation and f.related_model in (Client, Case) and f.many_to_one
            for f in model._meta.concrete_fields
        )
        if points_at_client or model in (Client, Case):
            assert model in planned | kept_links, f"{model.__name__}: erase or keep it?"
    for part in erasure.PLAN:
        if not part.delete:
            values = erasure.erased_values(part)
            names = {f.name for f in part.model_class._meta.concrete_fields}
            assert names - part.keep - {"id"} == set(values), part.key

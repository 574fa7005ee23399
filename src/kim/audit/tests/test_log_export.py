"""The CSV export of the filtered log: UTF-8 with BOM and ";" (Excel opens it as a table), the
same entries as the viewer, changes as "Feld: alt → neu"; the export itself is an access entry
with who, when, address, filters and number of entries."""

import csv
import datetime
import io

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from kim.cases.models import Goal
from kim.cases.tests.factories import CaseFactory, ClientFactory, GoalFactory

from .factories import log_access

pytestmark = pytest.mark.django_db


def _export(as_user, user="auditor", **params):
    response = as_user(user).get(reverse("audit:log_export"), params, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def _rows(content):
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_with_bom_semicolons_header_and_attachment(as_user, case_manager):
    case = CaseFactory(case_manager=case_manager, number="2026-000555")
    log_access(case, actor=case_manager, ip="192.0.2.5")

    response, content = _export(as_user, kind="cases.case", action="accessed")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="protokoll-')
    assert response["Cache-Control"] == "private, no-store"
    header, *rows = _rows(content)
    assert header == [
        "Zeitpunkt",
        "Benutzer:in",
        "Aktion",
        "Art des Objekts",
        "Objekt",
        "Objekt-ID",
        "Fall-ID",
        "Klient:in-ID",
        "IP-Adresse",
        "Weg",
        "Änderungen",
    ]
    [row] = rows
    assert row[1:] == [
        "Anna Berger",
        "aufgerufen",
        "Fall",
        "2026-000555",
        str(case.pk),
        str(case.pk),
        str(case.client_id),
        "192.0.2.5",
        "Web",
        "",
    ]
    datetime.datetime.strptime(row[0], "%d.%m.%Y %H:%M:%S")
    assert b"\r\n" in content


def test_changes_are_written_old_to_new(as_user, case_manager):
    goal = GoalFactory(case=CaseFactory(case_manager=case_manager))
    with set_actor(case_manager):
        goal = Goal.objects.get(pk=goal.pk)
        goal.outcome = "achieved"
        goal.save()

    _response, content = _export(as_user, kind="cases.goal", action="changed")

    [row] = _rows(content)[1:]
    assert "Ergebnis: offen → erreicht" in row[-1]


def test_the_export_is_logged_with_filters_count_and_address(as_user, auditor, case_manager):
    case = CaseFactory(case_manager=case_manager)
    for _ in range(3):
        log_access(case, actor=case_manager)

    _response, content = _export(as_user, kind="cases.case", action="accessed")

    entry = LogEntry.objects.get(content_type__model="logentry")
    assert entry.action == LogEntry.Action.ACCESS
    assert (entry.actor, entry.remote_addr) == (auditor, "192.0.2.77")
    assert entry.additional_data == {
        "export": "csv",
        "entries": 3,
        "filters": {"Aktion": "aufgerufen", "Art des Objekts": "Fall"},
    }
    assert entry.object_repr == "Export des Protokolls (CSV, 3 Einträge)"
    assert len(_rows(content)) == 1 + 3


def test_the_export_holds_the_log_as_it_was_before_it(as_user):
    _response, first = _export(as_user)
    _response, second = _export(as_user)
    # the second export lists the first export's entry, neither lists its own
    first_objects = [row[4] for row in _rows(first)[1:]]
    second_objects = [row[4] for row in _rows(second)[1:]]
    assert not any(o.startswith("Export des Protokolls") for o in first_objects)
    assert sum(o.startswith("Export des Protokolls") for o in second_objects) == 1


def test_coordination_exports_too_and_the_export_is_in_the_viewer(as_user, coordinator):
    _export(as_user, user="coordinator")
    response = as_user("auditor").get(reverse("audit:log_list"), {"kind": "auditlog.logentry"})
    [row] = response.context["rows"]
    assert row["actor"] == "Jonas Keller"
    assert row["object_type"] == "Protokoll"


def test_cells_that_look_like_formulas_stay_text(as_user, case_manager):
    person = ClientFactory(first_name='=HYPERLINK("x")', last_name="+Test")
    log_access(person, actor=case_manager)

    _response, content = _export(as_user, kind="cases.client", action="accessed")

    [row] = _rows(content)[1:]
    assert row[4] == '\'+Test, =HYPERLINK("x")'

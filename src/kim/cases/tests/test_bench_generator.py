"""The data generator of the benchmark (bench/generate.py, issue #12) writes a consistent data
set: the counts of its scale exactly, and the rules the application keeps (phases and dates,
waivers covering referrals, case numbers, name keys, encrypted texts readable). It writes with
PostgreSQL's COPY, so the test runs on PostgreSQL only."""

import sys
from pathlib import Path

import pytest
from django.db import connection

from kim.accounts.roles import Role
from kim.cases.models import Case, CasePhase, Contact, Referral
from kim.hurdles.models import HurdleReport

BENCH_DIR = Path(__file__).resolve().parents[4] / "bench"

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="Der Generator schreibt mit COPY (PostgreSQL)."
    ),
    # the generator commits on connections of its own; the tables are emptied afterwards, and
    # the fixture below restores what the data migrations fill (no serialized rollback: it
    # collides with role groups an earlier transactional test created again)
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def generate():
    from kim.core.tests.reference_data import ensure_reference_lists

    ensure_reference_lists()  # an earlier transactional test (schemathesis) emptied them
    from kim.accounts.roles import sync_role_permissions

    sync_role_permissions()
    sys.path.insert(0, str(BENCH_DIR))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH_DIR))
    return generate


def test_tiny_scale_has_its_counts_keeps_the_rules_and_runs_once(generate):
    """One run only (it loads the demo data and takes a while on a busy machine)."""
    written = generate.generate("tiny", out=lambda _text: None)

    scale = generate.SCALES["tiny"]
    assert written["cases_client"] == scale.clients
    assert written["cases_case"] == scale.cases
    assert written["cases_contact"] == scale.contacts
    assert written["cases_referral"] == scale.referrals
    assert written["hurdles_hurdlereport"] == scale.hurdle_reports
    assert Case.objects.count() >= scale.cases  # plus the demo cases
    assert HurdleReport.objects.count() >= scale.hurdle_reports
    problems = generate.verify()
    assert problems == dict.fromkeys(problems, 0)

    generated = Case.objects.filter(case_manager__username__startswith=generate.USERNAME_PREFIX)
    managers = {case.case_manager for case in generated.select_related("case_manager")}
    assert managers
    assert all(manager.has_role(Role.CASE_MANAGER) for manager in managers)
    assert generated.filter(phase=CasePhase.CLOSED, closed_on__isnull=False).exists()
    assert generated.exclude(phase=CasePhase.CLOSED).filter(closed_on__isnull=True).exists()
    # texts the application stores encrypted are read back through the model
    assert Contact.objects.exclude(note="").values_list("note", flat=True)[0].strip()
    assert Referral.objects.count() >= scale.referrals

    with pytest.raises(SystemExit, match="schon erzeugte Benchmark-Daten"):
        generate.generate("tiny", out=lambda _text: None)

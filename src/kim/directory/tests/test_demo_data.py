"""The demo data command is idempotent: running it twice changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command

from kim.directory.models import Municipality, Responsibility

pytestmark = pytest.mark.django_db


def _snapshot():
    tables = {}
    for model in apps.get_app_config("directory").get_models():
        tables[model.__name__] = sorted(map(repr, model.objects.order_by("pk").values()))
    from kim.accounts.models import User

    tables["User"] = sorted(
        map(repr, User.objects.values("username", "password", "organisation_id", "first_name"))
    )
    return tables


def test_running_twice_changes_nothing(capsys):
    call_command("load_demo_data")
    first = _snapshot()
    call_command("load_demo_data")
    assert _snapshot() == first


def test_demo_data_has_the_district_and_prints_a_login_per_role(capsys):
    call_command("load_demo_data")
    out = capsys.readouterr().out
    assert Municipality.objects.count() == 15
    for username in [
        "anna.berger",
        "jonas.keller",
        "petra.wolf",
        "lea.hoffmann",
        "thomas.becker",
        "sabine.kraus",
    ]:
        assert username in out
    assert "kim-demo-2026" in out


def test_demo_data_names_no_office_where_the_sources_are_silent():
    call_command("load_demo_data")
    unknown = Responsibility.objects.filter(status="unknown")
    assert unknown.exists()
    assert not unknown.filter(office__isnull=False).exists()
    assert all(r.note for r in unknown)

"""Creating and revoking tokens (``services.py``): expiry within bounds, only one's own, history
in the change log without the secret."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from kim.api import services
from kim.api.models import ApiToken, hash_token

from .factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


def test_default_validity_is_90_days(case_manager):
    token, raw = services.create_token(case_manager, name="Fachverfahren")
    assert raw.startswith("kim_") and len(raw) > 40
    assert token.key_hash == hash_token(raw)
    assert token.prefix == raw[:12]
    expected = timezone.now() + datetime.timedelta(days=90)
    assert abs((token.expires_at - expected).total_seconds()) < 5


@pytest.mark.parametrize("days", [0, -1, 366])
def test_validity_outside_1_to_365_days_is_refused(case_manager, days):
    with pytest.raises(services.ApiTokenError) as exc:
        services.create_token(case_manager, name="x", valid_days=days)
    assert exc.value.field == "valid_days"
    assert "365" in exc.value.message
    assert not ApiToken.objects.exists()


def test_blank_name_is_refused(case_manager):
    with pytest.raises(services.ApiTokenError) as exc:
        services.create_token(case_manager, name="   ")
    assert exc.value.field == "name"


def test_deactivated_account_gets_no_token(case_manager):
    case_manager.is_active = False
    with pytest.raises(services.ApiTokenError):
        services.create_token(case_manager, name="x")


def test_each_token_is_new(case_manager):
    _first, raw1 = services.create_token(case_manager, name="a")
    _second, raw2 = services.create_token(case_manager, name="b")
    assert raw1 != raw2


def test_revoke_own_token_once(case_manager):
    token = ApiTokenFactory(user=case_manager)
    services.revoke_token(token, by=case_manager)
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    assert first is not None
    services.revoke_token(token, by=case_manager)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_nobody_revokes_another_persons_token(case_manager, coordinator):
    token = ApiTokenFactory(user=case_manager)
    with pytest.raises(services.ApiTokenError):
        services.revoke_token(token, by=coordinator)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_create_and_revoke_are_in_the_change_log_without_the_secret(case_manager):
    token, raw = services.create_token(case_manager, name="Fachverfahren")
    services.revoke_token(token, by=case_manager)
    entries = LogEntry.objects.get_for_object(token).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert "revoked_at" in entries[1].changes_dict
    for entry in entries:
        assert "key_hash" not in entry.changes_dict
        assert raw not in str(entry.changes)


def test_recording_use_writes_no_change_log(case_manager):
    token = ApiTokenFactory(user=case_manager)
    before = LogEntry.objects.count()
    services.record_use(token)
    services.record_use(token)
    assert LogEntry.objects.count() == before
    assert ApiToken.objects.get(pk=token.pk).last_used_on == timezone.localdate()

"""The address in the log is the one the request came from: a client cannot write another one
into ``X-Forwarded-For``. Behind the operator's own reverse proxies
(``KIM_TRUSTED_PROXY_COUNT``) the address those proxies appended is taken."""

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from kim.audit.middleware import client_address
from kim.cases.tests.factories import CaseFactory


def _request(remote="10.0.0.5", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def test_without_proxies_the_header_is_ignored(settings):
    settings.KIM_TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(forwarded="198.51.100.1")) == "10.0.0.5"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # one proxy appends the address it saw: the client may have sent something before it
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # two proxies: the outer one appended the client, the inner one the outer proxy
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, "198.51.100.1:4711", "198.51.100.1"),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (1, "2001:db8::7", "2001:db8::7"),
        # what is not an address, or a request that did not pass all proxies: the connection's
        (1, "kein-ip", "10.0.0.5"),
        (1, "", "10.0.0.5"),
        (2, "198.51.100.1", "10.0.0.5"),
    ],
)
def test_behind_proxies_the_address_they_appended(settings, proxies, forwarded, expected):
    settings.KIM_TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request(forwarded=forwarded)) == expected


@pytest.mark.django_db
def test_a_made_up_header_does_not_reach_the_log(as_user, case_manager, settings):
    settings.KIM_TRUSTED_PROXY_COUNT = 0
    case = CaseFactory(case_manager=case_manager)

    as_user("case_manager").get(
        reverse("cases:case_detail", args=[case.pk]),
        REMOTE_ADDR="192.0.2.44",
        headers={"X-Forwarded-For": "198.51.100.99", "X-Forwarded-Port": "1"},
    )

    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.remote_addr == "192.0.2.44"
    assert entry.remote_port is None


@pytest.mark.django_db
def test_behind_one_proxy_the_log_has_the_client_address(as_user, case_manager, settings):
    settings.KIM_TRUSTED_PROXY_COUNT = 1
    case = CaseFactory(case_manager=case_manager)

    as_user("case_manager").get(
        reverse("cases:case_detail", args=[case.pk]),
        REMOTE_ADDR="10.0.0.2",
        headers={"X-Forwarded-For": "198.51.100.99, 203.0.113.20"},
    )

    assert LogEntry.objects.get(action=LogEntry.Action.ACCESS).remote_addr == "203.0.113.20"

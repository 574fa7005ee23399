"""Who and from where, for every log entry written during a request.

django-auditlog's middleware puts the request's user and address on every log entry saved while
the request runs, also on the access entries of ``auditlog.signals.accessed``. Its own address
lookup believes the first address of ``X-Forwarded-For``, which any client can send; so the
address is taken here from the connection (``REMOTE_ADDR``) unless the operator says how many
reverse proxies of their own stand in front of KIM (``KIM_TRUSTED_PROXY_COUNT``). Each of those
appends the address it received the request from, so the client's address is the n-th from the
right; everything further left came from the client and is ignored.
"""

import ipaddress

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings


def _address(value):
    """The IP address in ``value`` ("203.0.113.5", "203.0.113.5:443", "[2001:db8::1]:443"), or
    ``None`` when it is none."""
    value = value.strip()
    if value.startswith("["):  # IPv6 with port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4 with port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request):
    """The address the request came from, as far as it can be trusted (see module doc)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "KIM_TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [a for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
    if len(forwarded) < proxies:  # the request did not pass all our proxies
        return remote
    return _address(forwarded[-proxies]) or remote


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware with an address that a client cannot make up."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        # a port from X-Forwarded-Port is as easy to make up as the address: not recorded
        return None

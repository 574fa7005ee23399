"""Second factor at login: a time-based one-time code (TOTP, RFC 6238) from an authenticator app.

Who must give one: everybody who can see case data or the data of other users – case management,
coordination, administration (it manages the accounts, resets second factors and lifts login
locks), data protection and audit – and superusers. External partners and members of the steering
group see no case data; they may set one up on "Mein Konto", and whoever has one set up is asked
for it. ``KIM_REQUIRE_SECOND_FACTOR=false`` switches the requirement off (the demo installation).

The devices are django-otp's ``TOTPDevice``; a session counts as verified once a code of a
confirmed device was accepted in it (``django_otp.login``, ``request.user.is_verified()``).
The API is not affected: a personal access token is its own second factor (``kim/api``).
"""

import base64

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role

SECOND_FACTOR_ROLES = frozenset(
    {Role.CASE_MANAGER, Role.COORDINATION, Role.ADMINISTRATION, Role.AUDITOR}
)
DEVICE_NAME = "Authenticator-App"


def is_switched_on() -> bool:
    return settings.KIM_REQUIRE_SECOND_FACTOR


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def pending_device(user):
    """The device being set up (unconfirmed), or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def is_required_for(user) -> bool:
    """Must this (authenticated) user give a code before seeing anything?"""
    if not is_switched_on():
        return False
    if user.is_superuser or any(user.has_role(role) for role in SECOND_FACTOR_ROLES):
        return True
    return confirmed_device(user) is not None


def is_verified(user) -> bool:
    # set by django-otp's middleware; a user just logged in by password has not got it yet
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_verification(user) -> bool:
    return user.is_authenticated and not is_verified(user) and is_required_for(user)


def qr_code_svg(device) -> str:
    """The setup link as a QR code, inline SVG (no image service, nothing leaves KIM)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#1d2034", light="#ffffff", title="QR-Code für die Authenticator-App"
    )


def secret_text(device) -> str:
    """The secret for typing in by hand: Base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

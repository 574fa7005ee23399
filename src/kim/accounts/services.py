"""Writes on accounts: the second factor (set up, verify, reset), lifting a login lock and ending
all sessions of a user. Every change is in the audit log of the user (django-auditlog), with the
person who made it.

A wrong code is counted by django-otp (exponential back-off: 1, 2, 4 … seconds before the next
try); the count is committed before the error is raised, so that a rollback cannot undo it.
"""

from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor
from .models import User


class AccountError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _log(user, what, before, after, *, by):
    """An entry in the user's history: ``what`` changed from ``before`` to ``after``."""
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={what: [before, after]},
        actor=by,
    )


def _check_code(device, code):
    """True when ``code`` is a valid code of ``device``; raises when the device must wait."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, info = device.verify_is_allowed()
        if not allowed:
            locked_until = timezone.localtime(info["locked_until"])
            raise AccountError(
                _(
                    "Zu viele falsche Codes. Bitte warten Sie bis %(time)s Uhr und geben Sie dann "
                    "den aktuellen Code ein."
                )
                % {"time": formats.time_format(locked_until, "H:i:s")},
                "code",
            )
        # verify_token saves the failure count itself (committed with this block)
        return device if device.verify_token(code) else None


def _wrong_code():
    return AccountError(
        _(
            "Der Code stimmt nicht. Bitte geben Sie den aktuellen sechsstelligen Code aus Ihrer "
            "Authenticator-App ein."
        ),
        "code",
    )


@transaction.atomic
def start_second_factor_setup(user):
    """The device to set up: the pending one, so that a reload shows the QR code already
    scanned, or a new one with a new secret."""
    return second_factor.pending_device(user) or TOTPDevice.objects.create(
        user=user, name=second_factor.DEVICE_NAME, confirmed=False
    )


def confirm_second_factor(user, code):
    """The first code from the app confirms the pending device; a device set up before is
    replaced. Returns the confirmed device."""
    device = second_factor.pending_device(user)
    if device is None:
        raise AccountError(_("Bitte laden Sie die Seite neu und scannen Sie den QR-Code."), "code")
    checked = _check_code(device, code)
    if checked is None:
        raise _wrong_code()
    with transaction.atomic():
        replaced = (
            TOTPDevice.objects.devices_for_user(user, confirmed=True).exclude(pk=device.pk).exists()
        )
        TOTPDevice.objects.filter(user=user).exclude(pk=checked.pk).delete()
        checked.confirmed = True
        checked.save(update_fields=["confirmed"])
        _log(
            user,
            "second_factor",
            _("eingerichtet") if replaced else _("nicht eingerichtet"),
            _("neu eingerichtet") if replaced else _("eingerichtet"),
            by=user,
        )
    return checked


def verify_second_factor(user, code):
    """The device that accepts ``code``; raises ``AccountError`` for a wrong code."""
    device = second_factor.confirmed_device(user)
    if device is None:
        raise AccountError(_("Für Ihr Konto ist noch kein zweiter Faktor eingerichtet."), "code")
    checked = _check_code(device, code)
    if checked is None:
        raise _wrong_code()
    return checked


@transaction.atomic
def reset_second_factor(user, *, by):
    """Recovery when the phone is lost: the user's devices are deleted; at the next login the
    user sets up a new one. Sessions verified with the old device are no longer verified."""
    if user.pk == by.pk:
        raise AccountError(
            _(
                "Den eigenen zweiten Faktor setzt eine andere Person zurück. Ein neues Gerät "
                "richten Sie selbst unter „Mein Konto“ ein."
            )
        )
    deleted, _details = TOTPDevice.objects.filter(user=user).delete()
    if not deleted:
        raise AccountError(_("Für dieses Konto ist kein zweiter Faktor eingerichtet."))
    _log(user, "second_factor", _("eingerichtet"), _("zurückgesetzt"), by=by)


@transaction.atomic
def unlock_login(username, *, by):
    """Lift the lock after too many failed logins (django-axes) for ``username`` from every
    address. Returns the number of attempt records removed."""
    from axes.utils import reset

    removed = reset(username=username)
    if not removed:
        raise AccountError(_("Für diesen Benutzernamen besteht keine Sperre."))
    user = User.objects.filter(username=username).first()
    if user is not None:
        _log(user, "login_lock", _("gesperrt"), _("aufgehoben"), by=by)
    return removed


@transaction.atomic
def end_all_sessions(user, *, by):
    """Every session of ``user`` ends with its next request, on every device ("Überall
    abmelden"): the session epoch is part of the hash each session is checked against."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    _log(user, "sessions", _("angemeldet"), _("überall abgemeldet"), by=by)

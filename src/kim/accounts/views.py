"""Login (password, then the second factor), "Mein Konto" and the page "Anmeldesicherheit" of
coordination and administration."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import queries, second_factor, services
from .forms import KimPasswordChangeForm, LoginForm, SecondFactorForm
from .models import User

TEMPLATES = "accounts/"
LOGIN_TEMPLATE = "registration/login.html"


class LoginView(auth_views.LoginView):
    """Password first; then straight on to the code (or to setting up the app)."""

    authentication_form = LoginForm
    template_name = LOGIN_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["second_factor_off"] = not second_factor.is_switched_on()
        return context

    def get_success_url(self):
        url = super().get_success_url()
        user = self.request.user
        if not second_factor.needs_verification(user):
            return url
        target = (
            "accounts:second_factor"
            if second_factor.confirmed_device(user)
            else "accounts:second_factor_setup"
        )
        return f"{reverse(target)}?{urlencode({'next': url})}"


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes answers a locked login with this page (``AXES_LOCKOUT_CALLABLE``): the same
    for every user name, existing or not, with the right password or a wrong one."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "form": form,
        "locked_out": True,
        "lock_minutes": minutes,
        "second_factor_off": not second_factor.is_switched_on(),
        "next": request.POST.get("next", ""),
    }
    return render(request, LOGIN_TEMPLATE, context, status=429)


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("home")


def _complete_login(request, device):
    """The session is verified by ``device`` from now on, under a new session key (as at the
    password step), so that a key seen before the code is worth nothing after it."""
    otp_login(request, device)
    request.session.cycle_key()


@never_cache
def second_factor_verify(request):
    """The code after the password, for a user who has set up the app."""
    user = request.user
    if second_factor.confirmed_device(user) is None:
        return redirect(f"{reverse('accounts:second_factor_setup')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_second_factor(user, form.cleaned_data["code"])
        except services.AccountError as exc:
            form.add_error(exc.field, exc.message)
        else:
            _complete_login(request, device)
            return redirect(_next_url(request))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    status = 400 if form.is_bound else 200
    return render(request, TEMPLATES + "second_factor.html", context, status=status)


@never_cache
def second_factor_setup(request):
    """Set up the authenticator app: QR code and secret, confirmed with the first code. A user
    who already has one must first give its code (then this page replaces it)."""
    user = request.user
    if second_factor.confirmed_device(user) is not None and not second_factor.is_verified(user):
        return redirect(f"{reverse('accounts:second_factor')}?{request.GET.urlencode()}")
    device = services.start_second_factor_setup(user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.confirm_second_factor(user, form.cleaned_data["code"])
        except services.AccountError as exc:
            form.add_error(exc.field, exc.message)
        else:
            _complete_login(request, device)
            messages.success(request, _("Der zweite Faktor ist eingerichtet."))
            return redirect(_next_url(request))
    context = {
        "form": form,
        "qr_code": mark_safe(second_factor.qr_code_svg(device)),  # SVG made by segno, no input
        "secret": second_factor.secret_text(device),
        "required": second_factor.is_required_for(user),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    status = 400 if form.is_bound else 200
    return render(request, TEMPLATES + "second_factor_setup.html", context, status=status)


@never_cache
def account(request):
    """ "Mein Konto": second factor, password, sessions."""
    user = request.user
    context = {
        "device": second_factor.confirmed_device(user),
        "second_factor_required": second_factor.is_required_for(user),
        "session_minutes": settings.SESSION_COOKIE_AGE // 60,
    }
    return render(request, TEMPLATES + "account.html", context)


@require_POST
def end_all_sessions(request):
    """ "Überall abmelden": ends this and every other session of the user."""
    services.end_all_sessions(request.user, by=request.user)
    logout(request)
    messages.success(
        request, _("Sie sind jetzt auf allen Geräten abgemeldet. Bitte melden Sie sich neu an.")
    )
    return redirect("login")


@never_cache
def password_change(request):
    form = KimPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # this session stays (with its second factor); the other sessions end
        update_session_auth_hash(request, user)
        messages.success(request, _("Ihr Passwort ist geändert. Andere Sitzungen sind beendet."))
        return redirect("accounts:account")
    status = 400 if form.is_bound else 200
    return render(request, TEMPLATES + "password_change.html", {"form": form}, status=status)


@permission_required("accounts.view_login_security", raise_exception=True)
def login_security(request):
    """Accounts with their second factor, and the current login locks."""
    context = {
        "accounts": queries.accounts_with_second_factor(),
        "locks": queries.current_login_locks(),
        "can_unlock": request.user.has_perm("accounts.unlock_login"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, TEMPLATES + "login_security.html", context)


@require_POST
def reset_second_factor(request, pk):
    account = get_object_or_404(User, pk=pk, is_active=True)
    if not request.user.has_perm("accounts.reset_second_factor", account):
        raise PermissionDenied
    try:
        services.reset_second_factor(account, by=request.user)
    except services.AccountError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Der zweite Faktor von %(name)s ist zurückgesetzt. Bei der nächsten Anmeldung "
                "richtet %(name)s die Authenticator-App neu ein."
            )
            % {"name": account},
        )
    return redirect("accounts:login_security")


@require_POST
def unlock_login(request):
    username = request.POST.get("username", "")
    account = User.objects.filter(username=username).first()
    if not request.user.has_perm("accounts.unlock_login", account):
        raise PermissionDenied
    try:
        services.unlock_login(username, by=request.user)
    except services.AccountError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Die Sperre für „%(name)s“ ist aufgehoben.") % {"name": username}
        )
    return redirect("accounts:login_security")

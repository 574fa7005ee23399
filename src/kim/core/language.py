"""The language of the interface, chosen in the header ("Sprache / Language").

German is the default and the official language of the office; a person may switch to English.
The choice is stored in the ``django_language`` cookie (so that it holds on the login page) and,
once logged in, on the user (``User.language``), which then wins on every device
(``kim.core.middleware.LanguageMiddleware``).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kim.accounts import second_factor

from .forms import KernForm


class LanguageForm(KernForm):
    language = forms.ChoiceField(
        label="Sprache / Language",
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Diese Sprache gibt es in KIM nicht.")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _safe_next(request, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home") if request.user.is_authenticated else reverse("login")


@login_not_required
@require_POST
def set_language(request):
    """Stores the chosen language in the cookie and, for a logged-in user, on the user."""
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(_safe_next(request, request.POST.get("next", "")))
    if not form.is_valid():
        messages.error(request, form.errors.get("language", [_("Bitte eine Sprache wählen.")])[0])
        return response
    language = form.cleaned_data["language"]
    # a half logged-in session (password without the second factor) changes nothing on the user
    user = request.user
    if user.is_authenticated and not second_factor.needs_verification(user):
        user.language = language
        user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect

from . import second_factor

# the pages a user reaches between password and code: the code itself, its setup, leaving
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "login",
        "logout",
        "accounts:second_factor",
        "accounts:second_factor_setup",
        "set_language",
    }
)


class SecondFactorMiddleware:
    """After the password, every page waits for the second factor (``second_factor.py``).

    Comes after django-otp's ``OTPMiddleware``, which marks the session's user as verified.
    Requests with a personal access token of the API (``Authorization: Bearer``) pass: the API
    authenticates them itself and never by the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.headers.get("Authorization", "").startswith("Bearer "):
            return None
        if request.path.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not second_factor.needs_verification(request.user):
            return None
        target = "accounts:second_factor"
        if second_factor.confirmed_device(request.user) is None:
            target = "accounts:second_factor_setup"
        response = redirect(target)
        if request.method == "GET":
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response

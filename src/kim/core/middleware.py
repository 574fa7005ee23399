from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """German for everyone unless the user chose another language (``set_language`` cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: an office PC with
    an English browser still shows the German UI, which is the official language of the office.
    Once logged in, the language stored on the user (``User.language``, kim/core/language.py)
    wins over the cookie; it is looked at in ``process_view``, when the user is known.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if chosen in self.available and chosen != request.LANGUAGE_CODE:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen

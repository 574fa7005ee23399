from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """German for everyone unless the user chose another language (``set_language`` cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: an office PC with
    an English browser still shows the German UI, which is the official language of the office.
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
        response.headers.setdefault("Content-Language", language)
        return response

"""Production: everything security-relevant on; the secret key must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, DEVELOPMENT_FIELD_ENCRYPTION_KEY, MIDDLEWARE, env, keep_connections

SECRET_KEY = env.str("KIM_SECRET_KEY")
# health notes and residence details are stored encrypted (kim/core/encryption.py): no start
# without a key, and never with the development key
KIM_FIELD_ENCRYPTION_KEYS = [
    k.strip() for k in env.list("KIM_FIELD_ENCRYPTION_KEYS", default=[]) if k.strip()
]
if not KIM_FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "KIM_FIELD_ENCRYPTION_KEYS ist nicht gesetzt: Ohne Schlüssel für die verschlüsselten "
        "Felder (Gesundheitsangaben, Aufenthaltsdetails) startet KIM im Betrieb nicht. Einen "
        'Schlüssel erzeugt: python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())" (README, Abschnitt „Verschlüsselung“).'
    )
if DEVELOPMENT_FIELD_ENCRYPTION_KEY in KIM_FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "KIM_FIELD_ENCRYPTION_KEYS enthält den öffentlich bekannten Entwicklungsschlüssel; im "
        "Betrieb ist er nicht erlaubt. Bitte einen eigenen Schlüssel erzeugen (README, Abschnitt "
        "„Verschlüsselung“)."
    )
DEBUG = False
# each gunicorn worker keeps its connection: a new one costs milliseconds on every page
keep_connections(DATABASES, env.int("KIM_DB_CONN_MAX_AGE", default=60))
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("KIM_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("KIM_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("KIM_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading binds the whole domain of the district, not only KIM: the operator decides (and
# submits the domain to the browsers' list); without it, check --deploy's reminder is silenced.
SECURE_HSTS_PRELOAD = env.bool("KIM_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# "__Host-" cookies are sent only over HTTPS, only to this host, never to a subdomain
SESSION_COOKIE_NAME = "__Host-kim-session"
CSRF_COOKIE_NAME = "__Host-kim-csrftoken"
# the second factor cannot be switched off in production
KIM_REQUIRE_SECOND_FACTOR = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# WhiteNoise serves the collected static files (KERN UX, htmx) without a separate web server.
MIDDLEWARE = [
    MIDDLEWARE[0],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[1:],
]

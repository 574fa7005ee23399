"""Base settings of KIM.

Every setting that an operator may change is read from an environment variable here, and only
here. The thin modules beside this one (``dev``, ``test``, ``production``) set defaults for their
purpose and nothing else.

Environment variables
---------------------
``DJANGO_SETTINGS_MODULE``
    ``kim.settings.dev`` (default of ``manage.py``), ``kim.settings.test`` or
    ``kim.settings.production``.
``KIM_SECRET_KEY``
    Secret key for signing sessions and tokens. Required in production.
``KIM_DEBUG``
    ``true`` shows tracebacks in the browser. Never in production. Default: ``false``.
``KIM_ALLOWED_HOSTS``
    Comma-separated host names the application answers to. Default: ``localhost,127.0.0.1``.
``DATABASE_URL``
    Database to use, e.g. ``postgres://kim@127.0.0.1:5432/kim`` (PostgreSQL through psycopg 3).
    Default: an SQLite file ``db.sqlite3`` in the project folder.
``KIM_REPORTS_DATABASE_URL``
    Optional read replica of the PostgreSQL database (streaming replication) for the reads of
    the dashboard, the state controlling report and its exports (kim/core/routers.py). Default:
    none, everything reads from ``DATABASE_URL``.
``KIM_DB_CONN_MAX_AGE``
    Seconds a worker keeps its database connection open for the next request (Django's
    ``CONN_MAX_AGE``, with a health check before reuse). A new PostgreSQL connection costs a
    process on the server and a cold catalogue cache: several milliseconds per page. ``0``
    closes it after every request (for PgBouncer in transaction mode either works). Default:
    ``0``; ``60`` in ``kim.settings.production``.
``KIM_TIME_ZONE``
    Default: ``Europe/Berlin``.
``KIM_CSRF_TRUSTED_ORIGINS``
    Comma-separated origins (``https://kim.example.de``) behind a TLS-terminating proxy.
``KIM_MEDIA_ROOT``
    Folder for uploaded documents of cases. Outside the web root; files are served only through
    views that check the permission. Default: ``var/media`` in the project folder.
``KIM_FIELD_ENCRYPTION_KEYS``
    Comma-separated keys for the fields stored encrypted (health notes, residence details;
    kim/core/encryption.py). The first key encrypts, every key decrypts: for a new key put it
    first, run ``manage.py rotate_field_encryption``, then drop the old one. A new key comes from
    ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
    Keep the keys apart from the database backups: without them the encrypted texts are lost.
    Required in production; ``kim.settings.dev`` and ``kim.settings.test`` use a fixed
    development key that production refuses.
``KIM_EMAIL_BACKEND``, ``KIM_EMAIL_HOST``, ``KIM_EMAIL_PORT``, ``KIM_DEFAULT_FROM_EMAIL``
    Mail delivery of approved minutes. Default: printed to the console.
``KIM_SESSION_AGE_MINUTES``
    Minutes of inactivity after which a session ends (to the minute: the session is renewed
    at most once a minute, kim/core/sessions.py). Default: ``60``.
``KIM_REQUIRE_SECOND_FACTOR``
    ``true``: after the password, a code from an authenticator app (TOTP) for every role that
    sees case data or other users' data (kim/accounts/second_factor.py). ``false`` only for a
    demo; the login page then says so. Default: ``true``; ``false`` in ``kim.settings.dev``;
    ``kim.settings.production`` ignores the variable (always on).
``KIM_LOGIN_FAILURE_LIMIT``, ``KIM_LOGIN_LOCK_MINUTES``
    After this many failed logins with one user name from one address, logins with that name
    from there are refused for this many minutes (django-axes); administration can lift the lock
    earlier (page "Anmeldesicherheit"). Defaults: ``5`` and ``30``.
``KIM_TRUSTED_PROXY_COUNT``
    Number of the operator's reverse proxies in front of KIM that append to
    ``X-Forwarded-For``. ``0``: the header is ignored and the log records the address of the
    connection; ``1`` behind one proxy (nginx with ``proxy_add_x_forwarded_for``): the last
    address of the header. Never more than there really are: a client can send the header
    itself. Default: ``0``.
``KIM_EXPORTS_IN_BACKGROUND``
    ``true`` runs report exports in a background thread with a progress page (reports/services);
    ``false`` runs them in the request (the test suite). Default: ``true``.
``KIM_REPORT_FIGURES_MAX_AGE_MINUTES``
    How long computed figures of the dashboard and the state controlling report are kept and
    shown with their "Stand" before a request computes them anew (reports/snapshots.py); "Neu
    berechnen" on the page always computes at once. ``0`` keeps nothing. Default: ``60``.
``KIM_REPORT_QUERY_THREADS``
    How many indicators of the state controlling report are computed at once, each on its own
    database connection (use the number of cores of the database server). Default: ``2``.
"""

import datetime
from pathlib import Path

import environ

# src/kim/settings/base.py -> project folder is three levels up from src/kim
PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

env = environ.Env()

SECRET_KEY = env.str("KIM_SECRET_KEY", default="")
DEBUG = env.bool("KIM_DEBUG", default=False)
ALLOWED_HOSTS = env.list("KIM_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("KIM_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # "rest_framework" is left out on purpose: its German catalogue would replace Django's own
    # German form messages ("Dieses Feld ist zwingend erforderlich." …) in every app; the API
    # words its messages itself (kim/api/problems.py) and renders JSON only
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kim.core",
    "kim.accounts",
    "kim.directory",
    "kim.cases",
    "kim.hurdles",
    "kim.staffing",
    "kim.governance",
    "kim.targetsystems",
    "kim.reports",
    "kim.residence",
    "kim.api",
    "kim.audit",
    "kim.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Django's, with the expiry renewed at most once a minute instead of on every request
    "kim.core.sessions.SessionMiddleware",
    "kim.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kim.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # django-auditlog's middleware with an address a client cannot make up (kim/audit)
    "kim.audit.middleware.AuditMiddleware",
    # turns a login refused for too many failures into the login page with the lock message
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kim.urls"
WSGI_APPLICATION = "kim.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kim.core.context_processors.navigation",
            ],
        },
    },
]
# Form fields render with KERN UX markup (label, hint, error linked by aria-describedby).
FORM_RENDERER = "kim.core.forms.KernFormRenderer"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{PROJECT_DIR / 'db.sqlite3'}"),
}
# reports may read from a replica (kim/core/routers.py); without one the router does nothing
if env.str("KIM_REPORTS_DATABASE_URL", default=""):
    DATABASES["reports"] = env.db_url("KIM_REPORTS_DATABASE_URL")
DATABASE_ROUTERS = ["kim.core.routers.ReportsReplicaRouter"]


def keep_connections(databases, seconds):
    """Keep each worker's database connections open for ``seconds`` (``KIM_DB_CONN_MAX_AGE``)."""
    for database in databases.values():
        database["CONN_MAX_AGE"] = seconds
        database["CONN_HEALTH_CHECKS"] = seconds > 0


keep_connections(DATABASES, env.int("KIM_DB_CONN_MAX_AGE", default=0))
# Health notes and residence details are stored encrypted (kim/core/encryption.py).
KIM_FIELD_ENCRYPTION_KEYS = env.list("KIM_FIELD_ENCRYPTION_KEYS", default=[])
# For development and tests only, NEVER for real data (it decodes to
# "KIM-dev-only-NOT-for-production!"); kim.settings.production refuses to start with it.
DEVELOPMENT_FIELD_ENCRYPTION_KEY = "S0lNLWRldi1vbmx5LU5PVC1mb3ItcHJvZHVjdGlvbiE="
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # refuses logins of a locked user name before any password is checked (django-axes)
    "axes.backends.AxesStandaloneBackend",
    # object-level rules (kim.*.rules) first
    "rules.permissions.ObjectPermissionBackend",
    # role permissions held by groups: Django's ModelBackend, roles and permissions in one query
    "kim.accounts.backends.RoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# BSI IT-Grundschutz ORP.4: long or varied, not common, not the name; no forced change
# (kim/accounts/passwords.py)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"kim.accounts.passwords.{name}"}
    for name in (
        "MinimumLengthValidator",
        "PassphraseOrMixedValidator",
        "UserAttributeSimilarityValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

SESSION_COOKIE_AGE = env.int("KIM_SESSION_AGE_MINUTES", default=60) * 60
# the inactivity timeout is renewed by kim.core.sessions.SessionMiddleware (at most once a minute)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp): scripts only from KIM's own static files – no inline
# scripts, no event handler attributes, no eval (a test walks the templates for them). Styles
# allow 'unsafe-inline': the KERN header component writes a <style> into its shadow DOM and some
# templates size charts with style attributes; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Second factor (django-otp, TOTP): who must give one is in kim/accounts/second_factor.py
KIM_REQUIRE_SECOND_FACTOR = env.bool("KIM_REQUIRE_SECOND_FACTOR", default=True)
OTP_TOTP_ISSUER = "KIM"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lock-out after failed logins (django-axes), per user name and address, so that nobody locks a
# whole office behind one proxy; the lock looks the same for existing and unknown user names.
AXES_FAILURE_LIMIT = env.int("KIM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("KIM_LOGIN_LOCK_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kim.accounts.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "kim.audit.middleware.client_address"
# no user names or addresses in the application log (they are masked there)
AXES_VERBOSE = False

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.str("KIM_TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True
# dates and numbers per language: de 24.11.2026 and 1.234,5 (Django's own German formats), en
# 24/11/2026 and 1,234.5 (kim/formats/en). Numbers that go into HTML attributes, SVG coordinates
# or URLs are printed with |unlocalize or inside {% localize off %}.
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["kim.formats"]

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
# Front-end packages come from the npm registry (package-lock.json) and are served from
# node_modules by Django/WhiteNoise: nothing is loaded from the internet at run time.
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/kern", NODE_MODULES / "@kern-ux" / "native" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]

# Uploaded documents: never under STATIC_ROOT, and no URL serves MEDIA_ROOT directly.
MEDIA_ROOT = env.path("KIM_MEDIA_ROOT", default=PROJECT_DIR / "var" / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# E-mail (minutes are passed on by mail). Console backend unless an SMTP host is configured.
EMAIL_BACKEND = env.str(
    "KIM_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env.str("KIM_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("KIM_EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("KIM_DEFAULT_FROM_EMAIL", default="kim@localhost")

# Report exports (state controlling XLSX/CSV/PDF) run in a background thread so that a long
# export does not block the request; the page shows the progress (kim/reports/services.py).
KIM_EXPORTS_IN_BACKGROUND = env.bool("KIM_EXPORTS_IN_BACKGROUND", default=True)
# Figures of the dashboard and the state report are kept for a while ("Stand", issue #12): at
# state scale they take seconds to compute. Kept in a database table (created by the migration
# reports/0002), so that every application server shows the same figures.
KIM_REPORT_FIGURES_MAX_AGE_MINUTES = env.int("KIM_REPORT_FIGURES_MAX_AGE_MINUTES", default=60)
# the indicators of the state report are computed this many at once, each on its own database
# connection (reports/indicators.py evaluate_all)
KIM_REPORT_QUERY_THREADS = env.int("KIM_REPORT_QUERY_THREADS", default=2)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reports": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kim_report_figures",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# REST API under /api/v1/ (kim/api): read-only, personal access tokens ("Authorization: Bearer
# kim_…", page "API-Zugänge"), or the browser session for the documentation page; errors as
# application/problem+json in German; OpenAPI 3 schema by drf-spectacular, whose Swagger UI is
# served from the drf-spectacular-sidecar package (no CDN).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kim.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "kim.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "kim.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "kim.api.schema.KimAutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KIM-API",
    "DESCRIPTION": (
        "Lesender Zugriff auf KIM: Verzeichnis der Integrationsakteure und "
        "Zuständigkeitsfinder, Klient:innen und Fälle, Meldebögen, Themen und generative "
        "Themen, Kennzahlen des Landescontrollings. Es gelten dieselben Rechte wie in der "
        "Oberfläche; jeder Abruf von Falldaten "
        "wird protokolliert. Anmeldung mit einem persönlichen Zugangsschlüssel "
        "(„Authorization: Bearer kim_…“), angelegt unter „API-Zugänge“. Fehler kommen als "
        "application/problem+json (RFC 9457)."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"CasePhaseEnum": "kim.cases.models.CasePhase"},
}

# Audit trail: changes of these models keep old and new values (django-auditlog).
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
# the address of a log entry is the connection's, unless this many reverse proxies of the
# operator stand in front of KIM; then it is taken from X-Forwarded-For (kim/audit/middleware.py)
KIM_TRUSTED_PROXY_COUNT = env.int("KIM_TRUSTED_PROXY_COUNT", default=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("KIM_LOG_LEVEL", default="INFO")},
}

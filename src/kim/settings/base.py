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
``KIM_TIME_ZONE``
    Default: ``Europe/Berlin``.
``KIM_CSRF_TRUSTED_ORIGINS``
    Comma-separated origins (``https://kim.example.de``) behind a TLS-terminating proxy.
``KIM_MEDIA_ROOT``
    Folder for uploaded documents of cases. Outside the web root; files are served only through
    views that check the permission. Default: ``var/media`` in the project folder.
``KIM_EMAIL_BACKEND``, ``KIM_EMAIL_HOST``, ``KIM_EMAIL_PORT``, ``KIM_DEFAULT_FROM_EMAIL``
    Mail delivery of approved minutes. Default: printed to the console.
``KIM_SESSION_AGE_MINUTES``
    Minutes of inactivity after which a session ends. Default: ``60``.
"""

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
    "kim.core",
    "kim.accounts",
    "kim.directory",
    "kim.cases",
    "kim.hurdles",
    "kim.staffing",
    "kim.governance",
    "kim.targetsystems",
    "kim.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kim.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # object-level rules (kim.*.rules) first, then role permissions held by groups
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = env.int("KIM_SESSION_AGE_MINUTES", default=60) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env.str("KIM_TIME_ZONE", default="Europe/Berlin")
USE_I18N = True
USE_TZ = True

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

# Audit trail: changes of these models keep old and new values (django-auditlog).
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("KIM_LOG_LEVEL", default="INFO")},
}

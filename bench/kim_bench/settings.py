"""Production settings for the benchmark server (bench/run.py): ``kim.settings.production`` as
it is, with plain HTTP on loopback instead of TLS, the collected static files in a temporary
folder, and the bench app (admin change list of cases as a reference page)."""

import os

from kim.settings.production import *  # noqa: F403
from kim.settings.production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "kim_bench"]
# the benchmark talks plain HTTP over loopback: no redirect to HTTPS, cookies without "Secure"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# "__Host-" cookies need "Secure"; over plain HTTP the ordinary names
SESSION_COOKIE_NAME = "kim-session"
CSRF_COOKIE_NAME = "kim-csrftoken"
# the load users log in with their password only: the second factor (TOTP) is a step of the
# login, not of the pages measured (brief of issue #12)
KIM_REQUIRE_SECOND_FACTOR = False
STATIC_ROOT = os.environ.get("KIM_BENCH_STATIC_ROOT", "/tmp/kim-bench-static")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

"""Test suite (``make test``): fast password hashing, no debug."""

from .base import *  # noqa: F403
from .base import DEVELOPMENT_FIELD_ENCRYPTION_KEY, env

SECRET_KEY = env.str("KIM_SECRET_KEY", default="test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# the fixed development key, not for real data (production refuses it)
KIM_FIELD_ENCRYPTION_KEYS = env.list(
    "KIM_FIELD_ENCRYPTION_KEYS", default=[DEVELOPMENT_FIELD_ENCRYPTION_KEY]
)
# as in production; the shared test client logs in with both factors (kim/conftest.py)
KIM_REQUIRE_SECOND_FACTOR = True
# exports run in the request, so that a test sees the finished job (reports/services.py)
KIM_EXPORTS_IN_BACKGROUND = False
# figures are computed for every request, so that a test sees the data it has just made; the
# tests of reports/snapshots.py switch keeping on
KIM_REPORT_FIGURES_MAX_AGE_MINUTES = 0
# one indicator after the other: the test data live in one transaction that the connections of
# other threads cannot see
KIM_REPORT_QUERY_THREADS = 1
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

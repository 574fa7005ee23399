"""Local development and the demo (``make run``): debug on, a fixed insecure key."""

from .base import *  # noqa: F403
from .base import DEVELOPMENT_FIELD_ENCRYPTION_KEY, env

DEBUG = env.bool("KIM_DEBUG", default=True)
SECRET_KEY = env.str("KIM_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
# the fixed development key, not for real data (production refuses it)
KIM_FIELD_ENCRYPTION_KEYS = env.list(
    "KIM_FIELD_ENCRYPTION_KEYS", default=[DEVELOPMENT_FIELD_ENCRYPTION_KEY]
)
# the demo logins work with the password alone; the login page says so (production: always on)
KIM_REQUIRE_SECOND_FACTOR = env.bool("KIM_REQUIRE_SECOND_FACTOR", default=False)

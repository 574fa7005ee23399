"""Local development and the demo (``make run``): debug on, a fixed insecure key."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("KIM_DEBUG", default=True)
SECRET_KEY = env.str("KIM_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim.settings.production")
application = get_wsgi_application()

# the URL configuration with all views is imported when a worker starts, not on its first
# request: that request would wait about half a second for it (issue #12)
get_resolver().url_patterns  # noqa: B018

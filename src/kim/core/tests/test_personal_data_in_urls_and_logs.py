"""No personal data in URL paths or in KIM's own log.

URL paths carry only numbers and fixed words (``<int:pk>``, ``<slug:kind>``), never a name. The
searches by name (clients, cases) stay GET forms, so that a result list can be bookmarked, paged
and reloaded; their query string therefore reaches the web server's access log. KIM does not log
it: Django logs only the path of a failed request, django-axes masks user names and addresses.
The operator configures the reverse proxy to log paths without query strings (README,
"Datenschutz und Sicherheit"); pages send ``Referrer-Policy: same-origin`` and load nothing from
elsewhere (Content Security Policy), so no other site sees a query either.
"""

import logging

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# converters whose values are numbers or fixed words, never personal data
SAFE_CONVERTERS = {"IntConverter", "SlugConverter"}
# parameters that are not int or slug, each with why it carries no personal data
OTHER_PARAMETERS = {
    "file_format": "the format of a download (pdf, json)",
    "variant": "as-is or to-be step of a service chain",
}
# Django's admin names its objects by primary key
ADMIN = "admin/"


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_url_paths_carry_no_free_text():
    unsafe = []
    for route, entry in _patterns(get_resolver()):
        if route.startswith(ADMIN):
            continue
        converters = getattr(entry.pattern, "converters", {})
        for name, converter in converters.items():
            if type(converter).__name__ not in SAFE_CONVERTERS and name not in OTHER_PARAMETERS:
                unsafe.append(f"{route}: <{name}>")
    assert unsafe == []


@pytest.mark.django_db
def test_a_failed_request_logs_its_path_but_not_the_query(as_user, caplog):
    client = as_user("case_manager")
    with caplog.at_level(logging.INFO):
        response = client.get("/cases/clients/999999/", {"q": "Mustermann"})
    assert response.status_code == 404
    assert "/cases/clients/999999/" in caplog.text
    assert "Mustermann" not in caplog.text

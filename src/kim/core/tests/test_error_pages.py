"""Error pages in the KIM frame and in German (English for English users): 404 for an unknown
page or an object one may not see, 403 for a page the role does not allow, and a 500 page that
needs neither the request nor the database and says that the last step was not saved."""

import pytest
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_a_404_in_the_kim_frame(as_user):
    response = as_user("case_manager").get("/gibt-es-nicht/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Seite nicht gefunden" in page
    assert "Zum Inhalt springen" in page  # the frame of every KIM page
    assert "Not Found" not in page


def test_a_page_the_role_does_not_allow_is_a_403_in_german(as_user):
    response = as_user("external_partner").get("/reports/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Keine Berechtigung" in page and "Administration" in page


def test_the_403_page_in_english(as_user, external_partner):
    external_partner.language = "en"
    external_partner.save()
    page = as_user("external_partner").get("/reports/").content.decode()
    assert "Keine Berechtigung" not in page and "No permission" in page


def test_the_500_page_renders_without_a_request():
    page = render_to_string("500.html")
    assert "nicht</strong> gespeichert" in page
    assert 'lang="en"' in page

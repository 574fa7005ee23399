"""The main navigation shows each role what it may use, and nothing else."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav_labels(response):
    return [str(entry["label"]) for entry in response.context["main_navigation"]]


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        (
            "case_manager",
            [
                "Start",
                "Fälle",
                "Klient:innen",
                "Kalender",
                "Vertretungen",
                "Meldebögen",
                "Berichte",
                "Sprechzeiten",
                "Einsatzgebiete",
                "Zuständigkeitsfinder",
                "Kommunen",
            ],
        ),
        (
            "coordinator",
            [
                "Start",
                "Fälle",
                "Klient:innen",
                "Fallübersicht",
                "Vertretungen",
                "Bleiberecht/Einbürgerung",
                "Meldebögen",
                "Generative Themen",
                "Gremien",
                "Zielsysteme",
                "Berichte",
                "Personal",
                "Sprechzeiten",
                "Einsatzgebiete",
                "Zuständigkeitsfinder",
                "Kommunen",
                "Protokoll",
                "Löschkonzept",
            ],
        ),
        (
            "administrator",
            ["Start", "Zuständigkeitsfinder", "Kommunen", "Verzeichnis pflegen", "Löschkonzept"],
        ),
        ("external_partner", ["Start", "Meldebögen"]),
        (
            "steering_member",
            [
                "Start",
                "Generative Themen",
                "Gremien",
                "Zielsysteme",
                "Berichte",
                "Zuständigkeitsfinder",
                "Kommunen",
            ],
        ),
        ("auditor", ["Start", "Protokoll", "Löschkonzept"]),
    ],
)
def test_navigation_per_role(as_user, user, expected):
    response = as_user(user).get(reverse("home"))
    assert response.status_code == 200
    assert _nav_labels(response) == expected


def test_page_frame_has_skip_link_and_kern_assets(as_user):
    html = as_user("case_manager").get(reverse("home")).content.decode()
    assert 'href="#main"' in html
    assert "vendor/kern/kern.min.css" in html
    assert "vendor/htmx/htmx.min.js" in html
    assert "https://" not in html.split("<body")[0]  # nothing from the internet in <head>

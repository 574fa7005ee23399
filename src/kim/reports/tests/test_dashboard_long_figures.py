"""At state scale a figure of the dashboard has 400 municipalities or 1,000 case managers: the
page shows the 30 largest rows in chart and table, largest first, and links to one page with all
rows for the same filter (issue #12). Shorter figures stay whole."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.factories import CaseFactory, ClientFactory
from kim.directory.tests.factories import MunicipalityFactory
from kim.reports.dashboard import EXCERPT_ROWS

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
TABLE = reverse("reports:dashboard_table", args=["open_per_municipality"])


@pytest.fixture
def many_municipalities(case_manager):
    """35 municipalities with one open case each; "Großstadt" has three."""
    opened = timezone.localdate().replace(month=1, day=1)
    towns = [MunicipalityFactory(name=f"Gemeinde {n:02d}") for n in range(34)]
    towns.append(MunicipalityFactory(name="Großstadt"))
    for town in towns:
        CaseFactory(
            client=ClientFactory(municipality=town), case_manager=case_manager, opened_on=opened
        )
    for _ in range(2):
        CaseFactory(
            client=ClientFactory(municipality=towns[-1]),
            case_manager=case_manager,
            opened_on=opened,
        )
    return towns


def _figure(response, key):
    return next(f for f in response.context["dashboard"].figures if f.key == key)


def test_a_long_figure_shows_its_largest_rows_and_links_to_all(as_user, many_municipalities):
    response = as_user("coordinator").get(URL)
    assert response.status_code == 200
    figure = _figure(response, "open_per_municipality")
    assert len(figure.rows) >= 35
    assert figure.is_excerpt and len(figure.excerpt) == EXCERPT_ROWS
    assert figure.excerpt[0].label == "Großstadt"  # the largest first
    assert len(figure.chart.groups) == EXCERPT_ROWS  # the chart draws the same rows
    section = response.content.decode().split('id="chart-open-per-municipality-heading"')[1]
    section = section.split("</section>")[0]
    assert f"Gezeigt: die {EXCERPT_ROWS} von {len(figure.rows)} Zeilen" in section
    assert len(re.findall(r'<tr class="kern-table__row"><th scope="row"', section)) == (
        EXCERPT_ROWS + 1  # and the total
    )
    assert f'href="{TABLE}"' in section


def test_the_table_page_has_every_row_for_the_same_filter(as_user, many_municipalities):
    client = as_user("coordinator")
    board = _figure(client.get(URL), "open_per_municipality")
    response = client.get(TABLE)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["figure"].title == board.title
    for town in many_municipalities:
        assert f">{town.name}</th>" in page
    assert f"{len(board.rows)} Zeilen" in page
    # the filter goes along: a period in which nothing was open gives a table of zeros
    year = timezone.localdate().year
    earlier = client.get(TABLE, {"start": f"{year - 5}-01-01", "end": f"{year - 5}-12-31"})
    assert "Zeitraum und Filter: 01.01." in earlier.content.decode()
    assert all(row.cells["open"].value == 0 for row in earlier.context["figure"].rows)


def test_a_short_figure_stays_whole(as_user, many_municipalities):
    figure = _figure(as_user("coordinator").get(URL), "open_per_phase")
    assert not figure.is_excerpt
    assert figure.excerpt == figure.rows


def test_the_steering_group_reads_the_table_anonymised(as_user, many_municipalities):
    response = as_user("steering_member").get(TABLE)
    assert response.status_code == 200
    cells = [row.cells["open"] for row in response.context["figure"].rows]
    assert any(cell.suppressed for cell in cells)  # single cases are not shown as 1


def test_unknown_figure_and_bad_filter(as_user):
    client = as_user("coordinator")
    missing = client.get(reverse("reports:dashboard_table", args=["no_such_figure"]))
    assert missing.status_code == 404
    bad = client.get(TABLE, {"start": "gestern"})
    assert bad.status_code == 200
    assert bad.context["figure"] is None
    assert "Bitte prüfen Sie die Filter" in bad.content.decode()


@pytest.mark.parametrize("role", ["external_partner", "auditor", "administrator"])
def test_roles_without_the_dashboard_get_403(as_user, role):
    assert as_user(role).get(TABLE).status_code == 403


def test_the_table_link_and_the_way_back_do_not_recompute(as_user, many_municipalities):
    client = as_user("coordinator")
    page = client.get(URL, {"neu": "1"}).content.decode()
    assert f'href="{TABLE}?"' in page or f'href="{TABLE}"' in page
    assert "neu=1" not in page.split(TABLE)[1].split('"')[0]
    table = client.get(TABLE, {"neu": "1"})
    assert table.status_code == 200
    back = table.content.decode().split("Zurück zum Dashboard")[0].rsplit('href="', 1)[1]
    assert "neu" not in back

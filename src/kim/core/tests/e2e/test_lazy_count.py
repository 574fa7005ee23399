"""The Löschkonzept page loads the count of persons due for erasure after the page (htmx, it takes
seconds in a large installation). In the browser the count replaces "werden gezählt …"; when the
request fails (an error of the server, no connection), the page says so and offers to count
again, instead of "werden gezählt …" for ever."""

import pytest

from . import axe
from .conftest import screenshot

pytestmark = pytest.mark.slow

USER = "jonas.keller"  # coordination
WAITING = "Die heute zur Löschung fälligen Personen werden gezählt"


def _is_count_request(url):
    return "/privacy/" in url and "faellig=1" in url


def test_the_count_replaces_the_waiting_text(page, login):
    login(USER, "/privacy/")
    # the answer replaces the <p> that waits for it with a <div> of the same id
    count = page.locator("div#due-count")
    count.wait_for()
    assert "zur Löschung fällig" in count.inner_text()
    assert WAITING not in page.locator("main").inner_text()


def test_while_counting_only_the_waiting_text_shows(page, login):
    # the count request is held until the test answers it
    held = []
    page.route(_is_count_request, lambda route: held.append(route))
    login(USER, "/privacy/")
    page.wait_for_function("() => document.querySelector('#due-count[data-kim-lazy]')")
    for _ in range(200):  # htmx asks on load; at most 10 s
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "die Zählung wurde nicht angefragt"
    assert page.get_by_text(WAITING).is_visible()
    assert not page.get_by_text(
        "Die fälligen Personen konnten gerade nicht gezählt werden."
    ).is_visible()
    held[0].fulfill(status=500, body="Serverfehler", content_type="text/plain")
    page.get_by_text("Erneut zählen").wait_for()
    assert not page.get_by_text(WAITING).is_visible()


def test_a_failed_count_says_so_and_offers_to_count_again(page, login):
    # the count request fails as when the server answers with an error
    page.route(
        _is_count_request,
        lambda route: route.fulfill(status=500, body="Serverfehler", content_type="text/plain"),
    )
    login(USER, "/privacy/")
    failed = page.get_by_text("Die fälligen Personen konnten gerade nicht gezählt werden.")
    failed.wait_for()
    assert failed.is_visible()
    assert not page.get_by_text(WAITING).is_visible()
    assert page.locator("#due-count").get_attribute("aria-busy") == "false"
    again = page.get_by_role("link", name="Erneut zählen")
    assert again.is_visible()
    axe.check(page, "/privacy/ (Zählen fehlgeschlagen)")
    screenshot(page, "privacy-count-failed")
    # the link counts without htmx, on the whole page (here the request succeeds again)
    page.unroute(_is_count_request)
    again.click()
    page.wait_for_url("**/privacy/?faellig=1")
    assert "zur Löschung fällig" in page.locator("div#due-count").inner_text()


def test_no_connection_for_the_count_says_so_as_well(page, login):
    page.route(_is_count_request, lambda route: route.abort("connectionrefused"))
    login(USER, "/privacy/")
    page.get_by_text("Die fälligen Personen konnten gerade nicht gezählt werden.").wait_for()
    assert not page.get_by_text(WAITING).is_visible()

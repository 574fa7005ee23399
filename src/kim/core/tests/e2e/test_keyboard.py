"""Keyboard: from the top of a case page the first Tab reaches the visible skip link, and Enter
moves the focus to the main content."""

import re

import pytest

from . import axe

pytestmark = pytest.mark.slow


def test_the_skip_link_is_the_first_stop_and_moves_the_focus_to_main(page, login):
    login("anna.berger")
    page.locator("main section", has_text="Meine offenen Fälle").locator("a").first.click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    axe.check(page, "/cases/<pk>/")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            const box = element.getBoundingClientRect();
            return {
                href: element.getAttribute("href"),
                text: element.innerText,
                outline: style.outlineStyle,
                outlineWidth: parseFloat(style.outlineWidth),
                visible: box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth,
            };
        }"""
    )
    assert focused["href"] == "#main"
    assert focused["text"] == "Zum Inhalt springen"
    assert focused["visible"]
    assert focused["outline"] != "none" and focused["outlineWidth"] >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop lies inside the main content
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")

"""The quality pages in a real browser: the charts draw under the CSP with no console error, at 1280 and
390 px wide, with the demo ACOs' reported quality."""

import os

import pytest

from acoms import demo
from browser_support import log_in

pytestmark = pytest.mark.browser

PAGES = [
    ("aco-executive", "/aco/A1001/quality/2026/", "scores"),
    ("aco-data", "/aco/A1001/quality/2026/report/", "report"),
    ("cms-reviewer", "/quality/2026/", "national"),
    ("cms-reviewer", "/quality/2026/reporting/", "status"),
]


@pytest.mark.parametrize(("user", "path", "name"), PAGES)
def test_quality_pages_draw_without_a_console_error(browser_page, live_server, transactional_db, user, path, name):
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    demo.seed()
    log_in(page, live_server, user)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        charts = page.locator(".acoms-chart")
        if charts.count():
            charts.first.locator("svg").first.wait_for()
            assert charts.first.locator("svg .mark-rect path").count() > 0
        ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
        assert len(ids) == len(set(ids)), "duplicate ids"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px wider than {width}px"
        if os.environ.get("ACOMS_SCREENSHOTS"):
            shot = os.path.join(os.environ["ACOMS_SCREENSHOTS"], f"quality-{name}-{width}.png")
            page.screenshot(path=shot, full_page=True)
    assert errors == []

"""Charts draw in a real browser under the site's Content-Security-Policy, with their figures as a table."""

import os

import pytest

from acoms import demo

pytestmark = pytest.mark.browser


def test_the_review_funnel_draws_as_svg_without_a_console_error(browser_page, live_server, transactional_db):
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    demo.seed()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill("cms-reviewer")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/cms/dashboard/")
    chart = page.locator(".acoms-chart").first
    chart.locator("svg").first.wait_for()
    assert chart.locator("svg .mark-rect path").count() > 0  # the bars were drawn
    assert "Show the figures as a table" in chart.inner_text()
    assert chart.locator("table tbody tr").count() > 0
    if os.environ.get("ACOMS_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ACOMS_SCREENSHOTS"], "dashboard-chart.png"), full_page=True)
    assert errors == []

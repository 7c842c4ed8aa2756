"""The header's search box, the dashboard's charts, the ACO home's estimate chart, the registry and the audit log in
a real browser under the site's Content-Security-Policy: drawn with no console error, no sideways scrolling at
390 px. Set ACOMS_SCREENSHOTS to a folder to keep screenshots at 1280 and 390 px."""

import os

import pytest
from django.utils import timezone

from acoms import demo
from acoms.accounts.models import Organization, User
from acoms.participants.models import EstimateRun
from browser_support import log_in

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
# The elements of `scope` wider than the window and not inside a scrolling box, outermost first (empty when nothing
# makes the page scroll sideways).
WIDEST = """(scope) => {
  const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  return [...document.querySelectorAll(scope + ' *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e))
    .slice(0, 3).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
}"""


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _look(page, name: str, scope: str = "body") -> None:
    """At each width: nothing in `scope` wider than the window; a screenshot when asked for."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(300)  # the charts re-fit their container
        if os.environ.get("ACOMS_SCREENSHOTS"):
            page.screenshot(path=os.path.join(os.environ["ACOMS_SCREENSHOTS"], f"{name}-{width}.png"), full_page=True)
        wide = page.evaluate(WIDEST, scope)
        assert not wide, f"{name} scrolls sideways at {width}px: {wide}"
    page.set_viewport_size({"width": 1280, "height": 900})


def _drawn(page, count: int) -> None:
    charts = page.locator(".acoms-chart")
    assert charts.count() == count
    for i in range(count):
        charts.nth(i).locator("svg").first.wait_for()
        assert charts.nth(i).locator("svg .role-mark path, svg .role-mark line, svg .mark-rect path").count() > 0


def test_dashboard_charts_draw_without_a_console_error(browser_page, live_server, transactional_db):
    page = browser_page
    errors = _watch(page)
    demo.seed()
    log_in(page, live_server, "cms-analyst")
    page.goto(live_server.url + "/cms/dashboard/")
    drawn = page.locator(".acoms-chart")
    _drawn(page, drawn.count())
    keys = [drawn.nth(i).locator("[data-chart]").get_attribute("data-chart") for i in range(drawn.count())]
    assert {"noias-by-cycle-spec", "applications-by-cycle-spec"} <= set(keys)
    _look(page, "search-dashboard")
    assert errors == []


def test_the_aco_home_draws_the_estimate_against_the_minimum(browser_page, live_server, transactional_db):
    page = browser_page
    errors = _watch(page)
    demo.seed()
    aco = Organization.objects.get(aco_id="A1001")
    EstimateRun.objects.create(
        organization=aco,
        py=2027,
        created_by=User.objects.get(username="aco-executive"),
        status=EstimateRun.Status.DONE,
        total=4200,
        per_tin={"201234560": {"name": "Riverside Family Medicine, PC", "beneficiaries": 4200}},
        finished_at=timezone.now(),
    )
    log_in(page, live_server, "aco-executive")
    page.goto(live_server.url + "/aco/A1001/")
    summary = page.get_by_test_id("estimate-summary")
    summary.locator("svg").first.wait_for()
    assert summary.locator("svg .mark-rule line").count() >= 1  # the minimum
    assert "below the 5,000" in summary.inner_text()
    # the page's contacts table is not this test's (it scrolls at 390 px on main): the estimate and the header
    _look(page, "search-aco-home-estimate", "[data-testid=estimate-summary], header")
    assert errors == []


def test_search_suggests_as_you_type_and_finds_only_your_own_records(browser_page, live_server, transactional_db):
    page = browser_page
    errors = _watch(page)
    demo.seed()
    log_in(page, live_server, "cms-reviewer")
    box = page.get_by_test_id("search-box")
    box.fill("A1002")
    suggestions = page.get_by_test_id("search-suggestions")
    suggestions.wait_for()
    assert "ACO" in suggestions.inner_text()
    if os.environ.get("ACOMS_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ACOMS_SCREENSHOTS"], "search-suggestions-1280.png"))
    box.press("Enter")
    page.wait_for_url("**/search/?q=A1002")
    assert page.get_by_test_id("search-results").locator("li").count() > 0
    _look(page, "search-results")
    page.context.clear_cookies()
    log_in(page, live_server, "aco-executive")
    page.goto(live_server.url + "/search/?q=A1002")
    assert page.get_by_test_id("search-none").is_visible()
    assert errors == []


def test_the_registry_and_audit_log_tables(browser_page, live_server, transactional_db):
    page = browser_page
    errors = _watch(page)
    demo.seed()
    log_in(page, live_server, "cms-admin")
    page.goto(live_server.url + "/cms/participant-registry/")
    page.get_by_label("Name, TIN, NPI or CCN").fill("medicine")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("registry-table").locator("tbody tr").count() > 0
    _look(page, "search-registry")
    page.goto(live_server.url + "/cms/audit/")
    assert page.get_by_test_id("audit-table").locator("tbody tr").count() > 0
    _look(page, "search-audit-log")
    assert errors == []

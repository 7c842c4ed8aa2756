"""The CMS home, the review queue and the ACO home in a real browser at 1280 and 390 px: one <h1>, no
sideways scrolling, no console error under the site's CSP; bulk assignment from the queue; the ACO's
progress and next section; live validation as the person types (before leaving the field)."""

import os

import pytest

from acoms import demo
from acoms.accounts.models import Organization, User
from acoms.applications import actions
from acoms.applications.models import Cycle
from acoms.applications.windows import current_phases
from browser_support import log_in

pytestmark = pytest.mark.browser
WIDTHS = (1280, 390)


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _check_layout(page, name: str, width: int):
    assert page.locator("h1").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
    if os.environ.get("ACOMS_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["ACOMS_SCREENSHOTS"], f"{name}-{width}.png"), full_page=True)


def test_the_cms_home_and_the_queue_at_both_widths_and_bulk_assignment(browser_page, live_server, transactional_db):
    page = browser_page
    errors = _watch(page)
    demo.seed()
    log_in(page, live_server, "cms-reviewer")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/cms/")
        assert page.get_by_test_id("waiting-on-me").is_visible() and page.get_by_test_id("team-queues").is_visible()
        _check_layout(page, "cms-home", width)
        page.goto(live_server.url + "/cms/applications/?status=open&reviewer=none")
        _check_layout(page, "review-queue", width)
    page.set_viewport_size({"width": 1280, "height": 900})
    rows = page.locator("[data-testid^=queue-row-]")
    assert rows.count() >= 1
    rows.first.locator("label.usa-checkbox__label").dispatch_event("click")  # the box is the label's ::before
    page.get_by_label("Reviewer", exact=True).last.select_option(label="cms-reviewer")
    page.get_by_test_id("bulk-assign-submit").click()
    page.wait_for_load_state()
    assert "1 case assigned to Riley Reviewer." in page.locator(".usa-alert").first.inner_text()
    assert errors == []


def test_the_aco_home_guides_the_contact_and_a_section_validates_as_they_type(
    browser_page, live_server, transactional_db
):
    page = browser_page
    errors = _watch(page)
    demo.seed()
    org = Organization.objects.get(aco_id="A1001")
    executive = User.objects.get(username="aco-executive")
    cycle = next(c for c in Cycle.objects.prefetch_related("phases") if "phase1" in current_phases(c))
    app_type = actions.determined_type(org, cycle)[0]
    actions.submit_noia(by=executive, organization=org, cycle=cycle, app_type=app_type)
    actions.start_application(by=executive, organization=org, cycle=cycle, app_type=app_type)
    log_in(page, live_server, "aco-application")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/aco/A1001/")
        assert "sections complete" in page.get_by_test_id("progress-count").inner_text()
        _check_layout(page, "aco-home", width)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_test_id("next-section").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "ACO identity and legal structure"
    tin = page.locator("#id_tin")
    tin.fill("")
    tin.press_sequentially("12345", delay=30)  # typing, still in the field: no blur, no change event
    page.locator("#id_tin-error .usa-error-message").first.wait_for()
    assert "nine digits" in page.locator("#id_tin-error").inner_text()
    assert page.evaluate("document.activeElement.id") == "id_tin"
    _check_layout(page, "section-live-validation", 1280)
    page.get_by_test_id("save-draft").click()
    page.wait_for_load_state()
    assert "draft saved" in page.locator(".usa-alert--success").first.inner_text()
    assert "nine digits" in page.locator("#id_tin-error").inner_text()  # the draft's error beside its field
    page.set_viewport_size({"width": 390, "height": 900})
    _check_layout(page, "section-draft", 390)
    assert errors == []


def test_the_notices_page_and_the_bell(browser_page, live_server, transactional_db):
    page = browser_page
    errors = _watch(page)
    demo.seed()  # Prairie Valley (A1003) submitted, then got RFI-1: its executive was told twice
    log_in(page, live_server, "prairie-exec")
    assert page.get_by_test_id("notice-unread").text_content() == "2 unread"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/notices/")
        assert "RFI-1 on your" in page.get_by_test_id("notices").inner_text()
        _check_layout(page, "notices", width)
    page.get_by_test_id("mark-read").first.click()
    page.wait_for_load_state()
    assert page.get_by_test_id("notice-unread").text_content() == "1 unread"
    assert errors == []

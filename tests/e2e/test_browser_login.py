"""A real browser: headless Chromium from Debian's package, driven by Playwright."""

import pytest

from acoms import demo

pytestmark = pytest.mark.browser


def test_aco_user_logs_in_lands_on_the_aco_home_and_logs_out(browser_page, live_server, transactional_db):
    page = browser_page

    demo.seed_people()
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.get_by_label("User name").fill("aco-executive")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/aco/A1001/")
    assert page.get_by_test_id("aco-home-title").inner_text().startswith("Sunrise Health ACO")
    assert page.get_by_test_id("signed-in-user").inner_text() == "aco-executive"
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/accounts/login/")
    page.goto(live_server.url + "/aco/A1001/")
    assert "/accounts/login/" in page.url

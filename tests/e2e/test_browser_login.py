"""A real browser: headless Chromium from Debian's package, driven by Playwright."""

import os
import shutil

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def page(live_server):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} (Debian package 'chromium')")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def test_aco_user_logs_in_lands_on_the_aco_home_and_logs_out(page, live_server, transactional_db):
    from acoms import demo

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

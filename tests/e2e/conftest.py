import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def browser_page(live_server):
    """A page in headless Chromium (Debian's package) driven by Playwright; never a downloaded browser."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} (Debian package 'chromium')")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()

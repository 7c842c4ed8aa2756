"""Helpers for the browser tests (tests/e2e). Import with `from browser_support import log_in`."""

from acoms.demo import DEMO_PASSWORD


def log_in(page, live_server, username, password=DEMO_PASSWORD):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()

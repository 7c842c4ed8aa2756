"""The reviewer's workspace in a real browser at 1280 and 390 px: one h1, no duplicate ids, no sideways
scrolling, no console error, answers as tables and words (never a Python dict)."""

import os

import pytest

from acoms import demo
from acoms.applications.models import Application
from browser_support import log_in

pytestmark = pytest.mark.browser

CHECKS = """() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  return {
    h1: document.querySelectorAll('h1').length,
    duplicates: ids.filter((id, i) => ids.indexOf(id) !== i),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.innerText || '').slice(0, 40)),
    text: document.body.innerText,
  };
}"""


def _look(page, url, name):
    found = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.wait_for_load_state()
        found[width] = page.evaluate(CHECKS)
        folder = os.environ.get("ACOMS_SCREENSHOTS")
        if folder:
            page.screenshot(path=os.path.join(folder, f"review-{name}-{width}.png"))
    return found


def test_the_reviewer_pages_read_well_at_desktop_and_phone_widths(browser_page, live_server, transactional_db):
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    demo.seed()
    rfi = Application.objects.get(status="awaiting_response")
    recommended = Application.objects.get(status="recommended")
    visits = [
        ("cms-reviewer", "detail", f"/applications/{rfi.pk}/"),
        ("cms-reviewer", "governance", f"/applications/{rfi.pk}/sections/governance/"),
        ("cms-approver", "approve", f"/applications/{recommended.pk}/do/approve/"),
        (
            rfi.organization.memberships.filter(role="aco_executive").first().user.username,
            "aco-detail",
            f"/applications/{rfi.pk}/",
        ),
    ]
    who = None
    for user, name, url in visits:
        if user != who:
            page.context.clear_cookies()
            log_in(page, live_server, user)
            who = user
        for width, seen in _look(page, live_server.url + url, name).items():
            assert seen["h1"] == 1, (name, width)
            assert seen["duplicates"] == [], (name, width)
            assert seen["overflow"] <= 0, f"{name}: {seen['overflow']} px too wide at {width} px: {seen['wide']}"
            assert "{'" not in seen["text"] and "[{" not in seen["text"], name
    assert errors == []

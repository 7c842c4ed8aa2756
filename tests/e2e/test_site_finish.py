"""The shared layout in a real browser: the CMS navigation on one line at 1280 px, the API documentation
drawn from the site's own files under its CSP, and the participant list's add-row form."""

import pytest

from acoms import demo
from browser_support import log_in

pytestmark = pytest.mark.browser


def _errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_administrators_navigation_fits_on_one_line_at_1280_px(browser_page, live_server, transactional_db):
    demo.seed_people()
    page = browser_page
    log_in(page, live_server, "cms-admin")
    tops = page.eval_on_selector_all(
        ".usa-nav__primary > .usa-nav__primary-item", "items => items.map(i => i.getBoundingClientRect().top)"
    )
    assert len(tops) >= 4 and len(set(tops)) == 1, tops  # one row
    page.get_by_role("button", name="Participants").click()
    assert page.get_by_role("link", name="Enrollment registry").is_visible()


def test_the_api_documentation_draws_its_operations_offline_under_the_csp(browser_page, live_server, transactional_db):
    page = browser_page
    errors = _errors(page)
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(live_server.url + "/api/v1/docs")
    page.locator("#swagger-ui .opblock").first.wait_for()
    paths = page.locator("#swagger-ui .opblock-summary-path").all_inner_texts()
    assert "/api/v1/me" in [p.strip() for p in paths]
    assert len(paths) > 10
    assert elsewhere == [] and errors == []


def test_the_add_row_form_shows_only_the_fields_of_the_chosen_list(browser_page, live_server, transactional_db):
    demo.seed()
    page = browser_page
    log_in(page, live_server, "aco-executive")
    page.goto(live_server.url + "/aco/A1001/participants/")
    form = page.locator("form", has=page.locator("select[name=kind]"))

    def visible_labels(kind):
        page.select_option("select[name=kind]", kind)
        return set(form.locator("[data-lists]:visible label").all_inner_texts())

    assert visible_labels("snf") == {"SNF CCN", "Name", "Overall star rating"}
    assert visible_labels("providers") == {"TIN", "NPI", "Name"}
    assert visible_labels("participants") == {"TIN", "Legal business name", "CCNs (separate with semicolons)"}

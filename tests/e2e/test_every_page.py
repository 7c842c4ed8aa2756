"""Every page read as a person reads it: each demo role crawls the site from its home, following the links the
pages show (bounded: a few URLs per URL pattern), at 1280 px and again at 390 px, and every page must load
without a server error or a console error, have exactly one <h1>, no duplicate ids, no sideways scrolling,
and no axe-core violation at serious or critical level.

axe-core is vendored (tests/e2e/vendor/axe-core, README.txt) and evaluated through the DevTools protocol,
which the site's Content-Security-Policy does not govern: `page.add_script_tag(path=...)` inlines the
script, and the CSP (script-src 'self') refuses it. The context keeps the CSP on, so a page that breaks it
shows up as a console error.

Set ACOMS_PAGE_REPORT=/some/folder to write, per role, what was visited, the axe findings and the load time of
each page (`python tests/e2e/page_report.py /some/folder` sums them up: the p95 per page type).
"""

import json
import os
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from acoms import demo
from browser_support import log_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)
PER_PATTERN = 2  # URLs visited per URL pattern (two applications, not every application)
MAX_PAGES = 45  # per role
SKIP = (
    re.compile(r"^/admin/"),  # Django's own admin, not the site's layout
    re.compile(r"^/static/"),
    re.compile(r"^/api/v1/(?!docs)"),  # JSON, not pages
    re.compile(r"/(logout|download|export)s?/"),
    re.compile(r"\.(csv|xlsx|pdf|json|zip|txt)$"),
)
DRAWN_LATER = (("#swagger-ui", "#swagger-ui .opblock"), (".acoms-chart", ".acoms-chart svg"))
SKIP_QUERY = re.compile(r"(^|&)(format|download)=")

PAGE_CHECKS = """() => {
  const ids = {};
  for (const el of document.querySelectorAll('[id]')) ids[el.id] = (ids[el.id] || 0) + 1;
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    h1: document.querySelectorAll('h1').length,
    duplicateIds: Object.keys(ids).filter((id) => ids[id] > 1),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    loadMs: nav ? nav.loadEventEnd - nav.startTime : null,
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
  };
}"""
OVERFLOW = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
  () => done(document.documentElement.scrollWidth - window.innerWidth))))"""
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((el) => !el.closest('.usa-sr-only, .usa-skipnav, [hidden], .usa-nav:not(.is-visible)'))
  .slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : ''))"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0].target.join(' ')}));
}"""


def pattern_of(path: str) -> str:
    """/applications/12/sections/identity/ -> /applications/{n}/sections/{key}/ (the page type)."""
    path = re.sub(r"/A\d{4}(?=/|$)", "/{aco}", path)
    path = re.sub(r"/\d+(?=/|$)", "/{n}", path)
    return path


def wanted(base: str, here: str, href: str) -> str | None:
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    url = urljoin(here, href)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return None
    if any(rule.search(parts.path) for rule in SKIP) or SKIP_QUERY.search(parts.query):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(page, base: str, report: dict) -> dict[str, list[str]]:
    """Visit the site from the role's home; answer the problems found, by URL."""
    problems: dict[str, list[str]] = defaultdict(list)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(str(e)))
    axe_source = AXE.read_text()
    page.set_default_navigation_timeout(60_000)  # 2 cores shared by the whole suite
    queue, seen, per_pattern, visited = ["/"], {"/"}, defaultdict(int), []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        kind = pattern_of(path.split("?")[0])
        if per_pattern[kind] >= PER_PATTERN:
            continue
        console.clear()
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        try:
            response = page.goto(base + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file, not a page
            raise
        per_pattern[kind] += 1
        visited.append(path)
        page.wait_for_load_state("load")
        for drawing, drawn in DRAWN_LATER:  # audit what people see, not the page before its script ran
            if page.locator(drawing).count():
                page.locator(drawn).first.wait_for()
        if response is None or response.status >= 500:
            problems[path].append(f"answered {response.status if response else 'nothing'}")
            continue
        if response.status >= 400:
            problems[path].append(f"a link on the site answered {response.status}")
        checks = page.evaluate(PAGE_CHECKS)
        if checks["loadMs"]:
            report["load_ms"].setdefault(kind, []).append(checks["loadMs"])
        if checks["h1"] != 1:
            problems[path].append(f"{checks['h1']} <h1> elements")
        if checks["duplicateIds"]:
            problems[path].append(f"duplicate ids {checks['duplicateIds']}")
        page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN)
        report["axe"][path] = violations
        for v in violations:
            problems[path].append(f"axe {v['impact']} {v['id']} ({v['nodes']}× e.g. {v['target']})")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:  # charts redraw to the new width a moment after a resize: measure once settled
                page.wait_for_timeout(500)
                overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                problems[path].append(f"scrolls sideways by {overflow}px at {width}px: {page.evaluate(WIDE_ELEMENTS)}")
        if console:
            problems[path].append(f"console errors {console[:3]}")
        for href in checks["links"]:
            found = wanted(base, page.url, href)
            if found and found not in seen:
                seen.add(found)
                queue.append(found)
    report["pages"] = visited
    return problems


@pytest.mark.parametrize("username", [login.username for login in demo.LOGINS])
def test_every_page_reads_well_for(username, browser_page, live_server, transactional_db):
    demo.seed()
    log_in(browser_page, live_server, username)
    report: dict = {"pages": [], "axe": {}, "load_ms": {}}
    problems = crawl(browser_page, live_server.url, report)
    report["problems"] = problems
    if folder := os.environ.get("ACOMS_PAGE_REPORT"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{username}.json").write_text(json.dumps(report, indent=1))
    assert len(report["pages"]) > 3, "the crawl found almost nothing to visit"
    if problems:
        pytest.fail("\n".join(f"{path}: {'; '.join(found)}" for path, found in problems.items()), pytrace=False)

"""A performance year in the browser (SQLite): CMS creates a run on the demo dataset, sees its stages and
publishes it; the ACO's data contact lists its Data Hub files, downloads one, sees the dashboard charts
(drawn under the CSP, no console error), one beneficiary's explanation, the care-management list and a
what-if projection; another ACO sees none of it.
Screenshots at 1280 and 390 px when ACOMS_SCREENSHOTS names a folder."""

import os

import pyarrow.parquet as pq
import pytest

from acoms import demo
from acoms.performance import demo as performance_demo
from acoms.performance.models import Run
from acoms.performance.runner import run_dir
from browser_support import log_in

pytestmark = pytest.mark.browser


def _shot(page, name):
    folder = os.environ.get("ACOMS_SCREENSHOTS")
    if folder:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=os.path.join(folder, f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.timeout(1200)
def test_cms_publishes_a_run_and_the_aco_reads_it(browser_page, live_server, transactional_db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.ACOMS_DEMO_PERFORMANCE_RUN = False  # the run is created in the browser below
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    demo.seed()
    data, agreements = performance_demo._inputs()
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    log_in(page, live_server, "cms-analyst")
    page.goto(live_server.url + "/performance/runs/")
    page.get_by_label("Claims dataset folder").fill(str(data))
    page.get_by_label("Performance year").fill("2026")
    page.get_by_label("Agreements file (CSV or Parquet)").fill(str(agreements))
    page.set_default_timeout(900_000)  # the immediate backend computes the run inside the POST
    with page.expect_navigation():
        page.get_by_role("button", name="Create run").click()
    run = Run.objects.get()
    assert run.status == "done", run.log
    page.goto(live_server.url + f"/performance/runs/{run.pk}/")
    for stage in ("assignment", "expenditures", "risk", "benchmark", "settlement"):
        assert stage in page.inner_text("main").lower()
    _shot(page, "performance-run")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish to the ACOs").click()
    assert "Published" in page.inner_text("main")
    page.set_default_timeout(30_000)

    population = pq.read_table(run_dir(run) / "fe" / "fe_population.parquet").to_pylist()
    assigned = sorted(
        r["bene_id"]
        for r in population
        if r["year"] == 2026 and r["method"] == "retrospective" and r["aco_id"] == "A1001" and r["step"] == "step1"
    )

    page.context.clear_cookies()
    log_in(page, live_server, "aco-data")
    page.goto(live_server.url + "/aco/A1001/datahub/")
    table = page.get_by_test_id("datahub-files")
    for title in ("Assignment List Report", "Financial Reconciliation Package", "Settlement letter"):
        assert title in table.inner_text()
    frp = table.get_by_role("link", name="P.A1001.ACO.FRP.Y2026", exact=False)
    with page.expect_download() as download:
        frp.click()
    assert download.value.suggested_filename.startswith("P.A1001.ACO.FRP.Y2026.D")
    _shot(page, "performance-datahub")

    page.goto(live_server.url + "/aco/A1001/performance/")
    charts = page.locator(".acoms-chart")
    assert charts.count() == 4
    for i in range(4):
        charts.nth(i).locator("svg").first.wait_for()
    assert page.locator(".acoms-chart svg .mark-rect path").count() > 0
    _shot(page, "performance-dashboard")

    page.goto(live_server.url + "/aco/A1001/performance/beneficiary/")
    page.get_by_label("Medicare Beneficiary Identifier (MBI)").fill(assigned[0])
    page.get_by_role("button", name="Explain").click()
    page.get_by_test_id("explanation").wait_for()
    assert "Assigned to this ACO in step 1" in page.inner_text("main")
    assert assigned[0] not in page.url
    _shot(page, "performance-beneficiary")

    page.goto(live_server.url + "/aco/A1001/performance/care/?sort=spending")
    assert page.get_by_test_id("care-table").locator("tbody tr").count() > 1
    _shot(page, "performance-care")
    page.goto(live_server.url + "/aco/A1001/performance/whatif/")
    page.get_by_label("Track and level").select_option("A")
    page.set_default_timeout(900_000)  # the projection is computed inside the POST (immediate backend)
    with page.expect_navigation():
        page.get_by_role("button", name="Project").click()
    page.set_default_timeout(30_000)
    page.get_by_test_id("whatif-table").wait_for()
    assert page.inner_text("h1").endswith("not a result")
    _shot(page, "performance-whatif")
    assert errors == []

    page.context.clear_cookies()
    log_in(page, live_server, "other-aco")
    page.goto(live_server.url + "/aco/A1001/datahub/")
    assert "Page not found" in page.inner_text("main")
    page.goto(live_server.url + "/aco/A1001/performance/")
    assert "Page not found" in page.inner_text("main")
    page.goto(live_server.url + "/aco/A1002/datahub/")
    assert "P.A1001" not in page.content() and "P.A1002.ACO.FRP" in page.content()

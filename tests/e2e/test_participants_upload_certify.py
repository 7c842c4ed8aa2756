"""A real browser: an ACO uploads a participant list with mistakes, sees the findings row by row,
fixes them, attaches the missing agreement, and the Authorized to Sign contact certifies."""

import datetime as dt

import pytest

from acoms import demo
from acoms.applications.models import Cycle
from acoms.participants import demo as participants_demo
from acoms.participants.models import Certification
from browser_support import log_in

pytestmark = pytest.mark.browser

HEADER = "Participant TIN,Participant Legal Business Name,CCNs"


def _csv(*lines):
    return {"name": "participants.csv", "mimeType": "text/csv", "buffer": ("\n".join([HEADER, *lines]) + "\n").encode()}


def test_upload_with_mistakes_fix_and_certify(browser_page, live_server, transactional_db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }

    for start in (2026, 2027):  # the applications demo's cycles: PY2026-PY2031 are years of the program
        Cycle.objects.get_or_create(agreement_start=dt.date(start, 1, 1))
    participants_demo.seed(demo.seed_people())
    page = browser_page
    log_in(page, live_server, "aco-executive")
    page.goto(live_server.url + "/aco/A1001/participants/?py=2028")
    assert "PY2028" in page.get_by_test_id("participant-list-title").inner_text()

    # live validation of a typed row (htmx)
    page.get_by_label("TIN", exact=True).fill("20123456")
    page.get_by_test_id("row-findings").filter(has_text="TIN_FORMAT").wait_for()

    # a list with three mistakes
    page.get_by_label("Participant list file (CSV or XLSX)").set_input_files(
        _csv(
            "840000017,Westside Primary Care,", "84000001,Typo Practice,", "840000017,Westside Primary Care Associates,"
        )
    )
    page.get_by_test_id("upload-button").click()
    findings = page.get_by_test_id("findings-table")
    findings.wait_for()
    text = findings.inner_text()
    assert "NAME_MISMATCH" in text and "TIN_FORMAT" in text and "NO_AGREEMENT" in text
    assert "1 accepted" in page.get_by_test_id("upload-counts").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("report-download").click()
    assert download.value.suggested_filename.endswith("-findings.xlsx")

    # the fixed file: same good row again (no change), the typo gone
    page.get_by_test_id("back-to-list").click()
    page.get_by_label("Participant list file (CSV or XLSX)").set_input_files(
        _csv("840000017,Westside Primary Care Associates,")
    )
    page.get_by_test_id("upload-button").click()
    page.get_by_test_id("upload-counts").wait_for()
    assert "1 already on the list" in page.get_by_test_id("upload-counts").inner_text()
    page.get_by_test_id("back-to-list").click()
    page.get_by_label("Participant TIN or SNF CCN").fill("840000017")
    page.get_by_label("Signed agreement (PDF)").set_input_files(
        {"name": "westside.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    page.get_by_test_id("agreement-button").click()
    page.get_by_text("The agreement for 840000017 is attached.").wait_for()
    assert "840000017" in page.get_by_test_id("participants-table").inner_text()
    page.get_by_test_id("logout").click()

    # the Authorized to Sign contact certifies
    log_in(page, live_server, "aco-signer")
    page.goto(live_server.url + "/aco/A1001/participants/?py=2028")
    page.get_by_test_id("certify-link").click()
    page.get_by_test_id("certify-button").click()
    assert page.locator(".usa-error-message").first.is_visible()  # the statement must be confirmed
    page.get_by_text("I certify that the participant list").click()
    page.get_by_test_id("certify-button").click()
    page.get_by_test_id("certification-title").wait_for()
    cert = Certification.objects.get(organization__aco_id="A1001", py=2028)
    assert page.get_by_test_id("certification-hash").inner_text() == cert.content_hash
    assert "840000017" in [r["tin"] for r in cert.rows["participants"]]

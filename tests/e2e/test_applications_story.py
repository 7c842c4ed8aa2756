"""The whole story in headless Chromium: an ACO registers, submits a NOIA, completes and signs an
initial application (its participant list entered on the participant list page); a Reviewer
issues an RFI; the ACO responds; the ACO submits Phase 2 (the final participant list); the Reviewer recommends; an
Approver approves; the ACO downloads the letter. Then a denial and its reconsideration.

With ACOMS_SCREENSHOTS=docs/img the test also saves the user guide's screenshots."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from acoms import demo
from acoms.applications.events import Event
from acoms.applications.models import Application
from browser_support import log_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SHOTS = os.environ.get("ACOMS_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def tick(page, field_id):
    page.locator(f"label[for='{field_id}']").click()


def switch_to(page, live_server, username, password="aco-ms-demo-2026"):
    if page.get_by_test_id("logout").count():
        page.get_by_test_id("logout").click()
        page.wait_for_url("**/accounts/login/**")
    log_in(page, live_server, username, password)


def open_section(page, title):
    page.get_by_test_id("sections").get_by_role("link", name=title, exact=True).click()


def save(page):
    page.get_by_test_id("save-section").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("form-errors").count() == 0, page.content()[:3000]


def do(page, action):
    page.get_by_test_id(f"action-{action}").click()


def fill_application(page, signer_name):
    open_section(page, "ACO identity and legal structure")
    page.select_option("#id_entity_type", "llc")
    page.select_option("#id_formed_by", "group_practice")
    save(page)

    open_section(page, "Governing body")
    members = [
        ("Ada Chair", True, False),
        ("Ben Doctor", True, False),
        ("Cy Nurse", True, False),
        ("Dee Beneficiary", False, True),
    ]
    for i, (name, _rep, bene) in enumerate(members):
        page.fill(f"#id_member-{i}-name", name)
        page.fill(f"#id_member-{i}-title", "Beneficiary member" if bene else "Member")
        tick(page, f"id_member-{i}-{'medicare_beneficiary' if bene else 'participant_representative'}")
    shot(page, "aco-governing-body")
    save(page)

    open_section(page, "Leadership")
    page.fill("#id_executive_name", "Nia New")
    page.fill("#id_executive_email", "nia@example.org")
    page.fill("#id_medical_director_name", "Dr. Mo Director")
    page.fill("#id_compliance_officer_name", "Cass Officer")
    page.fill("#id_compliance_officer_email", "cass@example.org")
    save(page)

    open_section(page, "Participation option")
    page.select_option("#id_level", "C")
    page.select_option("#id_assignment", "prospective")

    expect(page.get_by_test_id("section-problems")).to_contain_text(
        "choose an MSR/MLR"
    )  # live validation, nothing saved yet
    page.select_option("#id_msr_mlr", "0.02")
    page.wait_for_selector("[data-testid=section-ok]")
    shot(page, "aco-participation-option")
    save(page)

    open_section(page, "Participant list")  # the list lives in the participants registry: empty so far
    assert page.get_by_test_id("count-participants").inner_text() == "0"
    application_url = page.url
    page.get_by_test_id("fix-lists").click()
    page.get_by_label("TIN", exact=True).fill("840000017")
    page.get_by_label("Legal business name").fill("Westside Primary Care Associates")
    page.get_by_test_id("add-row-button").click()
    page.get_by_label("Participant TIN or SNF CCN").fill("840000017")
    page.get_by_label("Signed agreement (PDF)").set_input_files(
        {"name": "westside.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_test_id("agreement-button").click()
    page.get_by_text("The agreement for 840000017 is attached.").wait_for()
    page.goto(application_url)
    assert page.get_by_test_id("count-participants").inner_text() == "1"
    assert "0 error findings and 0 warnings" in page.get_by_test_id("lists-findings").inner_text()
    tick(page, "id_list_confirmed")
    shot(page, "aco-participant-list-section")
    save(page)

    expect(page.get_by_test_id("complete-participants")).to_be_visible()
    open_section(page, "SNF 3-day rule waiver and Beneficiary Incentive Program")
    save(page)

    open_section(page, "Repayment mechanism")
    page.fill("#id_assigned_beneficiaries", "12000")
    page.fill("#id_per_capita_expenditure", "11500")
    page.fill("#id_participant_revenue", "40000000")
    page.select_option("#id_instrument", "letter_of_credit")
    page.fill("#id_instrument_amount", "900000")
    page.set_input_files(
        "#id_document", files=[{"name": "letter-of-credit.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    save(page)

    open_section(page, "Banking (EFT)")
    page.fill("#id_bank_name", "First Dawn Bank")
    page.fill("#id_routing_number", "011000016")  # a wrong check digit first
    page.fill("#id_account_number", "12345678")
    page.select_option("#id_account_type", "checking")
    tick(page, "id_cms588")
    page.get_by_test_id("save-section").click()
    page.wait_for_load_state()
    page.get_by_text("routing number is not valid").first.wait_for()  # the answer may arrive after the click returns
    shot(page, "aco-field-error")
    page.fill("#id_routing_number", "011000015")
    save(page)

    open_section(page, "Attestations")
    for name in ("accurate", "compliance_plan", "agreements_executed", "no_other_initiative"):
        tick(page, f"id_{name}")
    save(page)

    page.fill("#id_typed_name", signer_name)
    tick(page, "id_consent")
    page.get_by_role("button", name="Sign electronically").click()
    page.wait_for_selector("[data-testid=signed]")
    shot(page, "aco-application-complete")


def test_register_apply_rfi_recommend_approve_letter(browser_page, live_server, transactional_db, settings):

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}  # mail leaves at once
    demo.seed()
    page = browser_page

    # 1. A new ACO registers, then confirms by the e-mailed link and sets its password.
    page.goto(live_server.url + "/register/")
    for field, value in {
        "#id_first_name": "Nia",
        "#id_last_name": "New",
        "#id_email": "nia@example.org",
        "#id_username": "nia",
        "#id_aco_name": "New Dawn ACO",
        "#id_legal_name": "New Dawn Accountable Care, LLC",
        "#id_tin": "461234561",
        "#id_address": "9 Sunrise Road\nAkron, OH 44308",
    }.items():
        page.fill(field, value)
    tick(page, "id_authorized_to_sign")
    shot(page, "aco-register")
    page.get_by_role("button", name="Register the ACO").click()
    page.wait_for_selector("[data-testid=registration-sent]")
    link = re.search(r"https?://[^/\s]+(/register/confirm/\S+)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    page.fill("#id_password", "dawn-of-a-new-aco-2026")
    page.get_by_test_id("confirm-registration").click()
    page.wait_for_url("**/aco/A1007/applications/")

    # 2. NOIA, then the application.
    page.select_option("[id^=id_noia_][id$=_app_type] >> nth=0", "initial")
    page.get_by_role("button", name="Submit the Notice of Intent to Apply").click()
    assert "Submitted" in page.get_by_test_id("noia-status").inner_text()
    shot(page, "aco-noia-submitted")
    page.select_option("[id^=id_start_][id$=_app_type] >> nth=0", "initial")
    page.get_by_role("button", name="Start the application").click()
    page.wait_for_selector("[data-testid=application-title]")
    shot(page, "aco-application-new")
    fill_application(page, "Nia New")
    do(page, "submit")
    tick(page, "id_confirm")
    page.get_by_test_id("confirm-action").click()
    assert page.get_by_test_id("application-status").inner_text() == "In review"
    app = Application.objects.get(organization__aco_id="A1007")

    # 3. The Reviewer takes the case and issues an RFI.
    switch_to(page, live_server, "cms-reviewer")
    page.goto(live_server.url + "/cms/applications/?reviewer=none")
    shot(page, "cms-review-queue")
    page.get_by_role("link", name="New Dawn ACO (A1007)").click()
    page.select_option("#id_reviewer", label="cms-reviewer")
    page.get_by_test_id("assign").click()
    do(page, "issue_rfi")
    page.select_option("#id_section_0", "repayment")
    page.fill("#id_text_0", "The letter of credit must name CMS as beneficiary.")
    shot(page, "cms-issue-rfi")
    page.get_by_test_id("confirm-action").click()
    assert page.get_by_test_id("application-status").inner_text() == "Awaiting ACO response (RFI)"

    # 4. The ACO responds.
    switch_to(page, live_server, "nia", "dawn-of-a-new-aco-2026")
    assert "Respond to RFI-1" in page.get_by_test_id("attention-list").inner_text()
    shot(page, "aco-home-attention")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    do(page, "respond_rfi")
    page.fill("#id_text", "We reissued the letter of credit to CMS; the new document is attached.")
    page.set_input_files(
        "#id_document", files=[{"name": "letter-of-credit-v2.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    shot(page, "aco-respond-rfi")
    page.get_by_test_id("confirm-action").click()
    assert page.get_by_test_id("application-status").inner_text() == "RFI response received"

    # 5. The Reviewer resolves the RFI and recommends approval.
    switch_to(page, live_server, "cms-reviewer")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    do(page, "resolve_rfi")
    page.fill("#id_resolution", "The reissued letter of credit names CMS.")
    page.get_by_test_id("confirm-action").click()

    # 6. Phase 2: the ACO submits its final participant list; it is recorded on the application.
    switch_to(page, live_server, "nia", "dawn-of-a-new-aco-2026")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    do(page, "submit_phase2")
    assert page.get_by_test_id("count-participants").inner_text() == "1"
    tick(page, "id_confirm")
    shot(page, "aco-phase2")
    page.get_by_test_id("confirm-action").click()
    assert "840000017" in page.get_by_test_id("phase2").inner_text()
    assert page.get_by_test_id("action-submit_phase2").count() == 0  # once only

    switch_to(page, live_server, "cms-reviewer")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    do(page, "recommend")
    page.locator("label[for='id_recommendation_0']").click()
    page.fill("#id_note", "Every section meets 42 CFR part 425.")
    page.get_by_test_id("confirm-action").click()
    assert page.get_by_test_id("application-status").inner_text() == "Recommended, awaiting decision"
    assert page.get_by_test_id("action-approve").count() == 0  # the reviewer never decides

    # 7. The Approver approves.
    switch_to(page, live_server, "cms-approver")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    do(page, "approve")
    page.fill("#id_note", "The application meets every requirement.")
    shot(page, "cms-approve")
    page.get_by_test_id("confirm-action").click()
    assert page.get_by_test_id("application-status").inner_text() == "Approved"

    # 8. The ACO downloads the letter; the timeline shows every step.
    switch_to(page, live_server, "nia", "dawn-of-a-new-aco-2026")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("decision-letter").click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("submit", "issue_rfi", "respond_rfi", "resolve_rfi", "submit_phase2", "recommend", "approve"):
        assert Event.of_action(step).label in timeline and not re.search(rf"\b{step}\b", timeline), step
    shot(page, "aco-approved-timeline")


def test_denial_and_reconsideration(browser_page, live_server, transactional_db):

    demo.seed()
    page = browser_page
    app = Application.objects.get(organization__name="Coastal Physicians ACO")  # recommended for approval in the demo

    log_in(page, live_server, "cms-approver")
    page.goto(live_server.url + "/cms/dashboard/")
    shot(page, "cms-dashboard")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    do(page, "deny")
    page.fill("#id_note", "The repayment mechanism does not cover the required amount.")
    page.get_by_test_id("confirm-action").click()
    assert page.get_by_test_id("application-status").inner_text() == "Denied"

    switch_to(page, live_server, "coastal-exec")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    shot(page, "aco-denied")
    do(page, "request_reconsideration")
    page.get_by_test_id("confirm-action").click()  # empty: refused with a field error
    assert "This field is required" in page.content()
    page.fill("#id_reason", "Our surety bond was increased on the day of the decision; see the attached rider.")
    page.get_by_test_id("confirm-action").click()
    assert page.get_by_test_id("application-status").inner_text() == "Reconsideration requested"

    switch_to(page, live_server, "cms-approver")  # the first decider cannot decide the reconsideration
    page.goto(live_server.url + f"/applications/{app.pk}/")
    assert page.get_by_test_id("action-reverse_denial").count() == 0
    assert "Separation of duties" in page.get_by_test_id("blocked-reverse_denial").inner_text()

    switch_to(page, live_server, "cms-hearing")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    do(page, "reverse_denial")
    page.fill("#id_note", "The increased surety bond covers the required amount.")
    page.get_by_test_id("confirm-action").click()
    assert page.get_by_test_id("application-status").inner_text() == "Approved"

    switch_to(page, live_server, "coastal-exec")
    page.goto(live_server.url + f"/applications/{app.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("decision-letter").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

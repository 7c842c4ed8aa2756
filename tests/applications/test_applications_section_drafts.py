"""A section can be saved half done as a draft and stays incomplete; its errors show beside its fields
with an error summary linking to them (the USWDS validation pattern), live as the person types; the
leadership comes pre-filled from the ACO's contacts and the repayment mechanism from the latest estimate
and the repayment rule (42 CFR 425.204(f)(4))."""

import re

from django.urls import reverse
from django.utils import timezone

from acoms.api import actions as token_actions
from acoms.applications import actions, sections
from acoms.participants.models import EstimateRun


def _section(pk, key):
    return reverse("application_section", args=[pk, key])


def _slot(page, field_id):
    """The error container beside a field."""
    found = re.search(
        rf'<span id="{field_id}-error"[^>]*>(.*?)</span>\s*(?:<input|<textarea|<select|<div|\n)', page, re.S
    )
    return found.group(1) if found else None


def test_a_half_done_section_saves_as_a_draft_and_stays_incomplete(client, world, draft):
    client.force_login(world["aco-application"])
    posted = {"legal_name": "Prairie Health ACO LLC", "tin": "12345", "address": "", "draft": "1"}
    response = client.post(_section(draft.pk, "identity"), posted)
    assert response.status_code == 302 and response["Location"] == _section(draft.pk, "identity")
    draft.refresh_from_db()
    assert draft.section("identity") == {"legal_name": "Prairie Health ACO LLC", "tin": "12345"}
    assert sections.problems(draft, "identity")  # incomplete
    page = client.get(_section(draft.pk, "identity")).content.decode()
    assert 'value="12345"' in page  # what was typed is kept
    assert "A TIN has exactly nine digits, without a dash." in _slot(page, "id_tin")
    assert '<a class="usa-link" href="#id_tin">ACO TIN (nine digits): A TIN has exactly nine digits' in page
    assert "This field is required." in _slot(page, "id_address")
    detail = client.get(reverse("application_detail", args=[draft.pk])).content.decode()
    assert 'data-testid="complete-identity"' not in detail


def test_saving_with_errors_shows_a_summary_linking_to_each_field_and_saves_nothing(client, world, draft):
    client.force_login(world["aco-application"])
    page = client.post(_section(draft.pk, "identity"), {"legal_name": "X", "tin": "12345678"}).content.decode()
    summary = re.search(r'data-testid="error-summary">(.*?)</ul>', page, re.S).group(1)
    assert 'href="#id_tin"' in summary and 'href="#id_address"' in summary and 'href="#id_entity_type"' in summary
    assert 'aria-describedby="id_tin-error"' in page and 'aria-invalid="true"' in page
    draft.refresh_from_db()
    assert draft.section("identity") == {}


def test_a_governing_body_draft_keeps_the_rows_typed_so_far(client, world, draft):
    client.force_login(world["aco-application"])
    posted = {
        "member-TOTAL_FORMS": "2",
        "member-INITIAL_FORMS": "0",
        "member-MIN_NUM_FORMS": "0",
        "member-MAX_NUM_FORMS": "30",
        "member-0-name": "Ann Chair",
        "member-0-participant_representative": "on",
        "draft": "1",
    }
    assert client.post(_section(draft.pk, "governance"), posted).status_code == 302
    draft.refresh_from_db()
    assert draft.section("governance")["members"] == [
        {"name": "Ann Chair", "participant_representative": True, "medicare_beneficiary": False}
    ]
    assert "Some governing body members have missing or invalid answers." in sections.problems(draft, "governance")


def test_a_repayment_draft_with_some_numbers_shows_no_amount_and_no_error_page(client, world, draft):
    actions.save_section(
        by=world["aco-executive"],
        application=draft,
        key="participation",
        data={"level": "C", "assignment": "prospective", "msr_mlr": "0.02"},
    )
    client.force_login(world["aco-application"])
    assert (
        client.post(_section(draft.pk, "repayment"), {"per_capita_expenditure": "12000", "draft": "1"}).status_code
        == 302
    )
    draft.refresh_from_db()
    assert sections.required_repayment(draft) is None
    assert client.get(_section(draft.pk, "repayment")).status_code == 200
    assert client.get(reverse("application_detail", args=[draft.pk])).status_code == 200


def test_leadership_is_pre_filled_from_the_aco_contacts(client, world, draft):
    client.force_login(world["aco-application"])
    page = client.get(_section(draft.pk, "leadership")).content.decode()
    assert 'value="Dana Executive"' in page and 'value="aco-executive@example.org"' in page
    assert 'value="Morgan Medical"' in page
    assert 'value="Casey Compliance"' in page and 'value="aco-compliance@example.org"' in page


def test_repayment_is_pre_filled_from_the_latest_estimate_and_the_rule(client, world, draft):
    org = draft.organization
    for total in (4000, 6123):  # the later run is the one used
        EstimateRun.objects.create(
            organization=org,
            py=2026,
            status="done",
            total=total,
            created_by=world["aco-data"],
            finished_at=timezone.now(),
        )
    actions.save_section(
        by=world["aco-executive"],
        application=draft,
        key="participation",
        data={"level": "C", "assignment": "prospective", "msr_mlr": "0.02"},
    )
    client.force_login(world["aco-application"])
    page = client.get(_section(draft.pk, "repayment")).content.decode()
    assert 'name="assigned_beneficiaries" value="6123"' in page
    # BASIC: the lesser of 1% × $12,000 × 6,123 = $734,760 and 2% × $5,000,000 = $100,000 (§425.204(f)(4)(ii))
    client.post(
        _section(draft.pk, "repayment"),
        {
            "assigned_beneficiaries": "6123",
            "per_capita_expenditure": "12000",
            "participant_revenue": "5000000",
            "draft": "1",
        },
    )
    page = client.get(_section(draft.pk, "repayment")).content.decode()
    assert 'name="instrument_amount" value="100000.00"' in page


def test_live_validation_runs_as_you_type_and_marks_only_answered_fields(client, world, draft):
    client.force_login(world["aco-application"])
    form = client.get(_section(draft.pk, "identity")).content.decode()
    assert 'hx-trigger="keyup changed delay:500ms, change delay:300ms"' in form
    page = client.post(
        reverse("application_section_check", args=[draft.pk, "identity"]),
        {"legal_name": "X", "tin": "12", "address": ""},
    ).content.decode()
    tin = re.search(r'<span id="id_tin-error"[^>]*hx-swap-oob="true">(.*?)</span>\n', page, re.S).group(1)
    assert "A TIN has exactly nine digits" in tin
    address = re.search(r'<span id="id_address-error"[^>]*hx-swap-oob="true">(.*?)</span>\n', page, re.S).group(1)
    assert address == ""  # not answered yet: no "required" while typing
    draft.refresh_from_db()
    assert draft.section("identity") == {}


def test_a_short_tin_gets_one_message_not_two(client, world, draft):
    client.force_login(world["aco-application"])
    page = client.post(
        reverse("application_section_check", args=[draft.pk, "identity"]), {"tin": "12345"}
    ).content.decode()
    tin = re.search(r'<span id="id_tin-error"[^>]*hx-swap-oob="true">(.*?)</span>\n', page, re.S).group(1)
    assert tin.count("usa-error-message") == 1 and "A TIN has exactly nine digits" in tin


def test_the_api_saves_a_draft_too(client, world, draft):
    _, secret = token_actions.create_token(by=world["aco-application"], name="t")
    auth = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/applications/applications/{draft.pk}/sections/identity"
    refused = client.put(url, {"tin": "12345"}, content_type="application/json", headers=auth)
    assert refused.status_code == 422
    saved = client.put(url + "?draft=true", {"tin": "12345"}, content_type="application/json", headers=auth)
    assert saved.status_code == 200
    identity = next(s for s in saved.json()["sections"] if s["key"] == "identity")
    assert identity["complete"] is False and any("nine digits" in p for p in identity["problems"])
    draft.refresh_from_db()
    assert draft.section("identity") == {"tin": "12345"}

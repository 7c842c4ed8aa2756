"""Sections: field validation and the program's rules; complete only when both pass. Bad answers
are refused with a reason and nothing is saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from acoms.applications import actions, sections
from acoms.applications.demo import PDF, complete_answers, fill_and_sign
from acoms.applications.models import PriorAgreement


def save(app, who, key, data, document=None):
    return actions.save_section(by=who, application=app, key=key, data=data, document=document)


def test_a_new_application_lists_every_section_incomplete_and_cannot_be_submitted(world, draft):
    assert len(sections.incomplete(draft)) == 8  # repayment waits for a two-sided level; signature comes last
    assert "Repayment mechanism" not in sections.incomplete(draft)
    with pytest.raises(ValidationError, match="Every section must be complete"):
        actions.submit(by=world["aco-executive"], application=draft)


def test_governing_body_needs_75_percent_participant_control(world, draft):
    data = complete_answers(draft.organization)["governance"]
    data["members"][0]["participant_representative"] = False
    with pytest.raises(ValidationError, match="75%"):
        save(draft, world["aco-executive"], "governance", data)
    draft.refresh_from_db()
    assert "governance" not in draft.data


def test_governing_body_needs_a_beneficiary_member_or_an_explanation(world, draft):
    data = complete_answers(draft.organization)["governance"]
    data["members"] = [m for m in data["members"] if not m["medicare_beneficiary"]]
    with pytest.raises(ValidationError, match="Medicare beneficiary"):
        save(draft, world["aco-executive"], "governance", data)
    data["beneficiary_explanation"] = "A beneficiary advisory panel reports to the board each quarter."
    save(draft, world["aco-executive"], "governance", data)
    draft.refresh_from_db()
    assert sections.problems(draft, "governance") == []


def test_an_experienced_aco_cannot_choose_a_one_sided_level(world, draft):
    PriorAgreement.objects.create(organization=draft.organization, start="2019-07-01", end="2021-12-31", level="D")
    data = complete_answers(draft.organization, "B")["participation"]
    with pytest.raises(ValidationError, match="not open to this ACO"):
        save(draft, world["aco-executive"], "participation", data)


def test_two_sided_levels_need_an_msr_mlr_and_one_sided_levels_have_none(world, draft):
    data = complete_answers(draft.organization, "C")["participation"]
    with pytest.raises(ValidationError, match="choose an MSR/MLR"):
        save(draft, world["aco-executive"], "participation", {**data, "msr_mlr": ""})
    with pytest.raises(ValidationError, match="one-sided"):
        save(draft, world["aco-executive"], "participation", {**complete_answers(draft.organization, "A")["participation"], "msr_mlr": "0.02"})


def test_add_ons_need_a_level_c_to_e_or_enhanced(world, draft):
    save(draft, world["aco-executive"], "participation", complete_answers(draft.organization, "B")["participation"])
    with pytest.raises(ValidationError, match="open only to BASIC Levels C–E and ENHANCED"):
        save(draft, world["aco-executive"], "addons", {"snf_waiver": False, "snf_affiliates": "", "bip": True})


def test_snf_affiliates_need_three_stars():
    form = sections.AddOnsForm(data={"snf_waiver": "on", "snf_affiliates": "365123, Shady Oaks, 2"})
    assert not form.is_valid() and "3 or higher" in str(form.errors)


def test_the_repayment_instrument_must_cover_the_required_amount(world, draft):
    save(draft, world["aco-executive"], "participation", complete_answers(draft.organization, "C")["participation"])
    data = {**complete_answers(draft.organization, "C")["repayment"], "instrument_amount": 1000.0}
    with pytest.raises(ValidationError, match=r"at least \$800,000.00"):
        save(draft, world["aco-executive"], "repayment", data, ContentFile(PDF, name="loc.pdf"))
    save(draft, world["aco-executive"], "repayment", {**data, "instrument_amount": 800000.0})  # the document may follow
    draft.refresh_from_db()
    assert sections.problems(draft, "repayment") == [sections.DOCUMENT_MISSING]
    save(draft, world["aco-executive"], "repayment", {**data, "instrument_amount": 800000.0}, ContentFile(PDF, name="loc.pdf"))
    draft.refresh_from_db()
    assert sections.problems(draft, "repayment") == []


def test_a_one_sided_level_needs_no_repayment_mechanism(world, draft):
    save(draft, world["aco-executive"], "participation", complete_answers(draft.organization, "A")["participation"])
    draft.refresh_from_db()
    assert sections.problems(draft, "repayment") == []


def test_banking_rejects_a_routing_number_with_a_bad_check_digit():
    form = sections.BankingForm(data={"bank_name": "B", "routing_number": "011000016", "account_number": "1234",
                                      "account_type": "checking", "cms588": "on"})
    assert not form.is_valid() and "routing number" in str(form.errors["routing_number"])


def test_identity_rejects_a_tin_that_is_not_an_ein():
    form = sections.IdentityForm(data={"legal_name": "X", "tin": "001234567", "address": "a", "entity_type": "llc", "formed_by": "rhc"})
    assert not form.is_valid() and "tin" in form.errors


def test_only_an_authorized_to_sign_contact_signs_and_only_a_complete_application(world, draft):
    with pytest.raises(ValidationError, match="Complete every section"):
        actions.sign_application(by=world["aco-signer"], application=draft, typed_name="Sam Signer")
    for key, answers in complete_answers(draft.organization, "A").items():
        save(draft, world["aco-executive"], key, answers)
    with pytest.raises(PermissionDenied):
        actions.sign_application(by=world["aco-executive"], application=draft, typed_name="Dana Executive")
    with pytest.raises(ValidationError, match="Type your full name"):
        actions.sign_application(by=world["aco-signer"], application=draft, typed_name="Someone Else")
    actions.sign_application(by=world["aco-signer"], application=draft, typed_name="sam signer")
    draft.refresh_from_db()
    assert draft.signed_by == world["aco-signer"]


def test_a_change_after_signing_clears_the_signature(world, draft):
    fill_and_sign(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="A")
    save(draft, world["aco-executive"], "leadership", {**complete_answers(draft.organization)["leadership"], "executive_name": "New Exec"})
    draft.refresh_from_db()
    assert draft.signed_at is None and "Electronic signature" in sections.incomplete(draft, exclude=())


def test_a_submitted_application_is_read_only_except_through_an_rfi(world, draft):
    from acoms.applications.demo import fill_and_submit

    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="A")
    leadership = complete_answers(draft.organization)["leadership"]
    with pytest.raises(ValidationError, match="cannot be changed"):
        save(draft, world["aco-executive"], "leadership", leadership)
    actions.assign_reviewer(by=world["cms-reviewer"], application=draft, reviewer=world["cms-reviewer"])
    import datetime as dt
    from django.utils import timezone

    actions.issue_rfi(by=world["cms-reviewer"], application=draft, due=timezone.localdate() + dt.timedelta(days=3),
                      deficiencies=[("leadership", "Name a different compliance officer.")])
    save(draft, world["aco-application"], "leadership", {**leadership, "compliance_officer_name": "Other Officer"})
    with pytest.raises(ValidationError, match="only the sections it names"):
        save(draft, world["aco-application"], "banking", complete_answers(draft.organization)["banking"])
    draft.refresh_from_db()
    assert draft.section("leadership")["compliance_officer_name"] == "Other Officer"

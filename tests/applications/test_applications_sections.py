"""Sections: field validation and the program's rules; complete only when both pass. Bad answers
are refused with a reason and nothing is saved."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from acoms.accounts.roles import SYSTEM
from acoms.applications import actions, sections
from acoms.applications.demo import PDF, complete_answers, enter_participant_list, fill_and_sign, fill_and_submit
from acoms.applications.models import PriorAgreement
from acoms.participants import actions as list_actions


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
        save(
            draft,
            world["aco-executive"],
            "participation",
            {**complete_answers(draft.organization, "A")["participation"], "msr_mlr": "0.02"},
        )


def test_add_ons_need_a_level_c_to_e_or_enhanced(world, draft):
    save(draft, world["aco-executive"], "participation", complete_answers(draft.organization, "B")["participation"])
    with pytest.raises(ValidationError, match="open only to BASIC Levels C–E and ENHANCED"):
        save(draft, world["aco-executive"], "addons", {"snf_waiver": False, "snf_affiliates": "", "bip": True})


WESTSIDE = {"tin": "840000017", "legal_name": "Westside Primary Care Associates"}


def _registry(*records):
    list_actions.load_registry(by=SYSTEM, records=list(records), source="test")


def _agreement(org, who, identifier):
    list_actions.attach_agreement(
        by=who, aco=org, identifier=identifier, upload=SimpleUploadedFile(f"{identifier}.pdf", PDF, "application/pdf")
    )


def test_the_participant_list_section_is_complete_only_with_a_ready_list_in_the_registry(world, draft):
    org, who, py = draft.organization, world["aco-executive"], draft.cycle.agreement_start.year
    save(draft, who, "participants", {"list_confirmed": True})  # the confirmation is saved whatever the list says
    draft.refresh_from_db()
    assert draft.section("participants") == {"list_confirmed": True}
    assert "list is empty" in sections.problems(draft, "participants")[0]

    _registry(WESTSIDE)
    list_actions.add_row(
        by=who, aco=org, py=py, kind="participants", raw=WESTSIDE
    )  # saved with a warning: no agreement
    found = sections.problems(draft, "participants")
    assert len(found) == 1 and "without a signed participant agreement" in found[0] and "840000017" in found[0]

    _agreement(org, who, "840000017")
    assert sections.problems(draft, "participants") == []

    _registry({**WESTSIDE, "legal_name": "Westside Medical Partners"})  # enrollment changed: the row now has an error
    found = sections.problems(draft, "participants")
    assert len(found) == 1 and "1 error finding on" in found[0] and "does not match Medicare enrollment" in found[0]
    assert "Participant list" in sections.incomplete(draft)


def test_the_participant_list_of_another_year_does_not_count(world, draft):
    org, who = draft.organization, world["aco-executive"]
    _registry(WESTSIDE)
    _agreement(org, who, "840000017")
    list_actions.add_row(by=who, aco=org, py=draft.cycle.agreement_start.year + 1, kind="participants", raw=WESTSIDE)
    save(draft, who, "participants", {"list_confirmed": True})
    draft.refresh_from_db()
    assert "list is empty" in sections.problems(draft, "participants")[0]


def test_the_snf_waiver_needs_snf_affiliates_on_the_registry_list(world, draft):
    org, who, py = draft.organization, world["aco-executive"], draft.cycle.agreement_start.year
    save(draft, who, "participation", complete_answers(org, "C")["participation"])
    save(draft, who, "addons", {"snf_waiver": True, "bip": False})
    draft.refresh_from_db()
    assert "at least one SNF affiliate" in sections.problems(draft, "addons")[0]
    _registry({"ccn": "365012", "legal_name": "Maple Grove Nursing Center"})
    list_actions.add_row(
        by=who, aco=org, py=py, kind="snf", raw={"ccn": "365012", "name": "Maple Grove Nursing Center", "stars": "4"}
    )
    assert "without a signed SNF affiliate agreement" in sections.problems(draft, "addons")[0]
    _agreement(org, who, "365012")
    assert sections.problems(draft, "addons") == []
    save(draft, who, "addons", {"snf_waiver": False, "bip": False})
    draft.refresh_from_db()
    assert sections.problems(draft, "addons") == []


def test_the_repayment_instrument_must_cover_the_required_amount(world, draft):
    save(draft, world["aco-executive"], "participation", complete_answers(draft.organization, "C")["participation"])
    data = {**complete_answers(draft.organization, "C")["repayment"], "instrument_amount": 1000.0}
    with pytest.raises(ValidationError, match=r"at least \$800,000.00"):
        save(draft, world["aco-executive"], "repayment", data, ContentFile(PDF, name="loc.pdf"))
    save(draft, world["aco-executive"], "repayment", {**data, "instrument_amount": 800000.0})  # the document may follow
    draft.refresh_from_db()
    assert sections.problems(draft, "repayment") == [sections.DOCUMENT_MISSING]
    save(
        draft,
        world["aco-executive"],
        "repayment",
        {**data, "instrument_amount": 800000.0},
        ContentFile(PDF, name="loc.pdf"),
    )
    draft.refresh_from_db()
    assert sections.problems(draft, "repayment") == []


def test_a_one_sided_level_needs_no_repayment_mechanism(world, draft):
    save(draft, world["aco-executive"], "participation", complete_answers(draft.organization, "A")["participation"])
    draft.refresh_from_db()
    assert sections.problems(draft, "repayment") == []


def test_banking_rejects_a_routing_number_with_a_bad_check_digit():
    form = sections.BankingForm(
        data={
            "bank_name": "B",
            "routing_number": "011000016",
            "account_number": "1234",
            "account_type": "checking",
            "cms588": "on",
        }
    )
    assert not form.is_valid() and "routing number" in str(form.errors["routing_number"])


def test_identity_rejects_a_tin_that_is_not_an_ein():
    form = sections.IdentityForm(
        data={"legal_name": "X", "tin": "001234567", "address": "a", "entity_type": "llc", "formed_by": "rhc"}
    )
    assert not form.is_valid() and "tin" in form.errors


def test_only_an_authorized_to_sign_contact_signs_and_only_a_complete_application(world, draft):
    with pytest.raises(ValidationError, match="Complete every section"):
        actions.sign_application(by=world["aco-signer"], application=draft, typed_name="Sam Signer")
    enter_participant_list(draft.organization, editor=world["aco-executive"], py=draft.cycle.agreement_start.year)
    for key, answers in complete_answers(draft.organization, "A").items():
        save(draft, world["aco-executive"], key, answers)
    with pytest.raises(PermissionDenied):
        actions.sign_application(by=world["aco-executive"], application=draft, typed_name="Dana Executive")
    with pytest.raises(ValidationError, match="not the name on your account"):
        actions.sign_application(by=world["aco-signer"], application=draft, typed_name="Someone Else")
    actions.sign_application(by=world["aco-signer"], application=draft, typed_name="sam signer")
    draft.refresh_from_db()
    assert draft.signed_by == world["aco-signer"]


def test_a_change_after_signing_clears_the_signature(world, draft):
    fill_and_sign(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="A")
    save(
        draft,
        world["aco-executive"],
        "leadership",
        {**complete_answers(draft.organization)["leadership"], "executive_name": "New Exec"},
    )
    draft.refresh_from_db()
    assert draft.signed_at is None and "Electronic signature" in sections.incomplete(draft, exclude=())


def test_a_submitted_application_is_read_only_except_through_an_rfi(world, draft):

    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="A")
    leadership = complete_answers(draft.organization)["leadership"]
    with pytest.raises(ValidationError, match="cannot be changed"):
        save(draft, world["aco-executive"], "leadership", leadership)
    actions.assign_reviewer(by=world["cms-reviewer"], application=draft, reviewer=world["cms-reviewer"])

    actions.issue_rfi(
        by=world["cms-reviewer"],
        application=draft,
        due=timezone.localdate() + dt.timedelta(days=3),
        deficiencies=[("leadership", "Name a different compliance officer.")],
    )
    save(draft, world["aco-application"], "leadership", {**leadership, "compliance_officer_name": "Other Officer"})
    with pytest.raises(ValidationError, match="only the sections it names"):
        save(draft, world["aco-application"], "banking", complete_answers(draft.organization)["banking"])
    draft.refresh_from_db()
    assert draft.section("leadership")["compliance_officer_name"] == "Other Officer"

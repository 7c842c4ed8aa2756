"""Saving lists: rejected rows are not saved, accepted rows are saved together, the same file
twice changes nothing, each year's list stays as it was; change requests; certification."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acoms.audit.models import AuditEvent
from acoms.participants import actions
from acoms.participants.models import (
    Certification,
    ChangeRequest,
    ChangeWindow,
    Participant,
    SNFAffiliate,
    Upload,
)
from acoms.participants.reader import read_upload
from participants import support as pt

GOOD = '201234560,"Riverside Family Medicine, PC",361801'
BAD = "20123456,Typo Practice,"
NAMED = "371234561,Harbor Clinic LLC,"


def _upload(pt, people, *lines, py=2027, user="aco-executive"):
    data = pt.csv_bytes(pt.PARTICIPANT_HEADER, *lines)
    return actions.save_list(
        by=people[user], aco=people["_orgs"]["aco_x"], py=py, parsed=read_upload(data), filename="list.csv", data=data
    )


def _tins(orgs, py):
    return sorted(actions.entries(orgs["aco_x"], py, "participants").values_list("tin", flat=True))


def test_accepted_rows_are_saved_and_rejected_rows_are_not(world):
    upload = _upload(pt, world, GOOD, BAD, NAMED)
    assert upload.counts | {} == upload.counts and upload.counts["accepted"] == 2 and upload.counts["rejected"] == 1
    assert _tins(world["_orgs"], 2027) == ["201234560", "371234561"]
    assert [f["code"] for f in upload.findings] == ["TIN_FORMAT", "NO_AGREEMENT"]
    assert Participant.objects.get(tin="201234560").start_date == dt.date(2027, 1, 1)


def test_the_same_file_twice_changes_nothing(world):
    _upload(pt, world, GOOD, NAMED)
    rows = list(Participant.objects.values())
    history = Participant.history.count()
    second = _upload(pt, world, GOOD, NAMED)
    assert second.counts["unchanged"] == 2 and second.counts["added"] == second.counts["updated"] == 0
    assert list(Participant.objects.values()) == rows and Participant.history.count() == history


def test_a_failure_mid_save_leaves_nothing_half_saved(world, monkeypatch):
    """The rows are written, then recording the upload fails: the whole upload is rolled back."""
    before = (Participant.objects.count(), Participant.history.count())

    def broken(**kwargs):
        assert Participant.objects.filter(tin="371234561").exists()  # the rows were written by now
        raise RuntimeError("disk full")

    monkeypatch.setattr(Upload.objects, "create", broken)
    with pytest.raises(RuntimeError):
        _upload(pt, world, GOOD, NAMED)
    assert (Participant.objects.count(), Participant.history.count()) == before


def test_a_change_in_a_later_year_keeps_the_earlier_list_as_it_was(world):
    _upload(pt, world, GOOD, py=2026)
    _upload(pt, world, '201234560,"Riverside Family Medicine, PC",361801;363400', py=2027)
    orgs = world["_orgs"]
    assert actions.entries(orgs["aco_x"], 2026, "participants").get().ccns == ["361801"]
    assert actions.entries(orgs["aco_x"], 2027, "participants").get().ccns == ["361801", "363400"]


def test_exclusivity_is_checked_against_other_acos_lists_for_the_same_year(world):
    upload = _upload(pt, world, "260000001,Shared Primary Care,", py=2027)
    assert [f["code"] for f in upload.findings] == ["EXCLUSIVITY", "NO_AGREEMENT"]
    upload = _upload(pt, world, "260000001,Shared Primary Care,", py=2026)  # A1002's list starts in 2027
    assert [f["code"] for f in upload.findings] == ["NO_AGREEMENT"]


def test_only_editors_of_the_aco_may_upload(world):
    for user in ("aco-medical", "other-aco", "cms-admin"):
        with pytest.raises(PermissionDenied):
            _upload(pt, world, GOOD, user=user)
    assert not Participant.objects.filter(organization=world["_orgs"]["aco_x"]).exists()


def test_typed_row_saves_only_without_errors(world):
    aco = world["_orgs"]["aco_x"]
    report = actions.add_row(
        by=world["aco-application"],
        aco=aco,
        py=2027,
        kind="snf",
        raw={"ccn": "365012", "name": "Maple Grove Nursing Center", "stars": "2"},
    )
    assert report.rejected and not SNFAffiliate.objects.exists()
    report = actions.add_row(
        by=world["aco-application"],
        aco=aco,
        py=2027,
        kind="snf",
        raw={"ccn": "365012", "name": "Maple Grove Nursing Center", "stars": "4"},
    )
    assert not report.findings and SNFAffiliate.objects.get().stars == 4


def test_removing_a_row_this_year_keeps_last_year(world):
    _upload(pt, world, GOOD, py=2026)
    actions.carry_forward(by=world["aco-executive"], aco=world["_orgs"]["aco_x"], py=2027)
    entry = Participant.objects.get(organization=world["_orgs"]["aco_x"], py=2027)
    actions.remove_row(by=world["aco-executive"], entry=entry, py=2027)
    assert _tins(world["_orgs"], 2026) == ["201234560"] and _tins(world["_orgs"], 2027) == []


def _certify_ready(world, pt):
    _upload(pt, world, GOOD, py=2027)
    return world["_orgs"]["aco_x"]


def test_certification_is_for_the_signer_and_needs_the_attestation(world):
    aco = _certify_ready(world, pt)
    with pytest.raises(PermissionDenied):
        actions.certify(by=world["aco-executive"], aco=aco, py=2027, attest=True)
    with pytest.raises(ValidationError):
        actions.certify(by=world["aco-signer"], aco=aco, py=2027, attest=False)
    cert = actions.certify(by=world["aco-signer"], aco=aco, py=2027, attest=True)
    assert cert.rows["participants"] == [
        {"tin": "201234560", "legal_name": "Riverside Family Medicine, PC", "ccns": ["361801"]}
    ]
    assert cert.is_intact() and AuditEvent.objects.filter(action="participants.certify").exists()


def test_certification_is_blocked_by_missing_agreements(world):
    _upload(pt, world, GOOD, NAMED, py=2027)
    with pytest.raises(ValidationError) as error:
        actions.certify(by=world["aco-signer"], aco=world["_orgs"]["aco_x"], py=2027, attest=True)
    assert "No signed agreement is attached for 371234561" in str(error.value)


def test_a_certified_snapshot_is_immutable_and_freezes_the_list(world):
    aco = _certify_ready(world, pt)
    cert = actions.certify(by=world["aco-signer"], aco=aco, py=2027, attest=True)
    cert.rows = {"participants": []}
    with pytest.raises(ValidationError):
        cert.save()
    with pytest.raises(ValidationError):
        cert.delete()
    with pytest.raises(ValidationError, match="certified"):
        _upload(pt, world, NAMED, py=2027)
    with pytest.raises(ValidationError, match="already certified"):
        actions.certify(by=world["aco-signer"], aco=aco, py=2027, attest=True)
    assert Certification.objects.get().is_intact()


@pytest.fixture
def window(db):
    today = dt.date.today()
    return ChangeWindow.objects.create(
        py=2027, opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=1)
    )


def test_change_requests_need_an_open_window(world):
    with pytest.raises(ValidationError, match="closed"):
        actions.request_change(
            by=world["aco-executive"],
            aco=world["_orgs"]["aco_x"],
            kind="participants",
            action="add",
            raw={"tin": "201234560", "legal_name": "Riverside Family Medicine, PC"},
        )


def test_approved_changes_take_effect_on_the_first_day_of_the_year(world, window):
    _upload(pt, world, GOOD, py=2026)
    aco = world["_orgs"]["aco_x"]
    actions.carry_forward(by=world["aco-executive"], aco=aco, py=2027)  # next year's list starts from this one
    add = actions.request_change(
        by=world["aco-executive"],
        aco=aco,
        kind="participants",
        action="add",
        raw={"tin": "371234561", "legal_name": "Harbor Clinic LLC"},
    )
    drop = actions.request_change(
        by=world["aco-executive"], aco=aco, kind="participants", action="delete", raw={"tin": "201234560"}
    )
    with pytest.raises(PermissionDenied):
        actions.decide_change(by=world["cms-reviewer"], change=add, approve=True, reason="ok")
    with pytest.raises(ValidationError):
        actions.decide_change(by=world["cms-approver"], change=add, approve=True, reason=" ")
    actions.decide_change(by=world["cms-approver"], change=add, approve=True, reason="Enrolled and agreement on file")
    actions.decide_change(by=world["cms-approver"], change=drop, approve=True, reason="Requested by the ACO")
    assert _tins(world["_orgs"], 2026) == ["201234560"]
    assert _tins(world["_orgs"], 2027) == ["371234561"]
    assert Participant.objects.get(tin="201234560").end_date == dt.date(2026, 12, 31)
    add.refresh_from_db()
    assert add.status == "approved" and add.history.count() == 2
    with pytest.raises(ValidationError, match="already decided"):
        actions.decide_change(by=world["cms-approver"], change=add, approve=False, reason="changed my mind")


def test_denied_and_invalid_requests(world, window):
    aco = world["_orgs"]["aco_x"]
    with pytest.raises(ValidationError, match="EXCLUSIVITY|another ACO"):
        actions.request_change(
            by=world["aco-executive"],
            aco=aco,
            kind="participants",
            action="add",
            raw={"tin": "260000001", "legal_name": "Shared Primary Care"},
        )
    with pytest.raises(ValidationError, match="not on the PY2027 list"):
        actions.request_change(
            by=world["aco-executive"], aco=aco, kind="participants", action="delete", raw={"tin": "201234560"}
        )
    change = actions.request_change(
        by=world["aco-executive"],
        aco=aco,
        kind="snf",
        action="add",
        raw={"ccn": "145103", "name": "Lakeshore Skilled Nursing", "stars": ""},
    )
    with pytest.raises(ValidationError, match="already waiting"):
        actions.request_change(
            by=world["aco-executive"],
            aco=aco,
            kind="snf",
            action="add",
            raw={"ccn": "145103", "name": "Lakeshore Skilled Nursing", "stars": ""},
        )
    actions.decide_change(by=world["cms-approver"], change=change, approve=False, reason="No SNF waiver election")
    assert not SNFAffiliate.objects.exists()
    assert ChangeRequest.objects.get().reason == "No SNF waiver election"

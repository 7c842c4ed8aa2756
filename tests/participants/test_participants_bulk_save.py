"""Saving a list in bulk keeps a django-simple-history row for every change, equal to the stored
row and naming who saved it, and a failure anywhere in the save leaves nothing saved."""

import datetime as dt

import pytest
from stdnum import luhn

from acoms.participants import actions, bulk
from acoms.participants.models import EnrollmentRecord, Participant, Provider, Upload
from acoms.participants.reader import read_upload
from participants import support as pt

GOOD = '201234560,"Riverside Family Medicine, PC",361801'
NAMED = "371234561,Harbor Clinic LLC,"
TRACKED = ("id", "organization_id", "py", "created_at", "tin", "legal_name", "ccns")


def _upload(pt, people, *lines, py=2027, header=None, user="aco-executive"):
    data = pt.csv_bytes(header or pt.PARTICIPANT_HEADER, *lines)
    return actions.save_list(
        by=people[user], aco=people["_orgs"]["aco_x"], py=py, parsed=read_upload(data), filename="list.csv", data=data
    )


def test_every_added_row_has_a_creation_history_row_equal_to_it(world):
    _upload(pt, world, GOOD, NAMED)
    aco = world["_orgs"]["aco_x"]
    history = list(Participant.history.filter(organization=aco).values(*TRACKED, "history_type", "history_user_id"))
    assert len(history) == 2 and {h["history_type"] for h in history} == {"+"}
    assert {h["history_user_id"] for h in history} == {world["aco-executive"].pk}
    stored = {r["id"]: r for r in Participant.objects.filter(organization=aco).values(*TRACKED)}
    assert len(stored) == 2
    assert all({k: h[k] for k in TRACKED} == stored[h["id"]] for h in history)
    assert stored[Participant.objects.get(tin="201234560").pk]["ccns"] == ["361801"]


def test_a_changed_row_gets_a_change_history_row_and_an_earlier_year_is_not_changed(world):
    _upload(pt, world, GOOD, NAMED, py=2026)
    _upload(pt, world, GOOD.replace("361801", "361801;363400"), NAMED, py=2026, user="aco-signer")
    changed = Participant.history.filter(tin="201234560", history_type="~").get()
    assert changed.ccns == ["361801", "363400"] and changed.history_user_id == world["aco-signer"].pk
    assert Participant.objects.filter(tin="201234560").count() == 1  # same year: changed in place
    upload = _upload(pt, world, GOOD, NAMED, py=2027)  # the 2027 list: one CCN; 2026 is its own row
    assert upload.counts["added"] == 2 and upload.counts["updated"] == upload.counts["unchanged"] == 0
    old, new = Participant.objects.filter(tin="201234560").order_by("py")
    assert (old.py, old.ccns, new.py, new.ccns) == (2026, ["361801", "363400"], 2027, ["361801"])
    assert (old.end_date, new.start_date) == (dt.date(2026, 12, 31), dt.date(2027, 1, 1))
    assert Participant.history.filter(id=old.pk).order_by("history_id").last().history_type == "~"
    assert Participant.history.filter(id=new.pk, history_type="+").count() == 1


@pytest.mark.parametrize("stage", ["+", "~"])
def test_a_failure_while_writing_history_leaves_nothing_saved(world, monkeypatch, stage):
    _upload(pt, world, GOOD, py=2027)
    before = (
        sorted(Participant.objects.values_list("id", "py", "ccns")),
        Participant.history.count(),
        Upload.objects.count(),
    )
    real = bulk._copy_to_history

    def broken(cursor, model, ids, history_type, *args):
        real(cursor, model, ids, history_type, *args)
        if history_type == stage:
            raise RuntimeError("disk full")

    monkeypatch.setattr(bulk, "_copy_to_history", broken)
    with pytest.raises(RuntimeError):
        _upload(pt, world, GOOD.replace("361801", "363400"), NAMED, py=2027)
    assert (
        sorted(Participant.objects.values_list("id", "py", "ccns")),
        Participant.history.count(),
        Upload.objects.count(),
    ) == before


def test_a_large_provider_list_is_saved_whole_with_its_history(world):
    """More rows than one INSERT batch, so the batching is exercised."""

    _upload(pt, world, GOOD, py=2027)
    stems = [f"1{i:08d}" for i in range(bulk.MAX_BATCH + 345)]
    npis = [s + luhn.calc_check_digit("80840" + s) for s in stems]
    EnrollmentRecord.objects.bulk_create(
        [EnrollmentRecord(tin="201234560", npi=n, legal_name=f"Clinician {n}") for n in npis]
    )
    upload = _upload(pt, world, *[f"201234560,{n},Clinician {n}" for n in npis], py=2027, header=pt.PROVIDER_HEADER)
    assert upload.counts["added"] == len(npis) and upload.counts["rejected"] == 0
    assert sorted(Provider.objects.values_list("npi", flat=True)) == sorted(npis)
    assert Provider.history.filter(history_type="+").count() == len(npis)
    assert set(Provider.history.values_list("id", flat=True)) == set(Provider.objects.values_list("id", flat=True))

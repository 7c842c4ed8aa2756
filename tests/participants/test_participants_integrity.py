"""Issue 9, the integrity rules: a list row is in force for the one year it names; only years the
program has are accepted (page, API, CLI); one ACO per TIN (§425.306(b)) and the certification lock
hold at every write; a certified snapshot never stops matching the live list of its year."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from acoms.api import actions as token_actions
from acoms.applications import participant_lists
from acoms.applications.models import Application, Cycle
from acoms.audit.models import AuditEvent
from acoms.participants import actions
from acoms.participants.models import Certification, ChangeRequest, ChangeWindow, Participant, SNFAffiliate
from acoms.participants.reader import read_upload
from acoms.rules import exclusivity
from participants import support as pt

GOOD = '201234560,"Riverside Family Medicine, PC",361801'
SHARED = "260000001,Shared Primary Care,"  # on A1002's PY2027 list and bills primary care
HARBOR = {"tin": "371234561", "legal_name": "Harbor Clinic LLC"}  # enrolled, primary care, on no list


def _upload(pt, people, *lines, py, user="aco-executive", aco="aco_x"):
    data = pt.csv_bytes(pt.PARTICIPANT_HEADER, *lines)
    return actions.save_list(
        by=people[user], aco=people["_orgs"][aco], py=py, parsed=read_upload(data), filename="list.csv", data=data
    )


def _tins(aco, py):
    return sorted(actions.entries(aco, py, "participants").values_list("tin", flat=True))


@pytest.fixture
def certified(world):
    """A1001's PY2027 lists, certified by its Authorized to Sign contact."""
    _upload(pt, world, GOOD, py=2027)
    aco = world["_orgs"]["aco_x"]
    actions.add_row(
        by=world["aco-executive"],
        aco=aco,
        py=2027,
        kind="snf",
        raw={"ccn": "365012", "name": "Maple Grove Nursing Center", "stars": "4"},
    )
    return actions.certify(by=world["aco-signer"], aco=aco, py=2027, attest=True)


def _intact(cert):
    cert.refresh_from_db()
    return cert.is_intact() and actions.snapshot_rows(cert.organization, cert.py) == cert.rows


# ---- a row is on the list of one year ------------------------------------------------------------


def test_a_row_is_in_force_for_the_year_it_was_written_for_only(world):
    aco = world["_orgs"]["aco_x"]
    _upload(pt, world, GOOD, py=2027)
    assert _tins(aco, 2027) == ["201234560"]
    assert _tins(aco, 2028) == [] and _tins(aco, 2031) == []  # no row reaches a year nobody validated


def test_carrying_a_year_forward_validates_every_row_again_for_the_new_year(world):
    """A1001 had the shared TIN in PY2026 (A1002's list starts in 2027): it is not carried into 2027."""
    aco = world["_orgs"]["aco_x"]
    _upload(pt, world, GOOD, SHARED, py=2026)
    [upload] = actions.carry_forward(by=world["aco-executive"], aco=aco, py=2027)
    assert _tins(aco, 2027) == ["201234560"] and _tins(aco, 2026) == ["201234560", "260000001"]
    assert upload.counts["added"] == 1 and [f["code"] for f in upload.findings] == ["EXCLUSIVITY", "NO_AGREEMENT"]
    event = AuditEvent.objects.filter(action="participants.carry_forward").get()
    assert event.after["years"] == [2027]


# ---- reproduction 1: py=2012 on the page, another ACO's TIN --------------------------------------


def test_a_year_the_program_does_not_have_is_refused_and_changes_nothing(world, certified):
    before = (Participant.objects.count(), AuditEvent.objects.count())
    for py in (2012, 2025, 2032, 1, -1, 99999, 2**63):
        with pytest.raises(ValidationError) as refused:
            _upload(pt, world, SHARED, py=py)
        assert "py" in refused.value.message_dict, py
    assert (Participant.objects.count(), AuditEvent.objects.count()) == before
    assert _intact(certified)


def test_the_page_upload_with_py_2012_of_another_acos_tin_is_a_clear_error(client, world, certified):
    client.force_login(world["aco-executive"])
    data = pt.csv_bytes(pt.PARTICIPANT_HEADER, SHARED)
    response = client.post(
        reverse("participant_upload", args=["A1001"]) + "?py=2012", {"file": SimpleUploadedFile("list.csv", data)}
    )
    assert response.status_code == 200
    assert "PY2012 is not a performance year of the program for A1001" in response.content.decode()
    assert "260000001" not in _tins(world["_orgs"]["aco_x"], 2027) and _intact(certified)
    response = client.post(
        reverse("participant_row_add", args=["A1001"]) + "?py=1",
        {"kind": "participants", "tin": "260000001", "legal_name": "Shared Primary Care"},
    )
    assert response.status_code == 200 and "Give the performance year" not in response.content.decode()
    assert "is not a performance year" in response.content.decode()
    assert not Participant.objects.filter(organization=world["_orgs"]["aco_x"], tin="260000001").exists()


# ---- reproduction 2: py=1 through the API ---------------------------------------------------------


def _auth(user):
    _, secret = token_actions.create_token(by=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


def _names_field(detail, field: str) -> bool:
    """The API's 422 names the field: {field: message} from our checks, [{"loc": [..., field]}] from the schema's."""
    if isinstance(detail, dict):
        return field in detail
    return any(field in item.get("loc", []) for item in detail)


@pytest.mark.parametrize("py", [1, -1, 2012, 99999, 2**63, 10**20])
def test_the_api_answers_422_with_the_field_for_any_year_it_does_not_have(client, world, py):
    headers = _auth(world["aco-executive"])
    data = pt.csv_bytes(pt.PARTICIPANT_HEADER, SHARED)
    response = client.post(
        "/api/v1/participants/A1001/upload", {"file": SimpleUploadedFile("l.csv", data), "py": py}, headers=headers
    )
    assert response.status_code == 422 and _names_field(response.json()["detail"], "py"), response.content
    assert not Participant.objects.filter(organization=world["_orgs"]["aco_x"]).exists()
    response = client.get(f"/api/v1/participants/A1001/lists/participants?py={py}", headers=headers)
    assert response.status_code in (200, 422) and response.status_code != 500
    if not 2012 <= py <= 9999:
        assert response.status_code == 422 and _names_field(response.json()["detail"], "py")


def test_the_cli_refuses_a_year_the_program_does_not_have(world, tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(pt.csv_bytes(pt.PARTICIPANT_HEADER, GOOD))

    with pytest.raises(CommandError, match="PY2012 is not a performance year"):
        call_command("participants", "validate", str(path), "--aco", "A1001", "--py", "2012")
    with pytest.raises(CommandError, match="--py"):
        call_command("participants", "validate", str(path), "--py", "1")


def test_a_certified_snapshot_url_with_a_huge_year_is_not_found(client, world):
    client.force_login(world["aco-executive"])
    assert client.get(f"/aco/A1001/participants/certified/{2**63}/").status_code == 404
    assert client.get(f"/aco/A1001/participants/?py={2**63}").status_code == 200


# ---- reproduction 3: a removal naming another year -----------------------------------------------


def test_a_removal_naming_another_year_does_not_touch_the_certified_year(client, world, certified):
    aco = world["_orgs"]["aco_x"]
    entry = Participant.objects.get(organization=aco, py=2027)
    with pytest.raises(ValidationError, match="not on the PY2026 list"):
        actions.remove_row(by=world["aco-executive"], entry=entry, py=2026)
    with pytest.raises(ValidationError, match="certified"):
        actions.remove_row(by=world["aco-executive"], entry=entry)
    client.force_login(world["aco-executive"])
    response = client.post(reverse("participant_row_remove", args=["A1001", "participants", entry.pk]) + "?py=2026")
    assert response.status_code == 302
    assert _tins(aco, 2027) == ["201234560"] and _intact(certified)


# ---- reproduction 4: two change requests for one TIN ---------------------------------------------


@pytest.fixture
def window_2028(db):
    today = dt.date.today()
    day = dt.timedelta(days=1)
    return ChangeWindow.objects.create(py=2028, opens_on=today - day, closes_on=today + day)


def test_two_acos_requesting_one_tin_cannot_both_be_approved(world, window_2028):
    x, y = world["_orgs"]["aco_x"], world["_orgs"]["aco_y"]
    first = actions.request_change(by=world["aco-executive"], aco=x, kind="participants", action="add", raw=HARBOR)
    second = actions.request_change(by=world["other-aco"], aco=y, kind="participants", action="add", raw=HARBOR)
    actions.decide_change(by=world["cms-approver"], change=first, approve=True, reason="Enrolled")
    with pytest.raises(ValidationError, match="371234561 cannot be added to the PY2028 list now"):
        actions.decide_change(by=world["cms-approver"], change=second, approve=True, reason="Enrolled")
    second.refresh_from_db()
    assert second.status == "pending" and second.decided_by is None
    assert _tins(x, 2028) == ["371234561"] and _tins(y, 2028) == []
    approved = AuditEvent.objects.filter(action="participants.change_approved").get()
    assert approved.after["years"] == [2028] and approved.after["added"] == 1


# ---- no path makes a certified snapshot differ from its year's live list -------------------------


def test_no_write_path_changes_a_certified_year(world, certified):
    """Every action that writes list rows (the demo seed writes through save_list, certify and
    carry_forward, so through the same write) is tried against the certified PY2027."""
    aco, executive, approver = world["_orgs"]["aco_x"], world["aco-executive"], world["cms-approver"]
    entry = Participant.objects.get(organization=aco, py=2027)
    snf = SNFAffiliate.objects.get(organization=aco, py=2027)
    pending = [
        ChangeRequest.objects.create(  # requests made before the year was certified
            organization=aco, py=2027, kind=kind, action=action, key=key, row=row, requested_by=executive
        )
        for kind, action, key, row in [
            ("participants", "add", "371234561", {**HARBOR, "ccns": []}),
            ("participants", "delete", "201234560", entry.as_row()),
            ("snf", "delete", "365012", snf.as_row()),
        ]
    ]
    _upload(pt, world, GOOD, py=2026)  # a year before, to carry forward from
    attempts = {
        "upload": lambda: _upload(pt, world, "371234561,Harbor Clinic LLC,", py=2027),
        "upload of a changed row": lambda: _upload(pt, world, GOOD.replace("361801", "363400"), py=2027),
        "typed row": lambda: actions.add_row(by=executive, aco=aco, py=2027, kind="participants", raw=HARBOR),
        "removal": lambda: actions.remove_row(by=executive, entry=entry),
        "removal of a SNF": lambda: actions.remove_row(by=executive, entry=snf, py=2027),
        "carry forward": lambda: actions.carry_forward(by=executive, aco=aco, py=2027),
        **{
            f"approval {c.action} {c.kind}": (
                lambda c=c: actions.decide_change(by=approver, change=c, approve=True, reason="ok")
            )
            for c in pending
        },
    }
    for name, attempt in attempts.items():
        with pytest.raises(ValidationError, match="certified"):
            attempt()
        assert _intact(certified), name
    assert all(c.status == "pending" for c in ChangeRequest.objects.all())


def test_audit_events_name_the_years_a_write_affected(world):
    aco = world["_orgs"]["aco_x"]
    _upload(pt, world, GOOD, py=2028)
    actions.add_row(by=world["aco-executive"], aco=aco, py=2029, kind="participants", raw=HARBOR)
    actions.remove_row(by=world["aco-executive"], entry=Participant.objects.get(py=2028, tin="201234560"))
    events = AuditEvent.objects.filter(action__startswith="participants.", organization=aco)
    years = {e.action: (e.after or e.before)["years"] for e in events if (e.after or e.before or {}).get("years")}
    assert years == {"participants.upload": [2028], "participants.add_row": [2029], "participants.remove_row": [2028]}


def test_the_phase_2_snapshot_reads_the_rows_of_its_year(world):

    aco = world["_orgs"]["aco_x"]
    _upload(pt, world, GOOD, py=2027)
    actions.add_row(by=world["aco-executive"], aco=aco, py=2028, kind="participants", raw=HARBOR)
    application = Application(organization=aco, cycle=Cycle.objects.get(agreement_start=dt.date(2027, 1, 1)))
    assert participant_lists.snapshot(application, with_snf=False)["participants"] == ["201234560"]


# ---- §425.306(b) itself: the pure rule ------------------------------------------------------------


def test_the_exclusivity_rule_is_per_tin_and_primary_care():
    others = {"260000001": "A1002", "300000019": "A1002"}
    assert exclusivity.conflict("260000001", others, {"260000001"}) == "A1002"
    assert exclusivity.conflict("300000019", others, {"260000001"}) is None  # a specialist TIN may be on two lists
    assert exclusivity.conflict("300000019", others, None) == "A1002"  # unknown billing: the safe reading
    assert exclusivity.conflict("201234560", others, None) is None
    assert exclusivity.conflicts(["260000001", "201234560"], others, None) == {"260000001": "A1002"}


# ---- a list certified by the system ---------------------------------------------------------------


def test_a_list_certified_by_the_system_shows_and_does_not_fail(client, world):
    aco = world["_orgs"]["aco_y"]
    rows = actions.snapshot_rows(aco, 2027)
    Certification.objects.create(organization=aco, py=2027, rows=rows, content_hash=Certification.hash_rows(rows))
    client.force_login(world["other-aco"])
    page = client.get("/aco/A1002/participants/?py=2027")
    assert page.status_code == 200 and "by the system" in page.content.decode()
    snapshot = client.get("/aco/A1002/participants/certified/2027/")
    assert snapshot.status_code == 200 and "by the system" in snapshot.content.decode()

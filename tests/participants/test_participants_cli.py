"""`acoms participants validate FILE` runs the same validation offline."""

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from acoms.participants.models import EnrollmentRecord
from participants import support as pt


def _run(*args):

    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("participants", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_validate_json_offline_exits_1_on_errors(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(pt.csv_bytes(pt.SNF_HEADER, "365012,Maple Grove Nursing Center,2", "365012,Maple Grove,4"))
    code, out, _ = _run("validate", str(path), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["kind"] == "snf"
    assert [(f["row"], f["code"]) for f in report["findings"]] == [(2, "STARS_LOW")]


def test_validate_table_passes_a_clean_file(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(pt.csv_bytes(pt.PROVIDER_HEADER, "201234560,1234567893,Jane Rivera"))
    code, out, _ = _run("validate", str(path))
    assert code == 0 and "1 accepted, 0 rejected" in out


def test_validate_against_an_aco_uses_the_registry(tmp_path, world):
    path = tmp_path / "list.csv"
    path.write_bytes(pt.csv_bytes(pt.PARTICIPANT_HEADER, "260000001,Shared Primary Care,"))
    code, out, _ = _run("validate", str(path), "--aco", "A1001", "--py", "2027", "--format", "json")
    assert code == 1 and [f["code"] for f in json.loads(out)["findings"]] == ["EXCLUSIVITY", "NO_AGREEMENT"]


def test_an_unreadable_file_exits_2_with_the_message(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(b"")
    code, _, err = _run("validate", str(path))
    assert code == 2 and "The file is empty." in err


@pytest.mark.django_db
def test_load_registry_from_a_reference_file(tmp_path):

    path = tmp_path / "registry.csv"
    path.write_text(
        "tin,npi,ccn,legal_name,specialty_code,bills_primary_care\n201234560,,,Riverside,,true\n"
        "300000019,,,Valley Cardiology,,false\n"
    )
    _run("load-registry", str(path))
    _run("load-registry", str(path))
    assert EnrollmentRecord.objects.count() == 2
    assert not EnrollmentRecord.objects.get(tin="300000019").bills_primary_care


@pytest.mark.django_db
def test_load_registry_from_a_claims_dataset_provider_table(tmp_path):

    path = tmp_path / "provider.parquet"
    pq.write_table(
        pa.table(
            {"npi": ["1234567893"], "tin": ["201234560"], "specialty_code": ["08"], "legal_name": ["Jane Rivera"]}
        ),
        path,
    )
    _run("load-registry", str(path))
    record = EnrollmentRecord.objects.get()
    assert (record.npi, record.tin, record.legal_name, record.specialty_code) == (
        "1234567893",
        "201234560",
        "Jane Rivera",
        "08",
    )


@pytest.mark.django_db
def test_load_registry_refuses_a_bad_file_whole(tmp_path):

    path = tmp_path / "registry.csv"
    path.write_text(
        "tin,npi,ccn,legal_name,specialty_code,bills_primary_care\n201234560,,,Riverside,,true\n"
        "3000,,,Valley Cardiology,,false\n"
    )
    with pytest.raises(CommandError, match="row 3: the tin has nine digits"):
        _run("load-registry", str(path))
    assert not EnrollmentRecord.objects.exists()

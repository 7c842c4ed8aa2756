"""The claims dataset layer: open + validate with errors naming table and column."""

import datetime as dt
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from acoms.analytics import dataset
from acoms.analytics import engine as eng
from acoms.analytics.dataset import DatasetError
from analytics.claims import Claims


@pytest.fixture
def good(tmp_path):
    c = Claims()
    c.bene("B1")
    c.provider("1000000001", "111111111", "08")
    c.participant("A1001", "111111111")
    c.claim("B1", "2025-03-01", [("99213", 100)], tin="111111111", npi="1000000001", specialty="08")
    return c.write(tmp_path / "ds")


def test_a_dataset_written_by_the_builder_is_valid(good, engine):
    ds = dataset.open_dataset(good)
    assert set(ds.paths) >= {"beneficiary", "enrollment", "claim_line", "claim_diagnosis", "provider"}
    ds.check_keys(engine)


def test_missing_table_is_named(good):
    (good / "provider.parquet").unlink()
    with pytest.raises(DatasetError, match=r"provider: missing table"):
        dataset.open_dataset(good)


def test_missing_column_is_named(good):
    t = pq.read_table(good / "claim_line.parquet").drop_columns(["billing_tin"])
    pq.write_table(t, good / "claim_line.parquet")
    with pytest.raises(DatasetError, match=r"claim_line\.billing_tin: missing column"):
        dataset.open_dataset(good)


def test_integer_identifier_is_rejected(good):
    t = pq.read_table(good / "provider.parquet")
    t = t.set_column(t.schema.get_field_index("tin"), "tin", pa.array([111111111], pa.int64()))
    pq.write_table(t, good / "provider.parquet")
    with pytest.raises(DatasetError, match=r"provider\.tin: identifiers must be strings"):
        dataset.open_dataset(good)


def test_wrong_type_is_named(good):
    t = pq.read_table(good / "enrollment.parquet")
    i = t.schema.get_field_index("month")
    t = t.set_column(i, "month", pa.array([str(m) for m in t["month"].to_pylist()]))
    pq.write_table(t, good / "enrollment.parquet")
    with pytest.raises(DatasetError, match=r"enrollment\.month: wrong type string, expected date"):
        dataset.open_dataset(good)


def test_float_money_is_accepted(good, engine):
    t = pq.read_table(good / "claim_line.parquet")
    i = t.schema.get_field_index("allowed_amount")
    pq.write_table(
        t.set_column(i, "allowed_amount", t["allowed_amount"].cast(pa.float64())), good / "claim_line.parquet"
    )
    ds = dataset.open_dataset(good)
    assert "claim_line" in ds.paths
    allowed = ds.tables(engine)["claim_line"].allowed_amount.sum()
    assert float(eng.to_scalar(allowed)) == 100.0


def test_table_as_a_folder_of_parts(good, engine):
    t = pq.read_table(good / "enrollment.parquet")
    (good / "enrollment.parquet").unlink()
    (good / "enrollment").mkdir()
    half = t.num_rows // 2
    pq.write_table(t.slice(0, half), good / "enrollment" / "part-0.parquet")
    pq.write_table(t.slice(half), good / "enrollment" / "part-1.parquet")
    ds = dataset.open_dataset(good)
    assert ds.tables(engine)["enrollment"].count().execute() == t.num_rows


def test_duplicate_key_is_named(good, engine):
    t = pq.read_table(good / "beneficiary.parquet")
    pq.write_table(pa.concat_tables([t, t]), good / "beneficiary.parquet")
    ds = dataset.open_dataset(good)
    with pytest.raises(DatasetError, match=r"beneficiary\.bene_id: duplicate key \(bene_id='B1'\)"):
        ds.check_keys(engine)


def test_participants_csv_keeps_leading_zeros_and_reports_bad_dates(tmp_path):
    p = tmp_path / "participants.csv"
    p.write_text("aco_id,tin,ccn,start_date,end_date\nA1001,012345678,,2025-01-01,\nA1001,000000001,,2025-13-01,\n")
    with pytest.raises(DatasetError, match=r"participants\.start_date: bad date '2025-13-01' on line 3"):
        dataset.read_participants(p)
    p.write_text("aco_id,tin,ccn,start_date,end_date\nA1001,012345678,051001,2025-01-01,\n")
    t = dataset.read_participants(p)
    assert t.to_pylist()[0]["tin"] == "012345678" and t.to_pylist()[0]["ccn"] == "051001"
    assert t.to_pylist()[0]["start_date"] == dt.date(2025, 1, 1)


def test_write_is_atomic_and_leaves_nothing_on_failure(tmp_path):
    bad = {"beneficiary": pa.table({"bene_id": ["B1"]})}  # missing columns -> fails while writing
    with pytest.raises(KeyError):
        dataset.write_dataset(bad, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []
    shutil.rmtree(tmp_path, ignore_errors=True)

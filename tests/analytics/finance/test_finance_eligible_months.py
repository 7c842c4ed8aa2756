"""Eligible months (financial-engine.md §3) and the optional contract columns (§1.1), on both engines."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from acoms.analytics import dataset
from acoms.analytics import engine as eng
from acoms.analytics.finance.expenditures import eligible_months
from analytics.claims import Claims


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    c = Claims()
    c.bene("b1", start="2024-01", end="2025-12")  # eligible every month
    c.bene("b2", start="2025-01", end="2025-12", death="2025-03-15")  # March counts, April not
    c.bene(
        "b3",
        start="2025-01",
        end="2025-12",
        ghp={"2025-02": True},
        part_b={"2025-03": False},
        esrd={"2025-04": True},
        disabled={"2025-04": True, "2025-05": True},
        dual={"2025-06": True},
    )
    return c.write(tmp_path_factory.mktemp("elig"))


def _rows(con, root, years, extra=None):
    ds = dataset.open_dataset(root)
    t = ds.tables(con, dataset.read_participants(root / "participants.csv"))
    t = dataset.with_finance_defaults(t)
    m = eligible_months(t, years)
    return {(r["bene_id"], r["month"]): r for r in eng.to_arrow(m).to_pylist()}


def test_eligible_months(engine, data):
    rows = _rows(engine, data, [2025])
    assert {m.month for b, m in rows if b == "b1"} == set(range(1, 13))
    assert all(r["year"] == 2025 for r in rows.values())  # 2024 months not asked for
    assert sorted(m.month for b, m in rows if b == "b2") == [1, 2, 3]
    b3 = {m.month: r for (b, m), r in rows.items() if b == "b3"}
    assert 2 not in b3 and 3 not in b3  # GHP month, Part-B-less month
    assert b3[4]["enrollment_type"] == "ESRD"
    assert b3[5]["enrollment_type"] == "DIS"
    assert b3[6]["enrollment_type"] == "AGDU" and b3[6]["dual"] is True
    assert b3[7]["enrollment_type"] == "AGND"
    # optional columns absent -> defaults (lti false, no dual code)
    assert all(r["lti"] is False and r["dual_status_code"] is None for r in rows.values())
    assert b3[1]["month"] == dt.date(2025, 1, 1)


def test_optional_columns_defaults_and_present(engine, tmp_path):
    c = Claims()
    c.bene("d1", start="2025-01", end="2025-02", disabled=True)
    c.bene("d2", start="2025-01", end="2025-02")
    c.claim("d1", "2025-01-10", [{"hcpcs_code": "99213", "allowed_amount": 10, "paid_amount": 8}])
    root = c.write(tmp_path / "ds")
    ds = dataset.open_dataset(root)
    t = dataset.with_finance_defaults(ds.tables(engine))
    ben = {r["bene_id"]: r["orec"] for r in eng.to_arrow(t["beneficiary"]).to_pylist()}
    assert ben == {"d1": "1", "d2": "0"}
    line = eng.to_arrow(t["claim_line"]).to_pylist()[0]
    assert line["ucp_amount"] == 0 and line["other_excluded_amount"] == 0

    # present: written through write_dataset, read back, used as given (NULL -> default)

    ben_t = pq.read_table(root / "beneficiary.parquet")
    ben_t = ben_t.append_column("orec", pa.array(["2", None]))
    enr = pq.read_table(root / "enrollment.parquet")
    enr = enr.append_column("lti", pa.array([True, None, False, False]))
    enr = enr.append_column("dual_status_code", pa.array(["03", None, None, None]))
    pq.write_table(ben_t, root / "beneficiary.parquet")
    pq.write_table(enr, root / "enrollment.parquet")
    ds = dataset.open_dataset(root)
    t = dataset.with_finance_defaults(ds.tables(engine))
    ben = {r["bene_id"]: r["orec"] for r in eng.to_arrow(t["beneficiary"]).to_pylist()}
    assert ben == {"d1": "2", "d2": "0"}
    m = sorted(eng.to_arrow(eligible_months(t, [2025])).to_pylist(), key=lambda r: (r["bene_id"], r["month"]))
    assert [r["lti"] for r in m] == [True, False, False, False]
    assert [r["dual_status_code"] for r in m] == ["03", None, None, None]


def test_optional_column_wrong_type(tmp_path):
    c = Claims()
    c.bene("d1", start="2025-01", end="2025-01")
    root = c.write(tmp_path / "ds")

    enr = pq.read_table(root / "enrollment.parquet").append_column("lti", pa.array(["yes"]))
    pq.write_table(enr, root / "enrollment.parquet")
    with pytest.raises(dataset.DatasetError, match="enrollment.lti: wrong type"):
        dataset.open_dataset(root)

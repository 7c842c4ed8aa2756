"""Stage `expenditures` on a small world (financial-engine.md §3), both engines: a death mid-year with a
claim after death, a GHP month (the beneficiary is then not assignable that year, so has no cell), an
inpatient stay ending in the next year with IME, DSH and UCP, truncation at the type-7 99th percentile."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from finance_world import given_risk, read_agreements, rows

from acoms.analytics import dataset
from acoms.analytics.finance import run as frun


@pytest.fixture(scope="module")
def world_run(engine, world_builder, tmp_path_factory):
    w = world_builder()
    x = {2023: 900, 2024: 900, 2025: 900, 2026: 900}
    w.bene("bD", "A1", "C1", x | {2025: 1200}, death="2025-04-20")
    w.c.claim(
        "bD", "2025-06-05", [{"hcpcs_code": "99213", "allowed_amount": 50, "paid_amount": 500}], tin="999999999"
    )  # after death: dropped
    w.bene("bG", "A1", "C1", x | {2025: 1000}, ghp={"2025-07": True})
    w.c.claim(
        "bG", "2025-07-10", [{"hcpcs_code": "99213", "allowed_amount": 50, "paid_amount": 800}], tin="999999999"
    )  # GHP month: dropped
    w.bene("bS", "A1", "C1", x)
    w.c.claim(
        "bS",
        "2024-12-28",
        [{"paid_amount": 5000, "ime_amount": 300, "dsh_amount": 200}, {"paid_amount": 0}],
        claim_type="inpatient",
        end="2025-01-03",
        ccn="050001",
    )
    w.bene("bN1", None, "C1", x | {2025: 2000})
    w.bene("bN2", None, "C1", x | {2025: 50000})
    w.agreement(aco_id="A1", agreement_period_num=1, track="EN", msr_election="0", quality_score=100)
    root = w.write(tmp_path_factory.mktemp(f"exp_{engine.name}"))
    # the optional UCP column, present on the stay's line 1 only
    cl = pq.read_table(root / "claim_line.parquet")
    ucp = pc.if_else(
        pc.and_(pc.equal(cl["claim_type"], "inpatient"), pc.equal(cl["claim_line_number"], 1)),
        pa.scalar(100, pa.decimal128(14, 2)),
        pa.scalar(None, pa.decimal128(14, 2)),
    )
    pq.write_table(cl.append_column("ucp_amount", ucp), root / "claim_line.parquet")
    ds = dataset.open_dataset(root)
    t = ds.tables(engine, dataset.read_participants(root / "participants.csv"))
    return frun.compute(engine, t, read_agreements(root / "agreements.csv", 2026), 2026, risk=given_risk(w.raw))


def test_cells(world_run):
    c = rows(world_run["fe_bene_year_type"], "bene_id", "year", "enrollment_type")
    d = c[("bD", 2025, "AGND")]
    assert d["months"] == 4 and d["person_years"] == pytest.approx(4 / 12)
    assert d["exp"] == pytest.approx(1200.0)  # the 500 after death is dropped
    assert d["exp_annualized"] == pytest.approx(3600.0)
    assert ("bD", 2026, "AGND") not in c
    # a GHP month makes bG unassignable in 2025 (§425.401(a)), so it has no 2025 cell at all
    assert ("bG", 2025, "AGND") not in c
    assert c[("bG", 2024, "AGND")]["months"] == 12
    # the stay ends 2025-01-03: 5,000 − IME 300 − DSH 200 − UCP 100 = 4,400 counts in 2025, not 2024
    assert c[("bS", 2025, "AGND")]["exp"] == pytest.approx(900 + 4400)
    assert c[("bS", 2024, "AGND")]["exp"] == pytest.approx(900)
    assert c[("bS", 2025, "AGND")]["county_fips"] == "C1"


def test_truncation(world_run):
    # 2025 annualized: bN1 2,000; bD 1,200 / (4/12) = 3,600; bS 5,300; bN2 50,000
    # h = 3 × 0.99 = 2.97 → thr = 5,300 + 0.97 × (50,000 − 5,300) = 48,659
    thr = rows(world_run["fe_truncation"], "year", "enrollment_type")[(2025, "AGND")]
    assert thr["n_cells"] == 4 and thr["threshold"] == pytest.approx(48659.0)
    c = rows(world_run["fe_bene_year_type"], "bene_id", "year", "enrollment_type")
    assert c[("bN2", 2025, "AGND")]["exp_truncated"] == pytest.approx(48659.0)
    assert c[("bS", 2025, "AGND")]["exp_truncated"] == pytest.approx(5300.0)
    # bD: threshold × py = 48,659 / 3 = 16,219.67 > 1,200 → untouched
    assert c[("bD", 2025, "AGND")]["exp_truncated"] == pytest.approx(1200.0)


def test_aco_year_totals(world_run):
    a = rows(world_run["fe_aco_year"], "aco_id", "year", "enrollment_type")[("A1", 2025, "AGND")]
    # bD and bS: person-years 4/12 + 1; per capita = (1,200 + 5,300) / (16/12) = 4,875
    assert a["person_years"] == pytest.approx(16 / 12)
    assert a["per_capita"] == pytest.approx(4875.0)
    assert a["n_benes"] == 2

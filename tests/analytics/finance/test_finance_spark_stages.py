"""The Ibis stages after `populations` (expenditures, risk, areas) on PySpark give the DuckDB tables of
the worked example. The population is handed over as rows so the Spark leg does not repeat the eight
assignment runs (the assignment itself has its own two-engine tests)."""

from __future__ import annotations

import pytest
from finance_world import worked_example

from acoms.analytics import dataset
from acoms.analytics import engine as eng
from acoms.analytics.finance import parameters
from acoms.analytics.finance.agreements import read_agreements
from acoms.analytics.finance.areas import areas, scored_cells
from acoms.analytics.finance.expenditures import bene_year_type, eligible_months
from acoms.analytics.finance.risk import risk_scores
from acoms.analytics.finance.run import aco_years, compute

pytestmark = pytest.mark.spark
YEARS = [2023, 2024, 2025, 2026]


def _stages(con, root, population):
    ds = dataset.open_dataset(root)
    t = dataset.with_finance_defaults(ds.tables(con, dataset.read_participants(root / "participants.csv")))
    p = parameters.for_year(2026)
    pop = eng.from_arrow(con, population, "given_fe_population")
    months = eng.checkpoint(eligible_months(t, YEARS))
    cells, trunc = bene_year_type(t, months, pop, p)
    national = pop.filter(pop.method == "retrospective").select("year", "bene_id")
    keys = cells.select(s_bene="bene_id", s_year="year").distinct()
    rr = risk_scores(
        con,
        t,
        months.semi_join(keys, [months.bene_id == keys.s_bene, months.year == keys.s_year]),
        national,
        tables_year=2026,
        new_enrollee_min_months=12,
    )
    ag = read_agreements(root / "agreements.csv", 2026)
    ar = areas(scored_cells(cells, rr.cells), pop, aco_years(con, ag), p)
    return {
        "fe_bene_year_type": (cells, ("bene_id", "year", "enrollment_type")),
        "fe_truncation": (trunc, ("year", "enrollment_type")),
        "fe_risk": (rr.cells, ("bene_id", "year", "enrollment_type")),
        "fe_national": (ar.national, ("year", "enrollment_type")),
        "fe_county": (ar.county, ("year", "method", "county_fips", "enrollment_type")),
        "fe_aco_year": (ar.aco_year, ("aco_id", "year", "enrollment_type")),
    }


def test_spark_stages_equal_duckdb(tmp_path):
    root = worked_example().write(tmp_path / "data")
    duck = eng.connect("duckdb")

    ds = dataset.open_dataset(root)
    ref = compute(
        duck,
        ds.tables(duck, dataset.read_participants(root / "participants.csv")),
        read_agreements(root / "agreements.csv", 2026),
        2026,
    )
    spark = eng.connect("pyspark")
    got = _stages(spark, root, ref["fe_population"])
    for name, (expr, keys) in got.items():
        a = sorted(eng.to_arrow(expr).to_pylist(), key=lambda r: tuple(str(r[k]) for k in keys))
        b = sorted(ref[name].to_pylist(), key=lambda r: tuple(str(r[k]) for k in keys))
        assert len(a) == len(b), name
        for ra, rb in zip(a, b, strict=True):
            for col, vb in rb.items():
                va = ra[col]
                if isinstance(vb, float):
                    assert va == pytest.approx(vb, rel=1e-9, abs=1e-9), (name, col, ra, rb)
                else:
                    assert va == vb, (name, col, ra, rb)

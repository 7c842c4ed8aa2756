"""Invariants as properties (hypothesis): truncated ≤ untruncated and the threshold is the type-7
percentile (numpy's default 'linear' method as the oracle); cell totals equal the sum of their lines;
earned savings are monotone (non-increasing) in expenditures; the historical benchmark is the
p3-weighted sum of its types."""

from __future__ import annotations

import datetime as dt

import ibis
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acoms.analytics import engine as eng
from acoms.analytics.finance import parameters
from acoms.analytics.finance.agreements import Agreement
from acoms.analytics.finance.expenditures import bene_year_type
from acoms.analytics.finance.historical_benchmark import historical
from acoms.analytics.finance.settlement import settle
from acoms.analytics.finance.updated_benchmark import Update

P = parameters.for_year(2026)
MONEY = pa.decimal128(14, 2)


benes = st.lists(
    st.tuples(st.integers(1, 12), st.lists(st.integers(-500, 200_000), min_size=0, max_size=4)), min_size=1, max_size=25
)


@settings(max_examples=15, deadline=None)
@given(benes)
def test_truncation_and_cell_totals(data):
    months, lines, pop = [], [], []
    for i, (n_months, amounts) in enumerate(data):
        b = f"b{i:03d}"
        pop.append({"year": 2025, "method": "retrospective", "bene_id": b})
        for m in range(1, n_months + 1):
            months.append(
                {
                    "bene_id": b,
                    "year": 2025,
                    "month": dt.date(2025, m, 1),
                    "enrollment_type": "AGND",
                    "lti": False,
                    "dual": False,
                    "dual_status_code": None,
                    "county_fips": "C1",
                }
            )
        for j, amount in enumerate(amounts):
            d = dt.date(2025, 1 + (j % n_months), 15)
            lines.append(
                {
                    "bene_id": b,
                    "claim_type": "carrier",
                    "claim_start_date": d,
                    "claim_end_date": d,
                    "paid_amount": amount,
                    "ime_amount": None,
                    "dsh_amount": None,
                    "ucp_amount": None,
                    "other_excluded_amount": None,
                }
            )
    line_schema = pa.schema(
        [
            ("bene_id", pa.string()),
            ("claim_type", pa.string()),
            ("claim_start_date", pa.date32()),
            ("claim_end_date", pa.date32()),
            ("paid_amount", MONEY),
            ("ime_amount", MONEY),
            ("dsh_amount", MONEY),
            ("ucp_amount", MONEY),
            ("other_excluded_amount", MONEY),
        ]
    )
    t = {"claim_line": ibis.memtable(pa.Table.from_pylist(lines, schema=line_schema))}
    m = ibis.memtable(
        pa.Table.from_pylist(
            months,
            schema=pa.schema(
                [
                    ("bene_id", pa.string()),
                    ("year", pa.int64()),
                    ("month", pa.date32()),
                    ("enrollment_type", pa.string()),
                    ("lti", pa.bool_()),
                    ("dual", pa.bool_()),
                    ("dual_status_code", pa.string()),
                    ("county_fips", pa.string()),
                ]
            ),
        )
    )
    population = ibis.memtable(pa.Table.from_pylist(pop))
    cells, trunc = bene_year_type(t, m, population, P)
    got = {r["bene_id"]: r for r in eng.to_arrow(cells).to_pylist()}
    thr = eng.to_arrow(trunc).to_pylist()[0]["threshold"]
    annualized = []
    for i, (n_months, amounts) in enumerate(data):
        r = got[f"b{i:03d}"]
        assert r["exp"] == pytest.approx(sum(amounts))  # the cell is the sum of its lines
        assert r["exp_truncated"] <= r["exp"] + 1e-9  # truncated ≤ untruncated
        annualized.append(sum(amounts) / (n_months / 12))
    assert thr == pytest.approx(float(np.percentile(annualized, 99)), rel=1e-12, abs=1e-9)
    for i, (n_months, amounts) in enumerate(data):
        assert got[f"b{i:03d}"]["exp_truncated"] == pytest.approx(min(sum(amounts), thr * n_months / 12))


def _agreement(track: str, election) -> Agreement:
    return Agreement(
        "G",
        2026,
        dt.date(2026, 1, 1),
        1,
        track,
        election,
        "retrospective",
        0,
        (None, None, None),
        (None, None, None),
        50_000.0,
        True,
        False,
        85.0,
        0.0,
    )


@settings(max_examples=200, deadline=None)
@given(
    track=st.sampled_from(["A", "B", "C", "D", "E", "EN"]),
    n_ab=st.integers(100, 80_000),
    ub=st.floats(1e5, 1e9),
    two_way=st.floats(0.9, 1.1),
    e1=st.floats(0.5, 1.5),
    e2=st.floats(0.5, 1.5),
)
def test_earned_savings_monotone_in_expenditures(track, n_ab, ub, two_way, e1, e2):
    election = None if track in ("A", "B") else "variable"
    a = _agreement(track, election)
    lo, hi = sorted((e1 * ub, e2 * ub))

    def earned(exp: float) -> float:
        # untruncated expenditures (the revenue test) held fixed: only the expenditures compared vary
        u = Update(
            "G",
            ub_total=ub,
            ub2_total=ub * two_way,
            exp_total=exp,
            exp_total_untruncated=ub,
            person_years=float(n_ab),
            ub_pc=ub / n_ab,
            n_ab=n_ab,
        )
        return settle(a, u, P).earn_save_loss

    assert earned(hi) <= earned(lo) + 1e-6 * ub


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(1000, 50000), st.floats(0.5, 2.0), st.floats(1000, 50000), st.floats(0.1, 100)),
        min_size=4,
        max_size=4,
    ),
    st.integers(1, 2),
    st.integers(0, 4),
)
def test_historical_benchmark_is_the_weighted_sum_of_types(values, period, times):
    types = ("ESRD", "DIS", "AGDU", "AGND")
    cells, nat = {}, {}
    for t, (e, r, reg, py) in zip(types, values, strict=True):
        for k, year in ((1, 2023), (2, 2024), (3, 2025), (4, 2026)):
            cells[(k, t)] = {
                "per_capita": e * (1 + 0.01 * k),
                "hcc": r,
                "reg_per_capita": reg,
                "national_weight": 0.3,
                "person_years": py,
                "dual_person_years": 0.0,
                "demo": 1.0,
                "reg_hcc": 1.0,
                "reg_demo": 1.0,
                "exp_total_untruncated": e * py,
            }
            nat[(year, t)] = reg
    a = Agreement(
        "G",
        2026,
        dt.date(2026, 1, 1),
        period,
        "EN",
        0.0,
        "retrospective",
        times,
        (None, None, None),
        (None, None, None),
        None,
        True,
        False,
        100.0,
        0.0,
    )
    h = historical(a, cells, nat, {}, P)
    assert sum(x.p3 for x in h.types.values()) == pytest.approx(1.0)
    assert h.hist_bnchmk == pytest.approx(sum(x.p3 * x.hb for x in h.types.values()))
    for x in h.types.values():
        assert x.hb == pytest.approx(x.hb_raw + x.adj)
        assert -0.015 * nat[(2025, x.enrollment_type)] - 1e-9 <= x.ra <= 0.05 * nat[(2025, x.enrollment_type)] + 1e-9

"""Every parameter table row cites its source; the values are the regulation's (spec §1.1-1.2, §3.6-3.8, §4)."""

import pytest

from acoms.rules.parameters import by_year, named, table
from acoms.rules.tracks import all_tracks, next_basic_level, track

TABLES = [
    "tracks",
    "msr_bands",
    "msr_two_sided",
    "sharing_rules",
    "sequestration",
    "euc",
    "quality_standard",
    "health_equity",
    "reduced_sharing",
    "mips",
    "reporting",
    "quality_scoring",
    "mips_payment",
]


@pytest.mark.parametrize("name", TABLES)
def test_every_row_cites_its_source(name):
    rows = table(name)
    assert rows
    for row in rows:
        assert row["citation"] and len(row["citation"]) > 5, row


def test_regulation_rows_cite_42_cfr():
    for name in ("tracks", "msr_bands", "msr_two_sided", "sharing_rules"):
        for row in table(name):
            if row.get("status", "REG") == "REG":
                assert "42 CFR" in row["citation"], (name, row)


@pytest.mark.parametrize(
    "code,share,ppl,loss_rate,bench_limit,rev_limit",
    [
        # 42 CFR 425.605(d)(1)(i)-(v), 425.610 (spec §1.1)
        ("A", 0.40, 0.10, None, None, None),
        ("B", 0.40, 0.10, None, None, None),
        ("C", 0.50, 0.10, 0.30, 0.01, 0.02),
        ("D", 0.50, 0.10, 0.30, 0.02, 0.04),
        ("E", 0.50, 0.10, 0.30, 0.04, 0.08),
        ("EN", 0.75, 0.20, None, 0.15, None),
        # 42 CFR 425.604, 425.606, 425.610 (spec §1.2)
        ("T1", 0.50, 0.10, None, None, None),
        ("T2", 0.60, 0.15, None, 0.05, None),
        ("T3", 0.75, 0.20, None, 0.15, None),
    ],
)
def test_track_parameters(code, share, ppl, loss_rate, bench_limit, rev_limit):
    t = track(code)
    assert t.max_sharing_rate == share
    assert t.performance_payment_limit == ppl
    assert t.loss_rate_fixed == loss_rate
    assert t.loss_limit_benchmark_pct(1) == bench_limit
    assert t.loss_limit_revenue == rev_limit
    assert "425.6" in t.citation or t.status == "UNCONFIRMED"


def test_track2_loss_limit_grows_with_years_in_track():
    # 42 CFR 425.606(g): 5%, 7.5%, then 10% of the updated benchmark
    t = track("T2")
    assert [t.loss_limit_benchmark_pct(n) for n in (1, 2, 3, 4)] == [0.05, 0.075, 0.10, 0.10]


def test_one_sided_and_two_sided():
    assert {c for c, t in all_tracks().items() if not t.two_sided} == {"T1", "A", "B"}


def test_glide_path_order():
    # 42 CFR 425.600(a)(4)(i)(A)
    assert [next_basic_level(x) for x in "ABCDE"] == ["B", "C", "D", "E", "E"]


def test_quality_standard_by_year():
    # 42 CFR 425.512(a)(4): 30th percentile PY2021-2023, 40th from PY2024; HEA PY2023-2025
    assert [by_year("quality_standard", y)["qps_pctl"] for y in range(2021, 2027)] == [30, 30, 30, 40, 40, 40]
    assert [by_year("quality_standard", y)["health_equity"] for y in range(2021, 2027)] == [0, 0, 1, 1, 1, 0]
    assert by_year("quality_standard", 2023)["alt_qps_pctl"] == 10


def test_sequestration_and_reduced_sharing_parameters():
    assert by_year("sequestration", 2016)["rate"] == 0.02
    p = named("reduced_sharing")
    assert p["reduced_sharing_factor"] == 0.5 and p["reduced_sharing_min_assigned"] == 5000

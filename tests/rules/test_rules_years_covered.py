"""Every performance year PY2013-PY2025 is covered by the parameter tables the reconciliation reads."""

import pytest

from acoms.rules.parameters import table
from acoms.rules.quality import QualityResult
from acoms.rules.reconcile import Inputs, reconcile

YEARS = range(2013, 2026)
BY_YEAR = ("sequestration", "sharing_rules", "euc", "reporting")


@pytest.mark.parametrize("name", BY_YEAR)
def test_each_year_has_exactly_one_row(name):
    for year in YEARS:
        rows = [r for r in table(name) if r.holds_for(year)]
        assert len(rows) == 1, (name, year, len(rows))


def test_quality_standard_rows_from_py2021():
    # 425.512 applies from PY2021; before it the score scales the sharing rate (425.502, sharing_rules.csv)
    for year in range(2021, 2026):
        assert len([r for r in table("quality_standard") if r.holds_for(year)]) == 1, year


@pytest.mark.parametrize("year", YEARS)
def test_a_one_sided_aco_reconciles_in_every_year(year):
    track = "T1" if year <= 2019 else "B"
    x = Inputs(
        performance_year=year,
        track=track,
        n_assigned=20_000,
        benchmark_total=200e6,
        expenditure_total=190e6,
        quality=QualityResult(0.9, True, None),
        agreement_start=None,
    )
    r = reconcile(x)
    assert r.gen_save_loss == pytest.approx(10e6) and r.earn_save_loss > 0
    assert any(s.name == "sequestration" for s in r.steps)

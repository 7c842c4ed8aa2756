"""The engine's own arithmetic (`finance.puf_check`, built on `updated_benchmark.person_year_total`) on the
intermediate figures of CMS's published results PUFs, PY2014-PY2023 (tests/data/puf, copied from shared/data).

The tolerances are the files' rounding carried through each identity (whole dollars and person-years, ±0.5
each), not fitted to the data, so the floor is every row: a row outside them would be a figure the engine
does not reproduce. The same identities with N_AB instead of person-years match no row of any year, which is
what makes the check able to fail."""

from __future__ import annotations

import csv

import pytest

from acoms.analytics.finance import puf_check
from acoms.rules.pufdict import to_decimal
from rules.conftest import PUF_DIR, PUF_FILES  # the preferred copy of each PY (tests/data/puf/PROVENANCE.md)

# PY2013's file has no per-capita total or updated benchmark and names its PY columns without "_PY"
FILES = {y: f for y, f in PUF_FILES.items() if y >= 2014}


def _number(text: str | None) -> float | None:
    try:
        return float(to_decimal((text or "").strip()))
    except ValueError:
        return None


def _rows(year: int) -> list[dict[str, float | None]]:
    with open(PUF_DIR / FILES[year], newline="", encoding="utf-8-sig", errors="replace") as f:
        return [{k: _number(v) for k, v in r.items()} for r in csv.DictReader(f)]


@pytest.mark.parametrize("year", sorted(FILES))
def test_every_published_row_follows_the_engines_arithmetic(year):
    rates = puf_check.match_rates(_rows(year))
    assert set(rates) == {"person_years", "per_capita_total", "expenditure_total", "benchmark_total", "gross_savings"}
    for name, (matched, published) in rates.items():
        assert published >= 300, (name, published)  # each file publishes the figures for 300+ ACOs
        assert matched == published, (year, name, matched, published)


def test_totals_are_per_person_year_not_per_assigned_beneficiary():
    rows = [r for r in _rows(2023) if r.get("N_AB") and r.get("N_AB_Year_PY")]
    wrong = [dict(r, N_AB_Year_PY=r["N_AB"]) for r in rows]
    assert puf_check.match_rates(wrong)["expenditure_total"][0] == 0
    assert puf_check.match_rates(rows)["expenditure_total"][0] == len(rows)

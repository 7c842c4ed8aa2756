"""The financial engine's parameters (financial-engine.md §1.4), kept as a cited data table.

`parameters.csv` holds one row per (name, validity): value, unit, status REG/READING/UNCONFIRMED,
source and the years (`2023-`, `2023-2025`) or dates (`2013-04-01/2020-04-30`) it holds for.
Values may be written as fractions (`1/3`). The project-wide parameter loader did not exist when this
was written; this small loader serves the engine alone.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import pyarrow as pa

HERE = Path(__file__).parent
COLUMNS = ("name", "value", "unit", "status", "source", "years")


class ParameterError(ValueError):
    pass


@cache
def rows() -> tuple[dict[str, str], ...]:
    with open(HERE / "parameters.csv", newline="") as f:
        out = tuple(csv.DictReader(f))
    for r in out:
        if r["status"] not in ("REG", "READING", "UNCONFIRMED"):
            raise ParameterError(f"parameters.csv: {r['name']}: bad status {r['status']!r}")
    return out


def _year_range(text: str) -> tuple[int, int]:
    a, _, b = text.partition("-")
    return int(a), int(b) if b else 9999


def raw(name: str, year: int) -> str:
    """The text value of `name` for `year` (the row whose years contain it)."""
    for r in rows():
        if r["name"] == name and "/" not in r["years"]:
            lo, hi = _year_range(r["years"])
            if lo <= year <= hi:
                return r["value"]
    raise ParameterError(f"financial-engine parameter {name!r} is not defined for {year}")


def number(name: str, year: int) -> float:
    return float(Fraction(raw(name, year)))


def flag(name: str, year: int) -> bool:
    return raw(name, year).strip().lower() in ("true", "1", "yes")


def dated(name: str) -> list[tuple[dt.date, dt.date | None, float]]:
    """Rows of a date-ranged parameter: (from, to or None, value)."""
    out = []
    for r in rows():
        if r["name"] == name and "/" in r["years"]:
            a, _, b = r["years"].partition("/")
            out.append((dt.date.fromisoformat(a), dt.date.fromisoformat(b) if b else None, float(Fraction(r["value"]))))
    if not out:
        raise ParameterError(f"financial-engine parameter {name!r} has no dated rows")
    return sorted(out)


@dataclass(frozen=True)
class FinanceParameters:
    """The values one performance year's run uses."""

    py: int
    truncation_quantile: float
    completion_factor: dict[int, float]
    sequestration_grossup: bool
    sequestration_rates: tuple[tuple[dt.date, dt.date | None, float], ...]
    new_enrollee_min_months: int
    hcc_tables_year: int
    by_weights_first: tuple[float, float, float]
    by_weights_later: tuple[float, float, float]
    regional_pct: dict[tuple[str, int], float]  # ("lower"|"higher", times adjusted 1..4)
    regional_cap_pos: float
    regional_cap_neg: float
    psa_share: float
    psa_cap: float
    acpt_weight: float
    acpt_base: float
    risk_cap_margin: float
    regional_risk_cap_margin: float
    low_revenue_ratio: float

    def by_weights(self, agreement_period_num: int) -> tuple[float, float, float]:
        return self.by_weights_first if agreement_period_num <= 1 else self.by_weights_later

    def acpt(self, n: int) -> float:
        """acpt[S, n, t] = acpt_base^n (UNCONFIRMED placeholder, the same for every S and t)."""
        return self.acpt_base**n


def for_year(py: int, years: list[int] | None = None) -> FinanceParameters:
    """The parameters of the run for performance year `py`; `years` are the calendar years read."""
    years = years or list(range(py - 4, py + 1))
    n = lambda name: number(name, py)  # noqa: E731
    return FinanceParameters(
        py=py,
        truncation_quantile=n("truncation_quantile"),
        completion_factor={y: number("completion_factor", y) for y in years},
        sequestration_grossup=flag("sequestration_grossup", py),
        sequestration_rates=tuple(dated("sequestration_rate")),
        new_enrollee_min_months=int(n("new_enrollee_min_months")),
        hcc_tables_year=int(n("hcc_tables_year")),
        by_weights_first=(n("by_weight_first_1"), n("by_weight_first_2"), n("by_weight_first_3")),
        by_weights_later=(n("by_weight_later_1"), n("by_weight_later_2"), n("by_weight_later_3")),
        regional_pct={(side, k): n(f"regional_pct_{side}_{k}") for side in ("lower", "higher") for k in (1, 2, 3, 4)},
        regional_cap_pos=n("regional_cap_pos"),
        regional_cap_neg=n("regional_cap_neg"),
        psa_share=n("psa_share"),
        psa_cap=n("psa_cap"),
        acpt_weight=n("acpt_weight"),
        acpt_base=n("acpt_base"),
        risk_cap_margin=n("risk_cap_margin"),
        regional_risk_cap_margin=n("regional_risk_cap_margin"),
        low_revenue_ratio=n("low_revenue_ratio"),
    )


def table() -> pa.Table:
    """`fe_parameters`: every row of the parameter table as written."""
    return pa.table({c: [r[c] for r in rows()] for c in COLUMNS})

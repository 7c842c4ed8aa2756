"""The financial engine's parameters (financial-engine.md §1.4), read through `acoms.lib.parameters`.

`finance.csv` is a named table (one parameter per row, the calendar years it holds for); `sequestration_rates.csv`
holds the payment sequestration rate by date of service. Both follow the project's convention
(docs/development.md, "How to add a parameter").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from acoms.lib.parameters import ParameterError, Table, load

__all__ = ["FinanceParameters", "ParameterError", "for_year", "table"]

TABLES = ("finance", "sequestration_rates")


def _table(name: str) -> Table:
    return load(__name__, name)


def value(name: str, year: int):
    """The parameter `name` of finance.csv that holds for calendar year `year`, typed by its unit."""
    return _table("finance").value(name, year)


def sequestration_rates(py: int) -> tuple[tuple[dt.date, dt.date | None, float], ...]:
    """(from, to or None, rate) of every dated sequestration row in force for the run of `py`."""
    rows = _table("sequestration_rates").for_year(py)
    if not rows:
        raise ParameterError(f"no sequestration rates for PY{py} in {_table('sequestration_rates').name}")
    return tuple(sorted((r["date_from"], r["date_to"], float(r["rate"])) for r in rows))


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
    lower_spending_at_zero: bool
    prior_savings_on_tie: bool

    def by_weights(self, agreement_period_num: int) -> tuple[float, float, float]:
        return self.by_weights_first if agreement_period_num <= 1 else self.by_weights_later

    def acpt(self, n: int) -> float:
        """acpt[S, n, t] = acpt_base^n (UNCONFIRMED placeholder, the same for every S and t)."""
        return self.acpt_base**n


def for_year(py: int, years: list[int] | None = None) -> FinanceParameters:
    """The parameters of the run for performance year `py`; `years` are the calendar years read."""
    years = years or list(range(py - 4, py + 1))
    named = _table("finance").named(py)

    def n(name: str) -> float:
        if name not in named:
            raise ParameterError(f"financial-engine parameter {name!r} is not defined for {py}")
        return float(named[name])

    return FinanceParameters(
        py=py,
        truncation_quantile=n("truncation_quantile"),
        completion_factor={y: float(value("completion_factor", y)) for y in years},
        sequestration_grossup=bool(named["sequestration_grossup"]),
        sequestration_rates=sequestration_rates(py),
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
        lower_spending_at_zero=bool(named["lower_spending_at_zero"]),
        prior_savings_on_tie=bool(named["prior_savings_on_tie"]),
    )


COLUMNS = ("name", "value", "unit", "status", "source", "years")  # as the FRP deliverable reads them


def _years(start: object, end: object) -> str:
    return f"{start}-{'' if end is None else end}" if start != end else str(start)


def table() -> pa.Table:
    """`fe_parameters`: every row of the engine's parameter tables as written (the run's record of its inputs;
    dates of service for a sequestration rate, calendar years otherwise)."""
    out: dict[str, list] = {c: [] for c in COLUMNS}
    for name in TABLES:
        t = _table(name)
        for r in t:
            cell = lambda c, r=r: dict.get(r, c)  # noqa: E731 (recording the inputs is not a read of them)
            if t.is_named:
                row = (cell("parameter"), cell("value"), cell("unit"), _years(cell("year_from"), cell("year_to")))
            else:
                row = ("sequestration_rate", cell("rate"), "fraction", f"{cell('date_from')}/{cell('date_to') or ''}")
            values = dict(zip(("name", "value", "unit", "years"), row, strict=True))
            values |= {"status": cell("status"), "source": cell("citation")}
            for c in COLUMNS:
                out[c].append(str(values[c]))
    return pa.table(out)

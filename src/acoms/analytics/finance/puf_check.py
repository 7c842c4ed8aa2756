"""The financial engine's arithmetic on CMS's published figures (docs/finance.md, "Published intermediate figures").

A results PUF publishes, per ACO, the PY's per-capita expenditures and person-years by enrollment type, the
totals and the benchmarks. The identities the engine computes between them (§7: totals are per-capita figures
times person-years; the per-capita total is their person-year weighted mean; gross savings = benchmark −
expenditures) are recomputed here from the published inputs and compared with the published result, within what
the file's own rounding allows (whole dollars, whole person-years: ±0.5 on each published figure, carried
through the identity).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .updated_benchmark import person_year_total

TYPES = ("ESRD", "DIS", "AGDU", "AGND")
PY_NAMES = {"ESRD": "ESRD", "DIS": "DIS", "AGDU": "AGED_Dual", "AGND": "AGED_NonDual"}
HALF = 0.5  # a published whole number is within half a unit of the figure CMS computed

Row = Mapping[str, float | None]


@dataclass(frozen=True)
class Check:
    name: str
    computed: float
    published: float
    tolerance: float

    @property
    def matches(self) -> bool:
        return abs(self.computed - self.published) <= self.tolerance


def _types(r: Row) -> tuple[dict[str, float], dict[str, float]] | None:
    per_capita = {t: r.get(f"Per_Capita_Exp_ALL_{t}_PY") for t in TYPES}
    person_years = {t: r.get(f"N_AB_Year_{PY_NAMES[t]}_PY") for t in TYPES}
    if any(v is None for v in (*per_capita.values(), *person_years.values())):
        return None
    return per_capita, person_years  # type: ignore[return-value]


def person_years(r: Row) -> Check | None:
    """N_AB_Year_PY = Σ_t N_AB_Year_t_PY; five rounded figures: ±0.5 each."""
    split, total = _types(r), r.get("N_AB_Year_PY")
    if split is None or total is None:
        return None
    return Check("person_years", sum(split[1].values()), total, HALF * (len(TYPES) + 1))


def per_capita_total(r: Row) -> Check | None:
    """Per_Capita_Exp_TOTAL_PY = Σ_t pc_t·py_t / Σ_t py_t (the engine's exp_total ÷ person_years)."""
    split, total = _types(r), r.get("Per_Capita_Exp_TOTAL_PY")
    if split is None or total is None or sum(split[1].values()) <= 0:
        return None
    pc, py = split
    n = sum(py.values())
    mean = person_year_total(pc, py) / n
    # ±0.5 on each pc_t moves the mean by ≤ 0.5; ±0.5 on py_t moves it by ≤ 0.5·|pc_t − mean| / n
    tolerance = HALF + HALF + sum(HALF * abs(pc[t] - mean) for t in TYPES) / n
    return Check("per_capita_total", mean, total, tolerance)


def _total(name: str, per_capita_column: str, total_column: str) -> Callable[[Row], Check | None]:
    def check(r: Row) -> Check | None:
        pc, n, total = r.get(per_capita_column), r.get("N_AB_Year_PY"), r.get(total_column)
        if pc is None or n is None or total is None or n <= 0:
            return None
        return Check(name, person_year_total({"all": pc}, {"all": n}), total, HALF * n + HALF * abs(pc) + HALF)

    check.__name__ = name
    check.__doc__ = f"{total_column} = {per_capita_column} × N_AB_Year_PY (±0.5 on each factor and the total)"
    return check


expenditure_total = _total("expenditure_total", "Per_Capita_Exp_TOTAL_PY", "ABtotExp")
benchmark_total = _total("benchmark_total", "UpdatedBnchmk", "ABtotBnchmk")


def gross_savings(r: Row) -> Check | None:
    """BnchmkMinExp = ABtotBnchmk − ABtotExp (three whole-dollar figures)."""
    b, e, g = r.get("ABtotBnchmk"), r.get("ABtotExp"), r.get("BnchmkMinExp")
    if b is None or e is None or g is None:
        return None
    return Check("gross_savings", b - e, g, 3 * HALF)


CHECKS = (person_years, per_capita_total, expenditure_total, benchmark_total, gross_savings)


def match_rates(rows: list[Row]) -> dict[str, tuple[int, int]]:
    """check name -> (rows that match, rows the file publishes the figures for)."""
    out: dict[str, tuple[int, int]] = {}
    for check in CHECKS:
        results = [c for c in (check(r) for r in rows) if c is not None]
        out[check.__name__] = (sum(c.matches for c in results), len(results))
    return out

"""Stage `expenditures` (financial-engine.md §3): eligible months, line amounts, per-cell
expenditures (`fe_bene_year_type`) and the national truncation thresholds (`fe_truncation`)."""

from __future__ import annotations

from collections.abc import Iterable

import ibis
from ibis import _

from .. import engine
from .parameters import FinanceParameters

ENROLLMENT_TYPES = ("ESRD", "DIS", "AGDU", "AGND")


def enrollment_type(e: ibis.Table) -> ibis.Value:
    """The contract's monthly type, priority esrd > disabled > dual > non-dual (§0)."""
    return ibis.ifelse(e.esrd, "ESRD", ibis.ifelse(e.disabled, "DIS", ibis.ifelse(e.dual, "AGDU", "AGND")))


def eligible_months(t: dict[str, ibis.Table], years: Iterable[int]) -> ibis.Table:
    """(bene_id, year, month, enrollment_type, lti, dual, dual_status_code): the enrollment months of
    `years` with Part A and Part B, no group health plan, not after death (§3 "eligible month").

    `t` holds the dataset's tables with the optional financial-engine columns present
    (`dataset.with_finance_defaults`)."""
    years = sorted({int(y) for y in years})
    e = t["enrollment"]
    b = t["beneficiary"].select(b_id="bene_id", death_date="death_date")
    e = e.filter(e.month.year().isin(years))
    e = e.left_join(b, e.bene_id == b.b_id)
    e = e.filter(e.part_a, e.part_b, ~e.ghp, e.death_date.isnull() | (e.month <= e.death_date))
    return e.select(
        "bene_id",
        year=e.month.year().cast("int64"),
        month=e.month,
        enrollment_type=enrollment_type(e),
        lti=e.lti.fill_null(False),
        dual=e.dual,
        dual_status_code=e.dual_status_code,
        county_fips=e.county_fips,
    )


def _money(col: ibis.Value) -> ibis.Value:
    return col.cast("float64").fill_null(0.0)


def sequestration_rate(d: ibis.Value, p: FinanceParameters) -> ibis.Value:
    """sequestration_rate(date) from the dated parameter rows (0 outside every row)."""
    branches = [((d >= lo) & (d <= hi) if hi else d >= lo, rate) for lo, hi, rate in p.sequestration_rates]
    return ibis.cases(*branches, else_=0.0)


def line_amounts(t: dict[str, ibis.Table], p: FinanceParameters) -> ibis.Table:
    """(bene_id, month, e) per claim line: e = g(paid) − IME − DSH − UCP − other exclusions, the line
    placed in the month of its claim_end_date (§3; §12)."""
    c = t["claim_line"]
    paid = _money(c.paid_amount)
    if p.sequestration_grossup:
        d = ibis.ifelse(c.claim_type == "dme", c.claim_start_date, c.claim_end_date)
        paid = ibis.ifelse(paid > 0, paid / (1.0 - sequestration_rate(d, p)), paid)
    e = paid - _money(c.ime_amount) - _money(c.dsh_amount) - _money(c.ucp_amount) - _money(c.other_excluded_amount)
    end = c.claim_end_date
    return c.select("bene_id", month=ibis.date(end.year(), end.month(), 1), e=e)


def bene_year_type(
    t: dict[str, ibis.Table], months: ibis.Table, population: ibis.Table, p: FinanceParameters
) -> tuple[ibis.Table, ibis.Table]:
    """(`fe_bene_year_type`, `fe_truncation`) for the years of `months` (eligible_months).

    Cells exist for every beneficiary of ∪_m P[Y,m] with an eligible month of the type in Y; the
    thresholds are the type-7 quantile of exp_annualized over the cells of N[Y] = P[Y, retrospective]."""
    benes = population.select(p_year="year", p_bene="bene_id").distinct()
    m = months.join(benes, [months.year == benes.p_year, months.bene_id == benes.p_bene]).drop("p_year", "p_bene")
    m = engine.checkpoint(m)
    lines = line_amounts(t, p)
    lm = m.select(l_bene="bene_id", l_month="month", year="year", enrollment_type="enrollment_type")
    lines = lines.join(lm, [lines.bene_id == lm.l_bene, lines.month == lm.l_month])
    x = lines.group_by(x_bene="bene_id", x_year="year", x_type="enrollment_type").agg(exp=_.e.sum())
    county = m.group_by(c_bene="bene_id", c_year="year").agg(county_fips=m.county_fips.argmax(m.month))
    cells = m.group_by("bene_id", "year", "enrollment_type").agg(
        months=_.month.count(), dual_months=_.dual.cast("int64").sum()
    )
    cells = cells.left_join(x, [cells.bene_id == x.x_bene, cells.year == x.x_year, cells.enrollment_type == x.x_type])
    cells = cells.left_join(county, [cells.bene_id == county.c_bene, cells.year == county.c_year])
    py = cells.months.cast("float64") / 12.0
    cells = cells.select(
        "bene_id",
        "year",
        "enrollment_type",
        months=cells.months.cast("int64"),
        person_years=py,
        exp=cells.exp.fill_null(0.0),
        county_fips=cells.county_fips,
        dual_months=cells.dual_months.cast("int64"),
    )
    cells = engine.checkpoint(cells.mutate(exp_annualized=cells.exp / cells.person_years))
    national = population.filter(population.method == "retrospective").select(n_year="year", n_bene="bene_id")
    nat_cells = cells.join(national, [cells.year == national.n_year, cells.bene_id == national.n_bene])
    trunc = nat_cells.group_by("year", "enrollment_type").agg(
        n_cells=_.bene_id.count().cast("int64"),
        threshold=_.exp_annualized.quantile(p.truncation_quantile).cast("float64"),
    )
    trunc = engine.checkpoint(trunc)
    th = trunc.select(t_year="year", t_type="enrollment_type", thr="threshold")
    out = cells.left_join(th, [cells.year == th.t_year, cells.enrollment_type == th.t_type])
    capped = ibis.ifelse(out.exp > out.thr * out.person_years, out.thr * out.person_years, out.exp)
    out = out.select(
        "bene_id",
        "year",
        "enrollment_type",
        "months",
        "person_years",
        "exp",
        "exp_annualized",
        exp_truncated=ibis.ifelse(out.thr.isnull(), out.exp, capped),
        county_fips="county_fips",
        dual_months="dual_months",
    )
    return engine.checkpoint(out), trunc

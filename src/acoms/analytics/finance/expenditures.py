"""Stage `expenditures` (financial-engine.md §3): eligible months, line amounts, per-cell
expenditures (`fe_bene_year_type`) and the national truncation thresholds (`fe_truncation`)."""

from __future__ import annotations

from collections.abc import Iterable

import ibis

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

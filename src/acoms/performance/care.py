"""Care-management lists: the ACO's assigned beneficiaries of a published PY ranked by risk score or by
spending, with ED visits, inpatient admissions and 30-day readmissions in the year (docs/datahub.md).

Risk = the person-year-weighted prospective CMS-HCC score of the PY (`fe_risk`); spending = the PY's
expenditures before truncation (`fe_bene_year_type.exp`); utilisation from `pe_utilisation`.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from acoms.performance.deliverables import method_of
from acoms.performance.labels import ENGINE_TYPES
from acoms.performance.models import AcoResult
from acoms.performance.runner import run_dir

SORTS = {"risk": "risk_score desc, bene_id", "spending": "spending desc, bene_id"}
TYPES = ENGINE_TYPES  # fe_bene_year_type's codes
HEADER = ["MBI", "Enrollment type", "Risk score", "Spending", "ED visits", "Inpatient admissions", "Readmissions"]


@dataclass(frozen=True)
class Filters:
    sort: str = "risk"
    enrollment_type: str = ""
    min_ed: int = 0
    admitted_only: bool = False

    @classmethod
    def from_query(cls, get) -> Filters:
        sort = get.get("sort", "risk")
        kind = get.get("type", "")
        min_ed = get.get("min_ed", "")
        return cls(
            sort=sort if sort in SORTS else "risk",
            enrollment_type=kind if kind in TYPES else "",
            min_ed=int(min_ed) if min_ed.isdigit() and int(min_ed) < 1000 else 0,
            admitted_only=get.get("admitted") == "1",
        )


def rows(result: AcoResult, filters: Filters, limit: int | None = None) -> list[dict]:
    fe = run_dir(result.run) / "fe"
    py = result.run.py
    sql = f"""
        with pop as (
            select bene_id from read_parquet(?) where year = ? and aco_id = ? and method = ?
        ),
        cells as (
            select c.bene_id, c.enrollment_type, c.person_years, c.exp, r.hcc_score
            from read_parquet(?) c join pop using (bene_id)
            left join read_parquet(?) r using (bene_id, year, enrollment_type)
            where c.year = ?
        ),
        bene as (
            select bene_id, arg_max(enrollment_type, person_years) as enrollment_type,
                   sum(hcc_score * person_years) / nullif(sum(person_years), 0) as risk_score,
                   sum(exp) as spending
            from cells group by bene_id
        )
        select b.bene_id, b.enrollment_type, b.risk_score, b.spending,
               coalesce(u.ed_visits, 0) as ed_visits, coalesce(u.admissions, 0) as admissions,
               coalesce(u.readmissions, 0) as readmissions
        from bene b left join read_parquet(?) u using (bene_id)
        where (? = '' or b.enrollment_type = ?) and coalesce(u.ed_visits, 0) >= ?
          and (not ? or coalesce(u.admissions, 0) > 0)
        order by {SORTS[filters.sort]}
        {"limit " + str(int(limit)) if limit else ""}
    """
    params = [
        str(fe / "fe_population.parquet"),
        py,
        result.aco_id,
        method_of(result.run, result.aco_id),
        str(fe / "fe_bene_year_type.parquet"),
        str(fe / "fe_risk.parquet"),
        py,
        str(fe / "pe_utilisation.parquet"),
        filters.enrollment_type,
        filters.enrollment_type,
        filters.min_ed,
        filters.admitted_only,
    ]
    cursor = duckdb.connect().execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def table_rows(found: list[dict]) -> list[list]:
    return [
        [
            r["bene_id"],
            TYPES.get(r["enrollment_type"], r["enrollment_type"]),
            round(r["risk_score"], 3) if r["risk_score"] is not None else None,
            round(r["spending"], 2) if r["spending"] is not None else None,
            r["ed_visits"],
            r["admissions"],
            r["readmissions"],
        ]
        for r in found
    ]

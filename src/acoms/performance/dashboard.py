"""An ACO's performance dashboard, from its published runs (one per year, the latest publication): assigned
beneficiaries by quarter and enrollment type, spending per capita against the benchmark by type, the
savings rate against the MSR/MLR band, the quality score and, with several years, the trend."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from acoms.analytics.finance.agreements import read_agreements
from acoms.performance.labels import ASSIGNMENT_TYPES, ENGINE_TYPES
from acoms.performance.models import AcoResult, Run
from acoms.performance.runner import run_dir
from acoms.web import charts


def published_results(aco) -> list[AcoResult]:
    """The ACO's result in the published run of each year, oldest year first."""
    return list(
        AcoResult.objects.filter(organization=aco, run__publication=Run.Publication.PUBLISHED)
        .select_related("run")
        .order_by("run__py")
    )


def _fe(run: Run) -> Path:
    return run_dir(run) / "fe"


def _dataset_table(data: Path, name: str) -> str:
    path = data / f"{name}.parquet"
    return str(path if path.exists() else data / name / "*.parquet")


def assigned_by_quarter(result: AcoResult) -> list[dict]:
    """Beneficiaries of the ACO's PY assignment enrolled in each quarter, by their enrollment type in the
    quarter's last eligible month (ESRD > disabled > aged/dual > aged/non-dual, as the engine's months)."""
    run = result.run
    method = read_agreements(run.agreements, run.py)[result.aco_id].assignment_method
    population = _fe(run) / "fe_population.parquet"
    enrollment = _dataset_table(Path(run.data_dir), "enrollment")
    rows = (
        duckdb.connect()
        .execute(
            f"""
        with pop as (select bene_id from read_parquet(?) where year = ? and aco_id = ? and method = ?),
        m as (
            select e.bene_id, quarter(e.month) as q, e.month,
                   case when e.esrd then 'esrd' when e.disabled then 'disabled'
                        when e.dual then 'aged_dual' else 'aged_nondual' end as t
            from read_parquet('{enrollment}') e join pop using (bene_id)
            where year(e.month) = ? and e.part_a and e.part_b and not e.ghp
        ),
        last as (select bene_id, q, arg_max(t, month) as t from m group by all)
        select q, t, count(*) from last group by all order by q, t
        """,
            [str(population), run.py, result.aco_id, method, run.py],
        )
        .fetchall()
    )
    return [{"quarter": f"Q{q} {run.py}", "type": ASSIGNMENT_TYPES[t], "count": n} for q, t, n in rows]


def spending_by_type(result: AcoResult) -> list[dict]:
    table = pq.read_table(_fe(result.run) / "fe_update_type.parquet", filters=[("aco_id", "=", result.aco_id)])
    out = []
    for r in table.to_pylist():
        out.append(
            {
                "type": ENGINE_TYPES.get(r["enrollment_type"], r["enrollment_type"]),
                "what": "Benchmark",
                "amount": r["ub"],
            }
        )
        out.append(
            {
                "type": ENGINE_TYPES.get(r["enrollment_type"], r["enrollment_type"]),
                "what": "Spending",
                "amount": r["exp_pc"],
            }
        )
    return out


def quality_score(result: AcoResult) -> float | None:
    agreement = read_agreements(result.run.agreements, result.run.py).get(result.aco_id)
    return agreement.quality_score if agreement else None


def build(aco) -> dict:
    results = published_results(aco)
    if not results:
        return {"results": []}
    latest = results[-1]
    py = latest.run.py
    by_quarter = charts.bar(
        "assigned",
        f"Assigned beneficiaries by quarter and enrollment type, PY{py}",
        assigned_by_quarter(latest),
        x=charts.Field("quarter", "Quarter"),
        y=charts.Field("count", "Beneficiaries", "count"),
        color=charts.Field("type", "Enrollment type"),
    )
    spending = charts.bar(
        "spending",
        f"Spending per capita against the benchmark by enrollment type, PY{py}",
        spending_by_type(latest),
        x=charts.Field("type", "Enrollment type"),
        y=charts.Field("amount", "Per capita", "money"),
        color=charts.Field("what", "Figure"),
        stacked=False,
    )
    years = [{"year": str(r.run.py), "rate": r.savings_rate or 0.0} for r in results]
    savings = charts.bar(
        "savings",
        "Savings rate against the minimum savings and loss rates",
        years,
        x=charts.Field("year", "Performance year"),
        y=charts.Field("rate", "Savings rate", "percent"),
    ).with_band(-(latest.mlr or latest.msr or 0.0), latest.msr or 0.0, f"MSR/MLR band PY{py}")
    quality = charts.bar(
        "quality",
        "Quality performance score",
        [{"year": str(r.run.py), "score": (quality_score(r) or 0.0) / 100} for r in results],
        x=charts.Field("year", "Performance year"),
        y=charts.Field("score", "Quality score", "percent"),
    )
    trend = None
    if len(results) > 1:
        rows = []
        for r in results:
            if r.assigned:
                rows.append(
                    {"year": str(r.run.py), "what": "Benchmark per assigned", "amount": r.benchmark / r.assigned}
                )
                rows.append(
                    {"year": str(r.run.py), "what": "Spending per assigned", "amount": r.expenditures / r.assigned}
                )
        trend = charts.line(
            "trend",
            "Benchmark and spending per assigned beneficiary by year",
            rows,
            x=charts.Field("year", "Performance year"),
            y=charts.Field("amount", "Per assigned beneficiary", "money"),
            color=charts.Field("what", "Figure"),
        )
    return {
        "results": results,
        "latest": latest,
        "charts": [by_quarter, spending, savings, quality],
        "trend": trend,
    }

"""Figures of CMS's review page: national totals, the distribution of savings rates, outliers and the
differences from the previous run of the same performance year."""

from __future__ import annotations

import statistics

from acoms.performance.models import AcoResult, Run

RATE_BANDS = ((None, -0.05), (-0.05, 0.0), (0.0, 0.02), (0.02, 0.05), (0.05, 0.10), (0.10, None))
OUTLIER_Z = 2.0  # |savings rate − mean| > 2 standard deviations


def _band_label(lo, hi) -> str:
    if lo is None:
        return f"below {hi:.0%}"
    if hi is None:
        return f"{lo:.0%} and above"
    return f"{lo:.0%} to {hi:.0%}"


def _key(r: AcoResult) -> tuple:
    """What counts as a difference: cents of earned savings, the rate to 1e-6, the count (DuckDB's parallel
    sums may differ in the last bits between two runs on the same data)."""
    return (
        None if r.earned is None else round(r.earned, 2),
        None if r.savings_rate is None else round(r.savings_rate, 6),
        r.assigned,
    )


def summary(run: Run) -> dict:
    results = list(AcoResult.objects.filter(run=run).order_by("aco_id"))
    totals = {
        "acos": len(results),
        "assigned": sum(r.assigned or 0 for r in results),
        "benchmark": sum(r.benchmark or 0 for r in results),
        "expenditures": sum(r.expenditures or 0 for r in results),
        "earned": sum(r.earned or 0 for r in results),
    }
    rates = [r.savings_rate for r in results if r.savings_rate is not None]
    bands = [
        {
            "label": _band_label(lo, hi),
            "count": sum(1 for x in rates if (lo is None or x >= lo) and (hi is None or x < hi)),
        }
        for lo, hi in RATE_BANDS
    ]
    outliers = []
    if len(rates) >= 3:
        mean, sd = statistics.fmean(rates), statistics.pstdev(rates)
        outliers = [
            r for r in results if sd and r.savings_rate is not None and abs(r.savings_rate - mean) > OUTLIER_Z * sd
        ]
    previous = (
        Run.objects.filter(py=run.py, status=Run.Status.DONE, created_at__lt=run.created_at)
        .exclude(pk=run.pk)
        .order_by("-created_at")
        .first()
    )
    changes = []
    if previous:
        before = {r.aco_id: r for r in AcoResult.objects.filter(run=previous)}
        for r in results:
            b = before.pop(r.aco_id, None)
            if b is None:
                changes.append({"aco_id": r.aco_id, "what": "new in this run"})
            elif _key(b) != _key(r):
                changes.append(
                    {
                        "aco_id": r.aco_id,
                        "what": "changed",
                        "earned_before": b.earned,
                        "earned_now": r.earned,
                        "rate_before": b.savings_rate,
                        "rate_now": r.savings_rate,
                    }
                )
        changes += [{"aco_id": a, "what": "not in this run"} for a in sorted(before)]
    return {
        "results": results,
        "totals": totals,
        "bands": bands,
        "outliers": outliers,
        "previous": previous,
        "changes": changes,
    }

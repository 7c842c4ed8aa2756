"""The assignment estimate as a person reads it: the total against the program's minimum (§425.110(a)(1), a
parameter: `reference.MINIMUM_ASSIGNED`) as a chart, and the per-TIN table as a download."""

from __future__ import annotations

from acoms.lib import formats
from acoms.participants.models import EstimateRun
from acoms.participants.reference import MINIMUM_ASSIGNED
from acoms.web import charts

HEADER = ["TIN", "Legal business name", "Beneficiaries"]


def latest(aco) -> EstimateRun | None:
    """The ACO's most recent finished estimate (any performance year)."""
    return EstimateRun.objects.filter(organization=aco, status=EstimateRun.Status.DONE).first()


def below_minimum(run: EstimateRun) -> bool:
    return run.total is not None and run.total < MINIMUM_ASSIGNED


def chart(run: EstimateRun) -> charts.Chart:
    return charts.bar(
        f"estimate-{run.pk}",
        f"Assigned beneficiaries, PY{run.py} estimate, against the minimum of {formats.number(MINIMUM_ASSIGNED)}",
        [{"list": f"PY{run.py} participant list", "beneficiaries": run.total or 0}],
        x=charts.Field("list", "List"),
        y=charts.Field("beneficiaries", "Assigned beneficiaries (estimate)", "count"),
        horizontal=True,
    ).with_rule(MINIMUM_ASSIGNED, f"Minimum {formats.number(MINIMUM_ASSIGNED)}", axis="x")


def rows(run: EstimateRun) -> list[list]:
    """Per TIN, most beneficiaries first (the page's order)."""
    ordered = sorted((run.per_tin or {}).items(), key=lambda item: -item[1]["beneficiaries"])
    return [[tin, item.get("name", ""), item["beneficiaries"]] for tin, item in ordered]

"""The CMS cycle dashboard: NOIAs and applications by type for this cycle beside the previous
one (the comparison table CMS publishes), work per reviewer and overdue items."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q

from acoms.accounts.models import User
from acoms.accounts.roles import Role
from acoms.web import charts

from . import workflow
from .models import Application, Cycle, Noia, Rfi
from .windows import today

# The published table's columns: re-entering ACOs apply on the initial application.
TYPE_GROUPS = [("Initial", ("initial", "reentering")), ("Renewal", ("renewal",)), ("Early Renewal", ("early_renewal",))]


def current_cycle():
    """The cycle with a window open today, else the next one to open, else the latest."""
    on = today()
    cycles = list(Cycle.objects.prefetch_related("phases").order_by("agreement_start"))
    for cycle in cycles:
        phases = list(cycle.phases.all())
        if phases and min(p.opens for p in phases) <= on <= max(p.closes for p in phases):
            return cycle
    upcoming = [c for c in cycles if c.agreement_start >= on]
    return upcoming[0] if upcoming else (cycles[-1] if cycles else None)


def _by_type(queryset) -> dict[str, int]:
    counts = Counter(queryset.values_list("app_type", flat=True))
    out = {label: sum(counts[t] for t in types) for label, types in TYPE_GROUPS}
    out["Total"] = sum(out.values())
    return out


def change(current: int, previous: int) -> str:
    if previous == 0:
        return "—" if current == 0 else "new"
    return f"{(current - previous) / previous:+.0%}"


def comparison(current_qs, previous_qs) -> list[dict]:
    now, before = _by_type(current_qs), _by_type(previous_qs)
    return [
        {"type": label, "previous": before[label], "current": now[label], "change": change(now[label], before[label])}
        for label in [*(g for g, _ in TYPE_GROUPS), "Total"]
    ]


def build(cycle) -> dict:
    previous = cycle.previous()
    noias = Noia.objects.filter(status=Noia.Status.SUBMITTED)
    apps = Application.objects.exclude(status=Application.Status.WITHDRAWN)
    statuses = Application.Status.choices
    by_status = []
    for value, label in statuses:
        qs = Application.objects.filter(cycle=cycle, status=value)
        counts = _by_type(qs)
        if counts["Total"]:
            by_status.append({"status": label, **{k.replace(" ", "_"): v for k, v in counts.items()}})
    reviewers = (
        User.objects.filter(memberships__role=Role.CMS_REVIEWER, memberships__active=True)
        .distinct()
        .annotate(
            open=Count(
                "applications_reviewing",
                filter=Q(applications_reviewing__status__in=list(workflow.CMS_OWNED_STATES) + ["awaiting_response"]),
                distinct=True,
            ),
            waiting_on_aco=Count(
                "applications_reviewing", filter=Q(applications_reviewing__status="awaiting_response"), distinct=True
            ),
        )
        .order_by("username")
    )
    overdue = Rfi.objects.filter(
        Q(status=Rfi.Status.OVERDUE) | Q(status=Rfi.Status.OPEN, due__lt=today()), application__cycle=cycle
    ).select_related("application__organization")
    unassigned = Application.objects.filter(
        cycle=cycle, status__in=workflow.CMS_OWNED_STATES, reviewer__isnull=True
    ).select_related("organization")
    return {
        "previous": previous,
        "noia_table": comparison(noias.filter(cycle=cycle), noias.filter(cycle=previous) if previous else noias.none()),
        "application_table": comparison(
            apps.filter(cycle=cycle).exclude(status="draft"),
            apps.filter(cycle=previous).exclude(status="draft") if previous else apps.none(),
        ),
        "by_status": by_status,
        "funnel_chart": charts.bar(
            "review-funnel",
            f"Applications by status, {cycle}",
            [{"status": r["status"], "count": r["Total"]} for r in by_status],
            x=charts.Field("status", "Status"),
            y=charts.Field("count", "Applications", "count"),
            horizontal=True,
        ),
        "reviewers": reviewers,
        "overdue": overdue,
        "unassigned": unassigned,
    }

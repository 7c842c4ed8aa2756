"""The CMS cycle dashboard: NOIAs and applications by type for this cycle beside the previous
one (the comparison table CMS publishes) and across every cycle, the review funnel, work and days in review
per reviewer, participant counts per ACO over performance years, and overdue items. Every table downloads as
CSV or XLSX (`tables`)."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q

from acoms.accounts.models import User
from acoms.accounts.roles import Role
from acoms.participants.models import Participant
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


CHARTED_ACOS = 10  # the participant chart draws the ACOs with the longest lists; its table has every ACO


def across_cycles(queryset) -> list[dict]:
    """Rows (cycle, type, count) for every cycle, oldest first, with a zero where a type had none."""
    counts = Counter(queryset.values_list("cycle_id", "app_type"))
    rows = []
    for cycle in Cycle.objects.order_by("agreement_start"):
        for label, types in TYPE_GROUPS:
            rows.append({"cycle": str(cycle), "type": label, "count": sum(counts[(cycle.pk, t)] for t in types)})
    return rows


def days_in_review(cycle) -> list[dict]:
    """Per reviewer: the cycle's submitted applications they review and the average days from submission to the
    decision (to today for a case still open)."""
    on = today()
    days: dict[str, list[int]] = defaultdict(list)
    submitted = Application.objects.filter(cycle=cycle, reviewer__isnull=False, submitted_at__isnull=False)
    for app in submitted.select_related("reviewer"):
        end = app.decided_at.date() if app.decided_at else on
        days[app.reviewer.get_full_name() or app.reviewer.username].append((end - app.submitted_at.date()).days)
    return [
        {"reviewer": name, "cases": len(values), "days": round(sum(values) / len(values))}
        for name, values in sorted(days.items())
    ]


def participants_per_aco() -> list[dict]:
    """Participant TINs on each ACO's list per performance year."""
    counts = (
        Participant.objects.values("organization__aco_id", "py")
        .annotate(n=Count("id"))
        .order_by("organization__aco_id", "py")
    )
    return [{"aco": c["organization__aco_id"], "py": f"PY{c['py']}", "participants": c["n"]} for c in counts]


def _largest(rows: list[dict], n: int) -> list[dict]:
    latest: dict[str, int] = {}
    for row in rows:  # ordered by year: the last figure of each ACO is its latest list
        latest[row["aco"]] = row["participants"]
    keep = set(sorted(latest, key=lambda aco: -latest[aco])[:n])
    return [row for row in rows if row["aco"] in keep]


def _participant_chart(key: str, title: str, rows: list[dict]) -> charts.Chart:
    return charts.line(
        key,
        title,
        rows,
        x=charts.Field("py", "Performance year"),
        y=charts.Field("participants", "Participant TINs", "count"),
        color=charts.Field("aco", "ACO"),
    )


def trend_charts(cycle) -> dict:
    noias = Noia.objects.filter(status=Noia.Status.SUBMITTED)
    apps = Application.objects.exclude(status__in=[Application.Status.WITHDRAWN, Application.Status.DRAFT])
    cycle_field, type_field = charts.Field("cycle", "Application cycle"), charts.Field("type", "Application type")
    per_aco = participants_per_aco()
    return {
        "noia_trend": charts.bar(
            "noias-by-cycle",
            "Notices of Intent to Apply by type, every cycle",
            across_cycles(noias),
            x=cycle_field,
            y=charts.Field("count", "Notices of intent", "count"),
            color=type_field,
        ),
        "application_trend": charts.bar(
            "applications-by-cycle",
            "Submitted applications by type, every cycle",
            across_cycles(apps),
            x=cycle_field,
            y=charts.Field("count", "Applications", "count"),
            color=type_field,
        ),
        "review_days": charts.bar(
            "days-in-review",
            f"Average days in review per reviewer, {cycle}",
            days_in_review(cycle),
            x=charts.Field("reviewer", "Reviewer"),
            y=charts.Field("days", "Average days in review", "count"),
            horizontal=True,
        ),
        "participant_trend": _participant_chart(
            "participants-per-aco",
            f"Participant TINs per ACO by performance year (the {CHARTED_ACOS} longest lists)",
            _largest(per_aco, CHARTED_ACOS),
        ),
        "participant_table": _participant_chart(
            "participants-per-aco-all", "Participant TINs per ACO by performance year", per_aco
        ),
    }


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
        **trend_charts(cycle),
    }


def _percent_change(row: dict) -> float | None:
    """The change as a number of percent for a spreadsheet (a text "+100%" would be escaped as a formula)."""
    if not row["previous"]:
        return None
    return round(100 * (row["current"] - row["previous"]) / row["previous"], 1)


def _chart_rows(chart: charts.Chart) -> tuple[list[str], list[list]]:
    return [f.label for f in chart.fields], [[row.get(f.name) for f in chart.fields] for row in chart.rows]


def tables(cycle) -> dict[str, tuple[str, list[str], list[list]]]:
    """Every table of the dashboard by key: (sheet title, header, rows), the figures as numbers for a spreadsheet."""
    built = build(cycle)
    compared = ["Application type", str(built["previous"] or "Previous cycle"), str(cycle), "% change"]
    out = {
        "noias": (
            "NOIAs by type",
            compared,
            [[r["type"], r["previous"], r["current"], _percent_change(r)] for r in built["noia_table"]],
        ),
        "applications": (
            "Applications by type",
            compared,
            [[r["type"], r["previous"], r["current"], _percent_change(r)] for r in built["application_table"]],
        ),
        "statuses": (
            "Applications by status",
            ["Status", "Initial", "Renewal", "Early Renewal", "Total"],
            [[r["status"], r["Initial"], r["Renewal"], r["Early_Renewal"], r["Total"]] for r in built["by_status"]],
        ),
        "reviewers": (
            "Work per reviewer",
            ["Reviewer", "Open cases", "Waiting on the ACO"],
            [[r.get_full_name() or r.username, r.open, r.waiting_on_aco] for r in built["reviewers"]],
        ),
    }
    for key, sheet, chart in (
        ("noias-by-cycle", "NOIAs by cycle", built["noia_trend"]),
        ("applications-by-cycle", "Applications by cycle", built["application_trend"]),
        ("days-in-review", "Days in review", built["review_days"]),
        ("participants-per-aco", "Participants per ACO", built["participant_table"]),
    ):
        out[key] = (sheet, *_chart_rows(chart))
    return out

"""The review queue: submitted applications filtered and sorted by status, type, reviewer, submission
date and days in review, each with the next step its reader may take (read from the workflow table).
The page, its download and the CMS home read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from acoms.accounts.roles import Right, check
from acoms.lib.formats import long_date

from . import workflow
from .models import Application, Cycle, Rfi
from .windows import current_phases, today

S = Application.Status
DECIDED = {S.APPROVED, S.DENIED, *workflow.FINAL_STATES}
OPEN = "open"  # the status filter "not decided yet"
SORTS = {
    "submitted": ("Submitted, oldest first", lambda r: (r.submitted, r.app.pk)),
    "-submitted": ("Submitted, newest first", lambda r: (-r.submitted.toordinal(), -r.app.pk)),
    "days": ("Days in review, most first", lambda r: (-r.days, r.app.pk)),
    "aco": ("ACO", lambda r: (r.app.organization.name.lower(), r.app.pk)),
    "status": ("Status", lambda r: (r.app.get_status_display(), r.app.pk)),
    "reviewer": ("Reviewer", lambda r: (r.reviewer_name == "", r.reviewer_name.lower(), r.app.pk)),
    "type": ("Type", lambda r: (r.app.get_app_type_display(), r.app.pk)),
}
DEFAULT_SORT = "submitted"


@dataclass
class Row:
    app: Application
    rfi: Rfi | None
    submitted: dt.date
    days: int  # days in review: from submission to the decision, or to today while it is open
    next: list[str] = field(default_factory=list)  # filled by with_next_steps, for the rows shown

    @property
    def reviewer_name(self) -> str:
        r = self.app.reviewer
        return (r.get_full_name() or r.get_username()) if r else ""


def days_in_review(app: Application, on: dt.date) -> int:
    submitted = timezone.localdate(app.submitted_at) if app.submitted_at else on
    ended = app.final_decided_at or app.decided_at
    end = timezone.localdate(ended) if ended and app.status in DECIDED else on
    return max((end - submitted).days, 0)


def next_steps(app: Application, user, on: dt.date | None = None) -> list[str]:
    """What `user` may do on the case now: the workflow steps open to them, and assigning a reviewer to a
    case CMS must act on that has none."""
    steps = [t.label for t in workflow.available(app, user, on)]
    if app.reviewer_id is None and app.status in workflow.CMS_OWNED_STATES and check(user, Right.ASSIGN_REVIEWERS):
        steps.insert(0, "Assign a reviewer")
    return steps


def submitted_applications():
    return Application.objects.exclude(status=S.DRAFT).select_related("organization", "cycle", "reviewer")


def rows(user, filters: dict | None = None, sort: str = DEFAULT_SORT, on: dt.date | None = None) -> list[Row]:
    """The queue as `user` reads it; `filters` are QueueFilterForm's cleaned data."""
    on = on or today()
    apps = submitted_applications()
    d = filters or {}
    if d.get("cycle"):
        apps = apps.filter(cycle=d["cycle"])
    if d.get("app_type"):
        apps = apps.filter(app_type=d["app_type"])
    if d.get("status") == OPEN:
        apps = apps.exclude(status__in=DECIDED)
    elif d.get("status"):
        apps = apps.filter(status=d["status"])
    if d.get("reviewer") == "none":
        apps = apps.filter(reviewer__isnull=True)
    elif d.get("reviewer"):
        apps = apps.filter(reviewer_id=d["reviewer"])
    if d.get("submitted_from"):
        apps = apps.filter(submitted_at__date__gte=d["submitted_from"])
    if d.get("submitted_to"):
        apps = apps.filter(submitted_at__date__lte=d["submitted_to"])
    if d.get("due_before"):
        apps = apps.filter(rfis__status__in=["open", "overdue"], rfis__due__lte=d["due_before"]).distinct()
    if d.get("phase"):
        open_cycles = [c.pk for c in Cycle.objects.prefetch_related("phases") if d["phase"] in current_phases(c, on)]
        apps = apps.filter(cycle__in=open_cycles)
    found = []
    for app in apps.prefetch_related("cycle__phases"):
        days = days_in_review(app, on)
        if d.get("min_days") is not None and days < d["min_days"]:
            continue
        if d.get("max_days") is not None and days > d["max_days"]:
            continue
        submitted = timezone.localdate(app.submitted_at) if app.submitted_at else on
        found.append(Row(app, app.open_rfi(), submitted, days))
    found.sort(key=SORTS.get(sort, SORTS[DEFAULT_SORT])[1])
    return found


def with_next_steps(found: list[Row], user, on: dt.date | None = None) -> list[Row]:
    """Fill in each row's next steps (the workflow weighs every step of the case: only for the rows
    a page shows, or for the whole download)."""
    on = on or today()
    for r in found:
        r.next = next_steps(r.app, user, on)
    return found


HEADER = [
    "Application",
    "ACO ID",
    "ACO",
    "Cycle",
    "Type",
    "Status",
    "Reviewer",
    "Submitted",
    "Days in review",
    "RFI due",
    "Your next step",
]


def table(found: list[Row]) -> list[list]:
    """The rows as the download writes them (words and long dates, as on the page)."""
    return [
        [
            r.app.pk,
            r.app.organization.aco_id,
            r.app.organization.name,
            str(r.app.cycle),
            r.app.get_app_type_display(),
            r.app.get_status_display(),
            r.reviewer_name or "Unassigned",
            long_date(r.submitted),
            r.days,
            long_date(r.rfi.due) if r.rfi else "",
            "; ".join(r.next),
        ]
        for r in found
    ]

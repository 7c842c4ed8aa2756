"""A CMS person's cases on the CMS home: those assigned to them, those waiting on them (new submissions,
RFI responses received, decisions to make, deadlines within 3 days) and the team's queues. "Waiting on
me" is read from the workflow table: the steps whose move is CMS's (`Step.waiting_on`) that this person
may take now (`workflow.available`), plus assigning a reviewer to a case CMS owns that has none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from acoms.accounts.roles import Right, check

from . import queue, workflow
from .models import Application
from .windows import RFI_ROUND_WINDOWS, today

S = Application.Status
SOON_DAYS = 3  # "deadlines within 3 days" (issue 12): a policy of the CMS home, not a program rule
ASSIGN = "Assign a reviewer"


@dataclass
class Item:
    app: Application
    reason: str  # why it waits on this person, in words
    steps: list[str]  # what they may do
    due: dt.date | None  # the last day they may do it (the window of the step, or the RFI's deadline)

    @property
    def url(self) -> str:
        return reverse("application_detail", args=[self.app.pk])


def _step_due(app: Application, t: workflow.Transition) -> dt.date | None:
    """The last day of the window the step needs (None when it has no window)."""
    if t.window is None:
        return None
    if t.window == "after_denial":
        return workflow.reconsideration_deadline(app)
    phase = t.window
    if t.window == "rfi_round":
        rfi = app.open_rfi()
        phase = RFI_ROUND_WINDOWS.get(rfi.round if rfi and t.action != "issue_rfi" else workflow.next_rfi_round(app))
    window = app.cycle.window(phase) if phase else None
    return window[1] if window else None


def _reason(app: Application) -> str:
    if app.status == S.RESPONSE_RECEIVED:
        return "RFI response received"
    if app.status == S.IN_REVIEW and not app.rfis.exists():
        return "New submission"
    if app.status == S.RECOMMENDED:
        return "Recommendation to decide"
    if app.status == S.RECONSIDERATION:
        return "Reconsideration to decide"
    rfi = app.open_rfi()
    if app.status == S.AWAITING_RESPONSE and rfi is not None and rfi.status == rfi.Status.OVERDUE:
        return "RFI overdue"
    return "In review"


def live_applications():
    return queue.submitted_applications().exclude(status__in=workflow.FINAL_STATES).prefetch_related("cycle__phases")


def states_to_read(user) -> set[str]:
    """The states a case must be in for this person to have a move on it: the sources of the CMS steps
    whose right they hold, and the states that need a reviewer if they assign them (read from the
    workflow table, so the page does not weigh every case for a person who can move none of them)."""
    states = {
        t.source
        for t in workflow.TRANSITIONS
        if workflow.STEPS[t.action].waiting_on == workflow.CMS and check(user, t.right)
    }
    if check(user, Right.ASSIGN_REVIEWERS):
        states |= workflow.CMS_OWNED_STATES
    return states


def waiting_on(user, on: dt.date | None = None, apps=None) -> list[Item]:
    """The cases where the next move is this person's, most urgent first."""
    on = on or today()
    can_assign = check(user, Right.ASSIGN_REVIEWERS)
    found = []
    candidates = live_applications().filter(status__in=states_to_read(user)) if apps is None else apps
    for app in candidates:
        mine = [t for t in workflow.available(app, user, on) if workflow.STEPS[t.action].waiting_on == workflow.CMS]
        steps = [t.label for t in mine]
        dues = [d for d in (_step_due(app, t) for t in mine) if d is not None]
        if can_assign and app.reviewer_id is None and app.status in workflow.CMS_OWNED_STATES:
            steps.insert(0, ASSIGN)
        if steps:
            found.append(Item(app, _reason(app), steps, min(dues) if dues else None))
    found.sort(key=lambda i: (i.due is None, i.due or on, i.app.pk))
    return found


def soon(items: list[Item], on: dt.date | None = None) -> list[Item]:
    on = on or today()
    return [i for i in items if i.due is not None and i.due <= on + dt.timedelta(days=SOON_DAYS)]


def assigned_to(user) -> list[Application]:
    """The reviewer's open cases (a decided case waits on the ACO, to sign or to ask for reconsideration)."""
    return list(live_applications().filter(reviewer=user).exclude(status__in=queue.DECIDED).order_by("submitted_at"))


def _queue_link(**query) -> str:
    return reverse("review_queue") + "?" + urlencode(query)


def team_queues() -> list[dict]:
    """How many cases stand in each part of the review, with a link to them in the review queue."""
    counts = dict(
        live_applications().order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    unassigned = live_applications().filter(status__in=workflow.CMS_OWNED_STATES, reviewer__isnull=True).count()
    rows = [
        {"label": "Unassigned, CMS to act", "count": unassigned, "url": _queue_link(status="open", reviewer="none")}
    ]
    for status in (S.IN_REVIEW, S.AWAITING_RESPONSE, S.RESPONSE_RECEIVED, S.RECOMMENDED, S.RECONSIDERATION):
        rows.append({"label": S(status).label, "count": counts.get(status, 0), "url": _queue_link(status=status)})
    return rows


def reviewer_loads() -> list[dict]:
    """Open cases per reviewer."""
    loads = (
        live_applications()
        .filter(reviewer__isnull=False)
        .exclude(status__in=queue.DECIDED)
        .order_by()
        .values("reviewer", "reviewer__username", "reviewer__first_name", "reviewer__last_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "reviewer__username")
    )
    return [
        {
            "label": f"{r['reviewer__first_name']} {r['reviewer__last_name']}".strip() or r["reviewer__username"],
            "count": r["n"],
            "url": _queue_link(status="open", reviewer=r["reviewer"]),
        }
        for r in loads
    ]


def cases(user, on: dt.date | None = None) -> dict:
    """Everything the CMS home shows of applications for `user`."""
    on = on or today()
    waiting = waiting_on(user, on)
    return {
        "assigned": assigned_to(user),
        "waiting": waiting,
        "new_submissions": [i for i in waiting if i.reason == "New submission"],
        "responses": [i for i in waiting if i.reason == "RFI response received"],
        "decisions": [i for i in waiting if i.reason in ("Recommendation to decide", "Reconsideration to decide")],
        "soon": soon(waiting, on),
        "team": team_queues(),
        "reviewers": reviewer_loads(),
    }

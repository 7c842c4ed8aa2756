"""The periodic check: mark overdue RFIs, remind ACOs of deadlines in 3 days, and report cases
with no owner or no available action. Run it from cron with `acoms applications sweep`, or
enqueue `sweep_task` on the task worker."""

from __future__ import annotations

import datetime as dt

from django.tasks import task

from acoms.accounts.roles import SYSTEM

from . import actions, workflow
from .models import Application, Rfi
from .parameters import named
from .windows import today


def sweep(on: dt.date | None = None) -> dict:
    on = on or today()
    overdue = [
        actions.mark_overdue(by=SYSTEM, rfi=r).pk for r in Rfi.objects.filter(status=Rfi.Status.OPEN, due__lt=on)
    ]
    soon = on + dt.timedelta(days=int(named("program")["deadline_reminder_days"]))
    reminded = [
        r.pk
        for r in Rfi.objects.filter(status=Rfi.Status.OPEN, due__gte=on, due__lte=soon, reminder_sent_at__isnull=True)
        if actions.remind(by=SYSTEM, rfi=r)
    ]
    live = Application.objects.exclude(status__in=[*workflow.FINAL_STATES, Application.Status.DRAFT]).select_related(
        "organization", "cycle"
    )
    no_owner = [a.pk for a in live if a.status in workflow.CMS_OWNED_STATES and a.reviewer_id is None]
    stuck = [a.pk for a in live if not workflow.waiting(a, on)]
    return {"overdue_rfis": overdue, "reminded_rfis": reminded, "no_owner": no_owner, "no_available_action": stuck}


@task
def sweep_task() -> dict:
    return sweep()

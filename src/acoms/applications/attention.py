"""What needs the ACO's attention in applications, with deadlines (shown on the ACO home). The
application items come from the workflow: the ACO steps open to this person, each with its to-do; a
draft shows its progress ("7 of 10 sections complete") and the next section this person can fill in.
`for_cms` is the same ACO read by CMS: whose move each live application waits on."""

from __future__ import annotations

from django.urls import reverse

from . import actions, sections, workflow
from .models import Application, Cycle, Noia
from .windows import today

S = Application.Status


def progress(app: Application, user) -> dict:
    """How far the draft is: sections complete of all, each section's state, and the next one to do."""
    rows = sections.status(app)
    editable = actions.editable_sections(app, user)
    detail = reverse("application_detail", args=[app.pk])
    nxt = None
    for row in rows:
        if row["complete"]:
            continue
        if row["key"] == "signature":
            nxt = {"title": row["title"], "url": detail + "#sections-heading"}
        elif row["key"] in editable:
            nxt = {"title": row["title"], "url": reverse("application_section", args=[app.pk, row["key"]])}
        if nxt:
            break
    return {
        "done": sum(1 for r in rows if r["complete"]),
        "total": len(rows),
        "sections": rows,
        "next": nxt,
    }


def items(user, aco):
    out = []
    on = today()
    for cycle in Cycle.objects.prefetch_related("phases"):
        noia_window = cycle.window("noia")
        has_app = Application.objects.filter(organization=aco, cycle=cycle).exclude(status="withdrawn").exists()
        if (
            noia_window
            and noia_window[0] <= on <= noia_window[1]
            and not has_app
            and not Noia.objects.filter(organization=aco, cycle=cycle, status="submitted").exists()
        ):
            out.append(
                {
                    "text": f"Submit a Notice of Intent to Apply for the {cycle} cycle",
                    "url": reverse("aco_applications", args=[aco.aco_id]),
                    "due": noia_window[1],
                }
            )
    for app in (
        Application.objects.filter(organization=aco)
        .exclude(status__in=workflow.FINAL_STATES)
        .select_related("cycle", "organization")
    ):
        url = reverse("application_detail", args=[app.pk])
        for text, due in workflow.todos(app, user, on):
            item = {"text": text, "url": url, "due": due}
            if app.status == S.DRAFT:
                item["progress"] = progress(app, user)
            out.append(item)
    return out


def for_cms(user, aco) -> list[dict]:
    """Each live application of `aco` as CMS (`user`) reads it: its status, whose move it is (CMS, the
    ACO or both) with the steps that move it on (workflow.waiting), and the deadline of the open RFI."""
    on = today()
    rows = []
    for app in (
        Application.objects.filter(organization=aco)
        .exclude(status__in=workflow.FINAL_STATES)
        .select_related("cycle", "reviewer")
        .prefetch_related("cycle__phases")
    ):
        moves = workflow.waiting(app, on)
        waiting_on = []
        for side, name in ((workflow.CMS, "CMS"), (workflow.ACO, "the ACO")):
            steps = [t.label for t in moves if workflow.STEPS[t.action].waiting_on == side]
            if side == workflow.CMS and app.reviewer_id is None and app.status in workflow.CMS_OWNED_STATES:
                steps.insert(0, "Assign a reviewer")
            if steps:
                waiting_on.append({"side": name, "steps": steps})
        rfi = app.open_rfi()
        rows.append(
            {
                "app": app,
                "url": reverse("application_detail", args=[app.pk]),
                "waiting_on": waiting_on,
                "rfi": rfi,
                "progress": progress(app, user) if app.status == S.DRAFT else None,
            }
        )
    return rows

"""What needs the ACO's attention in applications, with deadlines (shown on the ACO home)."""

from django.urls import reverse

from . import sections, workflow
from .models import Application, Cycle, Noia
from .windows import today


def items(user, aco):
    out = []
    on = today()
    for cycle in Cycle.objects.prefetch_related("phases"):
        noia_window, phase1 = cycle.window("noia"), cycle.window("phase1")
        has_app = Application.objects.filter(organization=aco, cycle=cycle).exclude(status="withdrawn").exists()
        if noia_window and noia_window[0] <= on <= noia_window[1] and not has_app and not Noia.objects.filter(
                organization=aco, cycle=cycle, status="submitted").exists():
            out.append({"text": f"Submit a Notice of Intent to Apply for the {cycle} cycle",
                        "url": reverse("aco_applications", args=[aco.aco_id]), "due": f"{noia_window[1]:%Y-%m-%d}"})
    for app in Application.objects.filter(organization=aco).exclude(status__in=workflow.FINAL_STATES).select_related("cycle"):
        url = reverse("application_detail", args=[app.pk])
        if app.status == Application.Status.DRAFT:
            w = app.cycle.window("phase1")
            missing = sections.incomplete(app, exclude=())
            text = (f"Finish your {app.cycle} application: {len(missing)} section(s) to complete" if missing
                    else f"Submit your {app.cycle} application: every section is complete")
            out.append({"text": text, "url": url, "due": f"{w[1]:%Y-%m-%d}" if w else None})
        elif app.status == Application.Status.IN_REVIEW and app.phase2_submitted_at is None:
            w = app.cycle.window("phase2")
            if w and w[0] <= on <= w[1]:
                out.append({"text": f"Submit Phase 2 of your {app.cycle} application: your final participant list", "url": url,
                            "due": f"{w[1]:%Y-%m-%d}"})
        elif app.status == Application.Status.AWAITING_RESPONSE:
            rfi = app.open_rfi()
            out.append({"text": f"Respond to RFI-{rfi.round} on your {app.cycle} application", "url": url, "due": f"{rfi.due:%Y-%m-%d}"})
        elif app.status == Application.Status.DENIED:
            deadline = workflow.reconsideration_deadline(app)
            if deadline and deadline >= on:
                out.append({"text": f"Your {app.cycle} application was denied: you may request reconsideration", "url": url,
                            "due": f"{deadline:%Y-%m-%d}"})
        elif app.status == Application.Status.APPROVED:
            w = app.cycle.window("signing")
            out.append({"text": f"Your {app.cycle} application is approved: sign the participation agreement", "url": url,
                        "due": f"{w[1]:%Y-%m-%d}" if w else None})
    return out

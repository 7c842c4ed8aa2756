"""What needs the ACO's attention in applications, with deadlines (shown on the ACO home). The
application items come from the workflow: the ACO steps open to this person, each with its to-do."""

from django.urls import reverse

from . import workflow
from .models import Application, Cycle, Noia
from .windows import today


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
                    "due": f"{noia_window[1]:%Y-%m-%d}",
                }
            )
    for app in (
        Application.objects.filter(organization=aco)
        .exclude(status__in=workflow.FINAL_STATES)
        .select_related("cycle", "organization")
    ):
        url = reverse("application_detail", args=[app.pk])
        for text, due in workflow.todos(app, user, on):
            out.append({"text": text, "url": url, "due": f"{due:%Y-%m-%d}" if due else None})
    return out

from django.urls import reverse

from acoms.accounts.roles import Right


def items(user) -> list[tuple[str, str]]:
    out = []
    for aco in user.aco_organizations:
        out.append(("Data Hub", reverse("datahub", args=[aco.aco_id])))
        out.append(("Dashboard", reverse("performance_dashboard", args=[aco.aco_id])))
    if user.has_right(Right.RUN_ANALYTICS):
        out.append(("Performance runs", reverse("performance_runs")))
    return out

from django.urls import reverse

from acoms.accounts.roles import Right, check


def items(user):
    out = [("Applications", reverse("aco_applications", args=[org.aco_id])) for org in user.aco_organizations[:1]]
    if check(user, Right.VIEW_PROGRAM):
        out += [("Review queue", reverse("review_queue")), ("Cycle dashboard", reverse("cycle_dashboard"))]
        if check(user, Right.ADMINISTER):
            out.append(("Cycles", reverse("cycle_list")))
    return out

from django.urls import reverse

from acoms.accounts.roles import Right


def items(user):
    out = [("Applications", reverse("aco_applications", args=[org.aco_id])) for org in user.aco_organizations[:1]]
    if user.is_cms_staff:
        out += [("Review queue", reverse("review_queue")), ("Cycle dashboard", reverse("cycle_dashboard"))]
        if user.has_right(Right.ADMINISTER):
            out.append(("Cycles", reverse("cycle_list")))
    return out

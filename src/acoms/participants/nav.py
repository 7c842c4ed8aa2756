from django.urls import reverse

from acoms.accounts.roles import Right


def items(user) -> list[tuple[str, str]]:
    out = [("Participant list", reverse("participant_list", args=[aco.aco_id])) for aco in user.aco_organizations]
    if user.is_cms_staff:
        out.append(("Participant changes", reverse("participant_change_queue")))
    if user.has_right(Right.ADMINISTER):
        out.append(("Change windows", reverse("participant_change_windows")))
        out.append(("Enrollment registry", reverse("participant_registry")))
    return out

from django.urls import reverse


def items(user) -> list[tuple[str, str]]:
    out = [("Participant list", reverse("participant_list", args=[aco.aco_id])) for aco in user.aco_organizations]
    if user.is_cms_staff:
        out.append(("Participant changes", reverse("participant_change_queue")))
    return out

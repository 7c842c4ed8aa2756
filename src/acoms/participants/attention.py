"""'Needs your attention' on the ACO home: an open change window, an uncertified list."""

from django.urls import reverse

from acoms.accounts.roles import Right
from acoms.participants import actions
from acoms.participants.models import Certification, ChangeRequest


def items(user, aco) -> list[dict]:
    out = []
    window = actions.open_window()
    if window is None:
        return out
    url = reverse("participant_list", args=[aco.aco_id]) + f"?py={window.py}"
    certified = Certification.objects.filter(organization=aco, py=window.py).exists()
    if user.has_right(Right.EDIT_APPLICATION, aco) and not certified:
        out.append(
            {
                "text": f"The PY{window.py} participant change window is open",
                "url": url,
                "due": window.closes_on.isoformat(),
            }
        )
    if user.has_right(Right.SIGN, aco) and not certified:
        out.append(
            {
                "text": f"Certify the PY{window.py} participant and SNF affiliate lists",
                "url": reverse("participant_certify", args=[aco.aco_id]) + f"?py={window.py}",
                "due": window.closes_on.isoformat(),
            }
        )
    decided = ChangeRequest.objects.filter(organization=aco, py=window.py).exclude(status="pending").count()
    if decided and user.has_right(Right.VIEW_ACO, aco):
        out.append(
            {
                "text": f"{decided} participant change request(s) decided by CMS",
                "url": reverse("participant_changes", args=[aco.aco_id]),
                "due": None,
            }
        )
    return out

from django.urls import reverse
from django.utils import timezone

from acoms.accounts.roles import Right
from acoms.quality.reporting import current_py


def items(user) -> list[tuple[str, str]]:
    out = [("Quality", reverse("quality_home", args=[aco.aco_id])) for aco in user.aco_organizations]
    if user.has_right(Right.VIEW_PROGRAM):
        out.append(("Quality", reverse("quality_national", args=[current_py(timezone.localdate())])))
    return out

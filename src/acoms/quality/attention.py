"""'Needs your attention' on the ACO home: the open PY's quality to report, or to attest."""

from django.urls import reverse
from django.utils import timezone

from acoms.quality import actions, reporting
from acoms.quality.models import Submission


def items(user, aco) -> list[dict]:
    today = timezone.localdate()
    py = reporting.current_py(today)
    deadline = reporting.deadline(py)
    if today > deadline:
        return []
    sub = Submission.objects.filter(organization=aco, py=py).first()
    url = reverse("quality_report", args=[aco.aco_id, py])
    reported = sub is not None and (sub.measures.exists() or bool(sub.cahps_summary) or sub.cahps_not_sampled)
    if not reported and user.has_right(actions.REPORT_RIGHT, aco):
        return [{"text": f"Report the PY{py} quality measures", "url": url, "due": deadline.isoformat()}]
    if reported and not sub.attested and user.has_right(actions.ATTEST_RIGHT, aco):
        return [{"text": f"Attest the PY{py} quality submission", "url": url, "due": deadline.isoformat()}]
    return []

"""What a section's form starts with when the ACO has not answered it yet, from records ACO-MS already
holds: the leadership from the ACO's contacts, the assigned beneficiaries from the ACO's latest
assignment estimate, and the repayment amount the rule asks for (rules/repayment.py) once the numbers
it needs are known. The ACO checks and saves them; nothing here is stored."""

from __future__ import annotations

from acoms.accounts.models import Membership
from acoms.accounts.roles import Role
from acoms.participants.models import EstimateRun

LEADERS = {  # leadership field prefix -> the contact type that holds the post
    "executive": Role.ACO_EXECUTIVE,
    "medical_director": Role.MEDICAL_DIRECTOR,
    "compliance_officer": Role.COMPLIANCE_OFFICER,
}


def leadership(application) -> dict:
    found = {}
    for prefix, role in LEADERS.items():
        m = (
            Membership.objects.filter(organization=application.organization, role=role, active=True)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if m is None:
            continue
        found[f"{prefix}_name"] = m.user.get_full_name() or m.user.get_username()
        if m.user.email:
            found[f"{prefix}_email"] = m.user.email
    return found


def latest_estimate(application) -> EstimateRun | None:
    return (
        EstimateRun.objects.filter(organization=application.organization, status="done", total__isnull=False)
        .order_by("-finished_at", "-pk")
        .first()
    )


def repayment(application, answers: dict, required) -> dict:
    """The beneficiaries from the latest estimate when not answered, and the instrument's amount as the
    rule's minimum (`required`, computed by sections.required_repayment) when not answered."""
    found = {}
    if not answers.get("assigned_beneficiaries"):
        run = latest_estimate(application)
        if run is not None:
            found["assigned_beneficiaries"] = run.total
    if required is not None and answers.get("instrument_amount") in (None, ""):
        found["instrument_amount"] = f"{required.amount:.2f}"
    return found

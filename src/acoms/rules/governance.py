"""The ACO's governing body (42 CFR 425.106(c)). Pure: members are plain dicts with the booleans
`participant_representative` and `medicare_beneficiary`; the required share is a parameter
(applications parameter `governing_body_participant_share`)."""

from __future__ import annotations


def participant_share(members: list[dict]) -> float:
    return sum(1 for m in members if m.get("participant_representative")) / len(members) if members else 0.0


def governing_body_problems(members: list[dict], beneficiary_explanation: str, share_needed: float) -> list[str]:
    """Why the governing body does not meet §425.106(c) (empty when it does):
    (c)(3) ACO participants hold at least `share_needed` of the control;
    (c)(2) a Medicare beneficiary member, who is not an ACO participant's representative, or an
    explanation of how beneficiaries are represented instead."""
    if not members:
        return ["List the members of the governing body."]
    problems = []
    share = participant_share(members)
    if share < share_needed:
        problems.append(
            f"ACO participants control {share:.0%} of the governing body; at least {share_needed:.0%} is required "
            "(42 CFR 425.106(c)(3))."
        )
    beneficiaries = [m for m in members if m.get("medicare_beneficiary")]
    if any(m.get("participant_representative") for m in beneficiaries):
        problems.append(
            "The Medicare beneficiary member may not also represent an ACO participant (42 CFR 425.106(c)(2))."
        )
    if not beneficiaries and not (beneficiary_explanation or "").strip():
        problems.append(
            "Include a Medicare beneficiary on the governing body, "
            "or explain how beneficiaries are represented instead."
        )
    return problems

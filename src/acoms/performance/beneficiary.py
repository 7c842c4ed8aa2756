"""One beneficiary's assignment in a published run, as the ACO's explanation page shows it: the result,
the competing ACOs, TINs and CCNs with their allowed charges in the deciding step, and the rule of
42 CFR 425.402 that decided (the step texts of `analytics.explain`, the one place they are written).

An ACO sees only its own beneficiaries: those assigned to it, or for whom it was one of the competing
entities; any other identifier answers "not one of your beneficiaries", whether or not it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow.parquet as pq

from acoms.analytics.explain import QUALIFY, RULES
from acoms.lib import identifiers
from acoms.performance.deliverables import method_of
from acoms.performance.labels import ASSIGNMENT_TYPES
from acoms.performance.models import AcoResult
from acoms.performance.runner import run_dir

STEP_NAMES = {
    "voluntary": "Voluntary alignment",
    "step1": "Step 1 (primary care physicians, nurse practitioners, physician assistants, clinical nurse specialists)",
    "step2": "Step 2 (specialists)",
    "step3": "Step 3 (expanded window)",
    "none": "Not assigned",
}
KINDS = {"aco": "ACO", "tin": "Practice (TIN) outside any ACO", "ccn": "Facility (CCN) outside any ACO"}
TYPES = ASSIGNMENT_TYPES


def clean_mbi(value: str) -> str | None:
    """The MBI as stored (upper case, no dashes or spaces), or None when it is not an MBI."""
    mbi = value.strip().upper().replace("-", "").replace(" ", "")
    return mbi if identifiers.is_mbi(mbi) else None


class NotYours(LookupError):
    """The identifier is not one of the ACO's beneficiaries in the run (or does not exist)."""


@dataclass
class Competitor:
    step: str
    rank: int
    who: str
    kind: str
    allowed: float
    qualifies: bool | None
    is_this_aco: bool


@dataclass
class Explanation:
    bene_id: str
    py: int
    method: str
    assigned_here: bool
    result: str
    enrollment_type: str
    rule: str
    competitors: list[Competitor] = field(default_factory=list)


def _rows(result: AcoResult, table: str, **equal) -> list[dict]:
    path = run_dir(result.run) / "fe" / f"{table}.parquet"
    if not path.exists():
        return []
    return pq.read_table(path, filters=[(k, "=", v) for k, v in equal.items()]).to_pylist()


def has_detail(result: AcoResult) -> bool:
    return (run_dir(result.run) / "fe" / "pe_explanation.parquet").exists()


def explain(result: AcoResult, bene_id: str, *, cms: bool = False) -> Explanation:
    """The explanation of `bene_id` for the ACO of `result`; raises NotYours for anyone else's (CMS: any)."""
    aco_id, run = result.aco_id, result.run
    method = method_of(run, aco_id)
    row = next(iter(_rows(result, "pe_assignment", method=method, bene_id=bene_id)), None)
    competing = _rows(result, "pe_explanation", method=method, bene_id=bene_id)
    ours = (row and row["aco_id"] == aco_id) or any(c["entity_id"] == aco_id for c in competing)
    if row is None or not (ours or cms):
        raise NotYours(bene_id)
    step = row["step"]
    if row["aco_id"]:
        text = f"Assigned to {'this ACO' if row['aco_id'] == aco_id else 'another ACO'} in {STEP_NAMES[step].lower()}"
        rule = RULES.get(step, "")
    else:
        text = f"Not assigned: {row['reason']}"
        tops = [c for c in competing if c["rank"] == 1]
        if len(tops) > 1:
            rule = "42 CFR 425.402(b): the plurality must be greater than every other entity's; a tie assigns nobody."
        elif tops and tops[0]["entity_kind"] == "aco" and not tops[0]["qualifies"]:
            rule = f"{RULES.get(tops[0]['step'], '')} The plurality ACO lacks the step's qualifying service: {QUALIFY.get(tops[0]['step'], '')}."
        elif tops:
            rule = RULES.get(tops[0]["step"], "")
        else:
            rule = RULES["none"]
    out = Explanation(
        bene_id=bene_id,
        py=run.py,
        method=method,
        assigned_here=row["aco_id"] == aco_id,
        result=text,
        enrollment_type=TYPES.get(row["enrollment_type"], row["enrollment_type"]),
        rule=rule,
    )
    for c in sorted(competing, key=lambda c: (c["step"], c["rank"], c["entity_id"])):
        mine = c["entity_kind"] == "aco" and c["entity_id"] == aco_id
        who = c["entity_id"] if (cms or mine or c["entity_kind"] != "aco") else "Another ACO"
        out.competitors.append(
            Competitor(
                step=STEP_NAMES.get(c["step"], c["step"]),
                rank=c["rank"],
                who=who,
                kind=KINDS.get(c["entity_kind"], c["entity_kind"]),
                allowed=float(c["allowed_amount"]),
                qualifies=c["qualifies"] if c["entity_kind"] == "aco" else None,
                is_this_aco=mine,
            )
        )
    return out

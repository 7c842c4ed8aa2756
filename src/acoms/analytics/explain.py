"""Explain one beneficiary's assignment from a run's output files (no engine needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

RULES = {
    "voluntary": "§425.402(e) voluntary alignment: the latest designation names an ACO professional "
    "billing through this ACO's participant TIN; it overrides claims-based assignment.",
    "step1": "§425.402(b)(3) step 1: among beneficiaries with a primary care service from an ACO physician "
    "(pre-step), the ACO whose PCP+NP/PA/CNS allowed charges are greater than every other ACO's and "
    "every non-ACO TIN's/CCN's.",
    "step2": "§425.402(b)(4) step 2: no primary care service from any PCP/NP/PA/CNS; the ACO whose §425.402(c) "
    "specialists' allowed charges are greater than every other ACO's and non-ACO TIN's/CCN's.",
    "step3": "§425.402(b)(5) step 3 (PY2025+): not in the pre-step pool; an ACO NP/PA/CNS service in the "
    "12-month window and an ACO PCP/specialist service in the expanded window; the ACO with the "
    "greatest PCP+specialist+NPP allowed charges over the expanded window.",
    "none": "not assigned.",
}
QUALIFY = {
    "step1": "has a primary care service from an ACO physician (pre-step)",
    "step2": "has a primary care service from an ACO specialist (pre-step)",
    "step3": "ACO NPP service in window and ACO physician service in expanded window",
}


def sidecars(run: str | Path) -> dict[str, Path]:
    run = Path(run)
    stem = run.with_suffix("")
    return {"explanation": Path(f"{stem}.explanation.parquet"), "ineligible": Path(f"{stem}.ineligible.parquet")}


def _rows(path: Path, bene_id: str) -> list[dict]:
    if not path.exists():
        return []
    ds = pads.dataset(path, format="parquet")
    return ds.to_table(filter=pc.field("bene_id") == bene_id).to_pylist()


def explain(bene_id: str, run: str | Path) -> str:
    run = Path(run)
    meta = json.loads((pq.read_schema(run).metadata or {}).get(b"acoms", b"{}"))
    head = (
        f"Beneficiary {bene_id} - PY{meta.get('py', '?')} {meta.get('method', '')} assignment "
        f"(window {meta.get('window_start', '?')}..{meta.get('window_end', '?')}"
        + (f", expanded window from {meta['expanded_start']}" if meta.get("step3") else "")
        + ")"
    )
    lines = [head]
    result = _rows(run, bene_id)
    if not result:
        inel = _rows(sidecars(run)["ineligible"], bene_id)
        if inel:
            lines.append(f"Not assignable: ineligible under §425.401(a) - {inel[0]['ineligible_reason']}.")
        else:
            lines.append(
                "Not in this run: no primary care service counted for assignment in the window "
                "(or no enrollment in the window)."
            )
        return "\n".join(lines)
    r = result[0]
    if r["aco_id"]:
        lines.append(
            f"Result: assigned to {r['aco_id']} in {r['step']} "
            f"(allowed charges ${r['allowed_amount']:,.2f}); enrollment type {r['enrollment_type']}."
        )
    else:
        lines.append(f"Result: not assigned - {r['reason']}; enrollment type {r['enrollment_type']}.")
    comp = sorted(_rows(sidecars(run)["explanation"], bene_id), key=lambda x: (x["step"], x["rank"], x["entity_id"]))
    if comp:
        lines.append("Competing entities (allowed charges of counted primary care services):")
        lines.append(f"  {'step':6} {'rank':>4}  {'kind':4} {'entity':12} {'allowed':>12}  qualifying ACO service")
        for c in comp:
            q = ("yes" if c["qualifies"] else "no") if c["entity_kind"] == "aco" else "-"
            lines.append(
                f"  {c['step']:6} {c['rank']:>4}  {c['entity_kind']:4} {c['entity_id']:12} "
                f"{c['allowed_amount']:>12,.2f}  {q}"
            )
        step = comp[0]["step"]
        tops = [c for c in comp if c["rank"] == 1]
        if r["step"] == "voluntary":
            lines.append("Claims-based ranking shown for information; voluntary alignment decides.")
        elif len(tops) > 1:
            lines.append(f"Deciding rule: {step}: exact tie at the top - 'greater than' is strict, nobody is assigned.")
        elif r["aco_id"]:
            lines.append(f"Deciding rule: {RULES[r['step']]}")
        else:
            t = tops[0]
            why = (
                f"{t['entity_kind']} {t['entity_id']} has the plurality but is not an ACO"
                if t["entity_kind"] != "aco"
                else f"ACO {t['entity_id']} has the plurality but lacks the step's qualifying service ({QUALIFY[step]})"
            )
            lines.append(f"Deciding rule: {step}: {why}.")
    else:
        lines.append(f"Deciding rule: {RULES.get(r['step'], '')} {r['reason']}.")
    return "\n".join(lines)

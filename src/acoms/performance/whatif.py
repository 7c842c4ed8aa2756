"""What-if projections: one ACO's PY recomputed by the financial engine from the same run's claims with a
change — participant TINs added or removed, another assignment method, track/level or MSR/MLR election —
beside the actual result. Stored apart (`WhatIf`), in `runs/<run>/whatif/<id>/`; never published."""

from __future__ import annotations

import csv
import traceback
from pathlib import Path

import pyarrow.parquet as pq
from django.utils import timezone

from acoms.analytics.finance.agreements import METHODS, TRACKS
from acoms.performance.models import AcoResult, WhatIf
from acoms.performance.runner import _private_dir, certified_participants, run_dir

LABEL = "What-if — not a result"
ELECTIONS = ("variable", "0", "0.005", "0.01", "0.015", "0.02")


def folder(w: WhatIf) -> Path:
    return run_dir(w.run) / "whatif" / str(w.pk)


def _participants(w: WhatIf, out: Path) -> Path:
    run, aco_id = w.run, w.organization.aco_id
    base = out / "participants-base.csv"
    if not certified_participants(run.py, base):
        base = Path(run.data_dir) / "participants.csv"
    with base.open(newline="") as f:
        rows = list(csv.DictReader(f))
    remove = set(w.changes.get("remove_tins") or [])
    rows = [r for r in rows if not (r["aco_id"] == aco_id and r["tin"] in remove)]
    for tin in w.changes.get("add_tins") or []:
        rows.append({"aco_id": aco_id, "tin": tin, "ccn": "", "start_date": f"{run.py}-01-01", "end_date": ""})
    path = out / "participants.csv"
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["aco_id", "tin", "ccn", "start_date", "end_date"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _agreements(w: WhatIf, out: Path) -> Path:
    source = Path(w.run.agreements)
    if source.suffix == ".parquet":
        rows = [{k: "" if v is None else str(v) for k, v in r.items()} for r in pq.read_table(source).to_pylist()]
    else:
        with source.open(newline="") as f:
            rows = list(csv.DictReader(f))
    names = list(rows[0]) if rows else []
    for key in ("assignment_method", "track", "msr_election"):
        if key not in names:
            names.append(key)
    for r in rows:
        if r["aco_id"] == w.organization.aco_id and str(r["performance_year"]) == str(w.run.py):
            for key in ("assignment_method", "track", "msr_election"):
                if w.changes.get(key):
                    r[key] = w.changes[key]
            if r.get("track") in ("A", "B"):
                r["msr_election"] = ""  # one-sided tracks carry no election
    path = out / "agreements.csv"
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=names, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def figures_of(settlement: dict, update: dict) -> dict:
    return {
        "assigned": update.get("n_ab"),
        "benchmark": update.get("ub_total"),
        "expenditures": update.get("exp_total"),
        "savings_rate": settlement.get("savings_rate"),
        "msr": settlement.get("msr"),
        "mlr": settlement.get("mlr"),
        "earned": settlement.get("earn_save_loss"),
        "outcome": settlement.get("outcome") or "",
    }


def actual_of(result: AcoResult | None) -> dict:
    if result is None:
        return {}
    return {
        "assigned": result.assigned,
        "benchmark": result.benchmark,
        "expenditures": result.expenditures,
        "savings_rate": result.savings_rate,
        "msr": result.msr,
        "mlr": result.mlr,
        "earned": result.earned,
        "outcome": result.outcome,
    }


def compute(whatif_id: int) -> None:
    from acoms.analytics.finance.run import run_finance  # noqa: PLC0415 (the engine loads only in the task)

    if not WhatIf.objects.filter(pk=whatif_id, status=WhatIf.Status.QUEUED).update(status=WhatIf.Status.RUNNING):
        return
    w = WhatIf.objects.select_related("run", "organization").get(pk=whatif_id)
    aco_id = w.organization.aco_id
    out = _private_dir(folder(w))
    try:
        participants, agreements = _participants(w, out), _agreements(w, out)
        run_finance(w.run.data_dir, participants, agreements, w.run.py, engine_name=w.run.engine, out=out / "fe")
        settle = [r for r in pq.read_table(out / "fe" / "fe_settlement.parquet").to_pylist() if r["aco_id"] == aco_id]
        update = [r for r in pq.read_table(out / "fe" / "fe_update.parquet").to_pylist() if r["aco_id"] == aco_id]
        w.projected = figures_of(settle[0], update[0]) if settle and update else {"outcome": "no settlement"}
        w.actual = actual_of(AcoResult.objects.filter(run=w.run, aco_id=aco_id).first())
        w.status = WhatIf.Status.DONE
    except Exception as e:  # the projection records its failure; the worker stays up
        w.status, w.log = WhatIf.Status.FAILED, f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}"
    w.finished_at = timezone.now()
    w.save(update_fields=["projected", "actual", "status", "log", "finished_at"])


def check_changes(changes: dict, listed_tins: set[str]) -> dict[str, str]:
    """Field -> message for each change that cannot be projected."""
    from acoms.lib.identifiers import tin_problem  # noqa: PLC0415

    errors = {}
    for tin in changes.get("add_tins") or []:
        if tin_problem(tin):
            errors["add_tins"] = f"{tin}: {tin_problem(tin)}"
        elif tin in listed_tins:
            errors["add_tins"] = f"{tin} is already on the ACO's list."
    for tin in changes.get("remove_tins") or []:
        if tin not in listed_tins:
            errors["remove_tins"] = f"{tin} is not on the ACO's list of the year."
    if changes.get("assignment_method") and changes["assignment_method"] not in METHODS:
        errors["assignment_method"] = "Choose retrospective or prospective."
    if changes.get("track") and changes["track"] not in TRACKS:
        errors["track"] = "Choose a BASIC level A–E or ENHANCED."
    if changes.get("msr_election") and changes["msr_election"] not in ELECTIONS:
        errors["msr_election"] = "Choose variable or a fixed MSR/MLR of 0%, 0.5%, 1%, 1.5% or 2%."
    if not any(changes.get(k) for k in ("add_tins", "remove_tins", "assignment_method", "track", "msr_election")):
        errors["__all__"] = "Choose at least one change."
    return errors


def listed_tins(run, aco_id: str, scratch: Path) -> set[str]:
    path = scratch / "participants-listed.csv"
    if not certified_participants(run.py, path):
        path = Path(run.data_dir) / "participants.csv"
    with path.open(newline="") as f:
        return {r["tin"] for r in csv.DictReader(f) if r["aco_id"] == aco_id}

"""Per-TIN assignment estimate (§425.110: an ACO needs 5,000 assigned beneficiaries).

Runs the analytics assignment engine (`acoms.analytics.assignment.run`) twice on the latest
claims dataset (the newest folder under DATA_DIR/claims/): once with the ACO's TINs together
(the ACO's total) and once with each TIN as if it were an ACO of its own (what each TIN would
bring). Other ACOs' lists in force for the year compete in both runs, as they would at CMS.
"""

import csv
import logging
import os
import socket
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from acoms.participants.models import EstimateRun, Participant

logger = logging.getLogger(__name__)


def claims_root() -> Path:
    return Path(settings.DATA_DIR) / "claims"


def latest_dataset() -> Path | None:
    root = claims_root()
    if not root.is_dir():
        return None
    found = [
        p
        for p in root.iterdir()
        if p.is_dir()
        and not p.name.startswith(".")
        and ((p / "claim_line.parquet").exists() or (p / "claim_line").is_dir())
    ]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def dataset_year(path: Path) -> int:
    """The latest calendar year with claims: the year the assignment is run for."""
    import pyarrow.compute as pc  # noqa: PLC0415
    import pyarrow.dataset as pads  # noqa: PLC0415

    source = path / "claim_line.parquet" if (path / "claim_line.parquet").exists() else path / "claim_line"
    column = pads.dataset(source, format="parquet").to_table(columns=["service_date"]).column("service_date")
    return pc.max(column).as_py().year


def _write_list(path: Path, rows, start: str) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["aco_id", "tin", "ccn", "start_date", "end_date"])
        for aco_id, tin, ccns in rows:
            writer.writerow([aco_id, tin, "", start, ""])
            for ccn in ccns:
                writer.writerow([aco_id, tin, ccn, start, ""])


def estimate(
    aco_id: str,
    mine: list[tuple[str, list[str]]],
    others: list[tuple[str, str, list[str]]],
    dataset: Path,
    progress=lambda pct, msg: None,
) -> tuple[dict[str, int], int]:
    from acoms.analytics import assignment  # noqa: PLC0415

    year = dataset_year(dataset)
    start = f"{year - 1}-01-01"
    alone_ids = {f"T{i:05d}": tin for i, (tin, _) in enumerate(mine)}
    with tempfile.TemporaryDirectory(prefix="acoms-estimate-") as tmp:
        together, alone = Path(tmp) / "together.csv", Path(tmp) / "alone.csv"
        _write_list(together, [(aco_id, tin, ccns) for tin, ccns in mine] + others, start)
        _write_list(
            alone, [(key, tin, ccns) for key, (tin, ccns) in zip(alone_ids, mine, strict=False)] + others, start
        )
        progress(10, f"assigning the ACO's beneficiaries (PY{year} claims)")
        result = assignment.run(dataset, participants=together, py=year, check_keys=False)
        total = sum(1 for a in result["assignment"].column("aco_id").to_pylist() if a == aco_id)
        progress(55, "assigning each TIN on its own")
        result = assignment.run(dataset, participants=alone, py=year, check_keys=False)
    counts = dict.fromkeys(alone_ids.values(), 0)
    for key in result["assignment"].column("aco_id").to_pylist():
        if key in alone_ids:
            counts[alone_ids[key]] += 1
    return counts, total


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_is_gone(worker: str) -> bool:
    """True when `worker` (host:pid) ran on this host and its process no longer exists. A worker on
    another host cannot be checked from here: it is taken to be alive."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's process
        return False
    return False


def _update(run_id, **fields):
    EstimateRun.objects.filter(pk=run_id).update(**fields)


def compute_run(run_id: int) -> None:
    """The task body: reads the list as entered, runs the estimate, stores the figures."""
    run = EstimateRun.objects.select_related("organization").get(pk=run_id)
    aco = run.organization
    dataset = latest_dataset()
    if dataset is None:
        _update(
            run_id, status="failed", message=f"No claims dataset under {claims_root()}.", finished_at=timezone.now()
        )
        return
    _update(
        run_id, status="running", progress=5, dataset=dataset.name, message="reading the lists", worker=this_worker()
    )
    in_force = Participant.objects.in_force(run.py).order_by("tin")
    mine = list(in_force.filter(organization=aco))
    others = [
        (p.organization.aco_id, p.tin, list(p.ccns))
        for p in in_force.exclude(organization=aco).select_related("organization")
    ]
    try:
        counts, total = estimate(
            aco.aco_id,
            [(p.tin, list(p.ccns)) for p in mine],
            others,
            dataset,
            progress=lambda pct, msg: _update(run_id, progress=pct, message=msg),
        )
    except Exception as error:  # the run records the failure for the user; the worker keeps going
        logger.exception("estimate %s failed", run_id)
        _update(run_id, status="failed", message=f"{type(error).__name__}: {error}"[:300], finished_at=timezone.now())
        return
    names = {p.tin: p.legal_name for p in mine}
    per_tin = {tin: {"name": names[tin], "beneficiaries": n} for tin, n in counts.items()}
    _update(
        run_id, status="done", progress=100, message="done", per_tin=per_tin, total=total, finished_at=timezone.now()
    )

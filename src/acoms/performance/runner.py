"""Execute a run: the financial engine (`acoms.analytics.finance.run.run_finance`) on the run's dataset,
the certified participant lists of its year and its agreements file, with a stage row per step.

Files are written to a private work folder and moved into `runs/<id>/fe` only when every stage
succeeded; the per-ACO results are replaced in one transaction. A failure or cancellation leaves the
previous results (if any) untouched and the run "failed"/"cancelled" with its log.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import traceback
import warnings
from pathlib import Path

import pyarrow.parquet as pq
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from acoms.performance import assignment_files
from acoms.performance.models import STAGES, AcoResult, Run, Stage

STALE_MINUTES = 15  # a running run without a heartbeat for this long has lost its worker
STAGE_OF_MESSAGE = (
    ("checking keys", "assignment"),
    ("populations", "assignment"),
    ("expenditures", "expenditures"),
    ("risk", "risk"),
    ("areas", "benchmark"),
    ("benchmarks and settlement", "settlement"),
)


def default_engine() -> str:
    """DuckDB unless ACOMS_ENGINE names another engine (pyspark)."""
    return os.environ.get("ACOMS_ENGINE") or "duckdb"


class Cancelled(Exception):
    pass


def runs_root() -> Path:
    return Path(settings.DATA_DIR) / "runs"


def run_dir(run: Run) -> Path:
    return runs_root() / str(run.pk)


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


def certified_participants(py: int, out: Path) -> list[dict]:
    """Write participants.csv from the certified lists of `py`; returns [{aco_id, content_hash}]."""
    from acoms.participants.models import Certification  # noqa: PLC0415

    used = []
    with out.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["aco_id", "tin", "ccn", "start_date", "end_date"])
        for cert in Certification.objects.filter(py=py).select_related("organization").order_by("organization__aco_id"):
            aco_id = cert.organization.aco_id
            for row in cert.rows.get("participants", []):
                writer.writerow([aco_id, row["tin"], "", f"{py}-01-01", ""])
                for ccn in row.get("ccns") or []:
                    writer.writerow([aco_id, row["tin"], ccn, f"{py}-01-01", ""])
            used.append({"aco_id": aco_id, "content_hash": cert.content_hash})
    return used


def _log(run_id: int, text: str) -> None:
    run = Run.objects.get(pk=run_id)
    stamp = timezone.now().strftime("%H:%M:%S")
    Run.objects.filter(pk=run_id).update(log=f"{run.log}{stamp} {text}\n"[-20000:], heartbeat=timezone.now())


class Progress:
    """The engine's progress callback: stage rows, heartbeat, log, and the cancellation check."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.current: str | None = None

    def __call__(self, message: str) -> None:
        if Run.objects.filter(pk=self.run_id, cancel_requested=True).exists():
            raise Cancelled("cancelled by CMS")
        stage = next((s for prefix, s in STAGE_OF_MESSAGE if message.startswith(prefix)), None)
        if stage and stage != self.current:
            self.enter(stage)
        _log(self.run_id, message)

    def enter(self, stage: str) -> None:
        now = timezone.now()
        if self.current:
            Stage.objects.filter(run_id=self.run_id, name=self.current).update(status="done", finished_at=now)
        Stage.objects.filter(run_id=self.run_id, name=stage).update(status="running", started_at=now)
        self.current = stage

    def close(self, status: str) -> None:
        if self.current:
            Stage.objects.filter(run_id=self.run_id, name=self.current).update(
                status=status, finished_at=timezone.now()
            )


def _results(run: Run, fe: Path) -> list[AcoResult]:
    from acoms.accounts.models import Organization  # noqa: PLC0415

    settle = {r["aco_id"]: r for r in pq.read_table(fe / "fe_settlement.parquet").to_pylist()}
    update = {r["aco_id"]: r for r in pq.read_table(fe / "fe_update.parquet").to_pylist()}
    orgs = {o.aco_id: o for o in Organization.objects.filter(kind="aco", aco_id__in=list(settle))}
    out = []
    for aco_id, s in sorted(settle.items()):
        u = update.get(aco_id, {})
        out.append(
            AcoResult(
                run=run,
                aco_id=aco_id,
                organization=orgs.get(aco_id),
                assigned=u.get("n_ab"),
                benchmark=u.get("ub_total"),
                expenditures=u.get("exp_total"),
                gross_savings=s["gross_savings"],
                savings_rate=s["savings_rate"],
                msr=s["msr"],
                mlr=s["mlr"],
                earned=s["earn_save_loss"],
                outcome=s["outcome"] or "",
                explain=s["explain"] or "",
            )
        )
    return out


def _swap_in(work_fe: Path, final_fe: Path) -> None:
    old = final_fe.with_name("fe.old")
    shutil.rmtree(old, ignore_errors=True)
    if final_fe.exists():
        os.replace(final_fe, old)
    os.replace(work_fe, final_fe)
    shutil.rmtree(old, ignore_errors=True)


def execute(run_id: int, risk=None) -> None:
    from acoms.analytics.finance.run import run_finance  # noqa: PLC0415

    updated = Run.objects.filter(pk=run_id, status=Run.Status.QUEUED).update(
        status=Run.Status.RUNNING, heartbeat=timezone.now(), log="", cancel_requested=False
    )
    if not updated:
        return  # cancelled before a worker picked it up, or already taken
    run = Run.objects.get(pk=run_id)
    Stage.objects.filter(run=run).delete()
    Stage.objects.bulk_create([Stage(run=run, name=n, position=i) for i, n in enumerate(STAGES)])
    root = _private_dir(run_dir(run))
    work = root / f".work-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    _private_dir(work)
    progress = Progress(run_id)
    engine_name = run.engine or default_engine()
    try:
        participants = work / "participants.csv"
        used = certified_participants(run.py, participants)
        if not used:
            participants = Path(run.data_dir) / "participants.csv"
            _log(run_id, "no certified lists for the year: using the dataset's participants.csv")
        progress.enter("assignment")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            run_finance(
                run.data_dir,
                participants,
                run.agreements,
                run.py,
                engine_name=engine_name,
                out=work / "fe",
                risk=risk,
                progress=progress,
            )
            assignment_files.write(
                run.data_dir, participants, run.agreements, run.py, work / "fe", engine_name, progress=progress
            )
        for w in caught:
            if issubclass(w.category, UserWarning) and not issubclass(w.category, DeprecationWarning):
                _log(run_id, f"warning: {w.message}")
        for f in (work / "fe").iterdir():
            f.chmod(0o600)
        import json  # noqa: PLC0415

        manifest = json.loads((work / "fe" / "manifest.json").read_text())
        with transaction.atomic():
            run = Run.objects.select_for_update().get(pk=run_id)
            if run.cancel_requested:
                raise Cancelled("cancelled by CMS")
            _swap_in(work / "fe", root / "fe")
            AcoResult.objects.filter(run=run).delete()
            AcoResult.objects.bulk_create(_results(run, root / "fe"))
            inputs = manifest.get("inputs", {})
            run.dataset_sha256 = (inputs.get("claim_line") or {}).get("sha256", "")
            run.code_version = manifest.get("code_version", "")[:64]
            run.manifest = manifest
            run.certifications = used
            run.status, run.finished_at = Run.Status.DONE, timezone.now()
            run.save()
        progress.close("done")
        _log(run_id, f"done: {AcoResult.objects.filter(run_id=run_id).count()} ACOs settled")
    except Cancelled as e:
        progress.close("cancelled")
        _log(run_id, str(e))
        Run.objects.filter(pk=run_id).update(status=Run.Status.CANCELLED, finished_at=timezone.now())
    except Exception as e:  # the run records any failure; the worker stays up
        progress.close("failed")
        _log(run_id, f"failed: {type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}")
        Run.objects.filter(pk=run_id).update(status=Run.Status.FAILED, finished_at=timezone.now())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def sweep_stale(minutes: int = STALE_MINUTES) -> int:
    """Fail the running runs whose worker stopped sending heartbeats; their results stay as they were."""
    cutoff = timezone.now() - dt.timedelta(minutes=minutes)
    stale = list(Run.objects.filter(status=Run.Status.RUNNING, heartbeat__lt=cutoff).values_list("pk", flat=True))
    for pk in stale:
        _log(pk, f"failed: no heartbeat for {minutes} minutes (the worker stopped)")
        Stage.objects.filter(run_id=pk, status="running").update(status="failed", finished_at=timezone.now())
        Run.objects.filter(pk=pk, status=Run.Status.RUNNING).update(
            status=Run.Status.FAILED, finished_at=timezone.now()
        )
    return len(stale)

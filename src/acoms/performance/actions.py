"""Every write of the performance app: create, cancel, publish and supersede runs; generate the Data Hub files.

Each action checks the CMS right (run_analytics), the run's state, writes in one transaction, records an
audit event, and enqueues work only after commit.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from acoms.accounts.actions import require_right
from acoms.accounts.roles import Right, person
from acoms.accounts.roles import check as roles_check
from acoms.audit.events import record
from acoms.performance.models import Run
from acoms.performance.runner import _private_dir, default_engine, run_dir


def _check_inputs(data_dir: str, agreements: str, py: int) -> dict[str, str]:
    errors = {}
    if not (1900 < int(py) < 2100):
        errors["py"] = "Enter a performance year such as 2026."
    data = Path(data_dir)
    if not data.is_dir() or not ((data / "claim_line.parquet").exists() or (data / "claim_line").is_dir()):
        errors["data_dir"] = "Not a claims dataset folder (no claim_line table found)."
    if not Path(agreements).is_file():
        errors["agreements"] = "The agreements file was not found."
    else:
        from acoms.analytics.finance.agreements import read_agreements  # noqa: PLC0415

        try:
            if not errors.get("py") and not read_agreements(agreements, int(py)):
                errors["agreements"] = f"The agreements file has no rows for PY{py}."
        except ValueError as e:
            errors["agreements"] = str(e)
    return errors


@transaction.atomic
def create_run(*, by, data_dir: str, py: int, agreements: str, engine: str | None = None, enqueue: bool = True) -> Run:
    """Create a run; `enqueue=False` when the caller computes it in its own process (CLI --now, demo)."""
    require_right(by, Right.RUN_ANALYTICS)
    errors = _check_inputs(data_dir, agreements, py)
    engine = engine or default_engine()
    if engine not in ("duckdb", "pyspark"):
        errors["engine"] = "Choose duckdb or pyspark."
    if errors:
        raise ValidationError(errors)
    run = Run.objects.create(
        py=py,
        data_dir=str(Path(data_dir).resolve()),
        agreements=str(Path(agreements).resolve()),
        engine=engine,
        created_by=person(by),
    )
    record("performance.run_create", by=by, obj=run, after={"py": py, "engine": engine})
    if enqueue:
        _enqueue(run)
    return run


def _enqueue(run: Run) -> None:
    from acoms.performance.tasks import execute_run  # noqa: PLC0415

    transaction.on_commit(lambda: execute_run.enqueue(run.pk))


@transaction.atomic
def rerun(*, by, run: Run) -> Run:
    """Compute a finished unpublished run again; its results are replaced when the new computation succeeds."""
    require_right(by, Right.RUN_ANALYTICS)
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.status in (Run.Status.QUEUED, Run.Status.RUNNING):
        raise ValidationError("The run is already queued or running.")
    if run.publication != Run.Publication.DRAFT:
        raise ValidationError("A published run cannot be recomputed; create a new run and publish it instead.")
    run.status, run.cancel_requested, run.finished_at = Run.Status.QUEUED, False, None
    run.save(update_fields=["status", "cancel_requested", "finished_at"])
    record("performance.run_rerun", by=by, obj=run)
    _enqueue(run)
    return run


@transaction.atomic
def cancel_run(*, by, run: Run) -> Run:
    require_right(by, Right.RUN_ANALYTICS)
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.status == Run.Status.QUEUED:
        run.status, run.finished_at = Run.Status.CANCELLED, timezone.now()
    elif run.status == Run.Status.RUNNING:
        run.cancel_requested = True  # the worker stops at its next progress report
    else:
        raise ValidationError("Only a queued or running run can be cancelled.")
    run.save(update_fields=["status", "finished_at", "cancel_requested"])
    record("performance.run_cancel", by=by, obj=run)
    return run


@transaction.atomic
def publish_run(*, by, run: Run) -> Run:
    """Publish a finished run: ACOs see it and its Data Hub files; the run of the same year published
    before is marked superseded (and stays visible as such)."""
    require_right(by, Right.RUN_ANALYTICS)
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.status != Run.Status.DONE:
        raise ValidationError("Only a finished run can be published.")
    if run.publication != Run.Publication.DRAFT:
        raise ValidationError("The run is already published.")
    from acoms.performance.deliverables import generate  # noqa: PLC0415

    previous = list(Run.objects.select_for_update().filter(py=run.py, publication=Run.Publication.PUBLISHED))
    for old in previous:
        old.publication, old.superseded_by = Run.Publication.SUPERSEDED, run
        old.save(update_fields=["publication", "superseded_by"])
        record("performance.run_supersede", by=by, obj=old, after={"superseded_by": run.pk})
    run.publication, run.published_at = Run.Publication.PUBLISHED, timezone.now()
    run.save(update_fields=["publication", "published_at"])
    files = generate(run)
    record(
        "performance.run_publish",
        by=by,
        obj=run,
        after={"py": run.py, "files": len(files), "superseded": [o.pk for o in previous]},
    )
    return run


def record_download(*, by, deliverable, ip=None) -> None:
    """The audit event of a Data Hub download (the file name carries no beneficiary id)."""
    record(
        "performance.datahub_download",
        by=by,
        obj=deliverable,
        organization=deliverable.organization,
        after={"file": deliverable.file_name},
        ip=ip,
    )


def record_explanation(*, by, result, ip=None) -> None:
    """The audit event of a beneficiary's explanation being read: the ACO and year, never the beneficiary."""
    record(
        "performance.beneficiary_explained",
        by=by,
        obj=result.run,
        organization=result.organization,
        after={"aco": result.aco_id, "py": result.run.py},
        ip=ip,
    )


def record_care_download(*, by, result, count: int, ip=None) -> None:
    """The audit event of a care-management list download: ACO, year and row count, no beneficiary."""
    record(
        "performance.care_list_download",
        by=by,
        obj=result.run,
        organization=result.organization,
        after={"aco": result.aco_id, "py": result.run.py, "rows": count},
        ip=ip,
    )


def publish_pufs(*, by, run: Run, out: Path) -> dict[str, Path]:
    """Write the run's public-use files into `out` (performance/puf.py); audited with the folder's file names."""
    require_right(by, Right.RUN_ANALYTICS)
    from acoms.performance import puf  # noqa: PLC0415 (loads the PUF dictionary only when used)

    files = puf.publish(run, out)
    record("performance.puf_publish", by=by, obj=run, after={"files": sorted(p.name for p in files.values())})
    return files


@transaction.atomic
def create_whatif(*, by, run: Run, organization, changes: dict, enqueue: bool = True):
    """Queue a what-if projection of `organization` in `run`: the ACO's data-right staff for its own list,
    or CMS (run_analytics). Published runs only for ACOs; nothing here touches the run's results."""
    from acoms.performance import whatif  # noqa: PLC0415
    from acoms.performance.models import WhatIf  # noqa: PLC0415

    if not (roles_check(by, Right.RUN_ANALYTICS) or roles_check(by, Right.VIEW_DATA, organization)):
        raise PermissionDenied("A what-if needs the data right of the ACO, or CMS's analytics right.")
    if run.status != Run.Status.DONE or not run.results.filter(aco_id=organization.aco_id).exists():
        raise ValidationError("This run has no result for the ACO to compare with.")
    if not roles_check(by, Right.RUN_ANALYTICS) and run.publication == Run.Publication.DRAFT:
        raise ValidationError("This run is not published.")
    scratch = _private_dir(run_dir(run) / "whatif")
    errors = whatif.check_changes(changes, whatif.listed_tins(run, organization.aco_id, scratch))
    if errors:
        raise ValidationError(errors)
    w = WhatIf.objects.create(run=run, organization=organization, changes=changes, created_by=person(by))
    record("performance.whatif_create", by=by, obj=w, organization=organization, after={"changes": changes})
    if enqueue:
        from acoms.performance.tasks import compute_whatif  # noqa: PLC0415

        transaction.on_commit(lambda: compute_whatif.enqueue(w.pk))
    return w

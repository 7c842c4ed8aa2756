"""Run actions without computing: input checks, rights, cancellation, a failing run, the stale-run sweep."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acoms.audit.models import AuditEvent
from acoms.performance import actions
from acoms.performance.models import AcoResult, Run
from acoms.performance.runner import Cancelled, Progress, execute, run_dir, sweep_stale


def test_create_checks_inputs_and_changes_nothing(people, claims, tmp_path):
    analyst = people["cms-analyst"]
    with pytest.raises(ValidationError) as error:
        actions.create_run(by=analyst, data_dir=str(tmp_path), py=2026, agreements=str(tmp_path / "none.csv"))
    assert set(error.value.message_dict) == {"data_dir", "agreements"}
    with pytest.raises(ValidationError) as error:
        actions.create_run(by=analyst, data_dir=str(claims["data"]), py=2031, agreements=str(claims["agreements"]))
    assert "no rows for PY2031" in error.value.message_dict["agreements"][0]
    with pytest.raises(PermissionDenied):
        actions.create_run(
            by=people["aco-executive"], data_dir=str(claims["data"]), py=2026, agreements=str(claims["agreements"])
        )
    assert not Run.objects.exists()


def test_create_queues_and_audits(people, claims, monkeypatch):
    monkeypatch.setenv("ACOMS_ENGINE", "pyspark")
    run = actions.create_run(
        by=people["cms-analyst"], data_dir=str(claims["data"]), py=2026, agreements=str(claims["agreements"])
    )
    assert run.status == "queued" and run.engine == "pyspark"
    assert AuditEvent.objects.filter(action="performance.run_create").count() == 1


def test_cancel_queued_run_is_never_computed(people, immediate):
    run = Run.objects.create(py=2026, data_dir="/nonexistent", agreements="x", created_by=people["cms-analyst"])
    actions.cancel_run(by=people["cms-analyst"], run=run)
    execute(run.pk)
    run.refresh_from_db()
    assert run.status == "cancelled" and not run.stages.exists()
    with pytest.raises(ValidationError):
        actions.cancel_run(by=people["cms-analyst"], run=run)


def test_cancel_running_run_stops_at_the_next_progress_report(people, immediate):
    run = Run.objects.create(py=2026, data_dir="d", agreements="a", created_by=people["cms-analyst"], status="running")
    actions.cancel_run(by=people["cms-analyst"], run=run)
    with pytest.raises(Cancelled):
        Progress(run.pk)("expenditures: eligible months")


def test_failed_run_keeps_its_log_and_previous_results(people, immediate, claims):
    run = Run.objects.create(
        py=2026,
        data_dir=str(immediate / "missing"),
        agreements=str(claims["agreements"]),
        created_by=people["cms-analyst"],
    )
    AcoResult.objects.create(run=run, aco_id="A1001", earned=5.0)
    (run_dir(run) / "fe").mkdir(parents=True)
    (run_dir(run) / "fe" / "fe_settlement.parquet").write_bytes(b"previous")
    execute(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "failed:" in run.log
    assert run.stages.get(name="assignment").status == "failed"
    assert AcoResult.objects.get(run=run).earned == 5.0  # never half-published
    assert (run_dir(run) / "fe" / "fe_settlement.parquet").read_bytes() == b"previous"
    assert [p.name for p in run_dir(run).iterdir()] == ["fe"]  # the work folder is gone


def test_stale_run_sweep(people):
    old = timezone.now() - dt.timedelta(minutes=30)
    stale = Run.objects.create(py=2026, data_dir="d", agreements="a", status="running", heartbeat=old)
    alive = Run.objects.create(py=2026, data_dir="d", agreements="a", status="running", heartbeat=timezone.now())
    assert sweep_stale(minutes=15) == 1
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert stale.status == "failed" and "no heartbeat" in stale.log and alive.status == "running"


def test_only_finished_runs_publish(people):
    run = Run.objects.create(py=2026, data_dir="d", agreements="a", status="failed")
    with pytest.raises(ValidationError):
        actions.publish_run(by=people["cms-analyst"], run=run)
    with pytest.raises(PermissionDenied):
        actions.publish_run(by=people["cms-reviewer"], run=run)
    run.refresh_from_db()
    assert run.publication == "draft"

"""Issue 9: a task worker killed in the middle of an estimate never leaves it "running" forever, and
no partial figures are ever visible. Real processes: `acoms migrate`, `acoms db_worker` and
`acoms shell` on one SQLite file; the worker is killed with SIGKILL while the job runs."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
ACOMS = [sys.executable, "-m", "django"]

SETUP = """
import datetime as dt, json
from django.db import transaction
from acoms import demo
from acoms.analytics.loaders import synthetic
from acoms.participants import actions
from acoms.participants.models import Participant
from acoms.applications.models import Cycle
from django.conf import settings
import csv
root = settings.DATA_DIR / "claims" / "big"
synthetic.generate(root, benes=60_000, acos=2, py=2025, seed=5)
orgs = demo.seed_people()
Cycle.objects.get_or_create(agreement_start=dt.date(2027, 1, 1))
aco = orgs["aco_x"]
tins = sorted({r["tin"] for r in csv.DictReader((root / "participants.csv").open()) if r["aco_id"] == "A1001"})
Participant.objects.bulk_create([Participant(organization=aco, tin=t, legal_name=f"P {t}", py=2027) for t in tins])
from acoms.accounts.models import User
with transaction.atomic():
    run = actions.start_estimate(by=User.objects.get(username="aco-executive"), aco=aco, py=2027)
print(json.dumps({"run": run.pk}))
"""

SWEEP = """
import json
from acoms.participants import actions
from acoms.participants.models import EstimateRun
failed = actions.fail_abandoned_estimates()
run = EstimateRun.objects.get(pk={run})
print(json.dumps({{"failed": failed, "status": run.status, "message": run.message, "per_tin": run.per_tin,
                   "total": run.total}}))
"""


def _env(data_dir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "acoms.settings",
        "DATA_DIR": str(data_dir),
        "TASKS_BACKEND": "database",
        "PYTHONPATH": str(SRC),
        "DATABASE_URL": "",
    }


def _shell(env, code: str) -> dict:
    out = subprocess.run([*ACOMS, "shell", "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _run_row(db: Path, run_id: int):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=20) as conn:
        return conn.execute(
            "SELECT status, progress, worker, total, per_tin FROM participants_estimaterun WHERE id = ?", (run_id,)
        ).fetchone()


@pytest.mark.timeout(900)
def test_a_killed_worker_leaves_the_estimate_failed_with_a_message_and_no_figures(tmp_path):
    env = _env(tmp_path)
    subprocess.run([*ACOMS, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=600)
    run_id = _shell(env, SETUP)["run"]
    db = tmp_path / "acoms.sqlite3"
    assert _run_row(db, run_id)[0] == "queued"

    worker = subprocess.Popen(
        [*ACOMS, "db_worker", "--interval", "0.2", "--no-reload", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            row = _run_row(db, run_id)
            if row[0] != "queued":
                break
            time.sleep(0.05)
        assert row[0] == "running" and row[2].endswith(f":{worker.pid}"), row  # this worker is computing it
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=60)
    status, progress, who, total, per_tin = _run_row(db, run_id)
    assert status == "running" and total is None and json.loads(per_tin) == {}  # nothing partial was written

    result = _shell(env, SWEEP.format(run=run_id))  # what every page showing runs does first
    assert result["failed"] == 1 and result["status"] == "failed"
    assert "task worker stopped" in result["message"] and result["per_tin"] == {} and result["total"] is None
    assert _shell(env, SWEEP.format(run=run_id))["failed"] == 0  # once

"""The demo seed: a published PY2026 run for A1001 and A1002 computed on the certified lists; idempotent."""

import time

import pytest

from acoms import demo
from acoms.performance import demo as performance_demo
from acoms.performance.models import AcoResult, Deliverable, Run


@pytest.mark.timeout(600)
def test_demo_seed_publishes_a_run_once(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.ACOMS_DEMO_PERFORMANCE_RUN = True
    started = time.monotonic()
    demo.seed()  # the applications demo opens the cycles, then the participants demo certifies the lists
    seconds = time.monotonic() - started
    orgs = demo.seed_people()
    run = Run.objects.get()
    assert run.status == "done" and run.publication == "published", run.log
    assert sorted(c["aco_id"] for c in run.certifications) == ["A1001", "A1002"]  # the certified lists
    results = {r.aco_id: r for r in AcoResult.objects.filter(run=run)}
    assert set(results) == {"A1001", "A1002"} and all(r.assigned > 0 for r in results.values())
    assert Deliverable.objects.filter(run=run).count() == 12  # six kinds for each of the two ACOs
    performance_demo.seed(orgs)
    assert Run.objects.count() == 1 and Deliverable.objects.count() == 12
    print(f"performance demo seed: {seconds:.1f} s")

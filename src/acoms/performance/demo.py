"""Demo data: a published PY2026 run for A1001 and A1002 on a small synthetic dataset
(DATA_DIR/claims/demo-performance, generated once with the seed the participant-list demo uses, so the
certified PY lists name the dataset's TINs) and a demo agreements file. Idempotent: a published run on
that dataset is kept as it is."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings

from acoms.accounts.roles import SYSTEM
from acoms.performance import actions
from acoms.performance.models import Run
from acoms.performance.runner import execute

logger = logging.getLogger(__name__)
DATASET = "demo-performance"
PY = 2026  # the first performance year the financial engine accepts (agreements from 2026)
AGREEMENTS = (
    "aco_id,performance_year,agreement_start,agreement_period_num,track,assignment_method,quality_score,"
    "met_qps\n"
    f"A1001,{PY},{PY}-01-01,1,E,retrospective,82.5,true\n"
    f"A1002,{PY},{PY}-01-01,1,A,prospective,71.0,true\n"
)


PROGRESS = "a performance year computed from synthetic claims (about 35 s the first time)"


def _inputs() -> tuple[Path, Path]:
    root = Path(settings.DATA_DIR) / "claims" / DATASET
    if not (root / "claim_line.parquet").exists() and not (root / "claim_line").is_dir():
        from acoms.analytics.loaders import synthetic  # noqa: PLC0415

        synthetic.generate(root, benes=1500, acos=2, py=PY, seed=0)
    agreements = root.parent / f"{DATASET}-agreements.csv"
    if not agreements.exists():
        agreements.write_text(AGREEMENTS)
    return root, agreements


def seed(orgs) -> None:
    if not getattr(settings, "ACOMS_DEMO_PERFORMANCE_RUN", True):
        return  # tests of other apps seed the demo without computing a performance year (about 35 s)
    data, agreements = _inputs()
    if Run.objects.filter(py=PY, data_dir=str(data.resolve()), publication=Run.Publication.PUBLISHED).exists():
        return
    run = actions.create_run(
        by=SYSTEM, data_dir=str(data), py=PY, agreements=str(agreements), engine="duckdb", enqueue=False
    )
    execute(run.pk)  # in this process: the demo shows a finished run without a worker
    run.refresh_from_db()
    if run.status != Run.Status.DONE:
        logger.warning("demo performance run %s did not finish: %s", run.pk, run.log[-500:])
        return
    actions.publish_run(by=SYSTEM, run=run)

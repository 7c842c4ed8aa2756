"""A small synthetic claims dataset (A1001, A1002; PY2026 with its benchmark years) and an agreements file."""

import pytest

from acoms.analytics.loaders import synthetic

AGREEMENTS = (
    "aco_id,performance_year,agreement_start,agreement_period_num,track,assignment_method,quality_score,"
    "met_qps\n"
    "A1001,2026,2026-01-01,1,E,retrospective,80,true\n"
    "A1002,2026,2026-01-01,1,A,prospective,,\n"
)


@pytest.fixture(scope="session")
def claims(tmp_path_factory):

    root = tmp_path_factory.mktemp("perf-claims")
    synthetic.generate(root / "data", benes=1500, acos=2, py=2026, seed=5)
    (root / "agreements.csv").write_text(AGREEMENTS)
    return {"data": root / "data", "agreements": root / "agreements.csv"}


@pytest.fixture
def immediate(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture(scope="session")
def fe_dir(claims, tmp_path_factory):
    """The engine's `fe_*` files and the run's `pe_*` detail for the claims fixture, computed once."""
    from acoms.analytics.finance.run import run_finance  # noqa: PLC0415 (heavy; only the tests that need it)
    from acoms.performance import assignment_files  # noqa: PLC0415

    out = tmp_path_factory.mktemp("perf-fe") / "fe"
    participants = claims["data"] / "participants.csv"
    run_finance(claims["data"], participants, claims["agreements"], 2026, out=out)
    assignment_files.write(claims["data"], participants, claims["agreements"], 2026, out)
    return out

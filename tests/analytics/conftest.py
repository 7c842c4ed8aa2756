"""Fixtures for the analytics tests: one `engine` fixture (DuckDB, and PySpark marked `spark`), one SparkSession per
test session, and `run_assignment`. The claims dataset builder is `analytics.claims.Claims`."""

from __future__ import annotations

from pathlib import Path

import pytest

from acoms.analytics import assignment
from acoms.analytics import engine as eng

ENGINES = ["duckdb", pytest.param("pyspark", marks=pytest.mark.spark)]


@pytest.fixture(scope="session", params=ENGINES)
def engine(request):
    """An Ibis backend; the PySpark one shares the session's single SparkSession (local[2])."""
    yield eng.connect(request.param)
    if request.param == "pyspark":
        eng.stop_spark()


@pytest.fixture(autouse=True)
def _spark_memory_released_after_each_test():
    """Cached tables of one test are never read by the next: release them so that the driver's heap holds one
    test's data at a time."""
    yield
    eng.clear_spark_cache()


class Run:
    """Assignment output of one run, indexed by beneficiary."""

    def __init__(self, res):
        self.res = res
        self.rows = {r["bene_id"]: r for r in res["assignment"].to_pylist()}
        self.expl: dict[str, list[dict]] = {}
        for r in res["explanation"].to_pylist():
            self.expl.setdefault(r["bene_id"], []).append(r)
        self.ineligible = {r["bene_id"]: r["ineligible_reason"] for r in res["ineligible"].to_pylist()}

    def __getitem__(self, bene_id):
        return self.rows[bene_id]

    def outcome(self, bene_id):
        """(aco_id, step, allowed_amount) or None if the beneficiary is not in the output."""
        r = self.rows.get(bene_id)
        return None if r is None else (r["aco_id"], r["step"], r["allowed_amount"])


@pytest.fixture(scope="session")
def run_assignment():
    """run_assignment(engine, data_dir, py, method) -> Run; cached per (engine, data, py, method)."""
    cache = {}

    def _run(con, data: Path, py: int, method: str = "retrospective") -> Run:
        key = (con.name, str(data), py, method)
        if key not in cache:
            cache[key] = Run(assignment.run(data, data / "participants.csv", py, method, con=con))
        return cache[key]

    return _run

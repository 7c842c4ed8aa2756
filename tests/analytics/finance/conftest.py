"""Fixtures for the financial-engine tests (helpers in finance_world.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the tests' helper module finance_world
from finance_world import World, worked_example  # noqa: E402


def pytest_collection_modifyitems(items):
    """The financial engine's PySpark runs are marked `spark_finance`: on 2 cores Spark runs out of heap planning
    the expenditure stage, and the stopped SparkContext then fails every later Spark test, so CI's Spark leg runs
    them apart (`make test-spark-finance`) until the plan is made smaller (docs/finance.md, PySpark)."""
    here = Path(__file__).parent
    for item in items:
        if item.get_closest_marker("spark") and here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.spark_finance)


@pytest.fixture(scope="session")
def world_builder():
    return lambda: World()


@pytest.fixture(scope="session")
def worked(engine, tmp_path_factory):
    """The §10 worked example run through every stage on `engine`."""
    w = worked_example()
    return w.run(engine, tmp_path_factory.mktemp(f"worked_{engine.name}"))


@pytest.fixture(scope="session")
def worked_real_risk(engine, tmp_path_factory):
    """The §10 worked example with the engine's own CMS-HCC V28 risk stage (fin-risk's `risk_scores`)."""
    w = worked_example()
    return w.run(engine, tmp_path_factory.mktemp(f"worked_real_{engine.name}"), real_risk=True)

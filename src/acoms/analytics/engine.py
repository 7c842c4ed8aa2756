"""The backend seam: connect Ibis to DuckDB (default, embedded) or PySpark.

This is the only module that knows which engine runs. Everything else receives an Ibis
backend (`con`) and uses `read_parquet`, `from_arrow` and `to_arrow` from here.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

ENGINES = ("duckdb", "pyspark")
_spark = None
_checkpoint_dir: Path | None = None
_checkpoint_ids = itertools.count(1)


def spark_session(master: str = "local[2]", shuffle_partitions: int = 4):
    """One shared SparkSession per process (PySpark workers use this interpreter)."""
    global _spark
    if _spark is None:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        from pyspark.sql import SparkSession  # noqa: PLC0415 (optional dependency, the spark extra)

        _spark = (
            SparkSession.builder.master(os.environ.get("ACOMS_SPARK_MASTER", master))
            .appName("acoms")
            .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
            .config("spark.default.parallelism", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", os.environ.get("ACOMS_SPARK_DRIVER_MEMORY", "2g"))
            .getOrCreate()
        )
        _spark.sparkContext.setLogLevel("ERROR")
        logging.getLogger("py4j").setLevel(logging.ERROR)
    return _spark


def connect(
    engine: str = "duckdb",
    *,
    threads: int | None = None,
    memory_limit: str | None = None,
    temp_directory: str | Path | None = None,
):
    """An Ibis backend for `engine` ('duckdb' or 'pyspark').

    DuckDB with a `memory_limit` spills what does not fit to `temp_directory` (out of core) and does not keep
    insertion order, which lets its joins and aggregates stream (every result the engine reads is ordered by an
    explicit order_by)."""
    if engine == "duckdb":
        con = ibis.duckdb.connect()
        if threads:
            con.raw_sql(f"SET threads = {int(threads)}")
        if memory_limit:
            con.raw_sql(f"SET memory_limit = '{memory_limit}'")
            con.raw_sql("SET preserve_insertion_order = false")
        if temp_directory:
            con.raw_sql(f"SET temp_directory = '{Path(temp_directory)}'")
        return con
    if engine == "pyspark":
        return ibis.pyspark.connect(spark_session())
    raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")


def engine_name(con) -> str:
    return con.name


def read_parquet(con, path: str | Path, name: str) -> ibis.Table:
    """A Parquet table: a single file, or a folder of Parquet parts."""
    path = Path(path)
    if con.name == "duckdb":
        src = str(path / "**" / "*.parquet") if path.is_dir() else str(path)
        return con.read_parquet(src, table_name=name)
    if con.name == "pyspark":
        df = con._session.read.parquet(str(path))
        df.createOrReplaceTempView(name)
        return con.table(name)
    raise ValueError(f"unsupported backend {con.name}")


def from_arrow(con, table: pa.Table, name: str) -> ibis.Table:
    """Register a small in-memory Arrow table (parameters, participant lists)."""
    if con.name == "duckdb":
        return con.create_table(name, obj=table, temp=True, overwrite=True)
    if con.name == "pyspark":
        con._session.createDataFrame(table).createOrReplaceTempView(name)
        return con.table(name)
    raise ValueError(f"unsupported backend {con.name}")


def to_arrow(expr: ibis.Table) -> pa.Table:
    """Materialize an expression as Arrow (PySpark results pass through Arrow, not pandas)."""
    backend = expr._find_backend()
    if backend.name == "pyspark":
        return _spark_to_arrow(backend, expr)
    return expr.to_pyarrow()


def _spark_to_arrow(backend, expr) -> pa.Table:
    """Spark writes the result as Parquet parts and Arrow reads them back, in part order (a sorted result keeps
    its order). Collecting through the driver instead (toArrow) holds the whole result in the driver's heap, and
    when that runs out PySpark 4.0's serving thread dies without answering: the caller then waits forever (seen
    on 2 cores with a 2 GB driver after some fifty analytics tests)."""
    schema = expr.schema().to_pyarrow()
    with tempfile.TemporaryDirectory(prefix="acoms-spark-") as tmp:
        out = Path(tmp) / "result"
        _spark_write_parquet(backend, expr, out)
        parts = sorted(p for p in out.glob("part-*") if p.suffix == ".parquet")
        if not parts:
            return schema.empty_table()
        table = pa.concat_tables([pq.read_table(p) for p in parts], promote_options="permissive")
    return table.select(schema.names).cast(schema)


def _spark_write_parquet(backend, expr, path: Path) -> None:
    """Spark computes the expression and writes it as Parquet parts under `path` (no row passes the driver)."""
    backend._session.sql(backend.compile(expr)).write.mode("overwrite").parquet(str(path))


def cache(expr: ibis.Table) -> ibis.Table:
    """Materialize an intermediate result once (temp table in DuckDB, persist in Spark)."""
    return expr.cache()


def checkpoint(expr: ibis.Table, name: str = "checkpoint") -> ibis.Table:
    """Materialize an intermediate result now and start the plans built on it afresh from that result.

    DuckDB: a temp table, as `cache`. Spark: the result is written as Parquet parts and read back, so later
    plans begin at the files. Spark's `cache` keeps the whole lineage in every plan built on top of it, and the
    financial engine stacks eight assignment runs and five stages: its planning alone filled a 2 GB driver
    heap. In local mode the driver is also the executor, so files on disk keep that heap free as well."""
    backend = expr._find_backend(use_default=True)
    if backend.name != "pyspark":
        return expr.cache()
    global _checkpoint_dir
    if _checkpoint_dir is None:
        _checkpoint_dir = Path(tempfile.mkdtemp(prefix="acoms-spark-checkpoints-"))
        atexit.register(shutil.rmtree, _checkpoint_dir, True)  # a process that never calls stop_spark
    view = f"{name}_{next(_checkpoint_ids)}"
    path = _checkpoint_dir / view
    _spark_write_parquet(backend, expr, path)
    backend._session.read.parquet(str(path)).createOrReplaceTempView(view)
    return backend.table(view)


def to_scalar(expr):
    """Execute a scalar expression (e.g. a count)."""
    if not hasattr(expr, "execute"):
        return expr
    return expr.execute()


def clear_spark_cache() -> None:
    """Drop every table the shared SparkSession holds in memory (between independent runs)."""
    if _spark is not None:
        _spark.catalog.clearCache()


def stop_spark() -> None:
    """Stop the shared SparkSession (end of a test session or a CLI run)."""
    global _spark, _checkpoint_dir
    if _spark is not None:
        _spark.stop()
        _spark = None
    if _checkpoint_dir is not None:
        shutil.rmtree(_checkpoint_dir, ignore_errors=True)
        _checkpoint_dir = None

"""Financial engine benchmark: the whole `acoms finance run` on DuckDB, stage by stage.

    python benchmarks/finance.py --sizes 100000 1000000 [--threads 2] [--data-dir DIR]

For each size: generate a financial-engine synthetic dataset (five calendar years plus the
prospective lead-in, about 30 claim lines per beneficiary-year, 50 ACOs), then run the engine in a
fresh subprocess and print the wall time of each stage (boundaries are the engine's progress
messages; a lazy expression is computed in the stage that first materialises it), the time of the
assignment runs alone (stage `populations`), the ratio (everything except assignment) ÷ (assignment)
and the peak memory (max RSS of the process, DuckDB included). Targets at 1M on 2 cores: ratio ≤ 1.0,
peak ≤ 12 GB, time growing no faster than linearly.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
PY = 2026


def _stage(message: str) -> str:
    """'populations: assignment 2024 prospective (...)' -> 'populations'."""
    return message.split(":", 1)[0].strip()


def child(data: str, threads: int, memory_limit: str | None) -> None:
    from acoms.analytics import engine
    from acoms.analytics.finance.run import run_finance

    spill = Path(data) / ".duckdb-spill"
    con = engine.connect("duckdb", threads=threads, memory_limit=memory_limit, temp_directory=spill)
    marks: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    tables = run_finance(
        data,
        Path(data) / "participants.csv",
        Path(data) / "agreements.csv",
        PY,
        con=con,
        check_keys=False,
        progress=lambda m: marks.append((m, time.perf_counter())),
    )
    wall = time.perf_counter() - t0
    stages: dict[str, float] = {}
    bounds = [*marks, ("end", t0 + wall)]
    stages["open inputs"] = bounds[0][1] - t0
    for (msg, start), (_, stop) in zip(bounds, bounds[1:], strict=False):
        stages[_stage(msg)] = stages.get(_stage(msg), 0.0) + (stop - start)
    runs = [m for m, _ in marks if m.startswith("populations: assignment")]
    print(
        json.dumps(
            {
                "wall": wall,
                "stages": stages,
                "assignment_runs": len(runs),
                "settlements": tables["fe_settlement"].num_rows,
                "risk_cells": tables["fe_risk"].num_rows,
                "peak_rss_mb": harness.peak_rss_mb(),
            }
        )
    )


def measure(data: Path, threads: int, memory_limit: str | None) -> dict:
    extra = ["--memory-limit", memory_limit] if memory_limit else []
    return harness.measure(__file__, "--data", str(data), "--threads", str(threads), *extra)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--acos", type=int, default=50)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory-limit", default="3GB", help="DuckDB memory_limit; beyond it DuckDB spills to disk")
    ap.add_argument("--data-dir", default="/tmp/acoms-bench-finance")
    ap.add_argument("--child", action="store_true")
    ap.add_argument("--data")
    args = ap.parse_args()
    if args.child:
        return child(args.data, args.threads, args.memory_limit)
    from acoms.analytics.loaders.synthetic import generate

    results = []
    for n in args.sizes:
        data = Path(args.data_dir) / f"finance_{n}"
        if not (data / "agreements.csv").exists():
            print(f"generating {n:,} beneficiaries ...", file=sys.stderr, flush=True)
            s = generate(data, n, args.acos, PY, seed=1, progress=True, finance=True)
            print(f"  {s}", file=sys.stderr)
        r = measure(data, args.threads, args.memory_limit)
        assign = r["stages"].get("populations", 0.0)
        rest = r["wall"] - assign
        ratio = rest / assign if assign else float("nan")
        results.append((n, r))
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items())
        print(
            f"{n:>9,} benes | total {r['wall']:7.1f}s | assignment ({r['assignment_runs']} runs) {assign:7.1f}s | "
            f"rest {rest:7.1f}s | ratio {ratio:4.2f} | peak {r['peak_rss_mb']:7.0f} MB | "
            f"{r['settlements']} settlements",
            flush=True,
        )
        print(f"          stages: {stages}", flush=True)
    if len(results) > 1:
        (n0, r0), (n1, r1) = results[0], results[-1]
        print(f"time growth {n0:,} -> {n1:,}: x{r1['wall'] / r0['wall']:.2f} for x{n1 / n0:.0f} beneficiaries")


if __name__ == "__main__":
    main()

"""CCLF loader benchmark: the streaming loader against the previous in-memory one, on the same files.

    python benchmarks/cclf.py --sizes 100000 1000000 [--baseline-rev REV] [--baseline-max 100000]

For each size: generate a synthetic claims dataset, write its CCLF files with the test-support writer
(tests/analytics/cclf_writer.py), then load them with acoms.analytics.loaders.cclf and with the loader as it was
at --baseline-rev (read from git), each in a fresh subprocess; print wall time, records read per second and peak
memory (max RSS), with the ratios. The baseline runs only up to --baseline-max beneficiaries (it holds every
file, and one Python object per beneficiary-month, in memory). Both outputs are compared (same claim lines,
beneficiaries and enrollment months).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

BASELINE_REV = "9250b34"  # the last commit with the in-memory loader


def _baseline_module(rev: str) -> types.ModuleType:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:src/acoms/analytics/loaders/cclf.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType("acoms.analytics.loaders.cclf_baseline")
    module.__package__ = "acoms.analytics.loaders"
    exec(compile(source, f"cclf.py@{rev}", "exec"), module.__dict__)  # the project's own history
    return module


def _child(which: str, files: str, out: str, rev: str) -> dict:
    from acoms.analytics.loaders import cclf  # noqa: PLC0415 (imported in the measured subprocess only)

    loader = cclf if which == "streaming" else _baseline_module(rev)
    t0 = time.perf_counter()
    summary = loader.load(files, out)
    wall = time.perf_counter() - t0
    return {"wall": wall, "summary": summary, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _run_child(which: str, files: Path, out: Path, rev: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", which, "--files", str(files), "--out", str(out), "--baseline-rev", rev],
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _records(files: Path) -> int:
    """CCLF records in the files (all fixed-width lines)."""
    total = 0
    for path in files.iterdir():
        with path.open("rb") as f:
            while block := f.read(1 << 24):
                total += block.count(b"\n")
    return total


def _same(a: Path, b: Path) -> bool:
    import pyarrow.parquet as pq  # noqa: PLC0415 (parent process: only after the children ran)

    for name in ("claim_line", "beneficiary", "enrollment"):
        ta, tb = pq.read_table(a / f"{name}.parquet"), pq.read_table(b / f"{name}.parquet")
        keys = [(c, "ascending") for c in ta.column_names]
        if not ta.sort_by(keys).equals(tb.sort_by(keys)):
            return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="beneficiaries per run")
    ap.add_argument("--acos", type=int, default=20, help="ACOs in the synthetic dataset")
    ap.add_argument("--data-dir", default="/tmp/acoms-bench-cclf", help="where datasets and files are written")
    ap.add_argument("--baseline-rev", default=BASELINE_REV, help="git revision of the baseline loader")
    ap.add_argument("--baseline-max", type=int, default=100_000, help="largest size the baseline runs at")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--files", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.files, args.out, args.baseline_rev), default=str))
        return 0

    from acoms.analytics.loaders.synthetic import generate  # noqa: PLC0415 (after the --child dispatch)
    from analytics.cclf_writer import write_from_dataset  # noqa: PLC0415

    root = Path(args.data_dir)
    for n in args.sizes:
        base = root / f"n{n}"
        t0 = time.perf_counter()
        generate(base / "synth", n, args.acos, 2025, seed=1)
        write_from_dataset(base / "synth", base / "files")
        records = _records(base / "files")
        size_mb = sum(p.stat().st_size for p in (base / "files").iterdir()) / 1e6
        print(
            f"{n:,} beneficiaries: {records:,} CCLF records, {size_mb:,.0f} MB of files "
            f"(written in {time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
        new = _run_child("streaming", base / "files", base / "streaming", args.baseline_rev)
        print(
            f"  streaming: {new['wall']:.1f} s, {records / new['wall']:,.0f} records/s, "
            f"peak {new['max_rss_mb']:,.0f} MB, {new['summary']}"
            if "wall" in new
            else f"  streaming: {new}",
            flush=True,
        )
        if n > args.baseline_max:
            print(f"  baseline ({args.baseline_rev}): not run above {args.baseline_max:,} beneficiaries")
            continue
        old = _run_child("baseline", base / "files", base / "baseline", args.baseline_rev)
        if "wall" not in old or "wall" not in new:
            print(f"  baseline ({args.baseline_rev}): {old}")
            continue
        print(
            f"  baseline ({args.baseline_rev}): {old['wall']:.1f} s, {records / old['wall']:,.0f} records/s, "
            f"peak {old['max_rss_mb']:,.0f} MB"
        )
        print(
            f"  ratio streaming/baseline: time {new['wall'] / old['wall']:.2f}, "
            f"peak memory {new['max_rss_mb'] / old['max_rss_mb']:.2f}; same output: "
            f"{_same(base / 'streaming', base / 'baseline')}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: reconcile a whole PUF (~500 ACOs) against the baseline of just reading it.

    .venv/bin/python benchmarks/reconcile.py [FILE YEAR]

Prints the time to read the PUF (baseline), to read + reconcile + compare every ACO, and the ratio.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from acoms.rules.cli import reconcile_records, summary  # noqa: E402
from acoms.rules.puf import read_puf  # noqa: E402

DEFAULT = (ROOT / "tests/data/puf/PY2018_ACO_PUF.csv", 2018)


def best_of(fn, repeat=7):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv):
    path, year = (Path(argv[0]), int(argv[1])) if len(argv) >= 2 else DEFAULT
    n = len(read_puf(path, year))
    read = best_of(lambda: read_puf(path, year))
    full = best_of(lambda: summary(reconcile_records(read_puf(path, year)), year))
    print(f"{path.name} PY{year}: {n} ACOs")
    print(f"  baseline  read PUF                     {read * 1000:8.1f} ms")
    print(f"  read + reconcile + compare every ACO   {full * 1000:8.1f} ms   ({full / n * 1e6:.0f} us per ACO)")
    print(f"  ratio to baseline                      {full / read:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

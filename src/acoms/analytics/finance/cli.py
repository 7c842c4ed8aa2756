"""`acoms finance run|explain|puf` (financial-engine.md; argv[0] is 'finance')."""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path


def _say(msg: str) -> None:
    print(f"[acoms] {msg}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="acoms finance", description="Performance-year financial engine")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="compute every fe_* table and print a per-ACO summary")
    r.add_argument("--data", required=True, help="claims dataset folder")
    r.add_argument("--participants", required=True, help="participants.csv or .parquet")
    r.add_argument("--agreements", required=True, help="agreements.csv or .parquet")
    r.add_argument("--py", type=int, required=True)
    r.add_argument("--engine", default="duckdb", choices=["duckdb", "pyspark"])
    r.add_argument("--out", required=True, help="folder for the fe_*.parquet tables and manifest.json")
    r.add_argument("--no-key-check", action="store_true", help="skip duplicate-key checks")
    e = sub.add_parser("explain", help="one ACO's chain from expenditure to earned savings or losses")
    e.add_argument("aco_id")
    e.add_argument("--run", required=True, help="a finance run folder")
    p = sub.add_parser("puf", help="write the results-PUF rows of a run")
    p.add_argument("--run", required=True, help="a finance run folder")
    p.add_argument("--out", required=True, help="FILE.csv")
    p.add_argument(
        "--layout-year", type=int, help="write in the CMS results-PUF layout of this PY (default: the run's PY)"
    )
    return ap


def main(argv: list[str]) -> int:
    from ..dataset import DatasetError  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)
    from ..parameters import ParameterError as AssignmentParameterError  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)
    from .agreements import AgreementError  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)
    from .explain import ExplainError  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)
    from .parameters import ParameterError  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)

    try:
        args = _parser().parse_args(argv[1:])
        if args.cmd == "run":
            return _run(args)
        if args.cmd == "explain":
            from .explain import explain  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)

            print(explain(args.aco_id, args.run))
            return 0
        return _puf(args)
    except (
        DatasetError,
        AgreementError,
        ParameterError,
        AssignmentParameterError,
        ExplainError,
        FileNotFoundError,
    ) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


def _run(args) -> int:
    from .run import run_finance  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)

    t0 = time.time()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = run_finance(
            args.data,
            args.participants,
            args.agreements,
            args.py,
            args.engine,
            args.out,
            progress=_say,
            check_keys=not args.no_key_check,
        )
    for w in caught:
        _say(f"warning: {w.message}")
    upd = {r["aco_id"]: r for r in tables["fe_update"].to_pylist()}
    print(
        f"{'ACO':<10} {'N_AB':>7} {'person-yrs':>11} {'benchmark':>15} {'expenditures':>15} {'rate':>8} "
        f"{'earned':>13}  outcome"
    )
    for s in tables["fe_settlement"].to_pylist():
        u = upd[s["aco_id"]]
        print(
            f"{s['aco_id']:<10} {u['n_ab']:>7,} {u['person_years']:>11,.2f} {u['ub_total']:>15,.2f} "
            f"{u['exp_total']:>15,.2f} {100 * s['savings_rate']:>7.2f}% {s['earn_save_loss']:>13,.2f}  "
            f"{s['outcome']}"
        )
    _say(f"done in {time.time() - t0:.1f}s")
    return 0


def _puf(args) -> int:
    import json  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)

    import pyarrow.parquet as pq  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)

    from ...rules.puf import write_results  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)
    from .explain import ExplainError  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)
    from .puf_row import results_rows  # noqa: PLC0415 (the CLI loads the engine only for the command that runs)

    run = Path(args.run)
    path, manifest = run / "fe_puf.parquet", run / "manifest.json"
    if not path.exists() or not manifest.exists():
        raise ExplainError(f"{args.run}: no fe_puf.parquet and manifest.json (not a finance run folder?)")
    year = args.layout_year or int(json.loads(manifest.read_text())["performance_year"])
    rows = results_rows(pq.read_table(path).to_pylist())
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_results(rows, year, out)
    except ValueError as e:
        raise ExplainError(f"{e} (give --layout-year)") from None
    _say(f"wrote {len(rows)} rows to {out} in the PY{year} results-PUF layout")
    return 0

"""`acoms claims ...` and `acoms assign ...` (argv[0] is 'claims' or 'assign')."""

from __future__ import annotations

import argparse
import sys
import time


def _say(msg: str) -> None:
    print(f"[acoms] {msg}", file=sys.stderr, flush=True)


def _claims_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="acoms claims", description="Claims datasets (the tables of acoms.analytics.dataset.SCHEMA)"
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("synth", help="write a synthetic claims dataset")
    s.add_argument("--benes", type=int, required=True, help="number of beneficiaries")
    s.add_argument("--acos", type=int, default=5, help="number of ACOs whose participants bill the claims (default 5)")
    s.add_argument("--py", type=int, required=True, help="performance year the claims cover (with the year before)")
    s.add_argument("--seed", type=int, default=0, help="random seed: the same seed writes the same dataset")
    s.add_argument("--out", required=True, help="folder to write the dataset to")
    s.add_argument(
        "--finance",
        action="store_true",
        help="the financial engine's dataset: five calendar years, optional columns, agreements.csv",
    )
    s.add_argument("--years", type=int, default=5, help="calendar years with --finance (default 5: BY1-1 ... PY)")
    c = sub.add_parser("load-cclf", help="load CMS CCLF fixed-width files into a claims dataset")
    c.add_argument("dir", help="folder holding the CCLF files (CCLF1-CCLF9, CCLFA, CCLFB)")
    c.add_argument("--out", required=True, help="folder to write the claims dataset to")
    c.add_argument(
        "--lenient",
        action="store_true",
        help="blank out unparseable non-key fields instead of failing (for minimal sample files)",
    )
    v = sub.add_parser("validate", help="check a claims dataset against the contract")
    v.add_argument("dir", help="claims dataset folder")
    v.add_argument("--engine", default="duckdb", choices=["duckdb", "pyspark"], help="engine that checks the keys")
    return ap


def _assign_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="acoms assign", description="Beneficiary assignment (42 CFR 425.400-425.404)")
    ap.add_argument("--data", required=True, help="claims dataset folder")
    ap.add_argument("--participants", help="participants.csv or .parquet (default: the dataset's)")
    ap.add_argument("--py", type=int, required=True, help="performance year")
    ap.add_argument(
        "--method",
        default="retrospective",
        choices=["retrospective", "prospective"],
        help="assignment method of the ACO's track (42 CFR 425.400(a)); default retrospective",
    )
    ap.add_argument("--engine", default="duckdb", choices=["duckdb", "pyspark"], help="engine that runs it")
    ap.add_argument("--out", required=True, help="FILE.parquet (explanation written next to it)")
    ap.add_argument("--no-key-check", action="store_true", help="skip duplicate-key checks")
    return ap


def _explain_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="acoms assign explain", description="Why a beneficiary was (not) assigned")
    ap.add_argument("bene_id", help="beneficiary id as in the claims dataset")
    ap.add_argument("--run", required=True, help="assignment output FILE.parquet")
    return ap


# The commands import the engines (ibis, DuckDB, pyarrow: seconds) only when they run, so that `--help` and
# argument errors answer at once: the function-local imports below are deliberate (noqa: PLC0415).


def main(argv: list[str]) -> int:
    from .dataset import DatasetError  # noqa: PLC0415 (see above)
    from .loaders.cclf import CCLFError  # noqa: PLC0415
    from .parameters import ParameterError  # noqa: PLC0415

    group, rest = argv[0], list(argv[1:])
    try:
        if group == "claims":
            return _claims(_claims_parser().parse_args(rest))
        if group == "assign":
            if rest and rest[0] == "explain":
                return _explain(_explain_parser().parse_args(rest[1:]))
            return _assign(_assign_parser().parse_args(rest))
    except (DatasetError, ParameterError, CCLFError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"error: unknown command group {group!r}", file=sys.stderr)
    return 2


def _claims(args: argparse.Namespace) -> int:
    t0 = time.time()
    if args.cmd == "synth":
        from .loaders.synthetic import generate  # noqa: PLC0415

        summary = generate(
            args.out, args.benes, args.acos, args.py, args.seed, progress=True, finance=args.finance, years=args.years
        )
        _say(f"done in {time.time() - t0:.1f}s: {summary}")
    elif args.cmd == "load-cclf":
        from .loaders import cclf  # noqa: PLC0415

        summary = cclf.load(args.dir, args.out, lenient=args.lenient, progress=_say)
        _say(f"done in {time.time() - t0:.1f}s: {summary}")
    elif args.cmd == "validate":
        from . import dataset, engine  # noqa: PLC0415

        ds = dataset.open_dataset(args.dir)
        ds.check_keys(engine.connect(args.engine))
        _say(f"{args.dir}: valid ({', '.join(sorted(ds.paths))})")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain  # noqa: PLC0415

    print(explain(args.bene_id, args.run))
    return 0


def _assign(args: argparse.Namespace) -> int:
    from .assignment import run  # noqa: PLC0415

    t0 = time.time()
    res = run(
        args.data,
        args.participants,
        args.py,
        args.method,
        args.engine,
        out=args.out,
        check_keys=not args.no_key_check,
        progress=_say,
    )
    a = res["assignment"]
    counts = a.group_by("step").aggregate([("bene_id", "count")]).to_pylist()
    by_step = sorted(counts, key=lambda c: c["step"])
    _say("by step: " + ", ".join(f"{c['step']}={c['bene_id_count']:,}" for c in by_step))
    assigned = a.num_rows - a["aco_id"].null_count
    _say(f"assigned {assigned:,} of {a.num_rows:,} in {time.time() - t0:.1f}s")
    return 0

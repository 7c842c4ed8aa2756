"""Run every stage of the financial engine and write the `fe_*` tables (financial-engine.md §2–§8).

`compute(con, t, agreements, py)` returns the tables as Arrow; `run_finance(...)` opens the inputs,
computes on the chosen engine and writes Parquet files plus `manifest.json` into `out`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from .. import dataset, engine
from . import parameters as fparams
from .agreements import Agreement, read_agreements
from .areas import areas, scored_cells
from .expenditures import bene_year_type, eligible_months
from .historical_benchmark import historical
from .populations import populations
from .puf_row import puf_row
from .settlement import settle
from .updated_benchmark import updated

RiskFn = Callable[..., object]


def default_risk() -> RiskFn:
    """The `risk` stage (financial-engine.md §4), module `risk.py` of this package."""
    try:
        from .risk import risk_scores  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415 (the risk stage is optional until its module is present)
    except ImportError as e:
        raise RuntimeError("the risk stage (acoms.analytics.finance.risk) is not installed") from e
    return risk_scores


def _years(ag: dict[str, Agreement]) -> list[int]:
    return sorted({y for a in ag.values() for y in (*a.benchmark_years, a.performance_year)})


def aco_years(con, ag: dict[str, Agreement]) -> ibis.Table:
    rows = [
        (a.aco_id, y, k, a.assignment_method)
        for a in ag.values()
        for k, y in enumerate((*a.benchmark_years, a.performance_year), start=1)
    ]
    return engine.from_arrow(
        con,
        pa.table(
            {
                "aco_id": pa.array([r[0] for r in rows], pa.string()),
                "year": pa.array([r[1] for r in rows], pa.int64()),
                "k": pa.array([r[2] for r in rows], pa.int64()),
                "method": pa.array([r[3] for r in rows], pa.string()),
            }
        ),
        "fe_aco_years",
    )


def _dataclass_table(rows: list, exclude: tuple[str, ...] = ()) -> pa.Table:
    dicts = [{k: v for k, v in vars(r).items() if k not in exclude} for r in rows]
    return pa.Table.from_pylist(dicts)


def compute(
    con, t: dict[str, ibis.Table], ag: dict[str, Agreement], py: int, risk: RiskFn | None = None, progress=None
) -> dict[str, pa.Table]:
    say = progress or (lambda msg: None)
    if not ag:
        raise ValueError(f"no agreements for PY{py}")
    years = _years(ag)
    p = fparams.for_year(py, list(range(min(years) - 1, max(years) + 1)))
    t = dataset.with_finance_defaults(t)
    pop = populations(con, t, years, {a.assignment_method for a in ag.values()}, py, progress=say)
    say("expenditures: eligible months, line amounts, truncation")
    months = engine.checkpoint(eligible_months(t, years))
    cells, trunc = bene_year_type(t, months, pop, p)
    say("risk: prospective CMS-HCC V28")
    national = pop.filter(pop.method == "retrospective").select("year", "bene_id")
    keys = cells.select(s_bene="bene_id", s_year="year").distinct()
    scored_months = months.semi_join(keys, [months.bene_id == keys.s_bene, months.year == keys.s_year])
    rr = (risk or default_risk())(
        con,
        t,
        scored_months,
        national,
        tables_year=p.hcc_tables_year,
        new_enrollee_min_months=p.new_enrollee_min_months,
    )
    risk_cells = engine.checkpoint(rr.cells)  # type: ignore[attr-defined]
    say("areas: national, county, ACO")
    ar = areas(scored_cells(cells, risk_cells), pop, aco_years(con, ag), p)
    out = {
        "fe_parameters": fparams.table(),
        "fe_population": engine.to_arrow(pop.order_by("year", "method", "bene_id")),
        "fe_bene_year_type": engine.to_arrow(cells.order_by("bene_id", "year", "enrollment_type")),
        "fe_truncation": engine.to_arrow(trunc.order_by("year", "enrollment_type")),
        "fe_risk": engine.to_arrow(risk_cells.order_by("bene_id", "year", "enrollment_type")),
        "fe_risk_norm": engine.to_arrow(rr.norm.order_by("year", "enrollment_type")),  # type: ignore[attr-defined]
        "fe_national": engine.to_arrow(ar.national.order_by("year", "enrollment_type")),
        "fe_county": engine.to_arrow(ar.county.order_by("year", "method", "county_fips", "enrollment_type")),
        "fe_aco_county": engine.to_arrow(ar.aco_county.order_by("aco_id", "year", "enrollment_type", "county_fips")),
        "fe_aco_year": engine.to_arrow(ar.aco_year.order_by("aco_id", "year", "enrollment_type")),
    }
    assigned = pop.filter(pop.aco_id.notnull())
    n_ab_t = engine.to_arrow(assigned.group_by("aco_id", "year", "method").agg(n=assigned.count()))
    n_ab = {(r["aco_id"], r["year"], r["method"]): r["n"] for r in n_ab_t.to_pylist()}
    nat = {(r["year"], r["enrollment_type"]): r["per_capita"] for r in out["fe_national"].to_pylist()}
    by_aco: dict[str, dict] = {}
    for r in out["fe_aco_year"].to_pylist():
        by_aco.setdefault(r["aco_id"], {})[(r["k"], r["enrollment_type"])] = r
    for aco in sorted({a for a, y, m in n_ab if y == py and m == "retrospective"} - set(ag)):
        warnings.warn(f"{aco}: assigned beneficiaries in PY{py} but no agreements row; skipped", stacklevel=2)
    say("benchmarks and settlement")
    hists, upds, setts, pufs = [], [], [], []
    for aco_id, a in sorted(ag.items()):
        cells_x = by_aco.get(aco_id, {})
        if not any(k == 4 for k, _t in cells_x):
            warnings.warn(f"{aco_id}: no assigned person-years in PY{py}; no benchmark or settlement", stacklevel=2)
            continue
        nab = {y: n_ab.get((aco_id, y, a.assignment_method), 0) for y in (*a.benchmark_years, py)}
        h = historical(a, cells_x, nat, nab, p)
        u = updated(a, h, cells_x, nat, nab[py], p)
        if not u.ub_total or u.ub_total <= 0:
            warnings.warn(f"{aco_id}: updated benchmark {u.ub_total!r} is not positive; no settlement", stacklevel=2)
            continue
        s = settle(a, u, p)
        hists.append(h)
        upds.append(u)
        setts.append(s)
        pufs.append(puf_row(aco_id, cells_x, h, u, s))
    out["fe_hist_type"] = _dataclass_table([x for h in hists for x in h.types.values()])
    out["fe_hist"] = _dataclass_table(hists, exclude=("types",))
    out["fe_update_type"] = _dataclass_table([x for u in upds for x in u.types.values()])
    out["fe_update"] = _dataclass_table(upds, exclude=("types",))
    out["fe_settlement"] = pa.Table.from_pylist([s.row() for s in setts])
    out["fe_puf"] = pa.Table.from_pylist(pufs)
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()


def _code_version() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, timeout=5
            ).stdout.strip()
            or "unknown"
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run_finance(
    data_dir,
    participants,
    agreements,
    py: int,
    engine_name: str = "duckdb",
    out=None,
    risk: RiskFn | None = None,
    progress=None,
    con=None,
    check_keys: bool = True,
) -> dict[str, pa.Table]:
    """Open and validate the inputs, run every stage, write `fe_*.parquet` + manifest.json into `out`."""
    say = progress or (lambda msg: None)
    ag = read_agreements(agreements, py)
    ds = dataset.open_dataset(data_dir)
    part = dataset.read_participants(participants)
    con = con or engine.connect(engine_name)
    t = ds.tables(con, part)
    if check_keys:
        say("checking keys")
        ds.check_keys(con, t)
    tables = compute(con, t, ag, py, risk=risk, progress=say)
    if out:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            pq.write_table(table, out / f"{name}.parquet")
        inputs = {name: {"path": Path(path).name, "sha256": _sha256(Path(path))} for name, path in ds.paths.items()}
        inputs["participants"] = {"path": Path(participants).name, "sha256": _sha256(Path(participants))}
        inputs["agreements"] = {"path": Path(agreements).name, "sha256": _sha256(Path(agreements))}
        manifest = {
            "performance_year": py,
            "engine": con.name,
            "code_version": _code_version(),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "inputs": inputs,
            "parameters": tables["fe_parameters"].to_pylist(),
            "tables": {name: table.num_rows for name, table in tables.items()},
        }
        (out / "manifest.json").write_text(json.dumps(manifest, indent=1, default=str))
        say(f"wrote {len(tables)} tables to {out}")
    return tables

"""The Data Hub files written when a run is published, one set per ACO with results in the run.

| code | kind  | file (CMS convention)                             | content                                          |
| 129  | AALR  | P.<ACO>.ACO.AALR.Y<PY>.D<yymmdd>.T<hhmmsst> (zip) | ALR tables 1-1, 1-2, 1-4, 1-5, 1-6 as CSV (alr.py) |
| 114  | BNEX  | P.<ACO>.ACO.BNEX.Y<PY>.D….T….xml                  | beneficiary exclusion file (exclusions.py)       |
| 115  | BNMRK | P.<ACO>.ACO.BNMRK.Y<PY>.D….T….xlsx                | historical benchmark report                      |
| 125  | AEXPU | P.<ACO>.ACO.AEXPU.Y<PY>.D….T….xlsx                | expenditure and benchmark summary by year/type   |
| 120  | FRP   | P.<ACO>.ACO.FRP.Y<PY>.D….T….xlsx                  | every intermediate of the engine, with citations (frp.py) |
| 120  | STLMT | P.<ACO>.ACO.STLMT.Y<PY>.D….T….pdf                 | the settlement letter (letter.py)                |
Layouts: docs/datahub.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
from django.utils import timezone

from acoms.analytics.finance.agreements import read_agreements
from acoms.lib.spreadsheets import to_xlsx
from acoms.performance import alr, exclusions, letter
from acoms.performance.frp import TABLES as TABLES_FRP
from acoms.performance.frp import field
from acoms.performance.models import AcoResult, Deliverable, Run
from acoms.performance.runner import _private_dir, run_dir

KINDS = {
    "AALR": ("129", "Assignment List Report – Annual", True),
    "BNEX": ("114", "Beneficiary Data Sharing Exclusion File", True),
    "BNMRK": ("115", "Historical Benchmark Report", False),
    "AEXPU": ("125", "Expenditure and benchmark summary – Annual", False),
    "FRP": ("120", "Financial Reconciliation Package", False),
    "STLMT": ("120", "Settlement letter", False),
}
EXTENSIONS = {"AALR": "", "BNEX": ".xml", "STLMT": ".pdf"}


def file_name(aco_id: str, kind: str, py: int, when: dt.datetime) -> str:
    """`P.A1234.ACO.AALR.Y2026.D270122.T1621240`: date yymmdd, time hhmmss plus tenths; zips carry no extension."""
    stamp = f"D{when:%y%m%d}.T{when:%H%M%S}{when.microsecond // 100_000}"
    return f"P.{aco_id}.ACO.{kind}.Y{py}.{stamp}{EXTENSIONS.get(kind, '.xlsx')}"


def path_of(d: Deliverable) -> Path:
    return run_dir(d.run) / "datahub" / d.organization.aco_id / d.file_name


def method_of(run: Run, aco_id: str) -> str:
    """The assignment method of the ACO's agreement in the run's PY (its ALR is under that method)."""
    return read_agreements(run.agreements, run.py)[aco_id].assignment_method


def _alr(run: Run, result: AcoResult, fe: Path) -> bytes:
    aco_id = result.aco_id
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for key, text in alr.tables(run.data_dir, fe, aco_id, run.py, method_of(run, aco_id)).items():
            z.writestr(f"P.{aco_id}.ACO.AALR.Y{run.py}_{key}.csv", text)
    return out.getvalue()


def _rows(fe: Path, table: str, aco_id: str | None = None) -> list[dict]:
    path = fe / f"{table}.parquet"
    if not path.exists():
        return []
    filters = [("aco_id", "=", aco_id)] if aco_id is not None else None
    return pq.read_table(path, filters=filters).to_pylist()


def _columns(fe: Path, table: str) -> list[str]:
    return pq.read_schema(fe / f"{table}.parquet").names


def _table_sheet(fe: Path, table: str, aco_id: str) -> tuple[list[str], list[list]]:
    """A table's rows for the ACO (every row for the national tables), one column per field; an ACO-grain
    table is shown as item/value pairs, as CMS's reports show one ACO's figures."""
    has_aco = "aco_id" in _columns(fe, table)
    rows = _rows(fe, table, aco_id if has_aco else None)
    cols = [c for c in _columns(fe, table) if c != "explain"]
    if TABLES_FRP[table][1] == "ACO":
        return ["item", "value", "meaning", "citation"], [
            [c, rows[0][c] if rows else None, *field(table, c)] for c in cols
        ]
    return cols, [[r[c] for c in cols] for r in rows]


def _workbook(run: Run, result: AcoResult, fe: Path, tables: tuple[str, ...]) -> bytes:
    sheets: dict[str, tuple[list[str], list]] = {
        "Contents": (
            ["sheet", "engine table", "grain", "citation"],
            [[TABLES_FRP[t][0], t, TABLES_FRP[t][1], TABLES_FRP[t][2]] for t in tables],
        )
    }
    for table in tables:
        sheets[TABLES_FRP[table][0]] = _table_sheet(fe, table, result.aco_id)
    sheets["Field dictionary"] = (
        ["engine table", "field", "meaning", "citation"],
        [[t, c, *field(t, c)] for t in tables for c in _columns(fe, t)],
    )
    settle = _rows(fe, "fe_settlement", result.aco_id)
    explain = (settle[0].get("explain") or "") if settle else ""
    sheets["Explanation and citations"] = (["line"], [[line] for line in explain.splitlines()])
    params = _rows(fe, "fe_parameters")
    sheets["Parameters"] = (
        ["name", "value", "unit", "status", "source", "years"],
        [[p.get(c) for c in ("name", "value", "unit", "status", "source", "years")] for p in params],
    )
    return to_xlsx(sheets)


def _frp(run: Run, result: AcoResult, fe: Path) -> bytes:
    return _workbook(run, result, fe, tuple(TABLES_FRP))


BENCHMARK_TABLES = ("fe_hist", "fe_hist_type", "fe_aco_year", "fe_aco_county", "fe_national", "fe_truncation")


def _bnmrk(run: Run, result: AcoResult, fe: Path) -> bytes:
    return _workbook(run, result, fe, BENCHMARK_TABLES)


def _aexpu(run: Run, result: AcoResult, fe: Path) -> bytes:
    aco_id = result.aco_id
    cols = [
        "year",
        "enrollment_type",
        "n_benes",
        "person_years",
        "per_capita",
        "exp_total_untruncated",
        "hcc",
        "demo",
        "reg_per_capita",
        "national_weight",
    ]
    nat = _rows(fe, "fe_national")
    ncols = list(nat[0]) if nat else []
    upd = _rows(fe, "fe_update", aco_id)
    summary = ("ub_total", "exp_total", "exp_total_untruncated", "person_years", "ub_pc", "n_ab")
    return to_xlsx(
        {
            "ACO by year and type": (cols, [[r.get(c) for c in cols] for r in _rows(fe, "fe_aco_year", aco_id)]),
            "National assignable FFS": (ncols, [[r[c] for c in ncols] for r in nat]),
            "Benchmark summary": (["item", "value"], [[k, upd[0][k]] for k in summary] if upd else []),
        }
    )


def _bnex(run: Run, result: AcoResult, fe: Path) -> bytes:
    return exclusions.bnex(run.data_dir, fe, result.aco_id, run.py, method_of(run, result.aco_id), timezone.now())


def _stlmt(run: Run, result: AcoResult, fe: Path) -> bytes:
    return letter.settlement_letter(run, result)


BUILDERS = {"AALR": _alr, "BNEX": _bnex, "BNMRK": _bnmrk, "AEXPU": _aexpu, "FRP": _frp, "STLMT": _stlmt}


def generate(run: Run) -> list[Deliverable]:
    """Write (or rewrite) the Data Hub files of every ACO of the run that has an organization in ACO-MS."""
    fe = run_dir(run) / "fe"
    when = timezone.now()
    made = []
    for result in AcoResult.objects.filter(run=run, organization__isnull=False).select_related("organization"):
        folder = _private_dir(run_dir(run) / "datahub" / result.aco_id)
        for kind, build in BUILDERS.items():
            code, title, bene_level = KINDS[kind]
            content = build(run, result, fe)
            name = file_name(result.aco_id, kind, run.py, when)
            target = folder / name
            target.write_bytes(content)
            target.chmod(0o600)
            d, _ = Deliverable.objects.update_or_create(
                run=run,
                organization=result.organization,
                kind=kind,
                defaults={
                    "type_code": code,
                    "title": title,
                    "file_name": name,
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "beneficiary_level": bene_level,
                    "created_at": when,
                },
            )
            made.append(d)
    return made

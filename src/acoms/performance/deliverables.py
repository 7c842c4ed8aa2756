"""The Data Hub files written when a run is published, one set per ACO with results in the run.

| code | kind  | file (CMS convention)                            | content                                        |
| 129  | AALR  | P.<ACO>.ACO.AALR.Y<PY>.D<yymmdd>.T<hhmmsst> (zip) | ALR table 1-1 (assigned beneficiaries), CSV     |
| 125  | AEXPU | P.<ACO>.ACO.AEXPU.Y<PY>.D….T….xlsx               | expenditure and benchmark summary by year/type  |
| 120  | FRP   | P.<ACO>.ACO.FRP.Y<PY>.D….T….xlsx                 | every fe_hist/fe_update/fe_settlement intermediate |
Layouts: docs/datahub.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
from django.utils import timezone
from openpyxl import Workbook

from acoms.performance.models import AcoResult, Deliverable, Run
from acoms.performance.runner import _private_dir, run_dir

KINDS = {
    "AALR": ("129", "Assignment List Report – Annual", True),
    "AEXPU": ("125", "Expenditure and benchmark summary – Annual", False),
    "FRP": ("120", "Financial Reconciliation Package", False),
}
ALR_1_1 = (
    "BENE_MBI_ID",
    "BENE_SEX_CD",
    "BENE_BRTH_DT",
    "BENE_DEATH_DT",
    "STATE_COUNTY_CD",
    "ASSIGNMENT_TYPE",
    "ASSIGNMENT_STEP",
    "BENE_RACE_CD",
)


def file_name(aco_id: str, kind: str, py: int, when: dt.datetime) -> str:
    """`P.A1234.ACO.AALR.Y2026.D270122.T1621240`: date yymmdd, time hhmmss plus tenths; zips carry no extension."""
    stamp = f"D{when:%y%m%d}.T{when:%H%M%S}{when.microsecond // 100_000}"
    ext = "" if kind == "AALR" else ".xlsx"
    return f"P.{aco_id}.ACO.{kind}.Y{py}.{stamp}{ext}"


def path_of(d: Deliverable) -> Path:
    return run_dir(d.run) / "datahub" / d.organization.aco_id / d.file_name


def _fmt(d):
    return d.strftime("%m/%d/%Y") if d else ""


def _alr(run: Run, aco_id: str, fe: Path) -> bytes:
    from acoms.analytics.finance.agreements import read_agreements  # noqa: PLC0415

    method = read_agreements(run.agreements, run.py)[aco_id].assignment_method  # the ACO's own assignment
    pop = pq.read_table(
        fe / "fe_population.parquet", filters=[("year", "=", run.py), ("aco_id", "=", aco_id), ("method", "=", method)]
    ).to_pylist()
    data = Path(run.data_dir)
    bene_path = data / "beneficiary.parquet" if (data / "beneficiary.parquet").exists() else data / "beneficiary"
    ids = {r["bene_id"] for r in pop}
    benes = {r["bene_id"]: r for r in pq.read_table(bene_path).to_pylist() if r["bene_id"] in ids}
    county = {}
    enr = data / "enrollment.parquet" if (data / "enrollment.parquet").exists() else data / "enrollment"
    for r in pq.read_table(enr, columns=["bene_id", "month", "county_fips"]).to_pylist():
        if r["bene_id"] in ids and r["month"].year == run.py:
            county[r["bene_id"]] = r["county_fips"]  # the last month's county of the PY
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(ALR_1_1)
    for r in sorted(pop, key=lambda r: r["bene_id"]):
        b = benes.get(r["bene_id"], {})
        writer.writerow(
            [
                r["bene_id"],
                b.get("sex", ""),
                _fmt(b.get("birth_date")),
                _fmt(b.get("death_date")),
                county.get(r["bene_id"], ""),
                r["method"].upper(),
                r["step"],
                b.get("race", ""),
            ]
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"P.{aco_id}.ACO.AALR.Y{run.py}_1-1.csv", text.getvalue())
    return out.getvalue()


def _sheet(wb: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    ws.append(header)
    for r in rows:
        ws.append([v if isinstance(v, int | float | str | type(None)) else str(v) for v in r])


def _rows(fe: Path, table: str, aco_id: str) -> list[dict]:
    return [r for r in pq.read_table(fe / f"{table}.parquet").to_pylist() if r.get("aco_id") == aco_id]


def _xlsx(wb: Workbook) -> bytes:
    del wb["Sheet"]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _aexpu(run: Run, aco_id: str, fe: Path) -> bytes:
    wb = Workbook()
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
    _sheet(wb, "ACO by year and type", cols, [[r.get(c) for c in cols] for r in _rows(fe, "fe_aco_year", aco_id)])
    nat = pq.read_table(fe / "fe_national.parquet").to_pylist()
    ncols = list(nat[0]) if nat else []
    _sheet(wb, "National assignable FFS", ncols, [[r[c] for c in ncols] for r in nat])
    upd = _rows(fe, "fe_update", aco_id)
    _sheet(
        wb,
        "Benchmark summary",
        ["item", "value"],
        [[k, upd[0][k]] for k in ("ub_total", "exp_total", "exp_total_untruncated", "person_years", "ub_pc", "n_ab")]
        if upd
        else [],
    )
    return _xlsx(wb)


def _frp(run: Run, aco_id: str, fe: Path) -> bytes:
    wb = Workbook()
    for table in ("fe_settlement", "fe_update", "fe_hist"):
        rows = _rows(fe, table, aco_id)
        _sheet(wb, table, ["item", "value"], [[k, v] for k, v in (rows[0] if rows else {}).items() if k != "explain"])
    for table in ("fe_hist_type", "fe_update_type"):
        rows = _rows(fe, table, aco_id)
        cols = list(rows[0]) if rows else []
        _sheet(wb, table, cols, [[r[c] for c in cols] for r in rows])
    settle = _rows(fe, "fe_settlement", aco_id)
    explain = (settle[0].get("explain") or "") if settle else ""
    _sheet(wb, "Explanation and citations", ["line"], [[line] for line in explain.splitlines()])
    params = pq.read_table(fe / "fe_parameters.parquet").to_pylist()
    _sheet(
        wb,
        "Parameters",
        ["name", "value", "unit", "status", "source", "years"],
        [[p.get(c) for c in ("name", "value", "unit", "status", "source", "years")] for p in params],
    )
    return _xlsx(wb)


BUILDERS = {"AALR": _alr, "AEXPU": _aexpu, "FRP": _frp}


def generate(run: Run) -> list[Deliverable]:
    """Write (or rewrite) the Data Hub files of every ACO of the run that has an organization in ACO-MS."""
    fe = run_dir(run) / "fe"
    when = timezone.now()
    made = []
    for result in AcoResult.objects.filter(run=run, organization__isnull=False).select_related("organization"):
        folder = _private_dir(run_dir(run) / "datahub" / result.aco_id)
        for kind, build in BUILDERS.items():
            code, title, bene_level = KINDS[kind]
            content = build(run, result.aco_id, fe)
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

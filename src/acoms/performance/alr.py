"""The Assignment List Report tables of the annual AALR zip, from a run's `fe_*` and `pe_*` files.

Column names are CMS's (program-deliverables.md §3.2); the layout of each table, and which of CMS's
columns wait for data the claims dataset does not hold, are in docs/datahub.md ("Deliverables").
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

DEMOGRAPHICS = ("BENE_MBI_ID", "BENE_SEX_CD", "BENE_BRTH_DT", "BENE_DEATH_DT")
TABLE_1_1 = (*DEMOGRAPHICS, "STATE_COUNTY_CD", "ASSIGNMENT_TYPE", "ASSIGNMENT_STEP", "BENE_RACE_CD")
TABLE_1_2 = (*DEMOGRAPHICS, "MASTER_ID", "B_EM_LINE_CNT_T")
TABLE_1_4 = (*DEMOGRAPHICS, "MASTER_ID", "NPI_USED", "PCS_COUNT")
TURNOVER_FLAGS = ("PLUR_R05", "AB_R01", "HMO_R03", "NO_US_R02", "MDM_R04", "NOFND_R06")
TABLE_1_5 = (*DEMOGRAPHICS, *TURNOVER_FLAGS)
TABLE_1_6 = (*DEMOGRAPHICS, "VA_SELECTION_ONLY")
# §425.401(a) reasons of `assignment.eligibility` -> the turnover column CMS reports them in
TURNOVER_OF_REASON = {
    "no month of Part A and Part B": "AB_R01",
    "Part A-only or Part B-only month": "AB_R01",
    "resides outside the U.S.": "NO_US_R02",
    "Medicare group health plan month": "HMO_R03",
    "aligned to another shared-savings initiative": "MDM_R04",
}


def mmddyyyy(d) -> str:
    return d.strftime("%m/%d/%Y") if d else ""


def _table(fe: Path, name: str, **equal) -> list[dict]:
    path = fe / f"{name}.parquet"
    if not path.exists():
        return []
    return pq.read_table(path, filters=[(k, "=", v) for k, v in equal.items()] or None).to_pylist()


def _dataset_table(data: Path, name: str) -> Path:
    return data / f"{name}.parquet" if (data / f"{name}.parquet").exists() else data / name


def _of(path: Path, bene_ids: set[str], columns: list[str] | None = None):
    """The rows of `bene_ids` only, filtered by Arrow while reading (an ACO's rows of a national table)."""
    if not bene_ids:
        return pq.read_table(path, columns=columns).slice(0, 0)
    return pq.read_table(path, columns=columns, filters=[("bene_id", "in", sorted(bene_ids))])


class AlrSource:
    """What the ALR tables of one ACO and PY read: its population under its own method, and demographics."""

    def __init__(self, data_dir: str, fe: Path, aco_id: str, py: int, method: str):
        self.fe, self.aco_id, self.py, self.method = fe, aco_id, py, method
        self.data = Path(data_dir)
        self.assigned = sorted(
            _table(fe, "fe_population", year=py, aco_id=aco_id, method=method), key=lambda r: r["bene_id"]
        )
        self.prior = _table(fe, "fe_population", year=py - 1, aco_id=aco_id, method=method)
        wanted = {r["bene_id"] for r in self.assigned} | {r["bene_id"] for r in self.prior}
        self.benes = {r["bene_id"]: r for r in _of(_dataset_table(self.data, "beneficiary"), wanted).to_pylist()}

    def demographics(self, bene_id: str) -> list[str]:
        b = self.benes.get(bene_id, {})
        return [bene_id, b.get("sex") or "", mmddyyyy(b.get("birth_date")), mmddyyyy(b.get("death_date"))]

    def counties(self) -> dict[str, str]:
        """The county of the last PY month of each assigned beneficiary."""
        ids = {r["bene_id"] for r in self.assigned}
        county: dict[str, tuple] = {}
        enr = _of(_dataset_table(self.data, "enrollment"), ids, columns=["bene_id", "month", "county_fips"])
        for r in enr.to_pylist():
            later = r["bene_id"] not in county or r["month"] > county[r["bene_id"]][0]
            if r["bene_id"] in ids and r["month"].year == self.py and later:
                county[r["bene_id"]] = (r["month"], r["county_fips"])
        return {k: v[1] or "" for k, v in county.items()}


def table_1_1(src: AlrSource) -> list[list]:
    county = src.counties()
    return [
        [
            *src.demographics(r["bene_id"]),
            county.get(r["bene_id"], ""),
            r["method"].upper(),
            r["step"],
            src.benes.get(r["bene_id"], {}).get("race") or "",
        ]
        for r in src.assigned
    ]


def _services(src: AlrSource) -> list[dict]:
    ids = {r["bene_id"] for r in src.assigned}
    return [r for r in _table(src.fe, "pe_services", aco_id=src.aco_id) if r["bene_id"] in ids]


def table_1_2(src: AlrSource) -> list[list]:
    """Assigned beneficiary × participant TIN with the TIN's primary care service lines in the PY window."""
    per_tin: dict[tuple[str, str], int] = defaultdict(int)
    for r in _services(src):
        per_tin[(r["bene_id"], r["tin"])] += r["n_lines"]
    return [[*src.demographics(b), tin, n] for (b, tin), n in sorted(per_tin.items())]


def table_1_4(src: AlrSource) -> list[list]:
    """Assigned beneficiary × participant TIN × rendering NPI with the primary care service lines."""
    rows = sorted(_services(src), key=lambda r: (r["bene_id"], r["tin"], r["npi"] or ""))
    return [[*src.demographics(r["bene_id"]), r["tin"], r["npi"] or "", r["n_lines"]] for r in rows]


def table_1_5(src: AlrSource) -> list[list]:
    """Turnover: assigned to the ACO in the prior year (BY3) under its method and not in the PY, with why."""
    now = {r["bene_id"] for r in src.assigned}
    lost = sorted({r["bene_id"] for r in src.prior} - now)
    ineligible = {r["bene_id"]: r["ineligible_reason"] for r in _table(src.fe, "pe_ineligible", method=src.method)}
    assignable = {r["bene_id"] for r in _table(src.fe, "pe_assignment", method=src.method)}
    out = []
    for bene_id in lost:
        if bene_id in ineligible:
            flag = TURNOVER_OF_REASON.get(ineligible[bene_id], "NOFND_R06")
        elif bene_id in assignable:
            flag = "PLUR_R05"  # assignable in the PY, but the plurality went elsewhere (or to nobody)
        else:
            flag = "NOFND_R06"  # no primary care service or no enrollment in the PY window
        out.append([*src.demographics(bene_id), *(1 if f == flag else 0 for f in TURNOVER_FLAGS)])
    return out


def table_1_6(src: AlrSource) -> list[list]:
    """Voluntarily aligned beneficiaries of the ACO; VA_SELECTION_ONLY = 1 when claims alone would not have
    assigned them to it (the claims-based step-ranking's unique top is not this ACO with its qualifying
    service)."""
    aligned = [r["bene_id"] for r in src.assigned if r["step"] == "voluntary"]
    tops: dict[str, list[dict]] = defaultdict(list)
    for r in _table(src.fe, "pe_explanation", method=src.method, rank=1):
        tops[r["bene_id"]].append(r)
    out = []
    for bene_id in aligned:
        top = tops.get(bene_id, [])
        by_claims = len(top) == 1 and top[0]["entity_id"] == src.aco_id and top[0]["qualifies"]
        out.append([*src.demographics(bene_id), 0 if by_claims else 1])
    return out


TABLES = {
    "1-1": (TABLE_1_1, table_1_1),
    "1-2": (TABLE_1_2, table_1_2),
    "1-4": (TABLE_1_4, table_1_4),
    "1-5": (TABLE_1_5, table_1_5),
    "1-6": (TABLE_1_6, table_1_6),
}


def csv_text(header, rows) -> str:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue()


def tables(data_dir: str, fe: Path, aco_id: str, py: int, method: str) -> dict[str, str]:
    """{"1-1": csv text, …}; the tables that read `pe_*` files are left out for a run computed before them."""
    src = AlrSource(data_dir, fe, aco_id, py, method)
    has_detail = (fe / "pe_assignment.parquet").exists()
    return {key: csv_text(header, build(src)) for key, (header, build) in TABLES.items() if key == "1-1" or has_detail}

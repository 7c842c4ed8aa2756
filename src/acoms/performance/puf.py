"""The Shared Savings Program public-use files of a published run (program-deliverables.md §5):

| file                                         | layout                                                     |
| `PY<yyyy>_ACO_Results_PUF.csv`               | the results PUF in that year's CMS column order and units (rules/puf.write_results) |
| `PY<yyyy>_..._Organizations.csv`             | ACO-level (§5.2)                                           |
| `PY<yyyy>_..._Participants.csv`              | participant legal business names, no TIN (§5.3)            |
| `PY<yyyy>_..._SNF_Affiliates.csv`            | SNF affiliate legal business names, no CCN (§5.4)          |
| `Number_Of_ACO_Assigned_Beneficiaries_by_County_PUF_<yyyy>.csv` | person-years by type and county, cells of 1–10 beneficiaries suppressed (§5.5) |
| `data_dictionary.csv`                        | every column of every file: meaning, unit, source          |

Identifiers are text; nothing beneficiary-level is written. Which columns are filled is in docs/datahub.md.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from acoms.analytics.finance.agreements import read_agreements
from acoms.performance.models import AcoResult, Run
from acoms.performance.runner import run_dir
from acoms.rules.puf import write_results
from acoms.rules.pufdict import by_label, layout_for, normalize

SUPPRESS_MAX = 10  # counts 1–10 are suppressed (program-deliverables.md §5.5)
SUPPRESSED = "*"
PERCENT_COLUMNS = ("Sav_rate", "MinSavPerc", "FinalShareRate", "FinalLossRate")  # fe_puf holds 100 × the fraction
TYPES = ("ESRD", "DIS", "AGDU", "AGND")  # the engine's codes, CMS's column suffixes
ORGANIZATION_COLUMNS = [
    ("ACO_ID", "ACO identifier", "text"),
    ("ACO_Name", "ACO doing-business-as name", "text"),
    ("Agreement_Period_Num", "agreement period number", "count"),
    ("Current_Start_Date", "start of the current agreement period", "date"),
    ("BASIC_Track", "1 when in the BASIC track", "flag"),
    ("BASIC_Track_Level", "BASIC level A-E (empty for ENHANCED)", "text"),
    ("ENHANCED_Track", "1 when in the ENHANCED track", "flag"),
    ("Prospective_Assignment", "1 when assignment is prospective", "flag"),
    ("Retrospective_Assignment", "1 when assignment is retrospective", "flag"),
    ("N_AB", "assigned beneficiaries in the PY", "count"),
]
PARTICIPANT_COLUMNS = [
    ("ACO_ID", "ACO identifier", "text"),
    ("Par_LBN", "participant legal business name", "text"),
    ("ACO_Name", "ACO doing-business-as name", "text"),
]
SNF_COLUMNS = [
    ("ACO_ID", "ACO identifier", "text"),
    ("Aff_LBN", "SNF affiliate legal business name", "text"),
    ("ACO_Name", "ACO doing-business-as name", "text"),
]
COUNTY_COLUMNS = [
    ("Year", "performance year", "year"),
    ("ACO_ID", "ACO identifier", "text"),
    ("State_Name", "state name (empty: no code crosswalk in ACO-MS yet)", "text"),
    ("County_Name", "county name (empty: no code crosswalk in ACO-MS yet)", "text"),
    ("State_ID", "state code (first two digits of the county FIPS code; CMS publishes SSA codes)", "code"),
    ("County_ID", "county code (last three digits of the FIPS code; CMS publishes SSA codes)", "code"),
    ("AB_Psn_Yrs_ESRD", "assigned person-years, ESRD", "number"),
    ("AB_Psn_Yrs_DIS", "assigned person-years, disabled", "number"),
    ("AB_Psn_Yrs_AGDU", "assigned person-years, aged/dual", "number"),
    ("AB_Psn_Yrs_AGND", "assigned person-years, aged/non-dual", "number"),
    ("Tot_AB_Psn_Yrs", "assigned person-years, all types", "number"),
    ("Tot_AB", "assigned beneficiaries residing in the county", "count"),
]


def file_names(py: int) -> dict[str, str]:
    return {
        "results": f"PY{py}_ACO_Results_PUF.csv",
        "organizations": f"PY{py}_Medicare_Shared_Savings_Program_Organizations.csv",
        "participants": f"PY{py}_Medicare_Shared_Savings_Program_Participants.csv",
        "snf": f"PY{py}_Medicare_Shared_Savings_Program_SNF_Affiliates.csv",
        "county": f"Number_Of_ACO_Assigned_Beneficiaries_by_County_PUF_{py}.csv",
        "dictionary": "data_dictionary.csv",
    }


def _write(path: Path, columns, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow([c for c, _m, _u in columns])
        w.writerows(rows)


def results_rows(run: Run) -> list[dict]:
    """fe_puf's rows in the dictionary's names and project units (fractions), with the columns of that year's
    layout we can fill: name, track, quality score."""
    layout = {by_label()[normalize(label)].name for label, _ in layout_for(run.py).columns}
    agreements = read_agreements(run.agreements, run.py)
    names = {r.aco_id: (r.organization.name if r.organization else "") for r in AcoResult.objects.filter(run=run)}
    out = []
    for r in pq.read_table(run_dir(run) / "fe" / "fe_puf.parquet").to_pylist():
        a = agreements[r["ACO_ID"]]
        row = {k: v for k, v in r.items() if k in layout}
        for c in PERCENT_COLUMNS:
            if row.get(c) is not None:
                row[c] = row[c] / 100
        row.update(
            ACO_Name=names.get(r["ACO_ID"], ""),
            track=a.track,
            QualScore=a.quality_score / 100 if a.quality_score else None,
            Current_Start_Date=a.agreement_start,
            Agreement_Period_Num=a.agreement_period_num,
        )
        out.append({k: v for k, v in row.items() if k in layout or k == "track"})
    return out


def _organizations(run: Run) -> list[list]:
    agreements = read_agreements(run.agreements, run.py)
    rows = []
    for r in AcoResult.objects.filter(run=run).select_related("organization"):
        a = agreements[r.aco_id]
        basic = a.track != "EN"
        rows.append(
            [
                r.aco_id,
                r.organization.name if r.organization else "",
                a.agreement_period_num,
                a.agreement_start.strftime("%m/%d/%Y"),
                int(basic),
                a.track if basic else "",
                int(not basic),
                int(a.assignment_method == "prospective"),
                int(a.assignment_method == "retrospective"),
                r.assigned,
            ]
        )
    return rows


def _list_names(run: Run, kind: str, name_key: str) -> list[list]:
    from acoms.participants.models import Certification  # noqa: PLC0415 (as runner.certified_participants)

    published = {
        r.aco_id: r.organization.name
        for r in AcoResult.objects.filter(run=run).select_related("organization")
        if r.organization
    }
    rows = []
    for cert in Certification.objects.filter(py=run.py).select_related("organization").order_by("organization__aco_id"):
        aco_id = cert.organization.aco_id
        if aco_id not in published:
            continue
        for entry in sorted(cert.rows.get(kind, []), key=lambda e: e.get(name_key) or ""):
            rows.append([aco_id, entry.get(name_key) or "", published[aco_id]])
    return rows


def county_rows(run: Run) -> list[list]:
    """Person-years per type and beneficiaries per county of each ACO (its PY population under its method);
    a row of 1–10 beneficiaries has every figure suppressed, as CMS's file."""
    fe = run_dir(run) / "fe"
    agreements = read_agreements(run.agreements, run.py)
    py_cells = pq.read_table(fe / "fe_bene_year_type.parquet", filters=[("year", "=", run.py)]).to_pylist()
    county_of: dict[str, str] = {}
    for c in py_cells:  # the county of the beneficiary's latest eligible month (one per beneficiary-year)
        county_of[c["bene_id"]] = c["county_fips"] or ""
    pop = pq.read_table(fe / "fe_population.parquet", filters=[("year", "=", run.py)]).to_pylist()
    benes: dict[tuple[str, str], int] = defaultdict(int)
    for p in pop:
        if p["aco_id"] in agreements and p["method"] == agreements[p["aco_id"]].assignment_method:
            benes[(p["aco_id"], county_of.get(p["bene_id"], ""))] += 1
    years: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: dict.fromkeys(TYPES, 0.0))
    for r in pq.read_table(fe / "fe_aco_county.parquet", filters=[("year", "=", run.py)]).to_pylist():
        years[(r["aco_id"], r["county_fips"] or "")][r["enrollment_type"]] += r["person_years"]
    rows = []
    for key in sorted(set(benes) | set(years)):
        aco_id, fips = key
        n = benes.get(key, 0)
        by_type = years[key]
        state, county = (fips[:2], fips[2:]) if len(fips) == 5 else ("", "")
        rows.append([run.py, aco_id, "", "", state, county, *public_figures(n, by_type)])
    return rows


def public_figures(n: int, by_type: dict[str, float]) -> list:
    """Person-years per type, their total and the count; all suppressed when 1–10 beneficiaries."""
    if 1 <= n <= SUPPRESS_MAX:
        return [SUPPRESSED] * 6
    return [*(round(by_type[t], 2) for t in TYPES), round(sum(by_type.values()), 2), n]


def _dictionary(py: int) -> list[list]:
    names = file_names(py)
    rows = []
    layout = layout_for(py)
    for label, fmt in layout.columns:
        col = by_label()[normalize(label)]
        rows.append(
            [names["results"], label, col.meaning, fmt, f"CMS results PUF dictionary ({layout.name}: {layout.note})"]
        )
    for key, columns in (
        ("organizations", ORGANIZATION_COLUMNS),
        ("participants", PARTICIPANT_COLUMNS),
        ("snf", SNF_COLUMNS),
        ("county", COUNTY_COLUMNS),
    ):
        for c, meaning, unit in columns:
            rows.append([names[key], c, meaning, unit, "program-deliverables.md §5; ACO-MS run"])
    return rows


def publish(run: Run, out: Path) -> dict[str, Path]:
    """Write every public-use file of the run into `out`; the run must be published."""
    if run.publication != Run.Publication.PUBLISHED:
        raise ValueError(f"run {run.pk} is not published; public-use files come from published runs only")
    out.mkdir(parents=True, exist_ok=True)
    names = {k: out / v for k, v in file_names(run.py).items()}
    write_results(results_rows(run), run.py, names["results"])
    _write(names["organizations"], ORGANIZATION_COLUMNS, _organizations(run))
    _write(names["participants"], PARTICIPANT_COLUMNS, _list_names(run, "participants", "legal_name"))
    _write(names["snf"], SNF_COLUMNS, _list_names(run, "snf", "name"))
    _write(names["county"], COUNTY_COLUMNS, county_rows(run))
    _write(
        names["dictionary"], [(c, "", "") for c in ("file", "column", "meaning", "unit", "source")], _dictionary(run.py)
    )
    return names

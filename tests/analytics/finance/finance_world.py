"""Helpers of the financial-engine tests: a world builder on top of the analytics `Claims` builder, a risk
stage given as input rows (raw scores per beneficiary-year, renormalised as §4 says), and the worked example
of financial-engine.md §10. (A module of its own: test files import it by name.)"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from acoms.analytics import dataset
from acoms.analytics import engine as eng
from acoms.analytics.finance import run as frun
from acoms.analytics.finance.agreements import COLUMNS, read_agreements  # noqa: F401 (re-exported to tests)
from analytics.claims import Claims

TINS = {"A1": "111111111", "A2": "222222222", None: "999999999"}
YEARS = (2022, 2023, 2024, 2025, 2026)


@dataclass
class GivenRisk:
    cells: ibis.Table
    norm: ibis.Table


def given_risk(raw: dict[tuple[str, int], tuple[float, float]]):
    """A risk stage from given raw scores: raw[(bene, year)] = (hcc_raw, demo_raw). Renormalises per
    (year, type) over the national cells weighted by person-years (§4), the way the spec defines it."""

    def risk_scores(con, t, months, national, *, tables_year, new_enrollee_min_months):
        m = eng.to_arrow(months.group_by("bene_id", "year", "enrollment_type").agg(n=months.count())).to_pylist()
        nat = {(r["year"], r["bene_id"]) for r in eng.to_arrow(national).to_pylist()}
        sums: dict = {}
        for r in m:
            h, d = raw[(r["bene_id"], r["year"])]
            if (r["year"], r["bene_id"]) in nat:
                s = sums.setdefault((r["year"], r["enrollment_type"]), [0.0, 0.0, 0.0])
                py = r["n"] / 12
                s[0] += h * py
                s[1] += d * py
                s[2] += py
        norm = {k: (v[0] / v[2], v[1] / v[2]) for k, v in sums.items()}
        rows = []
        for r in m:
            h, d = raw[(r["bene_id"], r["year"])]
            mu = norm[(r["year"], r["enrollment_type"])]
            rows.append(
                {
                    "bene_id": r["bene_id"],
                    "year": r["year"],
                    "enrollment_type": r["enrollment_type"],
                    "new_enrollee": False,
                    "n_hcc": 0,
                    "hcc_raw": h,
                    "demo_raw": d,
                    "hcc_score": h / mu[0],
                    "demo_score": d / mu[1],
                }
            )
        cells = eng.from_arrow(con, pa.Table.from_pylist(rows), "given_fe_risk")
        norm_t = eng.from_arrow(
            con,
            pa.Table.from_pylist(
                [
                    {"year": y, "enrollment_type": t, "hcc_mean_raw": v[0], "demo_mean_raw": v[1]}
                    for (y, t), v in sorted(norm.items())
                ]
            ),
            "given_fe_risk_norm",
        )
        return GivenRisk(cells, norm_t)

    return risk_scores


class World:
    """Beneficiaries each assigned (through one primary care visit a year) to an ACO or to a non-ACO
    TIN, with the year's expenditure X on that visit's line. Every beneficiary is enrolled 2022–2026."""

    def __init__(self):
        self.c = Claims()
        self.raw: dict[tuple[str, int], tuple[float, float]] = {}
        self.agreements: list[dict] = []
        self.visits: dict[tuple[str, int], str] = {}  # (bene, year) -> claim id of the year's visit
        self.people: dict[str, tuple[dt.date, str, str]] = {}  # bene -> (birth date, sex, orec)
        self.diagnoses: list[dict] = []
        for i, (aco, tin) in enumerate(TINS.items()):
            npi = f"10000000{i:02d}"
            self.c.provider(npi, tin, "08")
            if aco:
                self.c.participant(aco, tin)

    def bene(
        self,
        bene_id,
        aco,
        county,
        x: dict[int, float],
        *,
        disabled=False,
        death=None,
        raw=None,
        visit_month="03",
        **flags,
    ):
        self.c.bene(
            bene_id, start="2022-01", end="2026-12", death=death, county_fips=county, disabled=disabled, **flags
        )
        npi = f"10000000{list(TINS).index(aco):02d}"
        for year in YEARS:
            paid = x.get(year, 0)
            self.visits[(bene_id, year)] = self.c.claim(
                bene_id,
                f"{year}-{visit_month}-10",
                [{"hcpcs_code": "99213", "allowed_amount": 100, "paid_amount": paid}],
                tin=TINS[aco],
                npi=npi,
                specialty="08",
            )
        for year in YEARS:
            self.raw[(bene_id, year)] = (raw or {}).get(year, (0.395, 0.395))

    def person(self, bene_id, birth: str, sex: str, orec: str):
        self.people[bene_id] = (dt.date.fromisoformat(birth), sex, orec)

    def diagnose(self, bene_id, year: int, code: str):
        """A diagnosis on the beneficiary's visit claim of `year` (a carrier claim with HCPCS 99213)."""
        self.diagnoses.append(
            {
                "claim_id": self.visits[(bene_id, year)],
                "bene_id": bene_id,
                "diagnosis_sequence": 1 + sum(d["claim_id"] == self.visits[(bene_id, year)] for d in self.diagnoses),
                "diagnosis_code": code,
            }
        )

    def agreement(self, **row):
        base = {
            "performance_year": 2026,
            "agreement_start": "2026-01-01",
            "assignment_method": "retrospective",
            "met_qps": "true",
            "met_alt_qps": "false",
        }
        base.update({k: ("" if v is None else str(v)) for k, v in row.items()})
        self.agreements.append(base)

    def write(self, root: Path) -> Path:
        self.c.write(root)
        if self.people or self.diagnoses:
            ben = pq.read_table(root / "beneficiary.parquet").to_pylist()
            for r in ben:
                if r["bene_id"] in self.people:
                    r["birth_date"], r["sex"], r["orec"] = self.people[r["bene_id"]]
            schema = pa.schema(list(dataset.arrow_schema("beneficiary")) + [("orec", pa.string())])
            pq.write_table(
                pa.Table.from_pylist([{"orec": None} | r for r in ben], schema=schema), root / "beneficiary.parquet"
            )
            pq.write_table(
                pa.Table.from_pylist(self.diagnoses, schema=dataset.arrow_schema("claim_diagnosis")),
                root / "claim_diagnosis.parquet",
            )
        with open(root / "agreements.csv", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(COLUMNS))
            w.writeheader()
            for r in self.agreements:
                w.writerow({k: r.get(k, "") for k in COLUMNS})
        return root

    def run(self, con, root: Path, py: int = 2026, real_risk: bool = False) -> dict[str, pa.Table]:
        """All stages; the risk stage given as input rows, or (`real_risk`) the engine's own."""
        root = self.write(root)
        return frun.compute(
            con,
            _tables(con, root),
            read_agreements(root / "agreements.csv", py),
            py,
            risk=None if real_risk else given_risk(self.raw),
        )


def _tables(con, root):

    ds = dataset.open_dataset(root)
    return ds.tables(con, dataset.read_participants(root / "participants.csv"))


def rows(table: pa.Table, *keys: str) -> dict:
    """Rows of an output table keyed by the given columns (one key -> the value itself)."""
    out = {}
    for r in table.to_pylist():
        k = tuple(r[c] for c in keys)
        out[k[0] if len(k) == 1 else k] = r
    return out


DIAB, PLAIN = (0.561, 0.395), (0.395, 0.395)


def worked_example() -> World:
    """financial-engine.md §10 (its table of beneficiaries and agreements)."""
    w = World()
    table = [
        ("b1", "A1", "C1", (11000, 11400, 11900, 12300), {2023, 2024, 2025, 2026}),
        ("b2", "A1", "C1", (7000, 7300, 7500, 7800), {2026}),
        ("b3", "A1", "C2", (6000, 6200, 6400, 3300), set()),
        ("b4", "A2", "C1", (16000, 16600, 17200, 17900), {2023, 2024, 2025, 2026}),
        ("b5", "A2", "C2", (14000, 14500, 15000, 15600), {2023}),
        ("b6", None, "C1", (12000, 12500, 13000, 13600), {2026}),
        ("b7", None, "C2", (9000, 9300, 9700, 10000), set()),
        ("b8", None, "C2", (30000, 31000, 32000, 33000), set()),
    ]
    for bene, aco, county, xs, diab in table:
        w.bene(
            bene,
            aco,
            county,
            dict(zip((2023, 2024, 2025, 2026), xs, strict=True)),
            death="2026-06-15" if bene == "b3" else None,
            raw={y: DIAB if y in diab else PLAIN for y in YEARS},
        )
    w.bene(
        "b9",
        "A2",
        "C1",
        {2023: 20000, 2024: 20800, 2025: 21600, 2026: 22500},
        disabled=True,
        raw=dict.fromkeys(YEARS, (0.34, 0.34)),
    )
    w.bene(
        "b10",
        None,
        "C2",
        {2023: 18000, 2024: 18700, 2025: 19400, 2026: 20200},
        disabled=True,
        raw=dict.fromkeys(YEARS, (0.215, 0.215)),
    )
    # demographics and diagnoses for the engine's own risk stage: AGND female born 1952-03-01, orec 0; DIS born
    # 1975-06-01, orec 1 (b9 female, b10 male); "diab" in score year Y = E1122 on the Y−1 visit (carrier, 99213)
    for bene, _aco, _county, _xs, diab in table:
        w.person(bene, "1952-03-01", "F", "0")
        for y in diab:
            w.diagnose(bene, y - 1, "E1122")
    w.person("b9", "1975-06-01", "F", "1")
    w.person("b10", "1975-06-01", "M", "1")
    w.agreement(
        aco_id="A1",
        agreement_period_num=1,
        track="E",
        msr_election="0.02",
        times_reg_adjusted_before=0,
        participant_revenue=20000,
        quality_score=80,
    )
    w.agreement(
        aco_id="A2",
        agreement_period_num=2,
        track="EN",
        msr_election="0",
        times_reg_adjusted_before=1,
        psa_pc_savings_1=300,
        psa_pc_savings_2=0,
        psa_pc_savings_3=450,
        psa_n_assigned_1=2,
        psa_n_assigned_2=2,
        psa_n_assigned_3=2,
        quality_score=90,
    )
    return w

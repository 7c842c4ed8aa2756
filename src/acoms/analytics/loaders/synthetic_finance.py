"""Synthetic claims datasets for the financial engine (financial-engine.md §1): five calendar years
BY1−1 … PY plus October–December before them (the BY1 window of prospective assignment), written in
chunks of beneficiaries as folders of Parquet parts, so a million beneficiaries fit in a few GB.

On top of the assignment cases of `synthetic.py` (same clinicians, TINs, facilities, visit model):
the optional contract columns (orec, lti, dual_status_code, ucp_amount, other_excluded_amount),
paid amounts per claim type with IME/DSH/UCP on inpatient stays and a heavy tail, chronic conditions
whose diagnoses map to V28 HCCs, deaths in every year, new enrollees, GHP and Part-A-only months,
ESRD/disabled/dual mixes with dual status codes, LTI months, movers across many counties, and an
`agreements.csv` (§1.3) covering every track and level, first and later agreement periods, both
assignment methods, PSA present and absent, low and high revenue.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .. import dataset
from ..finance.agreements import COLUMNS
from . import synthetic as base

# chronic conditions: (ICD-10 code, V28 CC it maps to, prevalence at the start, yearly incidence)
CONDITIONS = [
    ("E119", 38, 0.18, 0.015),
    ("E1122", 37, 0.06, 0.008),
    ("I5030", 226, 0.06, 0.01),
    ("I509", 226, 0.04, 0.006),
    ("J449", 280, 0.10, 0.008),
    ("N1830", 329, 0.06, 0.01),
    ("N184", 327, 0.02, 0.004),
    ("N185", 326, 0.01, 0.002),
    ("F331", 155, 0.04, 0.004),
    ("C3490", 20, 0.01, 0.002),
    ("C61", 23, 0.03, 0.004),
    ("I4891", 238, 0.08, 0.01),
    ("G309", 127, 0.03, 0.006),
    ("E6601", 48, 0.04, 0.004),
    ("M069", 93, 0.02, 0.002),
    ("F1020", 139, 0.01, 0.001),
    ("F200", 151, 0.005, 0.0005),
    ("L89154", 379, 0.005, 0.002),
    ("J9611", 213, 0.01, 0.003),
    ("K7030", 64, 0.005, 0.001),
    ("G35", 198, 0.003, 0.0003),
]
# diagnoses without an HCC (hypertension, hyperlipidemia, CAD, arthritis, screening, cough, ...)
NO_HCC_CODES = [
    "I10",
    "E785",
    "I2510",
    "M170",
    "Z0000",
    "R051",
    "Z23",
    "M549",
    "K219",
    "H2513",
    "E039",
    "N400",
    "R0600",
    "Z1231",
]
FULL_DUAL_CODES, PARTIAL_DUAL_CODES = ["02", "04", "08"], ["01", "03", "05", "06"]
# institutional claims per beneficiary-year and paid amounts (median $, lognormal sigma)
INSTITUTIONAL = {  # kind: (claims per bene-year, median paid, sigma, bill type, revenue center, ccn)
    "inpatient": (0.22, 12_000.0, 0.8, "111", "0120", "100001"),
    "outpatient": (1.4, 350.0, 1.0, "131", "0510", "100001"),
    "snf": (0.05, 9_000.0, 0.6, "211", "0191", "105001"),
    "hha": (0.08, 2_400.0, 0.5, "321", "0023", "107001"),
    "hospice": (0.02, 6_000.0, 0.7, "811", "0651", "101501"),
    "dme": (0.25, 180.0, 0.7, None, None, None),
}
OUTPATIENT_CODES = ["99213", "G0463", "71046", "93000", "36415", "80053"]
DIALYSIS_PAID = 6_500.0  # median $ of a month of outpatient dialysis
STATES = [
    "01",
    "04",
    "06",
    "08",
    "12",
    "13",
    "17",
    "18",
    "24",
    "25",
    "26",
    "27",
    "29",
    "34",
    "36",
    "37",
    "39",
    "41",
    "42",
    "47",
    "48",
    "51",
    "53",
    "55",
    "72",
]
TRACKS = ["A", "B", "C", "D", "E", "EN"]
MSR_ELECTIONS = ["variable", "0", "0.005", "0.01", "0.015", "0.02"]


def counties(count: int = 150) -> list[str]:
    """`count` distinct 5-digit county FIPS codes across many states (state + odd county number)."""
    return [f"{STATES[i % len(STATES)]}{2 * (i // len(STATES)) + 1:03d}" for i in range(count)]


def generate(
    out_dir,
    benes: int,
    acos: int,
    py: int,
    seed: int = 0,
    progress: bool = False,
    years: int = 5,
    chunk_size: int = 50_000,
) -> dict:
    """Write a financial-engine claims dataset for calendar years py−years+1 … py (from October of the year
    before), participants.csv and agreements.csv; returns a small summary."""
    t0 = time.time()
    rng = np.random.default_rng(seed)
    n, k = int(benes), max(1, int(acos))
    first_year = py - years + 1
    start, end = np.datetime64(f"{first_year - 1}-10-01"), np.datetime64(f"{py}-12-31")
    world = base.clinicians(rng, n, k, py, seed, benes_per_tin=120)  # enough TINs for every ACO
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    parts = Path(tempfile.mkdtemp(prefix=f".{out.name}.parts.", dir=out.parent))
    id_offset = int(rng.integers(0, 10**9))
    totals = {"claim_lines": 0, "claims": 0, "enrollment_months": 0}
    voluntary, claim_no = [], 0
    try:
        for c, lo in enumerate(range(0, n, chunk_size)):
            m = min(chunk_size, n - lo)
            crng = np.random.default_rng([seed, c])
            tables, n_claims = _chunk(crng, m, lo + id_offset, world, py, years, start, end, claim_no)
            claim_no += n_claims
            for name, table in tables.items():
                folder = parts / name
                folder.mkdir(exist_ok=True)
                pq.write_table(table.cast(_schema(name, table.column_names)), folder / f"part-{c:05d}.parquet")
            voluntary.append(
                base._voluntary(
                    crng, m, tables["beneficiary"]["bene_id"], world["npi_str"], world["prov_tin"], world["tin_aco"], py
                )
            )
            totals["claim_lines"] += tables["claim_line"].num_rows
            totals["claims"] += n_claims
            totals["enrollment_months"] += tables["enrollment"].num_rows
            base._log(
                f"chunk {c}: {lo + m:,} of {n:,} beneficiaries, {totals['claim_lines']:,} lines "
                f"({time.time() - t0:.0f}s)",
                progress,
            )
        provider = base.provider_table(world, dt.date(first_year - 2, 1, 1))
        small = {"provider": provider, "voluntary_alignment": pa.concat_tables(voluntary)}
        extra = {"participants.csv": world["participants"].encode(), "agreements.csv": agreements_csv(k, py).encode()}
        dataset.write_dataset(small, out, extra_files=extra)
        for folder in parts.iterdir():
            folder.rename(out / folder.name)
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    base._log(f"wrote {out} ({time.time() - t0:.0f}s)", progress)
    return {
        "beneficiaries": n,
        **totals,
        "years": f"{first_year}-{py}",
        "acos": k,
        "seconds": round(time.time() - t0, 1),
    }


def _schema(name: str, columns: list[str]) -> pa.Schema:
    extra = [
        pa.field(c, dataset.ARROW_TYPES[kind.rstrip("?")])
        for c, kind in dataset.OPTIONAL_COLUMNS.get(name, {}).items()
        if c in columns
    ]
    return pa.schema(list(dataset.arrow_schema(name)) + extra)


def _chunk(rng, n, id_offset, world, py, years, start, end, first_claim):
    benes = _beneficiaries(rng, n, id_offset, py, years, start, end)
    enrollment, dialysis = _enrollment(rng, benes, start, end)
    death, dies = benes["death"], benes["dies"]
    ids = benes["table"]["bene_id"]
    lines, v_bene, v_day = base._visit_lines(
        rng,
        n,
        ids,
        world["prov_tin"],
        world["prov_class"],
        world["prov_spec"],
        world["npi_str"],
        world["tin_str"],
        world["facilities"],
        death,
        dies,
        start,
        end,
        visit_scale=7.5 * (years + 0.25),
        first_claim=first_claim,
    )
    n_visits = len(v_bene)
    inst, i_bene, i_day, i_kind = _institutional(
        rng, n, ids, death, dies, start, end, years, first_claim + n_visits, dialysis
    )
    lines = lines.append_column("ucp_amount", pa.nulls(lines.num_rows, pa.decimal128(14, 2)))
    lines = lines.append_column("other_excluded_amount", pa.nulls(lines.num_rows, pa.decimal128(14, 2)))
    lines = pa.concat_tables([lines, inst.select(lines.column_names).cast(lines.schema)])
    claim_bene = np.concatenate([v_bene, i_bene])
    claim_day = np.concatenate([v_day, i_day])
    inpatient = np.concatenate([np.zeros(n_visits, bool), i_kind == "inpatient"])
    # entrants have no claims before they enter Medicare
    keep_claim = claim_day >= benes["entry"][claim_bene]
    claim_ids = base._padded(np.arange(len(claim_bene), dtype=np.int64) + 10**11 + first_claim, 13)
    line_claim = np.asarray(lines["claim_id"].to_numpy(zero_copy_only=False).astype(np.int64)) - 10**11 - first_claim
    lines = lines.filter(pa.array(keep_claim[line_claim]))
    dx = _diagnoses(rng, benes, claim_ids, claim_bene, claim_day, inpatient, keep_claim)
    tables = {"beneficiary": benes["table"], "enrollment": enrollment, "claim_line": lines, "claim_diagnosis": dx}
    return tables, len(claim_bene)


def _beneficiaries(rng, n, id_offset, py, years, start, end) -> dict:
    """Ages, deaths in every year, new enrollees (entering at 65 during the span), ESRD and disabled
    beneficiaries, orec (NULL for a few: the contract default applies)."""
    bene_ids = base.mbis(n, offset=id_offset)
    py_start = np.datetime64(f"{py}-01-01")
    span = int((end - start).astype(int)) + 1
    age = rng.integers(66, 96, n)
    disabled = rng.random(n) < 0.12
    age[disabled] = rng.integers(25, 64, disabled.sum())
    birth = (py_start - (age * 365.25).astype("timedelta64[D]")).astype("datetime64[D]")
    entrant = ~disabled & (rng.random(n) < 0.06)
    entry = np.full(n, start)
    entry_day = start + (rng.random(n) * (span - 60)).astype(int).astype("timedelta64[D]")
    entry[entrant] = entry_day[entrant].astype("datetime64[M]").astype("datetime64[D]")
    birth[entrant] = (entry[entrant].astype("datetime64[M]") - np.timedelta64(65 * 12, "M")).astype("datetime64[D]")
    esrd = rng.random(n) < 0.015
    dies = rng.random(n) < 0.025 * years
    death_day = entry + (rng.random(n) * (end - entry).astype(int)).astype(int).astype("timedelta64[D]")
    death = np.where(dies, death_day, np.datetime64("NaT", "D"))
    orec = np.where(disabled, "1", np.where(rng.random(n) < 0.08, "1", "0")).astype(object)
    orec[esrd] = np.where(disabled[esrd], "3", "2")
    orec_mask = rng.random(n) < 0.02  # NULL: the contract default applies
    sex = np.where(rng.random(n) < 0.55, "F", "M").astype(object)
    sex[rng.random(n) < 0.001] = "U"
    table = pa.table(
        {
            "bene_id": bene_ids,
            "birth_date": base._dates(birth),
            "death_date": pa.array(death.astype("datetime64[D]"), pa.date32(), mask=~dies),
            "sex": pa.array(sex.astype(str)),
            "race": base._strings(list("0123456"), base._choice(rng, list("0123456"), [1, 75, 10, 3, 3, 6, 2], n)),
            "orec": pa.array(orec.astype(str), pa.string(), mask=orec_mask),
        }
    )
    return {
        "table": table,
        "birth": birth,
        "death": death,
        "dies": dies,
        "disabled": disabled,
        "esrd": esrd,
        "entry": entry,
    }


def _enrollment(rng, benes, start, end) -> tuple[pa.Table, tuple[np.ndarray, np.ndarray]]:
    """One row per enrolled month: Part-A-only and GHP stretches, ESRD from an onset month, disabled until 65,
    dual with status codes that change, LTI stays, movers among many counties, beneficiaries abroad; and the
    (beneficiary, month) of every fee-for-service ESRD month (a dialysis claim each)."""
    ids, birth, death, dies, entry = (
        benes["table"]["bene_id"],
        benes["birth"],
        benes["death"],
        benes["dies"],
        benes["entry"],
    )
    n = len(birth)
    first, last = start.astype("datetime64[M]"), end.astype("datetime64[M]")
    months = np.arange(first, last + np.timedelta64(1, "M")).astype("datetime64[D]")
    nm = len(months)
    idx = np.arange(nm)[None, :]
    alive = (months[None, :] >= entry[:, None]) & np.where(
        dies[:, None], months[None, :] <= death[:, None].astype("datetime64[M]").astype("datetime64[D]"), True
    )
    part_b = np.ones((n, nm), bool)
    a_only = rng.random(n) < 0.02
    part_b[a_only] = idx >= rng.integers(1, 18, a_only.sum())[:, None]
    ghp = np.zeros((n, nm), bool)
    ma = rng.random(n) < 0.05
    ghp[ma] = idx >= rng.integers(0, nm, ma.sum())[:, None]
    esrd = np.zeros((n, nm), bool)
    esrd[benes["esrd"]] = idx >= rng.integers(-12, nm, benes["esrd"].sum())[:, None]
    turns_65 = (birth.astype("datetime64[M]") + np.timedelta64(65 * 12, "M")).astype("datetime64[D]")
    disabled = benes["disabled"][:, None] & (months[None, :] < turns_65[:, None])
    dual_b = rng.random(n) < 0.18
    joins = ~dual_b & (rng.random(n) < 0.05)
    dual = np.repeat(dual_b[:, None], nm, 1)
    dual[joins] = idx >= rng.integers(0, nm, joins.sum())[:, None]
    codes = np.array(FULL_DUAL_CODES + PARTIAL_DUAL_CODES + [None], dtype=object)
    w = np.array([0.45, 0.1, 0.15, 0.12, 0.05, 0.03, 0.05, 0.05])
    first_code = rng.choice(len(codes), n, p=w / w.sum())
    second_code = rng.choice(len(codes), n, p=w / w.sum())
    switch = np.where(rng.random(n) < 0.15, rng.integers(0, nm, n), nm)
    code_idx = np.where(idx < switch[:, None], first_code[:, None], second_code[:, None])
    code = np.full((n, nm), None, dtype=object)
    code[dual] = codes[code_idx][dual]
    code[~dual & (rng.random((n, nm)) < 0.03)] = "00"
    lti = np.zeros((n, nm), bool)
    nh = rng.random(n) < 0.03
    lti[nh] = idx >= rng.integers(0, nm, nh.sum())[:, None]
    pool = counties()
    home = rng.integers(0, len(pool), n)
    moved = np.where(rng.random(n) < 0.03, rng.integers(1, nm, n), nm)
    county = np.where(idx < moved[:, None], home[:, None], rng.integers(0, len(pool), n)[:, None])
    county[rng.random(n) < 0.005, nm - 3 :] = len(pool)  # abroad at the end
    other = np.zeros((n, nm), bool)
    other[rng.random(n) < 0.01, nm - 12 :] = True
    m = alive.ravel()
    rows = np.repeat(np.arange(n), nm)[m]
    ffs_esrd = (alive & esrd & part_b & ~ghp).ravel()
    dialysis = (np.repeat(np.arange(n), nm)[ffs_esrd], np.tile(months, n)[ffs_esrd])
    return pa.table(
        {
            "bene_id": ids.take(pa.array(rows)),
            "month": base._dates(np.tile(months, n)[m]),
            "part_a": np.ones(m.sum(), bool),
            "part_b": part_b.ravel()[m],
            "ghp": ghp.ravel()[m],
            "esrd": esrd.ravel()[m],
            "disabled": disabled.ravel()[m],
            "dual": dual.ravel()[m],
            "county_fips": base._strings(pool + ["99999"], county.ravel()[m]),
            "other_initiative": pc.if_else(
                pa.array(other.ravel()[m]), pa.scalar("K0001"), pa.scalar(None, pa.string())
            ),
            "lti": lti.ravel()[m],
            "dual_status_code": pa.array(code.ravel()[m], pa.string()),
        }
    ), dialysis


def _institutional(rng, n, ids, death, dies, start, end, years, first_claim, dialysis):
    """Inpatient stays (IME on teaching hospitals, DSH, UCP, pass-through amounts), outpatient hospital,
    SNF, HHA, hospice and DME claims, with lognormal paid amounts and a heavy tail (outliers ×8), and a
    monthly outpatient dialysis claim (bill type 72x) in every ESRD month."""
    last = np.where(dies, death, end)
    span = np.maximum((last - start).astype(int) - 1, 1)
    frailty = rng.gamma(0.7, 1 / 0.7, n)
    parts = []
    for kind, (rate, median, sigma, bill, rev, ccn) in INSTITUTIONAL.items():
        count = rng.poisson(rate * (years + 0.25) * frailty)
        who = np.repeat(np.arange(n), count)
        m = len(who)
        s = start + (rng.random(m) * span[who]).astype(int).astype("timedelta64[D]")
        length = {
            "inpatient": rng.integers(2, 12, m),
            "snf": rng.integers(5, 40, m),
            "hha": rng.integers(20, 60, m),
            "hospice": rng.integers(5, 90, m),
        }.get(kind, np.zeros(m, int))
        e = np.minimum(s + length.astype("timedelta64[D]"), last[who])
        paid = median * rng.lognormal(0, sigma, m) * np.where(rng.random(m) < 0.005, 8.0, 1.0)
        parts.append((kind, who, s, e, paid, bill, rev, ccn))
    who, month = dialysis
    next_month = (month.astype("datetime64[M]") + np.timedelta64(1, "M")).astype("datetime64[D]")
    month_end = next_month - np.timedelta64(1, "D")
    e = np.minimum(month_end, last[who])
    paid = DIALYSIS_PAID * rng.lognormal(0, 0.2, len(who))
    parts.append(("dialysis", who, month, e, paid, "721", "0821", "102301"))
    lines, c_bene, c_day, c_kind = [], [], [], []
    next_id = first_claim
    for kind, who, s, e, paid, bill, rev, ccn in parts:
        m = len(who)
        n_lines = np.where(kind == "outpatient", 1 + rng.binomial(2, 0.5, m), 1)
        cl = np.repeat(np.arange(m), n_lines)
        line_no = np.arange(len(cl)) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines) + 1
        first = line_no == 1
        amount = np.where(first, paid[cl], np.round(paid[cl] * 0.1, 2))
        zeros = np.zeros(len(cl))
        ime = dsh = ucp = other = zeros
        if kind == "inpatient":
            teaching, dsh_h = rng.random(m) < 0.35, rng.random(m) < 0.5
            ime = np.where(first & teaching[cl], paid[cl] * rng.uniform(0.03, 0.12, len(cl)), 0.0)
            dsh = np.where(first & dsh_h[cl], paid[cl] * rng.uniform(0.02, 0.08, len(cl)), 0.0)
            ucp = np.where(first & dsh_h[cl], paid[cl] * rng.uniform(0.01, 0.05, len(cl)), 0.0)
            other = np.where(first & (rng.random(len(cl)) < 0.03), paid[cl] * 0.02, 0.0)
        hcpcs = (
            np.asarray(OUTPATIENT_CODES, dtype=object)[rng.integers(0, len(OUTPATIENT_CODES), len(cl))]
            if kind == "outpatient"
            else np.full(len(cl), {"dme": "E0601", "dialysis": "90999"}.get(kind), dtype=object)
        )
        inst = kind != "dme"
        claim_id = base._padded(np.arange(m, dtype=np.int64)[cl] + 10**11 + next_id, 13)
        lines.append(
            pa.table(
                {
                    "claim_id": claim_id,
                    "claim_line_number": line_no.astype(np.int64),
                    "bene_id": ids.take(pa.array(who[cl])),
                    "claim_type": pa.array(["outpatient" if kind == "dialysis" else kind] * len(cl), pa.string()),
                    "claim_start_date": base._dates(s[cl]),
                    "claim_end_date": base._dates(e[cl]),
                    "service_date": base._dates(s[cl]),
                    "hcpcs_code": pa.array(hcpcs, pa.string()),
                    "revenue_center_code": pa.array([rev] * len(cl), pa.string()),
                    "bill_type_code": pa.array([bill] * len(cl), pa.string()),
                    "place_of_service_code": pa.array([None if inst else "12"] * len(cl), pa.string()),
                    "rendering_npi": pa.nulls(len(cl), pa.string()),
                    "rendering_specialty_code": pa.nulls(len(cl), pa.string()),
                    "billing_tin": pa.nulls(len(cl), pa.string()),
                    "ccn": pa.array([ccn] * len(cl), pa.string()),
                    "allowed_amount": base._money(amount * 1.25),
                    "paid_amount": base._money(amount),
                    "ime_amount": base._money(ime),
                    "dsh_amount": base._money(dsh),
                    "ucp_amount": base._money(ucp),
                    "other_excluded_amount": base._money(other),
                }
            )
        )
        c_bene.append(who)
        c_day.append(e)
        c_kind.append(np.full(m, kind))
        next_id += m
    return (
        pa.concat_tables(lines),
        np.concatenate(c_bene),
        np.concatenate(c_day).astype("datetime64[D]"),
        np.concatenate(c_kind),
    )


def _diagnoses(rng, benes, claim_ids, claim_bene, claim_day, inpatient, keep):
    """Diagnoses of each claim: a random condition slot whose condition is active on the claim's day
    gives its code (80% of the time), else a code without an HCC; inpatient claims carry 3–6 codes."""
    n = len(benes["birth"])
    k = len(CONDITIONS)
    codes = np.array([c for c, *_ in CONDITIONS] + NO_HCC_CODES, dtype=object)
    prev = np.array([p for _, _, p, _ in CONDITIONS])
    inc = np.array([i for *_, i in CONDITIONS])
    start = benes["entry"].min()
    present = rng.random((n, k)) < prev[None, :]
    onset_years = rng.exponential(1 / inc[None, :], (n, k))
    onset = np.where(
        present, start - np.timedelta64(1, "D"), start + (onset_years * 365.25).astype(int).astype("timedelta64[D]")
    )
    nd = np.where(inpatient, rng.integers(3, 7, len(claim_bene)), 1 + (rng.random(len(claim_bene)) < 0.5))
    nd = np.where(keep, nd, 0)
    didx = np.repeat(np.arange(len(claim_bene)), nd)
    seq = np.arange(len(didx)) - np.repeat(np.cumsum(nd) - nd, nd) + 1
    slot = rng.integers(0, k, len(didx))
    b = claim_bene[didx]
    active = onset[b, slot] <= claim_day[didx]
    noise = k + rng.integers(0, len(NO_HCC_CODES), len(didx))
    pick = np.where(active & (rng.random(len(didx)) < 0.8), slot, noise)
    return pa.table(
        {
            "claim_id": claim_ids.take(pa.array(didx)),
            "bene_id": benes["table"]["bene_id"].take(pa.array(b)),
            "diagnosis_sequence": seq.astype(np.int64),
            "diagnosis_code": base._strings(list(codes), pick),
        }
    )


def agreements_csv(acos: int, py: int) -> str:
    """agreements.csv (§1.3) for ACOs A1001… in `py`: tracks A–E and EN in turn, first and later agreement
    periods, retrospective and prospective assignment, PSA values present and absent, low and high revenue."""
    rows = []
    for a in range(acos):
        track = TRACKS[a % len(TRACKS)]
        period = 1 + (a // len(TRACKS)) % 3  # 1, 2, 3
        two_sided = track not in ("A", "B")
        msr = MSR_ELECTIONS[(a // 2) % len(MSR_ELECTIONS)] if two_sided else ""
        method = "prospective" if a % 4 in (1, 2) else "retrospective"
        times = 0 if period == 1 else (a % 3)
        psa = period > 1 and a % 5 != 0
        savings = (
            [
                f"{(a * 37 % 900) - 300:.2f}",
                "" if a % 7 == 0 else f"{(a * 53 % 700) - 200:.2f}",
                f"{(a * 71 % 1100) - 350:.2f}",
            ]
            if psa
            else ["", "", ""]
        )
        counts = (
            [str(5000 + a * 97), "" if a % 7 == 0 else str(5200 + a * 89), str(5400 + a * 83)] if psa else ["", "", ""]
        )
        revenue = "" if a % 9 == 8 else ("100000.00" if a % 2 else "250000000.00")  # low / high revenue
        met_qps = a % 10 != 9
        met_alt = not met_qps and a % 20 == 9
        quality = 40 + (a * 13) % 56
        euc = "0.25" if a % 11 == 10 else "0"
        rows.append(
            {
                "aco_id": f"A{1001 + a}",
                "performance_year": py,
                "agreement_start": f"{py}-01-01",
                "agreement_period_num": period,
                "track": track,
                "msr_election": msr,
                "assignment_method": method,
                "times_reg_adjusted_before": times,
                **{f"psa_pc_savings_{j}": v for j, v in enumerate(savings, start=1)},
                **{f"psa_n_assigned_{j}": v for j, v in enumerate(counts, start=1)},
                "participant_revenue": revenue,
                "met_qps": str(met_qps).lower(),
                "met_alt_qps": str(met_alt).lower(),
                "quality_score": quality,
                "euc_fraction": euc,
            }
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")  # the reader's one column list
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()

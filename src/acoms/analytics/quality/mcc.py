"""Quality ID 484, admissions for patients with multiple chronic conditions (MCC), from the claims dataset.

As far as the measure information form is public (484 MIF, summarised in program-deliverables §4.4) and
the claims contract carries its fields:

- **Cohort**: beneficiaries aged 65 or over on January 1 of the PY, enrolled in Parts A and B without a
  Medicare Advantage (GHP) month in each of the 12 months before the PY and in every month of the PY they
  are alive; not in hospice (a hospice claim) in the year before; with two or more of the nine chronic
  condition groups in the year before (parameters ``mcc.csv`` and ``mcc_conditions.csv``).
- **Outcome**: acute admissions (the 479 acute-stay rule: inpatient claims at short-term acute and
  critical access hospitals) starting in the PY while at risk.
- **Time at risk**: from January 1 to December 31 (or death, or the day before hospice), less the days in an
  acute stay; the rate is admissions per 100 person-years at risk.

Not applied, because the contract or the repository data lack what they need: the CCW condition algorithms
(a CMS-HCC V28 stand-in finds the conditions, ``mcc_conditions.csv`` says how), the Planned Admission
Algorithm and the CCS outcome exclusions (no procedure codes or CCS map: every acute admission counts), the
"no visit to the entity" exclusion (every assigned beneficiary is the ACO's), and the days after discharge
and in a SNF that the MIF does not count as at risk. The rates are therefore crude; every output says so.
"""

from __future__ import annotations

import datetime as dt

import ibis
import pyarrow as pa
from ibis import _

from acoms.analytics import engine
from acoms.analytics.finance import hcc_tables
from acoms.lib.parameters import Named, load
from acoms.rules.parameters import named

from . import hwr, risk

CRUDE_LABEL = (
    "ACO-MS crude 484: chronic conditions through CMS-HCC V28 categories (not the CCW algorithms), no Planned "
    "Admission Algorithm or CCS outcome exclusions, at-risk time less acute-stay days only"
)
PACKAGE = "acoms.analytics.quality.parameters"


def parameters() -> Named:
    return load(PACKAGE, "mcc").named()


def conditions() -> dict[str, list[str]]:
    """condition group -> the CMS-HCC V28 categories that stand in for its CCW algorithm."""
    return {r["condition"]: r["hccs"].split("|") for r in load(PACKAGE, "mcc_conditions")}


def _days(later, earlier):
    return later.epoch_days() - earlier.epoch_days()


def chronic_conditions(con, tables: dict, py: int) -> ibis.Table:
    """(bene_id, n_conditions) over the diagnoses of every claim of the year before the PY."""
    groups = conditions()
    cc_rows = [(cc, name) for name, ccs in groups.items() for cc in ccs]
    cc_map = engine.from_arrow(
        con, pa.table({"cc": [c for c, _n in cc_rows], "condition": [n for _c, n in cc_rows]}), "mcc_conditions"
    )
    year = int(parameters()["hcc_tables_year"])
    dxcc = engine.from_arrow(con, hcc_tables.load(year).dx_to_cc, "mcc_dx_to_cc")
    lines = tables["claim_line"]
    claims = (
        lines.filter(lines.claim_end_date.between(dt.date(py - 1, 1, 1), dt.date(py - 1, 12, 31)))
        .select("claim_id")
        .distinct()
    )
    dx = tables["claim_diagnosis"]
    dx = dx.select("claim_id", "bene_id", code=dx.diagnosis_code.strip().upper().replace(".", ""))
    j = dx.join(claims, "claim_id").join(dxcc, dx.code == dxcc.diagnosis_code).join(cc_map, "cc")
    found = j.select("bene_id", "condition").distinct()
    return found.group_by("bene_id").agg(n_conditions=_.condition.count())


def _enrolled(tables: dict, py: int) -> ibis.Table:
    """(bene_id, back_months, py_months): Parts A and B non-GHP months before and in the PY."""
    e = tables["enrollment"]
    e = e.filter(e.part_a & e.part_b & ~e.ghp)
    start = dt.date(py, 1, 1)
    back = dt.date(py - 1, 1, 1)
    return e.group_by("bene_id").agg(
        back_months=((e.month >= back) & (e.month < start)).cast("int64").sum(),
        py_months=((e.month >= start) & (e.month <= dt.date(py, 12, 1))).cast("int64").sum(),
        dual=ibis.ifelse(e.month == start, e.dual.cast("int64"), 0).max(),
    )


def cohort(con, tables: dict, py: int) -> ibis.Table:
    """Beneficiaries of the 484 denominator with their strata and the end of their time at risk."""
    p = parameters()
    start, end = dt.date(py, 1, 1), dt.date(py, 12, 31)
    b = tables["beneficiary"].select("bene_id", "birth_date", "death_date", "sex")
    b = b.filter(
        (b.birth_date + ibis.interval(years=int(p["min_age"]))) <= start,
        b.death_date.isnull() | (b.death_date >= start),
    )
    lines = tables["claim_line"]
    hospice = lines.filter(lines.claim_type == "hospice")
    hospice_before = (
        hospice.filter(hospice.claim_start_date < start, hospice.claim_end_date >= dt.date(py - 1, 1, 1))
        .select("bene_id")
        .distinct()
    )
    hospice_start = (
        hospice.filter(hospice.claim_start_date.between(start, end))
        .group_by("bene_id")
        .agg(hospice_from=_.claim_start_date.min())
    )
    c = b.join(_enrolled(tables, py), "bene_id").anti_join(hospice_before, "bene_id")
    c = c.join(chronic_conditions(con, tables, py), "bene_id")
    c = c.filter(c.n_conditions >= int(p["min_conditions"]), c.back_months == int(p["lookback_months"]))
    c = c.left_join(hospice_start, "bene_id").select(c, "hospice_from")
    alive_to = ibis.ifelse(c.death_date.notnull() & (c.death_date < end), c.death_date, ibis.literal(end))
    hospice_eve = c.hospice_from - ibis.interval(days=1)  # at risk until the day before hospice
    at_risk_to = ibis.ifelse(c.hospice_from.notnull() & (hospice_eve < alive_to), hospice_eve, alive_to)
    needed = alive_to.month()  # every month of the PY while alive
    c = c.filter(c.py_months >= needed)
    age = start.year - c.birth_date.year() - ibis.ifelse((c.birth_date.month() * 100 + c.birth_date.day()) > 101, 1, 0)
    band = ibis.cases(*[(age.between(lo, hi), label) for lo, hi, label in hwr.AGE_BANDS])
    return c.select(
        "bene_id",
        "sex",
        "n_conditions",
        age_band=band,
        dual=c.dual.fill_null(0) > 0,
        at_risk_to=at_risk_to,
    )


def persons(con, tables: dict, py: int) -> ibis.Table:
    """One row per cohort beneficiary: ``outcome`` (admissions while at risk) and ``exposure`` (person-years)."""
    start = dt.date(py, 1, 1)
    c = cohort(con, tables, py)
    stays = hwr.acute_stays(tables["claim_line"])
    s = stays.join(c.select("bene_id", "at_risk_to"), "bene_id")
    s = s.filter(s.discharge >= start, s.admit <= s.at_risk_to)
    lo = ibis.ifelse(s.admit < start, ibis.literal(start), s.admit)
    hi = ibis.ifelse(s.discharge > s.at_risk_to, s.at_risk_to, s.discharge)
    per = s.group_by("bene_id").agg(
        admissions=(s.admit >= start).cast("int64").sum(),
        stay_days=(_days(hi, lo) + 1).sum(),
    )
    j = c.left_join(per, "bene_id").select(c, "admissions", "stay_days")
    days = _days(j.at_risk_to, ibis.literal(start)) + 1 - j.stay_days.fill_null(0)
    return j.select(
        "bene_id",
        "sex",
        "age_band",
        "dual",
        "n_conditions",
        outcome=j.admissions.fill_null(0),
        exposure=ibis.greatest(days, 0).cast("float64") / 365.25,
    )


def observed_by_aco(
    people: ibis.Table, assigned: ibis.Table, model: risk.RateModel | None = None, reference: ibis.Table | None = None
) -> ibis.Table:
    """Per ACO over its assigned beneficiaries: patients, admissions, person-years, the observed and the
    standardized rate per 100 person-years, and whether the case minimum (case_minimum_484) is met."""
    per = int(parameters()["rate_per_person_years"])
    model = model or risk.IndirectRateStandardization(reference if reference is not None else people)
    a = assigned.filter(assigned.aco_id.notnull()).select("bene_id", "aco_id")
    out = risk.standardize_rate(people.join(a, "bene_id"), model, per=per)
    minimum = int(named("quality_scoring")["case_minimum_484"])
    return out.mutate(meets_case_minimum=out.patients >= minimum, measure_label=ibis.literal(CRUDE_LABEL))

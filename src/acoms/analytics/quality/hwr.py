"""Quality ID 479, hospital-wide 30-day all-cause readmission (HWR), from the claims dataset.

As far as the claims contract (`analytics/dataset.py`) carries the fields the measure information form
uses (program-deliverables §4.4):

- **Acute stays**: inpatient claims (``claim_type = inpatient``) at a short-term acute hospital or critical
  access hospital (CCN ranges, parameter), one stay per claim: admission = first ``claim_start_date``,
  discharge = last ``claim_end_date``.
- **Index stays**: discharged in the PY; the beneficiary aged 65 or over at admission, alive at discharge,
  enrolled in Part A without a Medicare Advantage (GHP) month in each of the 12 months before the admission
  month and in every month from discharge to 30 days after (or to death); not a transfer (an acute admission
  at another hospital on the discharge day or the next, parameter) - the stay it transfers to can be one.
- **Outcome**: another acute admission from the discharge day to 30 days after it.

Not applied, because the contract has no ICD-10-PCS procedure codes, discharge status or CCS map: the
Planned Readmission Algorithm (every readmission counts as unplanned), the psychiatric / rehabilitation /
CCS cohort exclusions and the five specialty cohorts. The rates are therefore crude and higher than CMS's;
every output carries that label.
"""

from __future__ import annotations

import datetime as dt

import ibis
from ibis import _

from acoms.lib.parameters import Named, load
from acoms.rules.parameters import named

from . import risk

CRUDE_LABEL = (
    "ACO-MS crude 479: no Planned Readmission Algorithm, no CCS cohort exclusions or specialty cohorts "
    "(procedure codes and discharge status are not in the claims contract)"
)
AGE_BANDS = ((65, 74, "65-74"), (75, 84, "75-84"), (85, 200, "85+"))


def parameters() -> Named:
    return load("acoms.analytics.quality.parameters", "hwr").named()


def _acute_ccn(ccn) -> ibis.BooleanValue:
    digits = ccn.substr(2, 4)
    conds = []
    for rng in parameters()["acute_ccn_ranges"].split("|"):
        lo, hi = rng.split("-")
        conds.append(digits.between(lo, hi))
    ok = conds[0]
    for c in conds[1:]:
        ok = ok | c
    return ccn.notnull() & (ccn.length() == 6) & ok


def acute_stays(claim_line: ibis.Table) -> ibis.Table:
    """One row per inpatient claim at an acute hospital: bene_id, claim_id, ccn, admit, discharge."""
    ip = claim_line.filter(claim_line.claim_type == "inpatient", _acute_ccn(claim_line.ccn))
    return ip.group_by(["bene_id", "claim_id"]).agg(
        ccn=_.ccn.max(), admit=_.claim_start_date.min(), discharge=_.claim_end_date.max()
    )


def _enrolled_months(tables: dict, stays: ibis.Table) -> ibis.Table:
    """Per stay: Part A non-GHP months in the look-back and in the 30 days after discharge."""
    p = parameters()
    e = tables["enrollment"]
    e = e.filter(e.part_a & ~e.ghp).select("bene_id", "month")
    s = stays.mutate(
        back_from=stays.admit.truncate("M") - ibis.interval(months=int(p["lookback_months"])),
        back_to=stays.admit.truncate("M"),
        post_from=stays.discharge.truncate("M"),
        post_to=(stays.discharge + ibis.interval(days=int(p["readmission_days"]))).truncate("M"),
    )
    j = s.left_join(e, [s.bene_id == e.bene_id, e.month >= s.back_from, e.month <= s.post_to])
    return j.group_by("claim_id").agg(
        back_months=((j.month >= j.back_from) & (j.month < j.back_to)).cast("int64").sum(),
        post_months=((j.month >= j.post_from) & (j.month <= j.post_to)).cast("int64").sum(),
    )


def index_stays(tables: dict, py: int) -> ibis.Table:
    """Index stays of performance year ``py`` with their strata and the 0/1 readmission outcome."""
    p = parameters()
    stays = acute_stays(tables["claim_line"])
    b = tables["beneficiary"].select("bene_id", "birth_date", "death_date", "sex")
    start, end = dt.date(py, 1, 1), dt.date(py, 12, 31)
    idx = stays.filter(stays.discharge.between(start, end)).join(b, "bene_id")
    idx = idx.filter(
        (idx.birth_date + ibis.interval(years=int(p["min_age"]))) <= idx.admit,
        idx.death_date.isnull() | (idx.death_date > idx.discharge),
    )
    nxt = stays.select(n_bene="bene_id", n_claim="claim_id", n_ccn="ccn", n_admit="admit")
    gap, days = int(p["transfer_gap_days"]), int(p["readmission_days"])
    pairs = idx.join(
        nxt,
        [
            idx.bene_id == nxt.n_bene,
            idx.claim_id != nxt.n_claim,
            nxt.n_admit >= idx.discharge,
            nxt.n_admit <= idx.discharge + ibis.interval(days=days),
        ],
    )
    flags = pairs.group_by("claim_id").agg(
        transfer=((pairs.n_ccn != pairs.ccn) & (pairs.n_admit <= pairs.discharge + ibis.interval(days=gap)))
        .cast("int64")
        .max(),
        readmitted=_.n_claim.count(),
    )
    idx = idx.left_join(flags, "claim_id").select(idx, "transfer", "readmitted")
    idx = idx.filter(idx.transfer.isnull() | (idx.transfer == 0))
    months = _enrolled_months(tables, idx.select("bene_id", "claim_id", "admit", "discharge"))
    idx = idx.join(months, "claim_id")
    d30_month = (idx.discharge + ibis.interval(days=days)).truncate("M")
    death_month = idx.death_date.truncate("M")
    post_end = ibis.ifelse(idx.death_date.notnull() & (death_month < d30_month), death_month, d30_month)
    post_needed = (post_end.year() * 12 + post_end.month()) - (idx.discharge.year() * 12 + idx.discharge.month()) + 1
    idx = idx.filter(idx.back_months == int(p["lookback_months"]), idx.post_months >= post_needed)
    age = (
        idx.admit.year()
        - idx.birth_date.year()
        - ibis.ifelse(
            (idx.admit.month() * 100 + idx.admit.day()) < (idx.birth_date.month() * 100 + idx.birth_date.day()), 1, 0
        )
    )
    band = ibis.cases(*[(age.between(lo, hi), label) for lo, hi, label in AGE_BANDS])
    dual = _dual_at_admission(tables, idx)
    idx = idx.left_join(dual, "claim_id").select(idx, "dual")
    return idx.select(
        "bene_id",
        "claim_id",
        "ccn",
        "admit",
        "discharge",
        "sex",
        age_band=band,
        dual=idx.dual.fill_null(False),
        outcome=(idx.readmitted.fill_null(0) > 0).cast("int64"),
    )


def _dual_at_admission(tables: dict, idx: ibis.Table) -> ibis.Table:
    e = tables["enrollment"].select(e_bene="bene_id", e_month="month", dual="dual")
    j = idx.select("claim_id", "bene_id", adm_month=idx.admit.truncate("M"))
    j = j.join(e, [j.bene_id == e.e_bene, j.adm_month == e.e_month])
    return j.group_by("claim_id").agg(dual=_.dual.max())


def observed_by_aco(
    stays: ibis.Table, assigned: ibis.Table, model: risk.RiskModel | None = None, reference: ibis.Table | None = None
) -> ibis.Table:
    """Per ACO over its assigned beneficiaries: index stays, readmissions, the observed rate, the
    standardized rate under ``model`` (default: the labelled stand-in against ``reference`` or every
    index stay) and whether the case minimum (parameter case_minimum_479 of the quality rules) is met."""

    model = model or risk.IndirectStandardization(reference if reference is not None else stays)
    a = assigned.filter(assigned.aco_id.notnull()).select("bene_id", "aco_id")
    mine = stays.join(a, "bene_id")
    out = risk.standardize(mine, model)
    minimum = int(named("quality_scoring")["case_minimum_479"])
    return out.mutate(meets_case_minimum=out.index_stays >= minimum, measure_label=ibis.literal(CRUDE_LABEL))

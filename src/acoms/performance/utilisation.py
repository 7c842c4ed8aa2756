"""Per-beneficiary utilisation in the PY, from the run's claims: ED visits, inpatient admissions and
30-day readmissions (definitions in performance/parameters/utilisation.csv, docs/datahub.md)."""

from __future__ import annotations

import datetime as dt

import ibis
from ibis import _

from acoms.lib.parameters import load


def _codes(spec: str) -> list[str]:
    """`0450-0459|0981` -> every code, zero-padded as written."""
    out: list[str] = []
    for part in spec.split("|"):
        if "-" in part:
            low, high = part.split("-")
            out += [str(n).zfill(len(low)) for n in range(int(low), int(high) + 1)]
        else:
            out.append(part)
    return out


def per_beneficiary(t: dict, py: int) -> ibis.Table:
    """bene_id, ed_visits, admissions, readmissions for every beneficiary with one of them in `py`."""
    params = load("acoms.performance.parameters", "utilisation")
    ed_codes = _codes(str(params.value("ed_revenue_centers", py)))
    days = int(params.value("readmission_days", py))
    start, end = dt.date(py, 1, 1), dt.date(py, 12, 31)
    c = t["claim_line"]
    ed = c.filter(
        c.claim_type == "outpatient",
        c.revenue_center_code.isin(ed_codes),
        c.claim_start_date.between(start, end),
    )
    ed = ed.group_by("bene_id").agg(ed_visits=_.claim_id.nunique())
    stays = (
        c.filter(c.claim_type == "inpatient", c.claim_start_date.between(start, end))
        .group_by("bene_id", "claim_id")
        .agg(admit=_.claim_start_date.min(), discharge=_.claim_end_date.max())
    )
    w = ibis.window(group_by="bene_id", order_by=["admit", "claim_id"])
    stays = stays.mutate(prev_discharge=stays.discharge.lag().over(w))
    readmit = stays.prev_discharge.notnull() & (stays.admit <= stays.prev_discharge + ibis.interval(days=days))
    ip = stays.group_by("bene_id").agg(admissions=_.count(), readmissions=readmit.cast("int64").sum())
    both = ed.outer_join(ip, ed.bene_id == ip.bene_id)
    return both.select(
        bene_id=both.bene_id.coalesce(both.bene_id_right),
        ed_visits=both.ed_visits.fill_null(0).cast("int64"),
        admissions=both.admissions.fill_null(0).cast("int64"),
        readmissions=both.readmissions.fill_null(0).cast("int64"),
    )

"""The PY assignment detail a run keeps beside the engine's `fe_*` files, for the ALR tables 1-2, 1-4, 1-5
and 1-6, the beneficiary explanation page and the care-management lists.

For each assignment method in the agreements, `assign()` runs again with exactly the parameters the
financial engine used for the PY (`populations.year_parameters(py, method, py)`, financial-engine.md §2),
so its result equals the PY rows of `fe_population`; what the engine does not keep is written here:

| file                      | grain                                   | content                                   |
| `pe_assignment.parquet`   | method × assignable beneficiary         | aco_id, step, allowed_amount, enrollment_type, reason |
| `pe_explanation.parquet`  | method × beneficiary × competing entity | step, entity_kind, entity_id, allowed_amount, rank, qualifies |
| `pe_ineligible.parquet`   | method × ineligible beneficiary         | ineligible_reason (§425.401(a))           |
| `pe_services.parquet`     | beneficiary × participant TIN × NPI     | primary care service lines in the PY window (ALR 1-2/1-4 counts) |
| `pe_utilisation.parquet`  | beneficiary                             | PY ED visits, inpatient admissions, readmissions within 30 days |
"""

from __future__ import annotations

import json
from pathlib import Path

import ibis
import pyarrow.parquet as pq
from ibis import _

from acoms.analytics import dataset, engine
from acoms.analytics.assignment import assign
from acoms.analytics.finance.agreements import read_agreements
from acoms.analytics.finance.populations import year_parameters
from acoms.performance import utilisation

FILES = ("pe_assignment", "pe_explanation", "pe_ineligible", "pe_services", "pe_utilisation")


def _with_method(expr: ibis.Table, method: str) -> ibis.Table:
    return expr.mutate(method=ibis.literal(method))


def _union(parts: list[ibis.Table]) -> ibis.Table:
    out = parts[0]
    for p in parts[1:]:
        out = out.union(p)
    return out


def services(t: dict, py: int) -> ibis.Table:
    """Carrier primary care service lines of the PY's retrospective window billed under a participant TIN:
    the ALR 1-2 count per TIN (`B_EM_LINE_CNT_T`) and 1-4 per TIN × NPI (`PCS_COUNT`)."""
    p = year_parameters(py, "retrospective", py)
    c = t["claim_line"]
    c = c.filter(
        c.claim_type == "carrier",
        c.service_date.between(p.window_start, p.window_end),
        c.hcpcs_code.isin(sorted(p.codes_window)),
        c.billing_tin.notnull(),
    )
    part = t["participants"]
    part = part.filter(part.start_date <= p.list_end, part.end_date.isnull() | (part.end_date >= p.list_start)).select(
        p_aco="aco_id", p_tin="tin"
    )
    c = c.join(part.distinct(), c.billing_tin == part.p_tin)
    return c.group_by(aco_id=_.p_aco, bene_id=_.bene_id, tin=_.billing_tin, npi=_.rendering_npi).agg(n_lines=_.count())


def write(data_dir, participants, agreements, py: int, out: Path, engine_name: str = "duckdb", progress=None) -> None:
    """Write the `pe_*` files of `py` into `out` (the run's work folder, beside `fe_*`)."""
    say = progress or (lambda msg: None)
    methods = ["retrospective"] + sorted(
        {a.assignment_method for a in read_agreements(agreements, py).values()} - {"retrospective"}
    )
    ds = dataset.open_dataset(data_dir)
    con = engine.connect(engine_name)
    t = ds.tables(con, dataset.read_participants(participants))
    assigned, explained, ineligible = [], [], []
    retro_eligible = None
    for method in methods:
        say(f"settlement: assignment detail PY{py} {method}")
        r = assign(con, t, year_parameters(py, method, py))
        a, e = r.assignment, r.explanation
        if method == "retrospective":
            retro_eligible = r.eligibility.filter(r.eligibility.eligible).select("bene_id")
        elif retro_eligible is not None:  # §425.401(b), as the engine's populations stage
            a = a.semi_join(retro_eligible, "bene_id")
            e = e.semi_join(retro_eligible, "bene_id")
        assigned.append(_with_method(a, method))
        explained.append(_with_method(e, method))
        inel = r.eligibility.filter(~r.eligibility.eligible).select("bene_id", "ineligible_reason")
        ineligible.append(_with_method(inel, method))
    tables = {
        "pe_assignment": engine.to_arrow(_union(assigned).order_by("method", "bene_id")),
        "pe_explanation": engine.to_arrow(
            _union(explained).order_by("method", "bene_id", "step", "rank", "entity_kind", "entity_id")
        ),
        "pe_ineligible": engine.to_arrow(_union(ineligible).order_by("method", "bene_id")),
        "pe_services": engine.to_arrow(services(t, py).order_by("aco_id", "bene_id", "tin", "npi")),
        "pe_utilisation": engine.to_arrow(utilisation.per_beneficiary(t, py).order_by("bene_id")),
    }
    md = {b"acoms": json.dumps({"py": py, "windows": {m: _window(py, m) for m in methods}}).encode()}
    for name, table in tables.items():
        pq.write_table(table.replace_schema_metadata(md), out / f"{name}.parquet")


def _window(py: int, method: str) -> dict:
    p = year_parameters(py, method, py)
    return {"start": str(p.window_start), "end": str(p.window_end), "expanded_start": str(p.expanded_start)}

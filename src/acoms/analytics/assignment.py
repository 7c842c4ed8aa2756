"""Beneficiary assignment, 42 CFR 425.400-425.404, as Ibis expressions.

`assign(con, tables, params)` returns three expressions: the assignment (one row per assignable
beneficiary), the explanation (beneficiary x competing entity x step, with allowed charges
and rank) and the eligibility of every enrolled beneficiary. It chains named stages, each a
function returning one table and testable alone (docs/assignment.md "Stages"):
competing_entities -> eligibility -> counted_lines -> primary_care_services ->
allowed_charges_by_entity -> candidate_steps -> step_ranking (steps 1-3) -> top_entity ->
claims_based -> step3_retry_ranking/step3_retry_winners -> voluntary/with_voluntary_alignment.
Every step follows the numbered readings of docs/assignment.md ("Method, rule by rule"); parameters come from
`acoms.analytics.parameters` (CSV tables keyed by performance year).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
from ibis import _

from . import engine
from .parameters import AssignmentParameters

MONEY = "decimal(14, 2)"
PN = ("pcp", "npp")  # step 1 clinicians: primary care physicians + NP/PA/CNS
PHYS = ("pcp", "specialist")  # pre-step clinicians: ACO physicians


@dataclass
class AssignmentResult:
    assignment: ibis.Table
    explanation: ibis.Table
    eligibility: ibis.Table


def _code_table(con, p: AssignmentParameters) -> ibis.Table:
    codes = sorted(p.codes_window | p.codes_expanded)
    return engine.from_arrow(
        con,
        pa.table(
            {
                "hcpcs_code": codes,
                "code_in_window": [c in p.codes_window for c in codes],
                "code_in_expanded": [c in p.codes_expanded for c in codes],
                "is_nf": [c in p.nursing_facility_codes for c in codes],
                "is_acp": [c in p.acp_codes for c in codes],
                "is_addon": [c in p.addon_codes for c in codes],
            }
        ),
        "acoms_pc_codes",
    )


def _specialty_table(con, p: AssignmentParameters) -> ibis.Table:
    items = sorted(p.specialties.items())
    return engine.from_arrow(
        con, pa.table({"spec_code": [k for k, _v in items], "cls": [v for _k, v in items]}), "acoms_specialties"
    )


def competing_entities(participants: ibis.Table, p: AssignmentParameters) -> ibis.Table:
    """(key_kind 'tin'|'ccn', key) -> aco_id, excluded. Reading 6 (lists in force during the PY)
    and reading 7 (a TIN on two ACOs' lists, and CCNs listed under it, count for nobody)."""
    pf = participants.filter(
        participants.start_date <= p.list_end,
        participants.end_date.isnull() | (participants.end_date >= p.list_start),
    )
    tins = pf.group_by("tin").agg(n_aco=_.aco_id.nunique(), aco_id=_.aco_id.max())
    tins = tins.mutate(excluded=tins.n_aco > 1)
    rows = pf.filter(pf.ccn.notnull()).select("aco_id", "tin", "ccn")
    rows = rows.join(tins.select("tin", tin_excluded="excluded"), "tin")
    ccns = rows.group_by("ccn").agg(n_aco=_.aco_id.nunique(), aco_id=_.aco_id.max(), tin_excluded=_.tin_excluded.max())
    ccns = ccns.mutate(excluded=(ccns.n_aco > 1) | ccns.tin_excluded)
    return tins.select(key_kind=ibis.literal("tin"), key="tin", aco_id="aco_id", excluded="excluded").union(
        ccns.select(key_kind=ibis.literal("ccn"), key="ccn", aco_id="aco_id", excluded="excluded")
    )


def eligibility(t: dict, p: AssignmentParameters) -> ibis.Table:
    """§425.401(a) over the 12-month window (reading 10) and the majority enrollment type."""
    e = t["enrollment"]
    b = t["beneficiary"].select("bene_id", "death_date")
    e = e.filter(e.month.between(p.window_start, p.window_end))
    e = e.left_join(b, e.bene_id == b.bene_id)
    e = e.filter(e.death_date.isnull() | (e.month <= e.death_date))
    e = e.mutate(
        etype=ibis.ifelse(
            e.esrd, "esrd", ibis.ifelse(e.disabled, "disabled", ibis.ifelse(e.dual, "aged_dual", "aged_nondual"))
        )
    )
    flags = e.group_by("bene_id").agg(
        ab_months=(e.part_a & e.part_b).cast("int64").sum(),
        one_part=(e.part_a != e.part_b).any(),
        ghp=e.ghp.any(),
        other=e.other_initiative.notnull().any(),
        last_county=e.county_fips.argmax(e.month),
    )
    prio = {"esrd": 4, "disabled": 3, "aged_dual": 2, "aged_nondual": 1}
    types = e.group_by("bene_id", "etype").agg(n=_.count())
    score = types.n * 10 + types.etype.substitute(prio, else_=0)
    types = types.group_by("bene_id").agg(enrollment_type=types.etype.argmax(score))
    f = flags.join(types, "bene_id")
    reason = ibis.ifelse(
        f.ab_months < 1,
        "no month of Part A and Part B",
        ibis.ifelse(
            f.one_part,
            "Part A-only or Part B-only month",
            ibis.ifelse(
                f.ghp,
                "Medicare group health plan month",
                ibis.ifelse(
                    f.other,
                    "aligned to another shared-savings initiative",
                    ibis.ifelse(f.last_county == p.outside_us_county, "resides outside the U.S.", None),
                ),
            ),
        ),
    )
    return f.select("bene_id", "enrollment_type", ineligible_reason=reason, eligible=reason.isnull())


def _snf_excluded_lines(claims: ibis.Table, p: AssignmentParameters) -> ibis.Table:
    """Nursing-facility codes on FQHC/RHC/CAH lines dated inside a SNF stay (reading 5)."""
    nf = claims.filter(
        claims.claim_type == "outpatient",
        claims.hcpcs_code.isin(p.nursing_facility_codes),
        claims.service_date.between(p.expanded_start, p.window_end),
    ).select("claim_id", "claim_line_number", "bene_id", "service_date")
    snf = (
        claims.filter(claims.claim_type == "snf")
        .select(s_bene="bene_id", s_from="claim_start_date", s_thru="claim_end_date")
        .distinct()
    )
    hit = nf.join(snf, [nf.bene_id == snf.s_bene, nf.service_date >= snf.s_from, nf.service_date <= snf.s_thru])
    return hit.select("claim_id", "claim_line_number").distinct()


def counted_lines(con, t: dict, entities: ibis.Table, p: AssignmentParameters) -> ibis.Table:
    """Primary care service lines that count for assignment, with clinician class and the
    competing entity (ACO, non-ACO TIN, non-participant CCN). Readings 1-7."""
    c = t["claim_line"]
    c = c.filter(
        c.service_date.between(p.expanded_start, p.window_end),
        c.claim_type.isin(("carrier", "outpatient")),
        c.hcpcs_code.notnull(),
    )
    c = c.join(_code_table(con, p), "hcpcs_code")
    bill2 = c.bill_type_code.substr(0, 2)
    carrier = c.claim_type == "carrier"
    fqhc_rhc = (c.claim_type == "outpatient") & bill2.isin(p.fqhc_rhc_bill_prefixes)
    cah2 = (
        (c.claim_type == "outpatient")
        & bill2.isin(p.cah2_bill_prefixes)
        & c.revenue_center_code.substr(0, 3).isin(p.cah2_revenue_prefixes)
        & c.rendering_npi.notnull()
    )
    c = c.mutate(carrier=carrier, fqhc_rhc=fqhc_rhc).filter(carrier | fqhc_rhc | cah2)
    # setting exclusions on professional lines (reading 5)
    pos = c.place_of_service_code
    c = c.filter(
        ~(c.carrier & c.is_nf & pos.isin(p.snf_pos).fill_null(False)),
        ~(c.is_acp & pos.isin(p.inpatient_pos).fill_null(False)),
    )
    c = c.anti_join(_snf_excluded_lines(t["claim_line"], p), ["claim_id", "claim_line_number"])
    # clinician class: line specialty, else the registry specialty of the rendering NPI (reading 4)
    reg = t["provider"].group_by("npi").agg(reg_spec=_.specialty_code.min())
    c = c.left_join(reg, c.rendering_npi == reg.npi)
    c = c.mutate(spec_code=c.rendering_specialty_code.coalesce(c.reg_spec))
    spec = _specialty_table(con, p)
    c = c.left_join(spec, c.spec_code == spec.spec_code)
    c = c.mutate(cls=ibis.ifelse(c.fqhc_rhc, "pcp", c.cls)).filter(_.cls.notnull())
    # competing entity (readings 6-7)
    c = c.mutate(
        key_kind=ibis.ifelse(c.carrier, "tin", "ccn"), key=ibis.ifelse(c.carrier, c.billing_tin, c.ccn)
    ).filter(_.key.notnull())
    c = c.left_join(entities, [c.key_kind == entities.key_kind, c.key == entities.key])
    c = c.filter(~c.excluded.fill_null(False))
    in_window = c.service_date >= p.window_start
    return c.select(
        "bene_id",
        "claim_id",
        "is_addon",
        "cls",
        entity_kind=ibis.ifelse(c.aco_id.notnull(), "aco", c.key_kind),
        entity_id=c.aco_id.coalesce(c.key),
        in_w=in_window & c.code_in_window,
        in_x=c.code_in_expanded,
        amt=c.allowed_amount.cast(MONEY),
    )


def primary_care_services(lines: ibis.Table) -> ibis.Table:
    """The counted lines without orphan add-ons: 99354/99355 count only on a claim with another counted primary
    care line (reading 5)."""
    addon_claims = lines.filter(lines.is_addon).select("claim_id").distinct()
    base = lines.filter(~lines.is_addon).semi_join(addon_claims, "claim_id").select("claim_id").distinct()
    orphan = addon_claims.anti_join(base, "claim_id").mutate(is_addon=ibis.literal(True))
    return lines.anti_join(orphan, ["claim_id", "is_addon"])


def allowed_charges_by_entity(services: ibis.Table, eligible: ibis.Table) -> ibis.Table:
    """Allowed charges and service flags per eligible beneficiary x competing entity: `pn12` PCP+NPP and `sp12`
    specialist charges in the window, `all24` every clinician's over the expanded window; `phys12` an ACO-physician
    class service (PCP or specialist) in the window, `pn12_any`, `npp12`, `phys24` likewise."""
    lines = services.semi_join(eligible, "bene_id")
    pn, phys = lines.cls.isin(PN), lines.cls.isin(PHYS)
    zero = ibis.literal(0).cast(MONEY)
    return lines.group_by("bene_id", "entity_kind", "entity_id").agg(
        pn12=lines.amt.sum(where=lines.in_w & pn).coalesce(zero),
        sp12=lines.amt.sum(where=lines.in_w & (lines.cls == "specialist")).coalesce(zero),
        all24=lines.amt.sum(where=lines.in_x).coalesce(zero),
        phys12=(lines.in_w & phys).any(),
        pn12_any=(lines.in_w & pn).any(),
        npp12=(lines.in_w & (lines.cls == "npp")).any(),
        phys24=(lines.in_x & phys).any(),
    )


def candidate_steps(totals: ibis.Table, p: AssignmentParameters) -> ibis.Table:
    """The pre-step pool and the step that decides (§425.402(b)(1), readings 8, 8a and 10): one row per assignable
    beneficiary, `cand_step` step1 (some PCP/NPP service), step2 (none) or step3, and `pooled` (in some ACO's pool,
    or a step-3 candidate). A beneficiary outside every ACO's pool is still ranked, for the explanation, in the step
    its services fall under, where no ACO can qualify."""
    flags = totals.group_by("bene_id").agg(
        in_pool=(totals.phys12 & (totals.entity_kind == "aco")).any(),
        any_phys=totals.phys12.any(),
        any_pn=totals.pn12_any.any(),
        step3_cand=(totals.npp12 & totals.phys24 & (totals.entity_kind == "aco")).any(),
    )
    step3_cand = flags.step3_cand & ibis.literal(p.step3) & ~flags.in_pool
    flags = flags.mutate(
        cand_step=ibis.ifelse(step3_cand, "step3", ibis.ifelse(flags.any_pn, "step1", "step2")),
        pooled=flags.in_pool | step3_cand,
    )
    return flags.filter(flags.any_phys | step3_cand).select("bene_id", "cand_step", "pooled")


# step -> (the allowed-charge column it ranks by, the ACO's qualifying service for it)
STEPS = {
    "step1": ("pn12", lambda x: x.phys12),
    "step2": ("sp12", lambda x: x.phys12),
    "step3": ("all24", lambda x: x.npp12 & x.phys24),
}


def step_ranking(totals: ibis.Table, candidates: ibis.Table, step: str) -> ibis.Table:
    """Steps 1-3 (§425.402(b)(3)-(5), readings 8-9): every competing entity of the beneficiaries whose deciding
    step is `step`, ranked by that step's allowed charges (ties share a rank), with `qualifies` (an ACO whose
    qualifying service for the step the beneficiary had), `is_top` and `n_top` (how many entities share the top)."""
    amount, qualifies = STEPS[step]
    t = totals.semi_join(candidates.filter(candidates.cand_step == step), "bene_id")
    return _ranked(t, step, amount, qualifies)


def _ranked(totals: ibis.Table, step: str, amount: str, qualifies) -> ibis.Table:
    t = totals.filter(totals[amount] > 0)
    w = ibis.window(group_by="bene_id", order_by=ibis.desc(t[amount]))
    t = t.mutate(
        amount=t[amount],
        rank=(ibis.rank().over(w) + 1).cast("int64"),
        qualifies=(t.entity_kind == "aco") & qualifies(t),
    )
    top = t.amount.max().over(ibis.window(group_by="bene_id"))
    t = t.mutate(is_top=t.amount == top)
    t = t.mutate(n_top=t.is_top.cast("int64").sum().over(ibis.window(group_by="bene_id")))
    return t.select(
        "bene_id",
        step=ibis.literal(step),
        entity_kind="entity_kind",
        entity_id="entity_id",
        allowed_amount=t.amount.cast(MONEY),
        rank="rank",
        qualifies="qualifies",
        is_top="is_top",
        n_top="n_top",
    )


def top_entity(ranking: ibis.Table) -> ibis.Table:
    """The tie-break (reading 9, "greater than" is strict): per beneficiary, the rank-1 entity and how many
    entities share rank 1 (`n_top` > 1 is a tie and assigns nobody)."""
    return (
        ranking.filter(ranking.rank == 1)
        .group_by("bene_id")
        .agg(
            n_top=_.n_top.max(),
            top_kind=_.entity_kind.max(),
            top_id=_.entity_id.max(),
            top_ok=_.qualifies.max(),
            top_amount=_.allowed_amount.max(),
        )
    )


def claims_based(candidates: ibis.Table, top: ibis.Table) -> ibis.Table:
    """The claims-based outcome of steps 1-3: the top entity wins if it is unique, an ACO and qualifies; otherwise
    step `none` with the reason nobody won."""
    r = candidates.left_join(top, "bene_id").drop("bene_id_right")
    won = r.top_ok.fill_null(False) & (r.n_top == 1)
    reason = ibis.ifelse(
        ~r.pooled,
        "no primary care service from an ACO physician",
        ibis.ifelse(
            r.n_top > 1,
            "tie at the top",
            ibis.ifelse(
                r.top_kind != "aco",
                "plurality to a non-ACO " + r.top_kind.fill_null("entity"),
                ibis.ifelse(
                    ~won, "plurality ACO lacks the step's qualifying ACO service", "plurality of allowed charges"
                ),
            ),
        ),
    )
    return r.select(
        "bene_id",
        aco_id=ibis.ifelse(won, r.top_id, ibis.null("string")),
        step=ibis.ifelse(won, r.cand_step, "none"),
        allowed_amount=ibis.ifelse(won, r.top_amount, ibis.literal(0).cast(MONEY)).cast(MONEY),
        reason=reason,
    )


def step3_retry_ranking(totals: ibis.Table, candidates: ibis.Table, outcome: ibis.Table) -> ibis.Table:
    """Step 3 read per ACO (parameter step3_population = per_aco, docs/assignment.md reading 8a): a beneficiary that
    steps 1-2 leave unassigned is ranked again in step 3 when some ACO X has it outside its pre-step pool with an NPP
    service of X in the window and a physician service of X in the expanded window (none in the window)."""
    unassigned = outcome.filter(outcome.step == "none").select("bene_id")
    retry = candidates.filter(candidates.cand_step != "step3").semi_join(unassigned, "bene_id").select("bene_id")
    ct = totals.semi_join(retry, "bene_id")
    cand = ct.filter(ct.npp12 & ct.phys24 & ~ct.phys12 & (ct.entity_kind == "aco")).select("bene_id").distinct()
    return _ranked(ct.semi_join(cand, "bene_id"), "step3", "all24", lambda x: x.npp12 & x.phys24 & ~x.phys12)


def step3_retry_winners(retry_ranking: ibis.Table) -> ibis.Table:
    """The beneficiaries the per-ACO step 3 assigns: a unique top entity that is a qualifying ACO."""
    top = top_entity(retry_ranking)
    top = top.filter(top.top_ok & (top.n_top == 1))
    return top.select(
        "bene_id",
        aco_id="top_id",
        step=ibis.literal("step3"),
        allowed_amount=top.top_amount.cast(MONEY),
        reason=ibis.literal("plurality of allowed charges"),
    )


def voluntary(t: dict, entities: ibis.Table, p: AssignmentParameters) -> ibis.Table | None:
    """Latest designation before the PY (reading 11): bene_id -> va_aco (null = blocks claims)."""
    if "voluntary_alignment" not in t:
        return None
    va = t["voluntary_alignment"].filter(_.designation_date < (p.designations_before or p.list_start))
    w = ibis.window(group_by="bene_id", order_by=[ibis.desc("designation_date"), ibis.desc("npi")])
    va = va.mutate(rn=ibis.row_number().over(w)).filter(_.rn == 0).select("bene_id", "npi")
    prov = t["provider"]
    prov = prov.filter(prov.enrolled_from <= p.list_end, prov.enrolled_to.isnull() | (prov.enrolled_to >= p.list_start))
    tins = entities.filter((entities.key_kind == "tin") & ~entities.excluded)
    npi_aco = prov.join(tins, prov.tin == tins.key).group_by("npi").agg(n=_.aco_id.nunique(), aco_id=_.aco_id.max())
    va = va.left_join(npi_aco, va.npi == npi_aco.npi)
    return va.select("bene_id", va_npi=va.npi, va_aco=ibis.ifelse(va.n == 1, va.aco_id, ibis.null("string")))


def with_voluntary_alignment(outcome: ibis.Table, va: ibis.Table, eligible: ibis.Table) -> ibis.Table:
    """Reading 11: an eligible beneficiary's designation of an ACO professional assigns it to that ACO, whatever the
    claims say; a designation of anyone else blocks claims-based assignment (step `none`)."""
    va = va.semi_join(eligible, "bene_id")
    by_va = va.filter(va.va_aco.notnull()).select(
        "bene_id",
        aco_id="va_aco",
        step=ibis.literal("voluntary"),
        allowed_amount=ibis.literal(0).cast(MONEY),
        reason=ibis.literal("voluntary alignment"),
    )
    blocked = outcome.semi_join(va.filter(va.va_aco.isnull()), "bene_id").mutate(
        aco_id=ibis.null("string"),
        step=ibis.literal("none"),
        allowed_amount=ibis.literal(0).cast(MONEY),
        reason=ibis.literal("designated a clinician outside any ACO"),
    )
    return outcome.anti_join(va, "bene_id").union(blocked).union(by_va)


def assign(con, t: dict, p: AssignmentParameters) -> AssignmentResult:
    """The stages in order (docs/assignment.md "Stages"); each is a function above, testable alone."""
    entities = competing_entities(t["participants"], p)
    services = primary_care_services(engine.cache(counted_lines(con, t, entities, p)))
    elig = engine.cache(eligibility(t, p))
    eligible = elig.filter(elig.eligible).select("bene_id")
    totals = engine.cache(allowed_charges_by_entity(services, eligible))
    candidates = candidate_steps(totals, p)
    ranking = engine.cache(
        step_ranking(totals, candidates, "step1")
        .union(step_ranking(totals, candidates, "step2"))
        .union(step_ranking(totals, candidates, "step3"))
    )
    outcome = claims_based(candidates, top_entity(ranking))
    if p.step3 and p.step3_population == "per_aco":
        retry = engine.cache(step3_retry_ranking(totals, candidates, outcome))
        won3 = step3_retry_winners(retry)
        outcome = outcome.anti_join(won3, "bene_id").union(won3)
        ranking = ranking.union(retry)
    va = voluntary(t, entities, p)
    if va is not None:
        outcome = with_voluntary_alignment(outcome, va, eligible)
    out = outcome.join(elig.select("bene_id", "enrollment_type"), "bene_id")
    out = out.select("bene_id", "aco_id", "step", "allowed_amount", "enrollment_type", "reason")
    expl = ranking.select("bene_id", "step", "entity_kind", "entity_id", "allowed_amount", "rank", "qualifies")
    return AssignmentResult(out, expl, elig)


def run(
    data,
    participants=None,
    py: int = 2025,
    method: str = "retrospective",
    engine_name: str = "duckdb",
    out=None,
    check_keys: bool = True,
    con=None,
    progress=None,
) -> dict:
    """Open + validate a dataset, assign, and (if `out`) write the output files.

    Returns {'assignment', 'explanation', 'ineligible'} as Arrow tables and 'meta'.
    """

    from . import dataset, parameters  # noqa: PLC0415 (explain imports assignment)

    say = progress or (lambda msg: None)
    p = parameters.for_year(py, method)
    ds = dataset.open_dataset(data)
    part = dataset.read_participants(participants) if participants else None
    if part is None and not ds.has("participants"):
        root = Path(data)
        if (root / "participants.csv").exists():
            part = dataset.read_participants(root / "participants.csv")
        else:
            raise dataset.DatasetError("participants", None, "no participant list (give --participants)")
    con = con or engine.connect(engine_name)
    t = ds.tables(con, part)
    if check_keys:
        say("checking keys")
        ds.check_keys(con, t)
    say(f"assigning PY{py} ({method}) on {con.name}")
    r = assign(con, t, p)
    a = engine.to_arrow(r.assignment.order_by("bene_id"))
    say(f"{a.num_rows:,} assignable beneficiaries")
    e = engine.to_arrow(r.explanation.order_by("bene_id", "step", "rank", "entity_kind", "entity_id"))
    inel = engine.to_arrow(
        r.eligibility.filter(~r.eligibility.eligible).select("bene_id", "ineligible_reason").order_by("bene_id")
    )
    meta = {
        "py": py,
        "method": method,
        "engine": con.name,
        "window_start": str(p.window_start),
        "window_end": str(p.window_end),
        "expanded_start": str(p.expanded_start),
        "step3": p.step3,
        "data": str(data),
    }
    if out:
        from .explain import sidecars  # noqa: PLC0415 (explain imports assignment)

        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        md = {b"acoms": json.dumps(meta).encode()}
        pq.write_table(a.replace_schema_metadata(md), out)
        side = sidecars(out)
        pq.write_table(e.replace_schema_metadata(md), side["explanation"])
        pq.write_table(inel.replace_schema_metadata(md), side["ineligible"])
        say(f"wrote {out}, {side['explanation'].name}, {side['ineligible'].name}")
    return {"assignment": a, "explanation": e, "ineligible": inel, "meta": meta}

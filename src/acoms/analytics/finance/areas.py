"""Stage `areas` (financial-engine.md §5): national, county, ACO-county and ACO-year aggregates.

For a set S of cells: PY(S) = Σ py; E(S) = completion_factor[Y] × Σ T / PY(S); R(S) = Σ r·py / PY(S);
D(S) likewise with d (§3 "Aggregates"). A NULL county is a county of its own (§12).
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
from ibis import _

from .. import engine
from .parameters import FinanceParameters

NULL_COUNTY = "\x00"  # join key standing for a NULL county (NULL never equals NULL in a join)


@dataclass
class Areas:
    national: ibis.Table
    county: ibis.Table
    aco_county: ibis.Table
    aco_year: ibis.Table


def _cf(year: ibis.Value, p: FinanceParameters) -> ibis.Value:
    return ibis.cases(*[(year == y, v) for y, v in sorted(p.completion_factor.items())], else_=1.0)


def scored_cells(cells: ibis.Table, risk: ibis.Table) -> ibis.Table:
    """fe_bene_year_type with the cell's renormalised scores r (hcc_score) and d (demo_score)."""
    r = risk.select(r_bene="bene_id", r_year="year", r_type="enrollment_type", r="hcc_score", d="demo_score")
    c = cells.left_join(r, [cells.bene_id == r.r_bene, cells.year == r.r_year, cells.enrollment_type == r.r_type])
    return engine.checkpoint(c.drop("r_bene", "r_year", "r_type").mutate(ckey=c.county_fips.fill_null(NULL_COUNTY)))


def _sums(t: ibis.Table) -> dict:
    return {
        "person_years": t.person_years.sum(),
        "sum_t": t.exp_truncated.sum(),
        "sum_x": t.exp.sum(),
        "sum_rpy": (t.r * t.person_years).sum(),
        "sum_dpy": (t.d * t.person_years).sum(),
    }


def areas(cells: ibis.Table, population: ibis.Table, aco_years: ibis.Table, p: FinanceParameters) -> Areas:
    """`cells` = scored_cells(...); `aco_years` = (aco_id, year, k, method): the ACO's BY1..BY3 (k 1–3)
    and PY (k 4) with its PY assignment method."""
    pop = population.select(p_year="year", p_method="method", p_bene="bene_id", p_aco="aco_id")
    pc = cells.join(pop, [cells.year == pop.p_year, cells.bene_id == pop.p_bene])

    nat = pc.filter(pc.p_method == "retrospective").group_by("year", "enrollment_type").agg(**_sums(pc))
    national = nat.select(
        "year",
        "enrollment_type",
        person_years=nat.person_years,
        per_capita=_cf(nat.year, p) * nat.sum_t / nat.person_years,
    )

    cty = pc.group_by(year=pc.year, method=pc.p_method, ckey=pc.ckey, enrollment_type=pc.enrollment_type).agg(
        county_fips=pc.county_fips.max(), **_sums(pc)
    )
    e, r, d = (
        _cf(cty.year, p) * cty.sum_t / cty.person_years,
        cty.sum_rpy / cty.person_years,
        cty.sum_dpy / cty.person_years,
    )
    county_k = engine.checkpoint(
        cty.select(
            "year",
            "method",
            "ckey",
            "county_fips",
            "enrollment_type",
            person_years=cty.person_years,
            per_capita=e,
            hcc=r,
            demo=d,
            per_capita_riskadj=e / r.nullif(0.0),
        )
    )

    ay = aco_years.select(a_aco="aco_id", a_year="year", a_method="method", k="k")
    ac = pc.join(ay, [pc.p_aco == ay.a_aco, pc.p_year == ay.a_year, pc.p_method == ay.a_method])
    ac = engine.checkpoint(ac)
    acy = ac.group_by(aco_id=ac.a_aco, year=ac.year, enrollment_type=ac.enrollment_type, ckey=ac.ckey).agg(
        method=ac.a_method.max(), person_years=ac.person_years.sum()
    )
    tot = acy.group_by(t_aco="aco_id", t_year="year", t_type="enrollment_type").agg(t_py=_.person_years.sum())
    acy = acy.join(tot, [acy.aco_id == tot.t_aco, acy.year == tot.t_year, acy.enrollment_type == tot.t_type])
    ck = county_k.select(
        k_year="year",
        k_method="method",
        k_ckey="ckey",
        k_type="enrollment_type",
        county_fips="county_fips",
        k_py="person_years",
        k_riskadj="per_capita_riskadj",
        k_hcc="hcc",
        k_demo="demo",
    )
    acy = acy.join(
        ck, [acy.year == ck.k_year, acy.method == ck.k_method, acy.ckey == ck.k_ckey, acy.enrollment_type == ck.k_type]
    )
    aco_county = engine.checkpoint(
        acy.select(
            "aco_id",
            "year",
            "enrollment_type",
            "county_fips",
            "ckey",
            "person_years",
            share_of_aco=acy.person_years / acy.t_py,
            share_of_county=acy.person_years / acy.k_py,
            per_capita_riskadj=acy.k_riskadj,
            hcc=acy.k_hcc,
            demo=acy.k_demo,
        )
    )

    a = aco_county
    reg = a.group_by(g_aco="aco_id", g_year="year", g_type="enrollment_type").agg(
        reg_per_capita=(a.share_of_aco * a.per_capita_riskadj).sum(),
        national_weight=(a.share_of_aco * a.share_of_county).sum(),
        reg_hcc=(a.share_of_aco * a.hcc).sum(),
        reg_demo=(a.share_of_aco * a.demo).sum(),
    )
    g = ac.group_by(aco_id=ac.a_aco, year=ac.year, enrollment_type=ac.enrollment_type).agg(
        k=ac.k.max(), n_benes=ac.bene_id.nunique().cast("int64"), dual_months=ac.dual_months.sum(), **_sums(ac)
    )
    g = g.filter(g.person_years > 0)
    g = g.join(reg, [g.aco_id == reg.g_aco, g.year == reg.g_year, g.enrollment_type == reg.g_type])
    aco_year = g.select(
        "aco_id",
        "year",
        "enrollment_type",
        "k",
        "n_benes",
        "person_years",
        per_capita=_cf(g.year, p) * g.sum_t / g.person_years,
        exp_total_untruncated=_cf(g.year, p) * g.sum_x,
        hcc=g.sum_rpy / g.person_years,
        demo=g.sum_dpy / g.person_years,
        dual_person_years=g.dual_months.cast("float64") / 12.0,
        reg_per_capita=g.reg_per_capita,
        national_weight=g.national_weight,
        reg_hcc=g.reg_hcc,
        reg_demo=g.reg_demo,
    )
    county = county_k.drop("ckey")
    return Areas(national, county, aco_county.drop("ckey"), aco_year)

"""Stage `historical_benchmark` (financial-engine.md §6, §425.652(a), §425.656, §425.658).

The inputs are the small per-ACO aggregates of stage `areas` (one row per ACO × year × type), so this
stage is plain arithmetic over materialized rows, the same whichever engine produced them.
Step numbers below are the spec's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .agreements import Agreement
from .expenditures import ENROLLMENT_TYPES
from .parameters import FinanceParameters


def div(a: float | None, b: float | None) -> float | None:
    """a / b; NULL when either is NULL or b is 0 (a mean over nothing is undefined, §0)."""
    if a is None or b is None or b == 0:
        return None
    return a / b


@dataclass
class HistType:
    aco_id: str
    enrollment_type: str
    tf_by1: float | None = None
    tf_by2: float | None = None
    rr_by1: float | None = None
    rr_by2: float | None = None
    e3_by1: float | None = None
    e3_by2: float | None = None
    e3_by3: float | None = None
    hb_raw: float | None = None
    p3: float = 0.0
    reg3: float | None = None
    diff: float | None = None
    ra: float = 0.0
    adj: float = 0.0
    hb: float | None = None


@dataclass
class Hist:
    aco_id: str
    lower_spending: bool = True
    reg_pct: float = 0.0
    offset: float = 0.0
    ra_single: float = 0.0
    psa_eligible: bool = False
    psa_avg: float | None = None
    psa_prorated: float | None = None
    psa: float | None = None
    nat3: float = 0.0
    final_adj_cat: str = "none"
    hist_bnchmk: float = 0.0
    types: dict[str, HistType] = field(default_factory=dict)


def historical(
    a: Agreement,
    cells: dict[tuple[int, str], dict],
    nat: dict[tuple[int, str], float],
    n_ab: dict[int, int],
    p: FinanceParameters,
) -> Hist:
    """One ACO's historical benchmark. `cells[(k, t)]` = its fe_aco_year row for BYk (k 1–3) or the
    PY (k 4); `nat[(year, t)]` = national per capita; `n_ab[year]` = N_AB[X, year]."""
    by = a.benchmark_years
    w = p.by_weights(a.agreement_period_num)
    h = Hist(a.aco_id)
    types = [t for t in ENROLLMENT_TYPES if any((k, t) in cells for k in (1, 2, 3, 4))]
    py3 = {t: cells[(3, t)]["person_years"] for t in types if (3, t) in cells}
    total3 = sum(py3.values())
    for t in types:
        ht = HistType(a.aco_id, t)
        h.types[t] = ht
        nat3t = nat.get((by[2], t))
        if (3, t) not in cells:  # §6.5: no BY3 person-years of the type
            ht.hb_raw = ht.hb = nat3t
            continue
        c3 = cells[(3, t)]
        ht.p3 = py3[t] / total3
        e3 = {3: c3["per_capita"]}
        for k in (1, 2):
            ck = cells.get((k, t))
            if ck is None:
                continue
            wn3 = c3["national_weight"]
            nat_ratio, reg_ratio = div(nat3t, nat.get((by[k - 1], t))), div(c3["reg_per_capita"], ck["reg_per_capita"])
            rr = div(c3["hcc"], ck["hcc"])
            if nat_ratio is None or reg_ratio is None or rr is None:  # undefined trend: the BY drops out (§6.5)
                continue
            tf = wn3 * nat_ratio + (1 - wn3) * reg_ratio
            setattr(ht, f"tf_by{k}", tf)
            setattr(ht, f"rr_by{k}", rr)
            e3[k] = ck["per_capita"] * tf * rr
        ht.e3_by1, ht.e3_by2, ht.e3_by3 = e3.get(1), e3.get(2), e3[3]
        ht.hb_raw = sum(w[k - 1] * v for k, v in e3.items()) / sum(w[k - 1] for k in e3)
        ht.reg3 = c3["hcc"] * c3["reg_per_capita"]
        ht.diff = ht.reg3 - ht.hb_raw

    # regional adjustment (§425.656), steps 8–11
    with_by3 = [h.types[t] for t in types if (3, t) in cells]
    weighted_diff = sum(x.p3 * x.diff for x in with_by3 if x.diff is not None)
    h.lower_spending = weighted_diff > 0 or (weighted_diff == 0 and p.lower_spending_at_zero)
    times = min(a.times_reg_adjusted_before + 1, 4)
    h.reg_pct = p.regional_pct[("lower" if h.lower_spending else "higher", times)]
    dual3 = sum(cells[(3, t)]["dual_person_years"] for t in py3) / total3 if total3 else 0.0
    num = sum(cells[(3, t)]["hcc"] * cells[(3, t)]["per_capita"] * py3[t] for t in py3)
    den = sum(cells[(3, t)]["per_capita"] * py3[t] for t in py3)
    rw3 = num / den if den else 1.0
    h.offset = min(max(dual3 + (rw3 - 1.0), 0.0), 1.0)
    for x in with_by3:
        nat3t = nat.get((by[2], x.enrollment_type)) or 0.0
        ra1 = h.reg_pct * (x.diff or 0.0)
        if ra1 > 0:
            ra2 = min(ra1, p.regional_cap_pos * nat3t)
        elif ra1 < 0:
            ra2 = max(ra1, -p.regional_cap_neg * nat3t)
        else:
            ra2 = 0.0
        x.ra = ra2 * (1.0 - h.offset) if ra2 < 0 else ra2
    h.ra_single = sum(x.p3 * x.ra for x in with_by3)

    # prior savings adjustment (§425.658), steps 12–14
    given = [s for s in a.psa_pc_savings if s is not None]
    s = [v if v is not None else 0.0 for v in a.psa_pc_savings]
    h.nat3 = sum(x.p3 * (nat.get((by[2], x.enrollment_type)) or 0.0) for x in with_by3)
    if given:
        h.psa_avg = sum(s) / 3.0
        h.psa_eligible = h.psa_avg > 0
    if h.psa_eligible:
        f = []
        for j in range(3):
            n_j, n_aco = a.psa_n_assigned[j], n_ab.get(by[j], 0)
            f.append(min(1.0, n_j / n_aco) if s[j] > 0 and n_j is not None and n_aco > 0 else 1.0)
        h.psa_prorated = sum(s[j] * f[j] for j in range(3)) / 3.0
        h.psa = min(p.psa_share * h.psa_prorated, p.psa_cap * h.nat3)

    # choice (§425.652(a)(8)) and step 15
    psa = h.psa or 0.0
    wins = psa > h.ra_single or (psa == h.ra_single and p.prior_savings_on_tie)
    use_psa = h.psa_eligible and (h.ra_single <= 0 or wins)
    if use_psa:
        h.final_adj_cat = "prior_savings"
    elif h.ra_single > 0:
        h.final_adj_cat = "regional"
    for x in with_by3:
        x.adj = (h.psa or 0.0) if use_psa else (x.ra if h.final_adj_cat == "regional" else 0.0)
        x.hb = (x.hb_raw or 0.0) + x.adj
    h.hist_bnchmk = sum(x.p3 * (x.hb or 0.0) for x in with_by3)
    return h

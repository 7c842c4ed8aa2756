"""Stage `updated_benchmark` (financial-engine.md §7; §425.652(b), §425.655, §425.605(a)(1)(ii)).

Plain arithmetic over one ACO's `fe_aco_year` rows and its historical benchmark; step numbers are
the spec's. Σ_W(x) = Σ_t W[t]·x[t] / Σ_t W[t] with W[t] = HB[t]·py_PY[t].
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .agreements import Agreement
from .expenditures import ENROLLMENT_TYPES
from .historical_benchmark import Hist, div
from .parameters import FinanceParameters


@dataclass
class UpdateType:
    aco_id: str
    enrollment_type: str
    py_person_years: float
    w_rr: float = 0.0
    gn: float | None = None
    gh: float | None = None
    gd: float | None = None
    reg_cap_factor: float = 1.0
    gr: float | None = None
    u2: float | None = None
    acpt: float | None = None
    u3: float | None = None
    rh: float | None = None
    rd: float | None = None
    rr_capped: float | None = None
    ub: float | None = None
    ub2: float | None = None
    exp_pc: float | None = None


@dataclass
class Update:
    aco_id: str
    reg_gh: float = 0.0
    reg_gd: float = 0.0
    market_share: float = 0.0
    reg_cap: float = 0.0
    reg_cap_applied: bool = False
    agg_hcc_growth: float = 0.0
    agg_demo_growth: float = 0.0
    risk_cap: float = 0.0
    risk_cap_applied: bool = False
    ub_total: float = 0.0
    ub2_total: float = 0.0
    exp_total: float = 0.0
    exp_total_untruncated: float = 0.0
    person_years: float = 0.0
    ub_pc: float | None = None
    n_ab: int = 0
    types: dict[str, UpdateType] = field(default_factory=dict)


def _weighted(values: dict[str, float], w: dict[str, float]) -> float:
    return sum(w[t] * values[t] for t in w) / sum(w.values())


def person_year_total(per_capita: dict[str, float], person_years: dict[str, float]) -> float:
    """Σ_t per_capita[t] × person_years[t]: a total from per-capita figures by enrollment type (§7)."""
    return sum(per_capita[t] * person_years[t] for t in per_capita)


def updated(
    a: Agreement,
    h: Hist,
    cells: dict[tuple[int, str], dict],
    nat: dict[tuple[int, str], float],
    n_ab: int,
    p: FinanceParameters,
) -> Update:
    by3, py = a.benchmark_years[2], a.performance_year
    u = Update(a.aco_id, n_ab=n_ab)
    types = [t for t in ENROLLMENT_TYPES if (4, t) in cells and cells[(4, t)]["person_years"] > 0]
    if not types:
        return u
    for t in types:
        c, c3 = cells[(4, t)], cells.get((3, t))
        x = UpdateType(a.aco_id, t, c["person_years"])
        x.gn = div(nat.get((py, t)), nat.get((by3, t)))
        if c3 is None:  # §6.5: R(BY3) = D(BY3) = 1, gh = gd = 1, gR = gN
            x.gh = x.gd = 1.0
            r3, d3 = 1.0, 1.0
        else:
            x.gh, x.gd = div(c["reg_hcc"], c3["reg_hcc"]), div(c["reg_demo"], c3["reg_demo"])
            r3, d3 = c3["hcc"], c3["demo"]
        x.rh, x.rd = div(c["hcc"], r3), div(c["demo"], d3)
        x.exp_pc = c["per_capita"]
        u.types[t] = x
    w = {t: (h.types[t].hb or 0.0) * u.types[t].py_person_years for t in types}
    sw = sum(w.values())
    for t in types:
        u.types[t].w_rr = w[t] / sw
    py_total = sum(u.types[t].py_person_years for t in types)

    # step 2: regional risk score growth cap (§425.655)
    u.reg_gh = _weighted({t: u.types[t].gh for t in types}, w)  # type: ignore[misc]
    u.reg_gd = _weighted({t: u.types[t].gd for t in types}, w)  # type: ignore[misc]
    u.market_share = sum(cells[(4, t)]["national_weight"] * u.types[t].py_person_years for t in types) / py_total
    base = u.reg_gd + p.regional_risk_cap_margin
    u.reg_cap = base + u.market_share * max(0.0, u.reg_gh - base)
    u.reg_cap_applied = u.reg_gh > u.reg_cap
    for t in types:
        x, c, c3 = u.types[t], cells[(4, t)], cells.get((3, t))
        if u.reg_cap_applied and (x.gh or 0.0) > u.reg_cap:
            x.reg_cap_factor = (x.gh or 0.0) / u.reg_cap
        # step 3–4
        x.gr = x.gn if c3 is None else div(c["reg_per_capita"], c3["reg_per_capita"]) * x.reg_cap_factor  # type: ignore[operator]
        wn = c["national_weight"]
        x.u2 = wn * x.gn + (1.0 - wn) * x.gr
        x.acpt = p.acpt(a.py_index)
        x.u3 = (1.0 - p.acpt_weight) * x.u2 + p.acpt_weight * x.acpt

    # step 5: PY risk adjustment with the cap (§425.605(a)(1)(ii), §425.610(a)(2)(ii))
    u.agg_hcc_growth = _weighted({t: u.types[t].rh for t in types}, w)  # type: ignore[misc]
    u.agg_demo_growth = _weighted({t: u.types[t].rd for t in types}, w)  # type: ignore[misc]
    u.risk_cap = u.agg_demo_growth + p.risk_cap_margin
    u.risk_cap_applied = u.agg_hcc_growth > u.risk_cap
    for t in types:
        x = u.types[t]
        x.rr_capped = min(x.rh, u.risk_cap) if u.risk_cap_applied else x.rh  # type: ignore[type-var]
        hb = h.types[t].hb or 0.0
        x.ub = hb * x.u3 * x.rr_capped  # type: ignore[operator]
        x.ub2 = hb * x.u2 * x.rr_capped  # type: ignore[operator]

    # steps 6–7
    u.ub_total = sum(u.types[t].ub * u.types[t].py_person_years for t in types)  # type: ignore[operator,misc]
    u.ub2_total = sum(u.types[t].ub2 * u.types[t].py_person_years for t in types)  # type: ignore[operator,misc]
    u.exp_total = person_year_total(
        {t: cells[(4, t)]["per_capita"] for t in types}, {t: u.types[t].py_person_years for t in types}
    )
    u.exp_total_untruncated = sum(cells[(4, t)]["exp_total_untruncated"] for t in types)
    u.person_years = py_total
    u.ub_pc = u.ub_total / py_total
    return u

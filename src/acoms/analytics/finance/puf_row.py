"""`fe_puf` (financial-engine.md §8): the ACO's results-PUF row, the only rounded table (§9: half
away from zero to the published places)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .historical_benchmark import Hist
from .settlement import Settlement
from .updated_benchmark import Update

TYPES = ("ESRD", "DIS", "AGDU", "AGND")
PY_NAMES = {"ESRD": "ESRD", "DIS": "DIS", "AGDU": "AGED_Dual", "AGND": "AGED_NonDual"}
BY_LABELS = {1: "BY1", 2: "BY2", 3: "BY3", 4: "PY"}


def rnd(x: float | None, places: int) -> int | float | None:
    """Half away from zero at `places` decimals (Decimal(repr(x)), ROUND_HALF_UP); whole units as int."""
    if x is None:
        return None
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return int(q) if places == 0 else float(q)


PERCENT_COLUMNS = ("Sav_rate", "MinSavPerc", "FinalShareRate", "FinalLossRate")  # `pct` below


def pct(x: float | None) -> float | None:
    return None if x is None else rnd(100.0 * x, 2)


def columns() -> list[str]:
    cols = [
        "ACO_ID",
        "N_AB",
        "ABtotBnchmk",
        "ABtotExp",
        "BnchmkMinExp",
        "GenSaveLoss",
        "EarnSaveLoss",
        "Sav_rate",
        "MinSavPerc",
        "FinalShareRate",
        "FinalLossRate",
        "UpdatedBnchmk",
        "HistBnchmk",
        "RegAdj",
        "PriorSavAdj",
        "FinalAdjCat",
        "Guardrail",
        "ReducedSS",
        "Rev_Exp_Cat",
    ]
    cols += [f"Per_Capita_Exp_ALL_{t}_{y}" for t in TYPES for y in ("BY1", "BY2", "BY3", "PY")]
    cols += ["Per_Capita_Exp_TOTAL_PY"]
    cols += [f"CMS_HCC_RiskScore_{t}_{y}" for t in TYPES for y in ("BY1", "BY2", "BY3", "PY")]
    cols += [f"Demog_RiskScore_{t}_{y}" for t in TYPES for y in ("BY3", "PY")]
    cols += [f"RR_weight_{t}_PY" for t in TYPES]
    cols += [f"N_AB_Year_{PY_NAMES[t]}_{y}" for t in TYPES for y in ("BY3", "PY")]
    cols += ["N_AB_Year_PY", "N_AB_Year_Dual_PY", "N_AB_Year_NonDual_PY"]
    return cols


def puf_row(aco_id: str, cells: dict[tuple[int, str], dict], h: Hist, u: Update, s: Settlement) -> dict:
    """`cells[(k, t)]` = the ACO's fe_aco_year rows (k 1–3 = BY1–BY3, 4 = PY)."""
    row: dict = {
        "ACO_ID": aco_id,
        "N_AB": u.n_ab,
        "ABtotBnchmk": rnd(u.ub_total, 0),
        "ABtotExp": rnd(u.exp_total, 0),
        "BnchmkMinExp": rnd(s.gross_savings, 0),
        "GenSaveLoss": rnd(s.gen_save_loss, 0),
        "EarnSaveLoss": rnd(s.earn_save_loss, 0),
        "Sav_rate": pct(s.savings_rate),
        "MinSavPerc": pct(s.msr),
        "FinalShareRate": pct(s.final_share_rate),
        "FinalLossRate": pct(s.final_loss_rate),
        "UpdatedBnchmk": rnd(u.ub_pc, 0),
        "HistBnchmk": rnd(h.hist_bnchmk, 0),
        "RegAdj": rnd(h.ra_single, 0),
        "PriorSavAdj": rnd(h.psa if h.psa_eligible else 0.0, 0),
        "FinalAdjCat": h.final_adj_cat,
        "Guardrail": int(s.outcome == "loss_protection_no_savings_no_losses"),
        "ReducedSS": int(s.outcome == "reduced_shared_savings"),
        "Rev_Exp_Cat": s.revenue_category,
    }

    def cell(k: int, t: str, col: str):
        c = cells.get((k, t))
        return None if c is None else c[col]

    for t in TYPES:
        for k, y in BY_LABELS.items():
            row[f"Per_Capita_Exp_ALL_{t}_{y}"] = rnd(cell(k, t, "per_capita"), 0)
            row[f"CMS_HCC_RiskScore_{t}_{y}"] = rnd(cell(k, t, "hcc"), 3)
        for k, y in ((3, "BY3"), (4, "PY")):
            row[f"Demog_RiskScore_{t}_{y}"] = rnd(cell(k, t, "demo"), 3)
            row[f"N_AB_Year_{PY_NAMES[t]}_{y}"] = rnd(cell(k, t, "person_years"), 0)
        ut = u.types.get(t)
        row[f"RR_weight_{t}_PY"] = rnd(ut.w_rr, 4) if ut else None
    row["Per_Capita_Exp_TOTAL_PY"] = rnd(u.exp_total / u.person_years, 0) if u.person_years else None
    row["N_AB_Year_PY"] = rnd(u.person_years, 0)
    dual = sum(c["dual_person_years"] for (k, _t), c in cells.items() if k == 4)
    row["N_AB_Year_Dual_PY"] = rnd(dual, 0)
    row["N_AB_Year_NonDual_PY"] = rnd(u.person_years - dual, 0)
    return {c: row.get(c) for c in columns()}


def results_rows(rows: list[dict]) -> list[dict]:
    """`fe_puf` rows in the units `rules.puf.write_results` takes: its percents back to exact fractions."""
    out = []
    for r in rows:
        r = dict(r)
        for c in PERCENT_COLUMNS:
            if r.get(c) is not None:
                r[c] = Decimal(repr(float(r[c]))) / 100
        out.append(r)
    return out

"""Golden ACOs per rule (financial-engine.md §6–§8), each worked by hand from the spec's formulas.

The stages `historical_benchmark`, `updated_benchmark` and `settlement` are arithmetic over one ACO's
`fe_aco_year` rows; these tests give those rows directly (k = 1–3 BY1–BY3, k = 4 PY) so each rule can be
isolated. The arithmetic is written next to each expected value."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from acoms.analytics.finance import parameters
from acoms.analytics.finance.agreements import Agreement
from acoms.analytics.finance.historical_benchmark import historical
from acoms.analytics.finance.puf_row import puf_row, rnd
from acoms.analytics.finance.settlement import settle
from acoms.analytics.finance.updated_benchmark import Update, updated

P = parameters.for_year(2026)
BY = (2023, 2024, 2025)
approx = pytest.approx


def agreement(**kw) -> Agreement:
    base = {
        "aco_id": "G",
        "performance_year": 2026,
        "agreement_start": dt.date(2026, 1, 1),
        "agreement_period_num": 1,
        "track": "EN",
        "msr_election": 0.0,
        "assignment_method": "retrospective",
        "times_reg_adjusted_before": 0,
        "psa_pc_savings": (None, None, None),
        "psa_n_assigned": (None, None, None),
        "participant_revenue": None,
        "met_qps": True,
        "met_alt_qps": False,
        "quality_score": 100.0,
        "euc_fraction": 0.0,
    }
    base.update(kw)
    return Agreement(**base)  # type: ignore[arg-type]


def cell(per_capita, hcc=1.0, reg=10000.0, wn=0.2, py=10.0, dual_py=0.0, demo=1.0, reg_hcc=1.0, reg_demo=1.0):
    return {
        "per_capita": per_capita,
        "hcc": hcc,
        "reg_per_capita": reg,
        "national_weight": wn,
        "person_years": py,
        "dual_person_years": dual_py,
        "demo": demo,
        "reg_hcc": reg_hcc,
        "reg_demo": reg_demo,
        "exp_total_untruncated": per_capita * py,
    }


def flat_nat(value=11000.0, types=("AGND",)):
    return {(y, t): value for y in (*BY, 2026) for t in types}


N_AB = {2023: 100, 2024: 100, 2025: 100, 2026: 100}


def test_regional_adjustment_below_zero_is_capped_offset_and_not_applied():
    # E = 12,000 each BY, R = 1, reg = 10,000, nat = 11,000: TF = 0.2·1 + 0.8·1 = 1, RR = 1, HB_raw = 12,000
    # REG3 = 1 × 10,000; diff = −2,000 → higher spending, 1st time → 15 % → RA1 = −300
    # cap −1.5 % × 11,000 = −165 → RA2 = −165; offset = dual 1/10 + (Rw3 1 − 1) = 0.1 → RA = −165 × 0.9 = −148.5
    cells = {(k, "AGND"): cell(12000.0, dual_py=1.0) for k in (1, 2, 3)}
    h = historical(agreement(), cells, flat_nat(), N_AB, P)
    x = h.types["AGND"]
    assert x.hb_raw == approx(12000.0) and x.diff == approx(-2000.0)
    assert h.lower_spending is False and h.reg_pct == 0.15
    assert h.offset == approx(0.1)
    assert x.ra == approx(-148.5) and h.ra_single == approx(-148.5)
    # CY2024 text: a negative regional adjustment without PSA → no adjustment
    assert h.final_adj_cat == "none" and x.adj == 0.0 and h.hist_bnchmk == approx(12000.0)
    # with prior savings (100, 200, 300), no proration counts → PSA = min(0.5 × 200, 0.05 × 11,000) = 100
    h = historical(agreement(psa_pc_savings=(100.0, 200.0, 300.0)), cells, flat_nat(), N_AB, P)
    assert h.final_adj_cat == "prior_savings" and h.psa == approx(100.0) and h.hist_bnchmk == approx(12100.0)


def test_regional_adjustment_above_cap():
    # reg = 20,000 → diff = 20,000 − 12,000 = 8,000 → lower, 35 % → 2,800 > cap 5 % × 11,000 = 550 → RA = 550
    cells = {(k, "AGND"): cell(12000.0, reg=20000.0) for k in (1, 2, 3)}
    h = historical(agreement(), cells, flat_nat(), N_AB, P)
    assert h.types["AGND"].ra == approx(550.0) and h.final_adj_cat == "regional"
    assert h.hist_bnchmk == approx(12550.0)
    # 2nd time adjusted, lower spending: 50 %; the cap still binds
    h = historical(agreement(times_reg_adjusted_before=1), cells, flat_nat(), N_AB, P)
    assert h.reg_pct == 0.50 and h.types["AGND"].ra == approx(550.0)


@pytest.mark.parametrize(
    "s, cat, hb",
    [
        (600.0, "regional", 10350.0),  # PSA 300 < RA 350
        (700.0, "regional", 10350.0),  # PSA 350 = RA 350: tie → regional [READING]
        (800.0, "prior_savings", 10400.0),  # PSA 400 > RA 350
    ],
)
def test_choice_table_psa_against_regional(s, cat, hb):
    # E = 10,000, reg = 11,000: HB_raw = 10,000, diff = 1,000 → RA = 35 % × 1,000 = 350 (cap 550 not binding)
    cells = {(k, "AGND"): cell(10000.0, reg=11000.0) for k in (1, 2, 3)}
    h = historical(agreement(psa_pc_savings=(s, s, s)), cells, flat_nat(), N_AB, P)
    assert h.ra_single == approx(350.0)
    assert h.psa == approx(s / 2)
    assert h.final_adj_cat == cat and h.hist_bnchmk == approx(hb)


def test_psa_proration_and_eligibility():
    cells = {(k, "AGND"): cell(12000.0) for k in (1, 2, 3)}
    # s = (600, −300, 900), n = (50, 80, 25), N_AB = 100 each BY: f = (0.5, 1 (loss), 0.25)
    # prorated = (300 − 300 + 225) / 3 = 75; avg = 400 > 0; PSA = min(0.5 × 75, 550) = 37.5
    a = agreement(psa_pc_savings=(600.0, -300.0, 900.0), psa_n_assigned=(50, 80, 25))
    h = historical(a, cells, flat_nat(), N_AB, P)
    assert h.psa_eligible and h.psa_avg == approx(400.0)
    assert h.psa_prorated == approx(75.0) and h.psa == approx(37.5)
    # an ACO larger in its PY than N_AB: f capped at 1
    h = historical(replace(a, psa_n_assigned=(500, 80, 25)), cells, flat_nat(), N_AB, P)
    assert h.psa_prorated == approx((600 - 300 + 225) / 3)
    # average ≤ 0 → not eligible: psa_avg reported, the rest NULL; PUF PriorSavAdj 0
    h = historical(agreement(psa_pc_savings=(-100.0, None, 50.0)), cells, flat_nat(), N_AB, P)
    assert h.psa_eligible is False and h.psa_avg == approx(-50.0 / 3)
    assert h.psa_prorated is None and h.psa is None


def test_first_and_later_agreement_weights():
    # E = (9,000, 10,000, 11,000), TF = RR = 1: first 0.1·9,000 + 0.3·10,000 + 0.6·11,000 = 10,500; later 10,000
    cells = {(k, "AGND"): cell(e, reg=50000.0) for k, e in ((1, 9000.0), (2, 10000.0), (3, 11000.0))}
    assert historical(agreement(), cells, flat_nat(), N_AB, P).types["AGND"].hb_raw == approx(10500.0)
    assert historical(agreement(agreement_period_num=2), cells, flat_nat(), N_AB, P).types["AGND"].hb_raw == approx(
        10000.0
    )
    # BY1 without person-years: dropped, weights renormalised (0.3·10,000 + 0.6·11,000) / 0.9
    del cells[(1, "AGND")]
    h = historical(agreement(), cells, flat_nat(), N_AB, P)
    assert h.types["AGND"].hb_raw == approx(9600.0 / 0.9) and h.types["AGND"].tf_by1 is None


def test_type_without_by3_uses_national():
    # §6.5: DIS has PY person-years but none in BY3 → HB = nat[BY3, DIS], ADJ = 0
    cells = {(k, "AGND"): cell(10000.0, reg=11000.0) for k in (1, 2, 3)}
    cells[(4, "AGND")] = cell(10000.0, reg=11000.0)
    cells[(4, "DIS")] = cell(20000.0, py=2.0)
    nat = flat_nat() | {(y, "DIS"): 18000.0 for y in (*BY, 2026)}
    h = historical(agreement(), cells, nat, N_AB, P)
    assert h.types["DIS"].hb == 18000.0 and h.types["DIS"].adj == 0.0 and h.types["DIS"].p3 == 0.0
    u = updated(agreement(), h, cells, nat, 100, P)
    assert u.types["DIS"].gh == 1.0 and u.types["DIS"].gr == u.types["DIS"].gn == 1.0
    assert u.types["DIS"].rh == 1.0  # R(PY) 1 / R(BY3) taken as 1


def _two_types(rh_agnd, rh_dis):
    # HB = 10,000 for both types (E = 10,000, reg constant so no regional adjustment needed: reg = E·R)
    cells = {}
    for t, rh in (("AGND", rh_agnd), ("DIS", rh_dis)):
        for k in (1, 2, 3):
            cells[(k, t)] = cell(10000.0, reg=10000.0, wn=0.5, py=1.0)
        cells[(4, t)] = cell(10000.0, hcc=rh, reg=10000.0, wn=0.5, py=1.0)
    nat = flat_nat(10000.0, ("AGND", "DIS"))
    h = historical(agreement(), cells, nat, N_AB, P)
    return updated(agreement(), h, cells, nat, 100, P)


def test_py_risk_cap_binding_clips_only_types_above():
    # W equal; GH = (1.10 + 0.98)/2 = 1.04 > cap GD 1 + 0.03 → AGND 1.03, DIS 0.98 passes through
    u = _two_types(1.10, 0.98)
    assert u.agg_hcc_growth == approx(1.04) and u.risk_cap == approx(1.03) and u.risk_cap_applied
    assert u.types["AGND"].rr_capped == approx(1.03) and u.types["DIS"].rr_capped == approx(0.98)
    # gN = gR = 1, wN 0.5 → U2 = 1, U3 = 2/3 + 1.045/3 = 1.015; UB = 10,000 × 1.015 × rr
    assert u.types["AGND"].u3 == approx(1.015)
    assert u.ub_total == approx(10000 * 1.015 * 1.03 + 10000 * 1.015 * 0.98)
    assert u.ub2_total == approx(10000 * 1.03 + 10000 * 0.98)


def test_py_risk_cap_not_binding():
    # GH = (1.05 + 0.99)/2 = 1.02 ≤ 1.03 → every ratio passes, including 1.05 > 1.03
    u = _two_types(1.05, 0.99)
    assert not u.risk_cap_applied
    assert u.types["AGND"].rr_capped == approx(1.05) and u.types["DIS"].rr_capped == approx(0.99)


def update(ub, ub2, exp, n_ab=6000, untruncated=None) -> Update:
    return Update(
        "G",
        ub_total=ub,
        ub2_total=ub2,
        exp_total=exp,
        exp_total_untruncated=untruncated or exp,
        person_years=float(n_ab),
        ub_pc=ub / n_ab,
        n_ab=n_ab,
    )


def test_low_revenue_half_sharing():
    # BASIC B, 6,000 assigned → MSR 3.6 % (start of the 6,000–6,999 band); savings 20,000 / 1,000,000 = 2 % < MSR
    # revenue 100,000 < 0.35 × 980,000 = 343,000 → low revenue → §425.605(h): 40 % × 0.5 = 20 %
    a = agreement(track="B", msr_election=None, participant_revenue=100000.0)
    s = settle(a, update(1_000_000.0, 1_000_000.0, 980_000.0), P)
    assert s.revenue_category == "low" and s.msr == approx(0.036)
    assert s.outcome == "reduced_shared_savings" and s.final_share_rate == approx(0.20)
    assert s.gen_save_loss == approx(20000.0)
    assert s.shared_amount == approx(4000.0) and s.sequestration == approx(80.0) and s.earn_save_loss == approx(3920.0)
    # the same ACO with high revenue (400,000 ≥ 343,000): below the MSR, nothing
    s = settle(replace(a, participant_revenue=400000.0), update(1_000_000.0, 1_000_000.0, 980_000.0), P)
    assert s.revenue_category == "high" and s.outcome == "savings_below_msr"
    assert s.gen_save_loss == 0.0 and s.earn_save_loss == 0.0 and s.limit is None


def test_loss_protection_no_savings_no_losses():
    # ENHANCED, MLR 0: loss 2,000 on UB 100,000; EXP 102,000 ≤ two-way UB2 103,000 → nothing owed
    s = settle(agreement(), update(100_000.0, 103_000.0, 102_000.0), P)
    assert s.outcome == "loss_protection_no_savings_no_losses"
    assert s.gen_save_loss == 0.0 and s.earn_save_loss == 0.0 and s.limit is None


def test_shared_losses_without_protection():
    # EXP 105,000 above both: loss vs UB 5,000; vs UB2 103,000 2,000 < 5,000 → protected loss 2,000 × 40 % = 800
    s = settle(agreement(), update(100_000.0, 103_000.0, 105_000.0), P)
    assert s.outcome == "shared_losses_loss_protection" and s.gen_save_loss == approx(-2000.0)
    assert s.earn_save_loss == approx(-800.0) and s.limit == approx(0.15 * 103_000.0)
    # UB2 below UB (no protection gained): loss 5,000 × 40 % = 2,000
    s = settle(agreement(), update(100_000.0, 99_000.0, 105_000.0), P)
    assert s.outcome == "shared_losses" and s.earn_save_loss == approx(-2000.0)


def test_payment_limit_then_sequestration():
    # ENHANCED, quality met: savings 40,000 × 75 % = 30,000 > limit 20 % × 100,000 → 20,000; 2 % → 400; 19,600
    s = settle(agreement(), update(100_000.0, 100_000.0, 60_000.0), P)
    assert s.limit_applied and s.shared_amount == approx(20000.0)
    assert s.sequestration == approx(400.0) and s.earn_save_loss == approx(19600.0)


def test_puf_rounding_half_away_from_zero():

    assert rnd(2.5, 0) == 3 and rnd(-2.5, 0) == -3 and rnd(1.005, 2) == 1.01 and rnd(-0.125, 2) == -0.13
    assert rnd(None, 0) is None


def test_puf_guardrail_and_reduced_flags():
    cells = {(k, "AGND"): cell(10000.0, reg=11000.0) for k in (1, 2, 3, 4)}
    a = agreement()
    h = historical(a, cells, flat_nat(), N_AB, P)
    u = update(100_000.0, 103_000.0, 102_000.0)
    row = puf_row("G", cells, h, u, settle(a, u, P))
    assert row["Guardrail"] == 1 and row["ReducedSS"] == 0 and row["EarnSaveLoss"] == 0
    assert row["Per_Capita_Exp_ALL_DIS_PY"] is None and row["Per_Capita_Exp_ALL_AGND_BY1"] == 10000


def test_the_tie_readings_are_the_parameter_rows():
    # PSA 350 = RA 350 (the tie above): prior_savings_on_tie = 1 gives the prior savings adjustment, 10,000 + 350
    cells = {(k, "AGND"): cell(10000.0, reg=11000.0) for k in (1, 2, 3)}
    h = historical(
        agreement(psa_pc_savings=(700.0,) * 3), cells, flat_nat(), N_AB, replace(P, prior_savings_on_tie=True)
    )
    assert h.final_adj_cat == "prior_savings" and h.hist_bnchmk == approx(10350.0)
    # E = reg = 10,000: the weighted difference is exactly 0 → lower spending (35 %) by the row, higher (15 %) without
    cells = {(k, "AGND"): cell(10000.0) for k in (1, 2, 3)}
    assert historical(agreement(), cells, flat_nat(), N_AB, P).reg_pct == 0.35
    assert historical(agreement(), cells, flat_nat(), N_AB, replace(P, lower_spending_at_zero=False)).reg_pct == 0.15

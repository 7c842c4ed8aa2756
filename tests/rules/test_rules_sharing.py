"""Sharing, loss rates, caps (42 CFR 425.604-425.610; the worked examples of spec §3.8)."""

from datetime import date

import pytest

from acoms.rules import Inputs, QualityResult, reconcile
from acoms.rules.sharing import final_sharing_rate, loss_limit, sequestration_rate, shared_loss_rate
from acoms.rules.tracks import track

MET = QualityResult(0.9, True)


def test_example_1_enhanced_savings():
    # 20,000 person-years, $12,000 vs $11,400 -> $240.0M vs $228.0M; MSR 2%; QPS met -> 75% = $9.0M
    r = reconcile(Inputs(2024, "EN", 20000, 240e6, 228e6, MET, msr_election=0.02, agreement_start=date(2024, 1, 1)))
    assert r.savings_rate == pytest.approx(0.05)
    assert r.shared_amount == pytest.approx(9.0e6)
    assert r.limit == pytest.approx(48e6) and not r.limit_applied
    assert r.earn_save_loss == pytest.approx(9.0e6 * (1 - sequestration_rate(2024)))


def test_example_2_alternative_quality_standard():
    q = QualityResult(0.65, False, True)
    assert final_sharing_rate(track("EN"), 2024, q) == pytest.approx(0.4875)
    assert shared_loss_rate(track("EN"), 2024, q, 0.4875) == pytest.approx(0.5125)


def test_example_3_basic_e_losses_and_revenue_cap():
    x = Inputs(
        2024,
        "E",
        20000,
        240e6,
        247.2e6,
        MET,
        msr_election=0.02,
        participant_revenue=50e6,
        agreement_start=date(2022, 1, 1),
    )
    r = reconcile(x)
    assert r.final_loss_rate == 0.30
    assert r.shared_amount == pytest.approx(2.16e6)
    assert r.limit == pytest.approx(4.0e6) and not r.limit_applied
    assert r.earn_save_loss == pytest.approx(-2.16e6)
    assert loss_limit(track("E"), 240e6, 50e6)[0] == pytest.approx(4.0e6)
    assert loss_limit(track("E"), 240e6, 500e6)[0] == pytest.approx(9.6e6)  # benchmark-based limit when lower


def test_example_4_basic_a_below_msr():
    x = Inputs(2024, "A", 7500, 100e6, 97e6, QualityResult(0.8, True), agreement_start=date(2024, 1, 1))
    assert reconcile(x).earn_save_loss == 0
    low = reconcile(
        Inputs(
            2024,
            "A",
            7500,
            100e6,
            97e6,
            QualityResult(0.8, True),
            revenue_category="low",
            agreement_start=date(2024, 1, 1),
        )
    )
    assert low.final_share_rate == pytest.approx(0.20)  # 425.605(h): half of 40%
    assert low.earn_save_loss == pytest.approx(3e6 * 0.20 * 0.98)
    assert "reduced" in low.outcome


def test_reduced_sharing_needs_5000_beneficiaries_and_basic():
    q = QualityResult(0.8, True)
    assert (
        reconcile(
            Inputs(2024, "B", 4000, 100e6, 99e6, q, revenue_category="low", agreement_start=date(2024, 1, 1))
        ).earn_save_loss
        == 0
    )
    assert (
        reconcile(
            Inputs(
                2024,
                "EN",
                9000,
                100e6,
                99.5e6,
                q,
                msr_election=0.01,
                revenue_category="low",
                agreement_start=date(2024, 1, 1),
            )
        ).earn_save_loss
        == 0
    )


def test_enhanced_loss_rate_py2024():
    # 425.610(f)(4): 1 - 0.75 x quality score in [40%, 75%]; 75% if both standards failed
    en = track("EN")
    assert shared_loss_rate(en, 2024, QualityResult(0.9, True), 0.75) == pytest.approx(0.40)
    assert shared_loss_rate(en, 2024, QualityResult(0.7, True), 0.75) == pytest.approx(0.475)
    assert shared_loss_rate(en, 2024, QualityResult(0.2, True), 0.75) == pytest.approx(0.75)
    assert shared_loss_rate(en, 2024, QualityResult(0.9, False, False), 0.0) == pytest.approx(0.75)


def test_pre_2021_loss_rates_follow_the_sharing_rate():
    # Track 2: 1 - FSR, at most 60% (425.606(f)); Track 3: 1 - FSR in [40%, 75%] (425.610(f))
    assert shared_loss_rate(track("T2"), 2016, MET, 0.54) == pytest.approx(0.46)
    assert shared_loss_rate(track("T2"), 2016, MET, 0.0) == pytest.approx(0.60)
    assert shared_loss_rate(track("T3"), 2017, MET, 0.75) == pytest.approx(0.40)


def test_quality_scaled_sharing_through_2020_and_flat_after():
    q = QualityResult(0.9, True)
    assert final_sharing_rate(track("T1"), 2016, q) == pytest.approx(0.45)
    assert final_sharing_rate(track("B"), 2022, q) == pytest.approx(0.40)
    assert final_sharing_rate(track("B"), 2022, QualityResult(0.9, False)) == 0


def test_performance_payment_limit_applies_after_sequestration():
    r = reconcile(Inputs(2016, "T1", 10000, 100e6, 70e6, QualityResult(1.0, True)))
    assert r.limit_applied and r.earn_save_loss == pytest.approx(10e6)


def test_guardrail_two_way_benchmark_turns_losses_into_savings():
    x = Inputs(
        2024,
        "EN",
        20000,
        100e6,
        103e6,
        MET,
        msr_election=0.0,
        agreement_start=date(2024, 1, 1),
        benchmark_two_way_total=104e6,
    )
    r = reconcile(x)
    assert r.earn_save_loss == 0 and "guardrail" in r.outcome
    y = reconcile(
        Inputs(
            2024,
            "EN",
            20000,
            100e6,
            103e6,
            MET,
            msr_election=0.0,
            agreement_start=date(2024, 1, 1),
            benchmark_two_way_total=101e6,
        )
    )
    assert y.gen_save_loss == pytest.approx(-2e6)


def test_euc_reduces_losses():
    x = Inputs(
        2023,
        "E",
        20000,
        100e6,
        103e6,
        QualityResult(0.8, True),
        msr_election=0.0,
        euc_fraction=0.5,
        agreement_start=date(2022, 1, 1),
    )
    assert reconcile(x).earn_save_loss == pytest.approx(-3e6 * 0.3 * 0.5)
    # PY2022: the COVID-19 PHE covered every month and county - no losses owed (parameters/euc.csv)
    assert (
        reconcile(Inputs(2022, "E", 20000, 100e6, 103e6, QualityResult(0.8, True), msr_election=0.0)).earn_save_loss
        == 0
    )


def test_result_explains_every_figure():
    r = reconcile(Inputs(2016, "T1", 10000, 100e6, 95e6, QualityResult(0.9, True)))
    text = r.explain()
    for name in ("savings rate", "MSR", "final sharing rate", "sequestration", "performance payment limit"):
        assert name in text
    assert "425.604" in text

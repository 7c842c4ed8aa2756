"""Quality performance standard and health equity adjustment (42 CFR 425.512)."""

import pytest

from acoms.rules.quality import (
    ALTERNATIVE,
    NOT_MET,
    QPS,
    QualityResult,
    assess,
    health_equity_adjusted_score,
    health_equity_bonus,
    measure_performance_scaler,
    underserved_multiplier,
)


def test_measure_performance_scaler_points_by_third():
    # 425.512(b)(2): 4 top third, 2 middle, 0 bottom / unscored
    assert measure_performance_scaler(["top", "top", "middle", "bottom", "unscored"]) == 10


def test_bonus_needs_20_percent_underserved_and_is_capped_at_10():
    assert health_equity_bonus(12, 0.19) == 0
    assert health_equity_bonus(12, 0.5) == pytest.approx(6.0)
    assert health_equity_bonus(24, 0.9) == 10
    assert underserved_multiplier(0.3, 0.45) == 0.45


def test_adjusted_score_capped_at_100_and_only_in_hea_years():
    assert health_equity_adjusted_score(2024, 95.0, 8.0) == 100
    assert health_equity_adjusted_score(2024, 70.0, 5.0) == 75.0
    assert health_equity_adjusted_score(2022, 70.0, 5.0) == 70.0  # no HEA before PY2023
    assert health_equity_adjusted_score(2026, 70.0, 5.0) == 70.0  # removed from PY2026


def test_qps_30th_then_40th_percentile():
    assert assess(2023, 70.0, percentile_of_score=35).outcome == QPS
    assert assess(2024, 70.0, percentile_of_score=35).outcome == NOT_MET
    assert assess(2024, 70.0, percentile_of_score=45).outcome == QPS


def test_alternative_standard_from_2023():
    r = assess(2024, 60.0, percentile_of_score=20, alternative_outcome_percentile=15)
    assert r.outcome == ALTERNATIVE and r.score == pytest.approx(0.60)
    assert assess(2024, 60.0, percentile_of_score=20, alternative_outcome_percentile=5).outcome == NOT_MET


def test_threshold_value_incentive_and_reporting_paths():
    assert assess(2025, 76.70, threshold_value=76.70).outcome == QPS
    assert assess(2025, 70.0, threshold_value=76.70).outcome == NOT_MET
    assert assess(2025, 70.0, threshold_value=76.70, incentive_met=True).outcome == QPS
    assert assess(2025, 70.0, threshold_value=76.70, first_year_reporting=True).outcome == QPS
    assert assess(2025, 50.0, threshold_value=76.70, euc_floor=True).score == pytest.approx(0.767)
    assert assess(2025, 90.0, threshold_value=76.70, reported_nothing=True).outcome == NOT_MET


def test_pre_2016_convention_score_implies_qps():
    assert QualityResult(0.8).outcome == QPS
    assert QualityResult(0.0).outcome == NOT_MET

"""MIPS APM Entity scoring (42 CFR 414.1367, 414.1370)."""

import pytest

from acoms.rules.mips import (
    BAND_MAX_NEGATIVE,
    BAND_NEGATIVE,
    BAND_NEUTRAL,
    BAND_POSITIVE,
    TinScore,
    apm_entity_final_score,
    apm_entity_score,
    final_score,
    improvement_activities_points,
    payment_band,
    promoting_interoperability,
    weights,
)


def test_entity_score_weighted_by_eligible_clinicians():
    tins = [TinScore("111111111", 30, 90.0), TinScore("222222222", 10, 50.0), TinScore("333333333", 0, 0.0)]
    assert apm_entity_score(tins) == pytest.approx((30 * 90 + 10 * 50) / 40)


def test_entity_without_clinicians_is_an_error():
    with pytest.raises(ValueError):
        apm_entity_score([TinScore("111111111", 0, 80.0)])


def test_improvement_activities_at_least_half_full_when_earned():
    assert improvement_activities_points(None) == 20
    assert improvement_activities_points(10) == 20
    assert improvement_activities_points(30) == 30
    assert improvement_activities_points(60) == 40


def test_final_score_weights_cost_not_assessed():
    assert final_score(80, 90, 100) == pytest.approx(0.5 * 80 + 0.3 * 90 + 0.2 * 100)
    assert final_score(None, 90, 100) == pytest.approx(0.75 * 90 + 0.25 * 100)
    assert final_score(80, None, 100) == pytest.approx(0.75 * 80 + 0.25 * 100)


def test_reweighting_keeps_weights_summing_to_one():
    for q, pi in ((80, 90), (None, 90), (80, None)):
        assert sum(weights(q, pi).values()) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        weights(None, None)


def test_pi_leaves_out_reweighted_tins():
    tins = [TinScore("111111111", 30, 90.0), TinScore("222222222", 10, 50.0), TinScore("333333333", 5, None)]
    assert promoting_interoperability(tins) == pytest.approx(80.0)  # (30 x 90 + 10 x 50) / 40
    assert promoting_interoperability([TinScore("333333333", 5, None)]) is None


def test_apm_entity_final_score_and_band():
    tins = [TinScore("111111111", 30, 90.0), TinScore("222222222", 10, 50.0), TinScore("333333333", 5, None)]
    s = apm_entity_final_score(2024, 80.0, tins)
    # 0.5 x 80 + 0.3 x 80 + 0.2 x 100 (IA assigned under the APP) = 84, above the threshold of 75
    assert s.improvement_activities == 100 and s.final_score == pytest.approx(84.0)
    assert s.band == BAND_POSITIVE and s.adjustment is None and len(s.steps) == 6


def test_final_score_without_pi_and_negative_bands():
    s = apm_entity_final_score(2024, 60.0, [TinScore("111111111", 10, None)])
    # PI reweighted: 0.75 x 60 + 0.25 x 100 = 70; -9% x (75 - 70) / (75 - 18.75)
    assert s.final_score == pytest.approx(70.0) and s.band == BAND_NEGATIVE
    assert s.adjustment == pytest.approx(-0.09 * 5 / 56.25)
    assert payment_band(2024, 18.75) == (BAND_MAX_NEGATIVE, -0.09)
    assert payment_band(2024, 75.0) == (BAND_NEUTRAL, 0.0)
    no_quality = apm_entity_final_score(2025, None, [TinScore("111111111", 10, 40.0)])
    assert no_quality.final_score == pytest.approx(0.75 * 40 + 0.25 * 100)

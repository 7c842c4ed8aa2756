"""MIPS APM Entity scoring (42 CFR 414.1367, 414.1370)."""

import pytest

from acoms.rules.mips import TinScore, apm_entity_score, final_score, improvement_activities_points


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

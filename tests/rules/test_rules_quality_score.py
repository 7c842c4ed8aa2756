"""Golden ACOs for every quality path, worked by hand from the PY2024/PY2025 benchmarks (spec §4; 42 CFR 425.512).

Rates are chosen on decile bounds (read in quality_data/<PY>.json) so that the points can be checked with
pencil and paper; each case's arithmetic is in its comment. APP PY2024 = 001, 134, 236, 321, 479, 484
(60 points available); the 40th percentile value of PY2024 is 77.05.
"""

import pytest

from acoms.rules.measures import catalog
from acoms.rules.quality import ALTERNATIVE, NOT_MET, QPS
from acoms.rules.quality_score import (
    BELOW_CASE_MINIMUM,
    INCOMPLETE,
    NO_BENCHMARK,
    QualityInputs,
    Reported,
    achievement_points,
    improvement_points,
    performance_thirds,
    score_measure,
    score_quality,
)
from acoms.rules.sharing import final_sharing_rate
from acoms.rules.tracks import track


def cahps(**ssm):
    return Reported("321", "CAHPS", summary={f"CAHPS_{k[1:]}": v for k, v in ssm.items()})


def aco(a1c, dep, bp, survey, hwr, mcc, collection="eCQM"):
    reports = [
        Reported("001", collection, a1c),
        Reported("134", collection, dep),
        Reported("236", collection, bp),
        Reported("479", "claims", hwr),
        Reported("484", "claims", mcc),
    ]
    if survey is not None:
        reports.append(survey)
    return tuple(reports)


# 001 14.53 -> decile 10 = 10; 134 93.44 -> 10; 236 68.98 = decile-6 bound -> 6; CAHPS: CAHPS_1 84.49 (decile 6) and
# CAHPS_2 95.3 (10) -> mean 8, CAHPS_7 has no benchmark; 479 0.1474 = decile-7 bound -> 7; 484 27.49 -> 10.
# 51 / 60 = 85.0
GOOD = aco(14.53, 93.44, 68.98, cahps(c1=84.49, c2=95.3, c7=50.0), 0.1474, 27.49)
# every measure on its decile-2 bound: 2 x 6 = 12 / 60 = 20.0
LOW = aco(93.62, 2.7, 45.28, cahps(c1=77.47), 0.1671, 47.58)
# every measure below its 1st percentile (above the 99th for the inverse 001, 479, 484): 1 point each: 6 / 60 = 10.0
FAIL = aco(100.0, 0.0, 0.0, cahps(c1=0.0), 0.20, 80.0)


def run(reports, py=2024, **kw):
    return score_quality(QualityInputs(py, reports, "A9999", **kw))


def test_partial_points_inside_a_decile_direct_and_inverse():
    c = catalog(2024)
    # 236 eCQM decile 6 runs from 68.98 to 72.0: 70.49 -> 6 + 1.51 / 3.02 = 6.5
    assert achievement_points(c.benchmark("236", "electronicHealthRecord"), 70.49) == (6, pytest.approx(6.5))
    # 479 (inverse) decile 6 runs from 0.1507 down to 0.1474: 0.1490 -> 6 + 0.0017 / 0.0033
    d, pts = achievement_points(c.benchmark("479", "administrativeClaims"), 0.1490, "costScore")
    assert d == 6 and pts == pytest.approx(6 + 0.0017 / 0.0033)
    # the bottom decile starts at the 1st percentile (99th inverse), 1.0 beyond: CAHPS_1 p1 63.18, p10 77.47;
    # 479 p99 0.1828, p90 0.1671 (PY2024 file)
    cahps_1 = c.benchmark("CAHPS_1", "certifiedSurveyVendor")
    assert achievement_points(cahps_1, 70.325, "cahps") == (1, pytest.approx(1 + 7.145 / 14.29))
    assert achievement_points(cahps_1, 50.0, "cahps") == (1, 1.0)
    hwr = c.benchmark("479", "administrativeClaims")
    assert achievement_points(hwr, 0.17495, "costScore") == (1, pytest.approx(1.5))
    assert achievement_points(hwr, 0.19, "costScore") == (1, 1.0)
    # older decile files: a percentage measure's bottom decile starts at 0 (PY2022 226 eCQM: decile 2 at 13.7)
    tobacco = catalog(2022).benchmark("226", "electronicHealthRecord")
    assert achievement_points(tobacco, 6.85, "multiPerformanceRate") == (1, pytest.approx(1.5))


def test_meets_qps():
    q = run(GOOD)
    assert q.achievement == pytest.approx(85.0) and q.score == pytest.approx(85.0)
    assert q.result.outcome == QPS and q.result.score == pytest.approx(0.85)
    assert "85.0" in q.explain() or "85.0000" in q.explain()


def test_only_the_alternative_standard_scales_sharing():
    q = run(LOW)
    assert q.score == pytest.approx(20.0) and q.met_qps is False and q.met_alt_qps is True
    assert q.result.outcome == ALTERNATIVE
    # ENHANCED PY2024: 75% x quality score 0.20 (425.610(d)(4))
    assert final_sharing_rate(track("EN"), 2024, q.result) == pytest.approx(0.15)


def test_fails_both_standards():
    q = run(FAIL)
    assert q.score == pytest.approx(10.0) and q.result.outcome == NOT_MET and q.met_alt_qps is False
    assert final_sharing_rate(track("EN"), 2024, q.result) == 0.0


def test_incentive_path():
    # 001 100 -> 1; 134 42.69 = decile-6 bound -> 6; 236 0 -> 1; CAHPS 2; 479 decile 2 -> 2; 484 1: 13 / 60 = 21.67.
    # Outcome 479 at the 10th percentile (decile 2) and 134 at the 40th (decile >= 5): QPS met (425.512(a)(4)(iii))
    reports = aco(100.0, 42.69, 0.0, cahps(c1=77.47), 0.1671, 80.0)
    q = run(reports)
    assert q.score == pytest.approx(13 / 60 * 100) and q.result.outcome == QPS and "incentive" in q.qps_basis
    # a Medicare CQM is not part of the incentive: the same results reported that way miss it (alternative only)
    medicare = aco(100.0, 42.69, 0.0, cahps(c1=77.47), 0.1671, 80.0, collection="Medicare CQM")
    assert run(medicare).result.outcome == ALTERNATIVE


def test_first_year_path_needs_complete_reporting_and_cahps():
    assert run(FAIL, first_year=True).result.outcome == QPS
    no_survey = aco(100.0, 0.0, 0.0, None, 0.20, 80.0)
    assert run(no_survey, first_year=True).result.outcome == NOT_MET


def test_euc_floor():
    q = run(FAIL, euc_affected=True)
    assert q.score == pytest.approx(77.05) and q.result.outcome == QPS  # 425.512(c): 40th percentile value
    assert run(GOOD, euc_affected=True).score == pytest.approx(85.0)  # the higher of the two
    nothing = run((), euc_affected=True)
    assert nothing.score == pytest.approx(77.05) and nothing.met_qps is True
    assert run(()).result.outcome == NOT_MET  # 425.512(a)(5)(iii)


def test_cahps_not_sampled_drops_out_but_not_fielded_scores_zero():
    # without CAHPS: 43 points; not sampled -> 43 / 50 = 86.0; not fielded -> 43 / 60 = 71.67
    base = [r for r in GOOD if r.measure_id != "321"]
    assert run(tuple(base) + (Reported("321", "CAHPS", not_sampled=True),)).score == pytest.approx(86.0)
    assert run(tuple(base)).score == pytest.approx(43 / 60 * 100)


def test_health_equity_bonus():
    thirds = {
        ("001", "eCQM"): "top",
        ("134", "eCQM"): "top",
        ("236", "eCQM"): "middle",
        ("321", "CAHPS"): "top",
        ("479", "claims"): "bottom",
        ("484", "claims"): "middle",
    }
    # scaler 4 + 4 + 2 + 4 + 0 + 2 = 16; x 0.5 = 8 bonus points: 85 + 8 = 93
    q = run(GOOD, underserved_multiplier=0.5, thirds=thirds)
    assert q.hea_bonus == pytest.approx(8.0) and q.score == pytest.approx(93.0)
    assert run(GOOD, underserved_multiplier=0.19, thirds=thirds).hea_bonus == 0  # below 20%: none
    assert run(GOOD, underserved_multiplier=1.0, thirds=thirds).hea_bonus == 10  # capped at 10
    assert run(GOOD, py=2026, underserved_multiplier=1.0, thirds=thirds).hea_bonus == 0  # removed from PY2026


def test_health_equity_needs_every_measure_and_cahps():
    thirds = {("001", "eCQM"): "top"}
    no_survey = tuple(r for r in GOOD if r.measure_id != "321")
    q = run(no_survey, underserved_multiplier=0.9, thirds=thirds)
    assert q.hea_bonus == 0 and any("not eligible" in s.rule for s in q.steps)


def test_measure_drop_outs():
    c = catalog(2024)
    assert score_measure(c, Reported("001", "eCQM", 10.0, cases=19)).status == BELOW_CASE_MINIMUM
    assert not score_measure(c, Reported("001", "eCQM", 10.0, cases=19)).counted
    assert score_measure(c, Reported("479", "claims", 0.15, cases=150)).status == BELOW_CASE_MINIMUM  # 200 for 479
    incomplete = score_measure(c, Reported("001", "eCQM", 10.0, completeness=0.70))
    assert incomplete.status == INCOMPLETE and incomplete.counted and incomplete.points == 0
    assert score_measure(catalog(2022), Reported("134", "eCQM", 50.0)).status == NO_BENCHMARK  # none in PY2022
    with pytest.raises(ValueError):
        score_measure(c, Reported("001", "fax", 10.0))


def test_highest_collection_type_counts():
    # 001 as eCQM 14.53 (10 points) and as MIPS CQM 85 (decile 2: 2 + 5/10 = 2.5): the eCQM counts
    q = run(GOOD + (Reported("001", "MIPS CQM", 85.0),))
    assert q.score == pytest.approx(85.0)


def test_improvement_scoring():
    assert improvement_points(2023, 55.0, 50.0) == pytest.approx(1.0)  # (55 - 50) / 50 x 10
    assert improvement_points(2023, 55.0, 20.0) == pytest.approx(25 / 3)  # prior below 30% taken as 30%
    assert improvement_points(2023, 70.0, 20.0) == 10  # capped
    assert improvement_points(2023, 45.0, 50.0) == 0  # no decline penalty
    assert improvement_points(2024, 55.0, 50.0) == 0  # not after PY2023 [READING]


def test_complex_organization_adjustment_and_app_plus():
    # PY2025 APP Plus: 001 13.46 (10), 112 62.6 / 134 45.945 / 236 68.735 on decile-6 bounds (6 each), CAHPS_1 83.9 (6),
    # 479 0.1675 (decile 6): 40 points + COA 3 (one per eCQM below 10) = 43 / 60 = 71.67 < 76.70
    reports = (
        Reported("001", "eCQM", 13.46),
        Reported("112", "eCQM", 62.6),
        Reported("134", "eCQM", 45.945),
        Reported("236", "eCQM", 68.735),
        cahps(c1=83.9),
        Reported("479", "claims", 0.1675),
    )
    q = run(reports, py=2025)
    assert q.coa == pytest.approx(3.0) and q.score == pytest.approx(43 / 60 * 100)
    assert q.result.outcome == QPS and "incentive" in q.qps_basis  # 001 decile 10, 112 decile 6


def test_web_interface_or_app_whichever_is_higher_through_2024():
    # PY2022 Web Interface flat benchmarks: 95% (5% for the inverse 001) is in decile 10 -> 10 points each
    wi = tuple(
        Reported(m, "Web Interface", 5.0 if m == "001" else 95.0) for m in catalog(2022).measure_set("cmsWebInterface")
    )
    q = run(wi + (cahps(c1=0.0),), py=2022)
    assert q.path == "Web Interface"
    # 370 and 438 have no Web Interface benchmark in PY2022 and drop out; CAHPS_1's PY2022 decile-2 bound is 0,
    # so 0.0 earns 2 points; 479/484 not calculated: 8 x 10 + 2 = 82 / 90
    assert q.achievement == pytest.approx(82 / 90 * 100)


def test_performance_thirds():
    t = performance_thirds({"a": 10.0, "b": 20.0, "c": 30.0}, inverse=False)
    assert t == {"a": "bottom", "b": "middle", "c": "top"}
    assert performance_thirds({"a": 10.0, "b": 20.0, "c": 30.0}, inverse=True)["a"] == "top"


def test_incentive_counts_a_reported_measure_without_benchmark():
    # PY2022: 134 has no eCQM benchmark (reported, complete: counts for the incentive, not for points);
    # 001 eCQM 5% -> decile 10 (10 points); 236 MIPS CQM 75 -> decile 8, 8 + 5/10 = 8.5; CAHPS not fielded 0 of 10;
    # 479/484 not calculated: 18.5 / 30 = 61.67 < 70.63, but outcome 001 >= 10th and 236 >= 30th -> QPS met
    reports = (Reported("001", "eCQM", 5.0), Reported("134", "eCQM", 50.0), Reported("236", "MIPS CQM", 75.0))
    q = run(reports, py=2022)
    assert q.score == pytest.approx(18.5 / 30 * 100) and q.incentive_met and q.result.outcome == QPS

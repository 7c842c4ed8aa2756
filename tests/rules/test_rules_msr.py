"""Minimum savings and loss rates (42 CFR 425.604(b), 425.605(b), 425.606(b), 425.610(b))."""

import pytest

from acoms.rules.msr import VARIABLE, one_sided_msr, thresholds
from acoms.rules.tracks import track


@pytest.mark.parametrize(
    "n,expected",
    [
        # the band ends of the 425.604(b) table (spec §3.6)
        (5000, 0.039),
        (5999, 0.036),
        (6000, 0.036),
        (6999, 0.034),
        (7000, 0.034),
        (7999, 0.032),
        (8000, 0.032),
        (9000, 0.031),
        (10000, 0.030),
        (14999, 0.027),
        (15000, 0.027),
        (20000, 0.025),
        (49999, 0.022),
        (50000, 0.022),
        (59999, 0.020),
        (60000, 0.020),
        (250000, 0.020),
    ],
)
def test_one_sided_table_band_ends(n, expected):
    assert one_sided_msr(n) == pytest.approx(expected, abs=1e-12)


def test_interpolation_inside_a_band_is_linear():
    # 7,500 beneficiaries lies between 3.4% and 3.2% (spec §3.8 example 4)
    assert 0.032 < one_sided_msr(7500) < 0.034
    assert one_sided_msr(7000 + 999 // 2) == pytest.approx(0.034 - 0.002 * (499 / 999))


# The table of 42 CFR 425.605(b)(1) (83 FR 68075), BASIC track and ENHANCED: each range's MSR at its low and high end
# (rows under 5,000 as transcribed by tuva-health/cms_mssp_connector seeds/mssp_msr_lookup.csv).
BASIC_TABLE = [
    ((1, 499), 0.122, 0.122),
    ((500, 999), 0.122, 0.087),
    ((1000, 2999), 0.087, 0.050),
    ((3000, 4999), 0.050, 0.039),
    ((5000, 5999), 0.039, 0.036),
    ((10000, 14999), 0.030, 0.027),
    ((50000, 59999), 0.022, 0.020),
]


@pytest.mark.parametrize("band,low,high", BASIC_TABLE)
def test_basic_table_low_and_high_ends(band, low, high):
    n_low, n_high = band
    assert one_sided_msr(n_low, which="basic") == pytest.approx(low, abs=1e-12)
    assert one_sided_msr(n_high, which="basic") == pytest.approx(high, abs=1e-12)


@pytest.mark.parametrize("band,low,high", BASIC_TABLE)
def test_inside_a_range_the_msr_is_linear_between_its_ends(band, low, high):
    n_low, n_high = band
    for n in (n_low + (n_high - n_low) // 4, (n_low + n_high) // 2):
        assert one_sided_msr(n, which="basic") == pytest.approx(low + (high - low) * (n - n_low) / (n_high - n_low))


def test_basic_and_enhanced_use_the_basic_table_tracks_1_2_3_the_425_604_table():
    assert thresholds(track("A"), 300, None, 2020).msr == pytest.approx(0.122)  # 425.605(b)(1): < 500
    assert thresholds(track("EN"), 300, VARIABLE, 2020).msr == pytest.approx(0.122)  # 425.610(b)(1)(iii)
    assert thresholds(track("T1"), 300, None, 2016).msr > 0.122  # READING below 500


@pytest.mark.parametrize(
    "n,published",
    [
        # MinSavPerc that CMS published (values typed from the PUFs, tests/data/puf) for ACOs under 5,000: they agree with
        # the 425.605(b)(1) rows, which were not fitted to them
        (3900, 0.0450),  # PY2015 and PY2022, "4.50%"
        (2434, 0.0605),  # PY2022 "6.05%"
        (640, 0.1122),  # PY2023 "11.22%" (ENHANCED, variable MSR/MLR)
        (605, 0.114635),  # PY2018 0.114635...
        (36268, 0.023373146),  # PY2013 A67373
    ],
)
def test_msr_reproduces_published_values(n, published):
    assert one_sided_msr(n) == pytest.approx(published, abs=5e-5)
    assert one_sided_msr(n, which="basic") == pytest.approx(published, abs=5e-5)


def test_track1_under_500_is_the_reading_set_by_its_one_published_value():
    # no regulation table covers a Track 1 ACO under 500; the only published case (PY2017, n=152, 25.42%) sets the
    # 100-499 band of the READING rows, so this test documents the reading rather than checking it independently
    assert one_sided_msr(152) == pytest.approx(0.2542, abs=5e-5)


def test_msr_is_monotone_non_increasing_in_assigned_beneficiaries():
    values = [one_sided_msr(n) for n in range(1, 70001, 7)]
    assert all(a >= b - 1e-15 for a, b in zip(values, values[1:], strict=False))


def test_two_sided_fixed_and_variable_elections():
    en = track("EN")
    t = thresholds(en, 12000, 0.015, 2022)
    assert (t.msr, t.mlr) == (0.015, 0.015)
    v = thresholds(en, 12000, VARIABLE, 2022)
    assert v.msr == v.mlr == one_sided_msr(12000)
    z = thresholds(track("C"), 8000, 0.0, 2020)
    assert (z.msr, z.mlr) == (0.0, 0.0)


def test_fixed_elections_are_the_regulation_menu():
    with pytest.raises(ValueError):
        thresholds(track("E"), 10000, 0.025, 2020)  # not among 0, 0.5..2.0%, variable
    with pytest.raises(ValueError):
        thresholds(track("EN"), 10000, None, 2020)  # two-sided needs an election


def test_track2_before_2016_is_fixed_at_two_percent():
    # 425.606(b)(1)(i)
    t = thresholds(track("T2"), 20000, None, 2013)
    assert (t.msr, t.mlr) == (0.02, 0.02)


def test_one_sided_ignores_election():
    t = thresholds(track("B"), 20000, 0.0, 2022)
    assert t.msr == one_sided_msr(20000) and t.mlr is None

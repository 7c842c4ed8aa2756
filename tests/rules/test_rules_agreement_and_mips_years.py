"""The agreement term by start year (42 CFR 425.200(b)) and the MIPS payment bands of every year the table holds."""

import pytest

from acoms.rules import agreement, mips


@pytest.mark.parametrize(("start", "years"), [(2012, 3), (2015, 3), (2018, 3), (2019, 5), (2027, 5)])
def test_agreements_starting_before_2019_run_three_years_and_later_ones_five(start, years):
    assert agreement.term_years(start) == years  # 425.200(b)(1)-(2): three years; (b)(3)-(5): five
    assert list(agreement.performance_years(start)) == list(range(start, start + years))


@pytest.mark.parametrize("py", [2022, 2023, 2024, 2025, 2026])
def test_a_score_at_a_quarter_of_the_threshold_or_below_gets_the_largest_cut_and_the_threshold_none(py):
    # 414.1405(b): threshold 75 in each of these years; at or below 75/4 the maximum negative adjustment (-9%)
    assert mips.payment_band(py, 18.0) == (mips.BAND_MAX_NEGATIVE, -0.09)
    assert mips.payment_band(py, 75.0) == (mips.BAND_NEUTRAL, 0.0)
    band, cut = mips.payment_band(py, 46.875)  # halfway between 18.75 and 75: half the largest cut
    assert band == mips.BAND_NEGATIVE and cut == pytest.approx(-0.045)

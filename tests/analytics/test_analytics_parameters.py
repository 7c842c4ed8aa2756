"""Assignment parameters by performance year (42 CFR 425.400-425.402), worked by hand from the regulation."""

import datetime as dt

import pytest

from acoms.analytics import parameters


def test_py2026_reuses_the_py2025_primary_care_list():
    # the PY2026 additions are not enumerated (code_list_years.csv, UNCONFIRMED): the PY2025 list applies
    assert parameters.supported_years()[2026] == "UNCONFIRMED"
    assert "98016" in parameters.primary_care_codes(2026)  # virtual check-in, added for PY2025
    assert "98016" not in parameters.primary_care_codes(2024)
    assert parameters.primary_care_codes(2026) == parameters.primary_care_codes(2025)


def test_a_year_without_a_code_list_is_refused_with_the_table_named():
    with pytest.raises(parameters.ParameterError, match="no primary care code list for PY2022 in parameters/code_list"):
        parameters.primary_care_codes(2022)


def test_step3_and_its_expanded_window_start_in_py2025():
    py2024, py2025 = parameters.for_year(2024), parameters.for_year(2025)
    assert not py2024.step3 and py2024.expanded_start == dt.date(2024, 1, 1)  # no expansion: the 12-month window
    assert py2025.step3 and py2025.expanded_start == dt.date(2024, 1, 1)  # 24 months ending December 2025
    assert (py2025.window_start, py2025.window_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_prospective_window_ends_three_months_before_the_performance_year():
    p = parameters.for_year(2025, "prospective")
    assert (p.window_start, p.window_end) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


def test_code_lists_expand_ranges():
    p = parameters.for_year(2025)
    assert p.nursing_facility_codes[0] == "99304" and p.nursing_facility_codes[-1] == "99318"
    assert len(p.nursing_facility_codes) == 15
    assert p.cah2_revenue_prefixes == ("096", "097", "098")

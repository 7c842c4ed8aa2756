"""Application types and participation options from the ACO's history (spec §1.3–1.4, §425.204(f))."""

import datetime as dt

import pytest

from acoms.applications import eligibility as e

START = dt.date(2027, 1, 1)


def agreement(start, end, level, early=False):
    return e.PriorAgreement(dt.date.fromisoformat(start), dt.date.fromisoformat(end), level, early)


def test_an_aco_without_history_applies_as_initial():
    assert e.application_type([], START)[0] == e.INITIAL


def test_an_agreement_expiring_the_day_before_is_renewed():
    assert e.application_type([agreement("2022-01-01", "2026-12-31", "B")], START)[0] == e.RENEWAL


def test_an_agreement_running_past_the_start_is_an_early_renewal():
    assert e.application_type([agreement("2024-01-01", "2028-12-31", "E")], START)[0] == e.EARLY_RENEWAL


def test_the_same_entity_after_a_break_re_enters():
    kind, reason = e.application_type([agreement("2016-01-01", "2018-12-31", "T1")], START)
    assert kind == e.REENTERING and "break" in reason


def test_an_agreement_terminated_early_with_a_gap_is_re_entry_not_renewal():
    assert e.application_type([agreement("2022-01-01", "2026-12-31", "B", early=True)], START)[0] == e.REENTERING


def test_experience_with_risk_comes_from_a_two_sided_agreement_or_the_participants():
    assert not e.experienced([agreement("2022-01-01", "2026-12-31", "B")])
    assert e.experienced([agreement("2019-07-01", "2024-12-31", "D")])
    assert e.experienced([], participants_experienced=True)


def test_experienced_acos_choose_level_e_or_enhanced_only():
    options = e.allowed_levels([agreement("2019-07-01", "2024-12-31", "D")], False, e.REENTERING)
    assert options.levels == ("E", "EN")


def test_inexperienced_new_acos_may_enter_at_any_level_and_stay_at_a():
    options = e.allowed_levels([], False, e.INITIAL)
    assert options.levels == ("A", "B", "C", "D", "E", "EN") and options.level_a_all_years


def test_two_glide_path_agreements_use_up_the_glide_path():
    history = [agreement("2016-01-01", "2018-12-31", "A"), agreement("2019-07-01", "2026-12-31", "B")]
    options = e.allowed_levels(history, False, e.RENEWAL)
    assert options.levels == ("E", "EN") and not options.level_a_all_years


def test_msr_mlr_options_exist_only_for_two_sided_levels():
    assert e.msr_options("A", 2027) == ()
    assert "variable" in e.msr_options("C", 2027) and 0.02 in e.msr_options("EN", 2027)


def test_add_ons_are_for_basic_c_to_e_and_enhanced():
    assert [c for c in ("A", "B", "C", "D", "E", "EN") if e.add_ons_allowed(c)] == ["C", "D", "E", "EN"]


def test_basic_repayment_is_the_lesser_of_1pct_of_expenditures_and_2pct_of_revenue():
    # 1% × $11,500 × 12,000 = $1,380,000; 2% × $40,000,000 = $800,000 -> $800,000
    assert e.repayment_amount("C", 12000, 11500, 40_000_000).amount == 800_000
    # revenue large: expenditure-based amount is the lesser
    assert e.repayment_amount("D", 5000, 10000, 100_000_000).amount == pytest.approx(500_000)


def test_enhanced_repayment_is_1pct_of_expenditures_and_one_sided_needs_none():
    assert e.repayment_amount("EN", 12000, 11500, 40_000_000).amount == pytest.approx(1_380_000)
    assert e.repayment_amount("B", 12000, 11500, 40_000_000) is None

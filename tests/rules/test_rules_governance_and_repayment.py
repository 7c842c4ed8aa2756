"""The governing body (42 CFR 425.106(c)) and the repayment amount (425.204(f)(4)) as pure rules;
expected values worked by hand from the regulation's percentages."""

import pytest

from acoms.rules.governance import governing_body_problems, participant_share
from acoms.rules.repayment import RepaymentRule, repayment_amount


def member(rep=False, bene=False):
    return {"participant_representative": rep, "medicare_beneficiary": bene}


def test_participants_must_hold_three_quarters_of_the_board():
    assert participant_share([member(True)] * 3 + [member(bene=True)]) == 0.75
    assert governing_body_problems([member(True)] * 3 + [member(bene=True)], "", 0.75) == []
    two_of_three = governing_body_problems([member(True), member(True), member(bene=True)], "", 0.75)
    assert len(two_of_three) == 1 and "67%" in two_of_three[0] and "425.106(c)(3)" in two_of_three[0]


def test_a_beneficiary_member_or_an_explanation_and_never_both_roles():
    assert "explain how beneficiaries are represented" in governing_body_problems([member(True)] * 4, "", 0.75)[0]
    assert governing_body_problems([member(True)] * 4, "A beneficiary advisory panel meets quarterly.", 0.75) == []
    both = governing_body_problems([member(True)] * 3 + [member(True, True)], "", 0.75)
    assert both == ["The Medicare beneficiary member may not also represent an ACO participant (42 CFR 425.106(c)(2))."]
    assert governing_body_problems([], "", 0.75) == ["List the members of the governing body."]


BASIC = RepaymentRule("lesser", 0.01, 0.02, "425.204(f)(4)(ii)")
ENHANCED = RepaymentRule("expenditure", 0.01, None, "425.204(f)(4)(iii)")


@pytest.mark.parametrize(
    ("rule", "revenue", "expected"),
    [
        (BASIC, 20_000_000, 400_000.0),  # 1% × $10,000 × 5,000 = $500,000 vs 2% × $20M = $400,000: the lesser
        (BASIC, 30_000_000, 500_000.0),  # 2% × $30M = $600,000: the expenditure amount is the lesser
        (ENHANCED, 20_000_000, 500_000.0),  # ENHANCED: 1% of expenditures whatever the revenue
    ],
)
def test_repayment_amount(rule, revenue, expected):
    found = repayment_amount(
        rule, assigned_beneficiaries=5_000, per_capita_expenditure=10_000.0, participant_revenue=revenue
    )
    assert found.amount == expected and found.citation == rule.citation


def test_a_rule_without_a_revenue_share_cannot_be_a_lesser_of():
    with pytest.raises(ValueError, match="revenue"):
        repayment_amount(RepaymentRule("lesser", 0.01, None, "x"), 1, 1.0, 1.0)

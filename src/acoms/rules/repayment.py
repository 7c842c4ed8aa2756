"""The repayment mechanism amount of a two-sided ACO (42 CFR 425.204(f)(4)). Pure: the percentages
and the basis come from the applications parameter table `repayment.csv`, one row per track group."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RepaymentRule:
    basis: str  # "lesser": the lesser of the expenditure- and revenue-based amounts; "expenditure": that one only
    expenditure_pct: float  # of total per capita Parts A and B FFS expenditures for assigned beneficiaries
    revenue_pct: float | None  # of the ACO participants' total Parts A and B FFS revenue
    citation: str


@dataclass(frozen=True)
class RepaymentAmount:
    amount: float
    explanation: str
    citation: str


def repayment_amount(
    rule: RepaymentRule, assigned_beneficiaries: int, per_capita_expenditure: float, participant_revenue: float
) -> RepaymentAmount:
    """§425.204(f)(4)(ii) BASIC: the lesser of 1% of expenditures or 2% of revenue; (iii) ENHANCED:
    1% of expenditures (the percentages are the rule's)."""
    expenditure_based = rule.expenditure_pct * per_capita_expenditure * assigned_beneficiaries
    if rule.basis == "expenditure":
        return RepaymentAmount(
            round(expenditure_based, 2),
            f"{rule.expenditure_pct:.0%} × ${per_capita_expenditure:,.2f} per capita × {assigned_beneficiaries:,} "
            f"assigned beneficiaries = ${expenditure_based:,.2f}",
            rule.citation,
        )
    if rule.basis != "lesser" or rule.revenue_pct is None:
        raise ValueError(
            f"repayment basis {rule.basis!r} needs an expenditure or lesser-of rule with a revenue percentage"
        )
    revenue_based = rule.revenue_pct * participant_revenue
    amount = min(expenditure_based, revenue_based)
    return RepaymentAmount(
        round(amount, 2),
        f"lesser of {rule.expenditure_pct:.0%} of expenditures (${expenditure_based:,.2f}) and "
        f"{rule.revenue_pct:.0%} of participants' revenue (${revenue_based:,.2f}) = ${amount:,.2f}",
        rule.citation,
    )

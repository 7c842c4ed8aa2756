"""Stage `settlement` (financial-engine.md §8, fields per §12): `acoms.rules.reconcile()` once per
ACO with the engine's benchmark and expenditure totals."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ...rules import sharing
from ...rules.quality import QualityResult
from ...rules.reconcile import (
    OUTCOME_BELOW_MLR,
    OUTCOME_BELOW_MSR,
    OUTCOME_EVEN,
    OUTCOME_GUARDRAIL,
    OUTCOME_LOSSES,
    OUTCOME_NO_QUALITY,
    OUTCOME_ONE_SIDED_LOSS,
    OUTCOME_REDUCED,
    OUTCOME_SAVINGS,
    Inputs,
    reconcile,
)
from .agreements import Agreement
from .parameters import FinanceParameters
from .updated_benchmark import Update

OUTCOMES = {
    OUTCOME_SAVINGS: "shared_savings",
    OUTCOME_REDUCED: "reduced_shared_savings",
    OUTCOME_NO_QUALITY: "savings_quality_not_met",
    OUTCOME_BELOW_MSR: "savings_below_msr",
    OUTCOME_ONE_SIDED_LOSS: "losses_one_sided",
    OUTCOME_BELOW_MLR: "losses_below_mlr",
    OUTCOME_GUARDRAIL: "loss_protection_no_savings_no_losses",
    OUTCOME_LOSSES: "shared_losses",
    OUTCOME_EVEN: "no_savings_no_losses",
}


@dataclass
class Settlement:
    aco_id: str
    revenue_category: str | None
    gross_savings: float
    savings_rate: float
    msr: float
    mlr: float | None
    gen_save_loss: float
    final_share_rate: float
    final_loss_rate: float | None
    shared_amount: float
    sequestration: float
    limit: float | None
    limit_applied: bool
    euc_reduction: float
    earn_save_loss: float
    outcome: str
    explain: str

    def row(self) -> dict:
        return asdict(self)


def revenue_category(a: Agreement, u: Update, p: FinanceParameters) -> str | None:
    """§425.20 low revenue test on the PY [READING]: revenue < 0.35 × untruncated PY expenditures."""
    if a.participant_revenue is None:
        return None
    return "low" if a.participant_revenue < p.low_revenue_ratio * u.exp_total_untruncated else "high"


def inputs(a: Agreement, u: Update, p: FinanceParameters) -> Inputs:
    return Inputs(
        performance_year=a.performance_year,
        track=a.track,
        n_assigned=u.n_ab,
        benchmark_total=u.ub_total,
        expenditure_total=u.exp_total,
        quality=QualityResult(score=a.quality_score / 100.0, met_qps=a.met_qps, met_alt_qps=a.met_alt_qps),
        aco_id=a.aco_id,
        agreement_start=a.agreement_start,
        revenue_category=revenue_category(a, u, p),
        participant_revenue=a.participant_revenue,
        msr_election=a.msr_election,
        euc_fraction=a.euc_fraction,
        benchmark_two_way_total=u.ub2_total,
    )


def settle(a: Agreement, u: Update, p: FinanceParameters) -> Settlement:
    x = inputs(a, u, p)
    r = reconcile(x)
    outcome = OUTCOMES[r.outcome]
    protected = any(s.name == "two-way blend benchmark" for s in r.steps)
    if outcome == "losses_below_mlr" and protected:  # the MLR re-test on the two-way benchmark failed
        outcome = "losses_below_mlr_after_loss_protection"
    if outcome == "shared_losses" and protected and r.gen_save_loss != r.gross_savings:
        outcome = "shared_losses_loss_protection"
    shared = seq = euc = earn = 0.0
    limit: float | None = None
    applied = False
    gen = r.gen_save_loss if outcome not in ("losses_one_sided",) else 0.0
    if outcome in ("shared_savings", "reduced_shared_savings") and r.final_share_rate > 0:
        # §12: the payment limit first, then 2% sequestration of the shared amount
        limit = r.limit
        computed = gen * r.final_share_rate
        applied = limit is not None and computed > limit
        shared = limit if applied and limit is not None else computed
        seq = shared * sharing.sequestration_rate(a.performance_year)
        earn = shared - seq
    elif outcome in ("shared_losses", "shared_losses_loss_protection"):
        limit, applied = r.limit, r.limit_applied
        shared = -(r.shared_amount if not applied or limit is None else limit)
        euc = a.euc_fraction * -shared
        earn = -(-shared - euc)
    explain = r.explain() + (
        f"\n  outcome (§12)            {outcome}\n  shared amount (§12)      {shared:,.2f}"
        f"\n  sequestration (§12)      {seq:,.2f}\n  earned savings/losses    {earn:,.2f}"
    )
    return Settlement(
        aco_id=a.aco_id,
        revenue_category=x.revenue_category,
        gross_savings=r.gross_savings,
        savings_rate=r.savings_rate,
        msr=r.msr,
        mlr=r.mlr,
        gen_save_loss=gen,
        final_share_rate=r.final_share_rate,
        final_loss_rate=r.final_loss_rate,
        shared_amount=shared,
        sequestration=seq,
        limit=limit,
        limit_applied=applied,
        euc_reduction=euc,
        earn_save_loss=earn,
        outcome=outcome,
        explain=explain,
    )

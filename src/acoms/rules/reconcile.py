"""Financial reconciliation of one ACO-year (42 CFR 425.604-425.610, 425.652(b)(5); docs/reconciliation.md).

``reconcile(inputs)`` returns a ``Result`` that keeps every intermediate figure and, in ``steps``, the
rule and citation behind each, so any number can be explained (``Result.explain()``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import msr as msr_rules
from . import sharing
from .quality import QualityResult
from .tracks import track as get_track

# [READING] order of the two reductions of shared savings. CMS's PUFs show capped ACOs receiving exactly
# the performance payment limit, so sequestration is applied first and the limit after.
SAVINGS_ORDER = ("sequestration", "performance payment limit")
# Comparisons of rates are made on unrounded values; this only absorbs binary floating-point noise.
EPS = 1e-12

OUTCOME_SAVINGS = "shared savings"
OUTCOME_REDUCED = "reduced shared savings (savings below MSR, low-revenue BASIC ACO)"
OUTCOME_BELOW_MSR = "savings below MSR"
OUTCOME_NO_QUALITY = "savings at or above MSR but quality standard not met"
OUTCOME_LOSSES = "shared losses"
OUTCOME_BELOW_MLR = "losses below MLR"
OUTCOME_ONE_SIDED_LOSS = "losses not shared (one-sided)"
OUTCOME_GUARDRAIL = "no savings or losses (guardrail: two-way blend benchmark turns losses into savings)"
OUTCOME_EVEN = "expenditures equal to benchmark"


@dataclass(frozen=True)
class Inputs:
    """What a reconciliation knows before computing (no published result enters here)."""

    performance_year: int
    track: str  # T1, T2, T3, T1P, A-E, EN
    n_assigned: int
    benchmark_total: float  # updated benchmark x person-years (PUF ABtotBnchmk)
    expenditure_total: float  # PUF ABtotExp
    quality: QualityResult
    aco_id: str = ""
    agreement_start: date | None = None
    initial_start: date | None = None
    agreement_type: str | None = None
    revenue_category: str | None = None  # "low" / "high"
    participant_revenue: float | None = None
    msr_election: object = None  # two-sided: "variable" or a fixed fraction
    revenue_based_loss_limit: bool = True  # Track 1+: whether the revenue-based limit applies
    euc_fraction: float | None = None  # ACO-specific EUC: share of months x share of beneficiaries affected
    euc_reduction: float | None = None  # ACO-specific EUC reduction of shared losses in dollars (as published)
    benchmark_two_way_total: float | None = None  # 425.652(b)(5): benchmark updated with the two-way blend only
    reduced_sharing: bool | None = None  # 425.605(h) as a published flag says (PUF ReducedSS); None = decide here


@dataclass(frozen=True)
class Step:
    name: str
    value: object
    rule: str
    citation: str = ""


@dataclass
class Result:
    aco_id: str
    performance_year: int
    track: str
    n_assigned: int
    benchmark_total: float
    expenditure_total: float
    gross_savings: float = 0.0
    savings_rate: float = 0.0
    msr: float = 0.0
    mlr: float | None = None
    gen_save_loss: float = 0.0
    final_share_rate: float = 0.0
    final_loss_rate: float | None = None
    shared_amount: float = 0.0  # savings x sharing rate, or losses x loss rate, before reductions
    sequestration: float = 0.0
    limit: float | None = None
    limit_applied: bool = False
    euc_reduction: float = 0.0
    earn_save_loss: float = 0.0
    outcome: str = ""
    steps: list[Step] = field(default_factory=list)

    def note(self, name, value, rule, citation=""):
        self.steps.append(Step(name, value, rule, citation))

    def explain(self) -> str:
        lines = [f"{self.aco_id} PY{self.performance_year} {self.track}: {self.outcome}"]
        for s in self.steps:
            v = (
                f"{s.value:,.6f}"
                if isinstance(s.value, float) and abs(s.value) < 10
                else (f"{s.value:,.2f}" if isinstance(s.value, float) else str(s.value))
            )
            lines.append(f"  {s.name:<24} {v:>20}  {s.rule}" + (f"  [{s.citation}]" if s.citation else ""))
        return "\n".join(lines)


def _start_year(d: date | None) -> int | None:
    return d.year if d else None


def performance_years_in_agreement(py: int, start: date | None) -> int:
    """1 for the first PY of the agreement (2012 starters' first PY ended in 2013)."""
    if start is None:
        return 1
    return py - max(start.year, 2013 if start.year == 2012 else start.year) + 1


def reconcile(x: Inputs) -> Result:
    t = get_track(x.track)
    py = x.performance_year
    B, E = float(x.benchmark_total), float(x.expenditure_total)
    if B <= 0:
        raise ValueError(f"{x.aco_id}: benchmark must be positive, got {B}")
    r = Result(x.aco_id, py, t.code, x.n_assigned, B, E)
    r.note("track", t.label, f"{t.risk}; max sharing {t.max_sharing_rate:.0%}", t.citation)

    r.gross_savings = B - E
    r.savings_rate = r.gross_savings / B
    r.note("benchmark minus exp.", r.gross_savings, "total benchmark - total expenditures", "425.604(c), 425.605(c)")
    r.note("savings rate", r.savings_rate, "(benchmark - expenditures) / benchmark")

    th = msr_rules.thresholds(t, x.n_assigned, x.msr_election, _start_year(x.agreement_start))
    r.msr, r.mlr = th.msr, th.mlr
    r.note("MSR", th.msr, th.basis, th.citation)
    if th.mlr is not None:
        r.note("MLR", th.mlr, th.basis, th.citation)

    fsr = sharing.final_sharing_rate(t, py, x.quality)
    rules = sharing.quality_rules(py)
    r.final_share_rate = fsr
    r.note(
        "final sharing rate",
        fsr,
        f"{rules['quality_basis']}: quality {x.quality.outcome}, score {x.quality.score}",
        rules["citation"],
    )
    r.final_loss_rate = sharing.shared_loss_rate(t, py, x.quality, fsr)
    if r.final_loss_rate is not None:
        r.note("shared loss rate", r.final_loss_rate, t.loss_rate_method or "", t.citation)

    if r.gross_savings > 0:
        _savings(x, t, r)
    elif r.gross_savings < 0:
        _losses(x, t, r)
    else:
        r.outcome = OUTCOME_EVEN
    r.note("earned savings/losses", r.earn_save_loss, r.outcome)
    return r


def _savings(x: Inputs, t, r: Result) -> None:
    py = x.performance_year
    rate = r.final_share_rate
    if r.savings_rate + EPS >= r.msr:
        r.outcome = OUTCOME_SAVINGS
    elif _reduced_sharing_applies(x, t):
        p = sharing.reduced_sharing(py)
        rate = r.final_share_rate * p["reduced_sharing_factor"]
        r.final_share_rate = rate
        r.outcome = OUTCOME_REDUCED
        r.note("reduced sharing rate", rate, "low-revenue BASIC ACO below MSR shares at half the rate", "425.605(h)")
    else:
        r.outcome = OUTCOME_BELOW_MSR
        r.note("generated savings", 0.0, f"savings rate {r.savings_rate:.4%} below MSR {r.msr:.4%}")
        return
    r.gen_save_loss = r.gross_savings
    r.note("generated savings", r.gen_save_loss, "first-dollar savings once the MSR is met", "425.604(d), 425.605(d)")
    if rate <= 0:
        r.outcome = OUTCOME_NO_QUALITY
        return
    r.shared_amount = r.gen_save_loss * rate
    r.note("savings x sharing rate", r.shared_amount, f"{r.gen_save_loss:,.0f} x {rate:.6f}")
    amount = r.shared_amount
    r.limit = sharing.performance_payment_limit(t, r.benchmark_total)
    seq = sharing.sequestration_rate(py)
    for stage in SAVINGS_ORDER:
        if stage == "sequestration":
            r.sequestration = amount * seq
            amount -= r.sequestration
            r.note("sequestration", -r.sequestration, f"{seq:.0%} of shared savings", "2 U.S.C. 901a; PUF methodology")
        else:
            if amount > r.limit:
                r.limit_applied = True
                amount = r.limit
            r.note(
                "performance payment limit",
                r.limit,
                f"{t.performance_payment_limit:.0%} of benchmark"
                + (" - applied" if r.limit_applied else " - not binding"),
                t.citation,
            )
    r.earn_save_loss = amount


def _reduced_sharing_applies(x: Inputs, t) -> bool:
    if x.reduced_sharing is not None:
        return x.reduced_sharing
    p = sharing.reduced_sharing(x.performance_year)
    if x.performance_year < p["reduced_sharing_from_py"] or not t.is_basic:
        return False
    if p["reduced_sharing_requires_2024_agreement"] and (x.agreement_start is None or x.agreement_start.year < 2024):
        return False
    return x.revenue_category == "low" and x.n_assigned >= p["reduced_sharing_min_assigned"]


def _losses(x: Inputs, t, r: Result) -> None:
    if not t.two_sided:
        r.outcome = OUTCOME_ONE_SIDED_LOSS
        if sharing.reports_one_sided_losses(x.performance_year) and -r.savings_rate + EPS >= r.msr:
            r.gen_save_loss = r.gross_savings
            r.note(
                "generated losses",
                r.gen_save_loss,
                "reported only: one-sided ACO at or beyond the negative MSR; nothing is owed",
                "425.316(d); parameters/reporting.csv",
            )
        return
    loss, bench = -r.gross_savings, r.benchmark_total
    assert r.mlr is not None and r.final_loss_rate is not None, "a two-sided track has an MLR and a loss rate"
    if loss / bench + EPS < r.mlr:
        r.outcome = OUTCOME_BELOW_MLR
        r.note("generated losses", 0.0, f"loss rate {loss / bench:.4%} below MLR {r.mlr:.4%}")
        return
    p = sharing.reduced_sharing(x.performance_year)
    if (
        x.agreement_start
        and x.agreement_start.year >= p["guardrail_from_agreement_start"]
        and x.benchmark_two_way_total is not None
    ):
        two_way = float(x.benchmark_two_way_total)
        r.note("two-way blend benchmark", two_way, "loss protection re-test", "425.652(b)(5)")
        if r.expenditure_total <= two_way:
            r.outcome = OUTCOME_GUARDRAIL
            return
        if r.expenditure_total - two_way < loss:
            loss, bench = r.expenditure_total - two_way, two_way
            if p["guardrail_retest_mlr_on_two_way_benchmark"] and loss / bench + EPS < r.mlr:
                r.outcome = OUTCOME_BELOW_MLR
                return
    r.gen_save_loss = -loss
    r.note(
        "generated losses",
        r.gen_save_loss,
        "losses at or above the MLR are shared from the first dollar",
        "425.606(f), 425.610(f), 425.605(d)",
    )
    r.shared_amount = loss * r.final_loss_rate
    r.note("losses x loss rate", r.shared_amount, f"{loss:,.0f} x {r.final_loss_rate:.6f}")
    amount = r.shared_amount
    years = performance_years_in_agreement(x.performance_year, x.agreement_start)
    limit, basis = sharing.loss_limit(t, bench, x.participant_revenue, years, x.revenue_based_loss_limit)
    assert limit is not None, "a two-sided track has a loss limit"
    r.limit = limit
    if amount > limit:
        r.limit_applied = True
        amount = limit
    r.note("loss limit", r.limit, basis + (" - applied" if r.limit_applied else " - not binding"), t.citation)
    phe = sharing.phe_euc_fraction(x.performance_year)
    if x.euc_reduction is not None:
        # the published ACO-specific reduction already contains the PHE part; a whole-year PHE forgives everything
        r.euc_reduction = min(max(abs(float(x.euc_reduction)), amount * phe), amount)
        rule = f"EUC reduction as published for this ACO (input), at least the PHE fraction {phe:.4f}"
    else:
        fraction = min(max(x.euc_fraction if x.euc_fraction is not None else phe, 0.0), 1.0)
        r.euc_reduction = amount * fraction
        rule = f"EUC: shared losses x {fraction:.4f} (months affected x beneficiaries affected)"
    if r.euc_reduction:
        r.note("EUC reduction", -r.euc_reduction, rule, "425.605(f), 425.606(i), 425.610(i)")
    r.earn_save_loss = -(amount - r.euc_reduction)
    r.outcome = OUTCOME_LOSSES

"""Properties of the reconciliation that hold for any input (hypothesis)."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from acoms.rules import Inputs, QualityResult, reconcile
from acoms.rules.msr import VARIABLE
from acoms.rules.tracks import all_tracks, track

TRACKS = sorted(all_tracks())
quality = st.builds(
    QualityResult, st.floats(0, 1), st.sampled_from([True, False, None]), st.sampled_from([True, False, None])
)
elections = st.sampled_from([VARIABLE, 0.0, 0.005, 0.01, 0.015, 0.02])


@st.composite
def inputs(draw):
    code = draw(st.sampled_from(TRACKS))
    bench = draw(st.floats(1e6, 2e9))
    ratio = draw(st.floats(0.5, 1.5))
    if code in ("T1", "T2", "T3", "T1P"):  # agreements that began before July 2019
        start = draw(st.sampled_from([date(2013, 1, 1), date(2016, 1, 1), date(2018, 1, 1)]))
        py = draw(st.integers(max(start.year, 2014), 2019))
    else:
        start = draw(st.sampled_from([date(2019, 7, 1), date(2022, 1, 1), date(2024, 1, 1)]))
        py = draw(st.integers(max(start.year, 2020), 2026))
    return Inputs(
        performance_year=py,
        track=code,
        n_assigned=draw(st.integers(1, 300000)),
        benchmark_total=bench,
        expenditure_total=bench * ratio,
        quality=draw(quality),
        agreement_start=start,
        revenue_category=draw(st.sampled_from(["low", "high", None])),
        participant_revenue=draw(st.one_of(st.none(), st.floats(1e5, 5e9))),
        msr_election=draw(elections),
        euc_fraction=draw(st.one_of(st.none(), st.floats(0, 1))),
    )


@settings(max_examples=400, deadline=None)
@given(inputs())
def test_savings_never_exceed_the_performance_payment_limit(x):
    r = reconcile(x)
    assert r.earn_save_loss <= track(x.track).performance_payment_limit * x.benchmark_total + 1e-6


@settings(max_examples=400, deadline=None)
@given(inputs())
def test_losses_never_exceed_the_loss_limit(x):
    r = reconcile(x)
    t = track(x.track)
    if r.earn_save_loss < 0:
        worst = max(t.loss_limit_benchmark) * x.benchmark_total
        assert -r.earn_save_loss <= worst + 1e-6
        assert -r.earn_save_loss <= r.limit + 1e-6
    if not t.two_sided:
        assert r.earn_save_loss >= 0


@settings(max_examples=400, deadline=None)
@given(inputs())
def test_no_savings_below_the_msr_except_reduced_sharing(x):
    r = reconcile(x)
    if r.earn_save_loss > 0 and r.savings_rate < r.msr:
        # 425.605(h) is the one rule that pays below the MSR
        assert "reduced" in r.outcome and track(x.track).is_basic and x.revenue_category == "low"
        assert x.performance_year >= 2024 and x.n_assigned >= 5000


@settings(max_examples=300, deadline=None)
@given(inputs(), st.floats(0.0, 0.2))
def test_result_is_monotone_in_expenditures(x, more):
    """Spending more never increases the ACO's result (savings shrink, losses grow)."""
    a = reconcile(x)
    b = reconcile(Inputs(**{**x.__dict__, "expenditure_total": x.expenditure_total * (1 + more)}))
    assert b.earn_save_loss <= a.earn_save_loss + 1e-6

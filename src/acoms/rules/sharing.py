"""Sharing rates, loss rates, caps and sequestration (42 CFR 425.604-425.610; docs/reconciliation.md)."""

from __future__ import annotations

from .parameters import by_year, named
from .quality import ALTERNATIVE, QPS, QualityResult
from .tracks import Track


def quality_rules(py: int) -> dict:
    return by_year("sharing_rules", py)


def final_sharing_rate(track: Track, py: int, quality: QualityResult) -> float:
    """Final sharing rate for savings (before any PY2024 reduced-sharing halving)."""
    basis = quality_rules(py)["quality_basis"]
    outcome = quality.outcome
    score = quality.score or 0.0
    if basis == "scaled":
        return track.max_sharing_rate * score if outcome == QPS else 0.0
    if basis == "qps_flat":
        return track.max_sharing_rate if outcome == QPS else 0.0
    if basis == "qps_or_alt":
        if outcome == QPS:
            return track.max_sharing_rate
        if outcome == ALTERNATIVE:
            return track.max_sharing_rate * score
        return 0.0
    raise ValueError(f"unknown quality basis {basis!r}")


def _bounded(rate: float, floor: float | None, ceiling: float | None) -> float:
    if floor is not None:
        rate = max(rate, floor)
    if ceiling is not None:
        rate = min(rate, ceiling)
    return rate


def shared_loss_rate(track: Track, py: int, quality: QualityResult, final_share_rate: float) -> float | None:
    """Shared loss rate; None for one-sided models."""
    if not track.two_sided:
        return None
    method = track.loss_rate_method
    if method == "fixed":
        assert track.loss_rate_fixed is not None, "a fixed-rate track names its rate"
        return float(track.loss_rate_fixed)
    if method == "enhanced":
        method = quality_rules(py)["enhanced_loss_basis"]
        if method == "one_minus_075_quality":
            if quality.outcome not in (QPS, ALTERNATIVE):
                assert track.loss_rate_ceiling is not None, "ENHANCED names its ceiling"
                return float(track.loss_rate_ceiling)  # 425.610(f)(4)(ii): 75% when both standards are failed
            return _bounded(
                1 - track.max_sharing_rate * (quality.score or 0.0), track.loss_rate_floor, track.loss_rate_ceiling
            )
    if method == "one_minus_fsr":
        return _bounded(1 - final_share_rate, track.loss_rate_floor, track.loss_rate_ceiling)
    raise ValueError(f"unknown loss rate method {method!r} for {track.code}")


def performance_payment_limit(track: Track, benchmark_total: float) -> float:
    return track.performance_payment_limit * benchmark_total


def loss_limit(
    track: Track,
    benchmark_total: float,
    participant_revenue: float | None = None,
    year_in_track: int = 1,
    revenue_based: bool = True,
) -> tuple[float | None, str]:
    """Loss recoupment limit and how it was set.

    BASIC levels (and Track 1+ when its revenue-based limit applies): the lesser of revenue% x ACO
    participants' Parts A+B FFS revenue and benchmark% x updated benchmark. With no revenue known the
    benchmark-based amount is returned and the basis says so.
    """
    bench_pct = track.loss_limit_benchmark_pct(year_in_track)
    if bench_pct is None:
        return None, "no loss limit (one-sided)"
    bench_cap = bench_pct * benchmark_total
    if track.loss_limit_revenue is None or not revenue_based:
        return bench_cap, f"{bench_pct:.1%} of updated benchmark"
    if participant_revenue is None:
        return (
            bench_cap,
            f"{bench_pct:.1%} of updated benchmark (participant revenue unknown; revenue-based {track.loss_limit_revenue:.0%} not tested)",
        )
    rev_cap = track.loss_limit_revenue * participant_revenue
    if rev_cap < bench_cap:
        return rev_cap, f"{track.loss_limit_revenue:.0%} of ACO participant revenue"
    return bench_cap, f"{bench_pct:.1%} of updated benchmark (below {track.loss_limit_revenue:.0%} of revenue)"


def sequestration_rate(py: int) -> float:
    return float(by_year("sequestration", py)["rate"])


def phe_euc_fraction(py: int) -> float:
    """Fraction of the PY affected by the COVID-19 PHE (every beneficiary lives in an affected area)."""
    try:
        return by_year("euc", py)["phe_months"] / 12
    except KeyError:
        return 0.0


def reports_one_sided_losses(py: int) -> bool:
    try:
        return bool(by_year("reporting", py)["one_sided_generated_losses"])
    except KeyError:
        return False


def reduced_sharing(py: int) -> dict:
    return named("reduced_sharing")

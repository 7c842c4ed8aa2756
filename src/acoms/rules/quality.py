"""Quality performance standard, alternative standard, health equity adjustment (42 CFR 425.512; docs/quality.md).

Scores are on a 0-100 scale where the regulation speaks of MIPS Quality scores and percentiles, and as a
fraction (0-1) where they scale sharing and loss rates (``QualityResult.score``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .parameters import by_year, named, table

QPS = "qps"
ALTERNATIVE = "alternative"
NOT_MET = "not met"


@dataclass(frozen=True)
class QualityResult:
    """Quality outcome of an ACO-year as the reconciliation needs it.

    score: the quality score as a fraction (through PY2020 the §425.502 score; PY2021-2022 the MIPS
    Quality score / 100; PY2023-2025 the health-equity-adjusted score / 100).
    met_qps / met_alt_qps: whether the standards were met; None = not reported (then met_qps is taken
    as score > 0, the pre-2016 convention of the PUFs).
    """

    score: float | None
    met_qps: bool | None = None
    met_alt_qps: bool | None = None

    @property
    def outcome(self) -> str:
        met = self.met_qps if self.met_qps is not None else bool(self.score)
        if met:
            return QPS
        if self.met_alt_qps:
            return ALTERNATIVE
        return NOT_MET


def standard(py: int) -> dict:
    """The quality performance standard row of PY ``py`` (parameters/quality_standard.csv)."""
    return by_year("quality_standard", py)


def has_standard(py: int) -> bool:
    return any(r.holds_for(py) for r in table("quality_standard"))


def measure_performance_scaler(thirds: Iterable[str]) -> int:
    """Sum over required measures of 4 (top third), 2 (middle third), 0 (bottom third or unscored)."""
    p = named("health_equity")
    points = {"top": p["scaler_top_third"], "middle": p["scaler_middle_third"], "bottom": p["scaler_bottom_third"]}
    return sum(points.get(t, 0) for t in thirds)


def underserved_multiplier(adi_share: float, lis_dual_share: float) -> float:
    """Higher of the share in ADI >= 85 block groups and the LIS/dual share (425.512(b)(3))."""
    return max(adi_share, lis_dual_share)


def health_equity_bonus(scaler: float, multiplier: float) -> float:
    p = named("health_equity")
    if multiplier < p["underserved_min"]:
        return 0.0
    return min(scaler * multiplier, p["bonus_cap"])


def health_equity_adjusted_score(py: int, mips_quality_score: float, bonus: float, eligible: bool = True) -> float:
    """MIPS Quality score plus the bonus, capped at 100; unchanged in years without the adjustment."""
    if not eligible or not has_standard(py) or not standard(py)["health_equity"]:
        return mips_quality_score
    return min(mips_quality_score + bonus, named("health_equity")["score_cap"])


def assess(
    py: int,
    score: float,
    percentile_of_score: float | None = None,
    *,
    threshold_value: float | None = None,
    incentive_met: bool = False,
    alternative_outcome_percentile: float | None = None,
    first_year_reporting: bool = False,
    reported_nothing: bool = False,
    euc_floor: bool = False,
) -> QualityResult:
    """Quality standard outcome for PY2021+ (425.512(a)).

    score: the (health-equity-adjusted) quality score, 0-100. Either ``percentile_of_score`` (the
    percentile the score reaches among MIPS Quality scores) or ``threshold_value`` (the score at the
    QPS percentile) decides the main test. ``alternative_outcome_percentile``: the best percentile the
    ACO reached on one of the outcome measures. ``euc_floor``: 425.512(c) minimum score applies.
    """
    std = standard(py)
    if reported_nothing:
        return QualityResult(score / 100, False, False)
    if euc_floor and threshold_value is not None:
        score = max(score, threshold_value)
    if percentile_of_score is not None:
        meets = percentile_of_score >= std["qps_pctl"]
    elif threshold_value is not None:
        meets = score >= threshold_value
    else:
        raise ValueError("need the score's percentile or the QPS threshold value")
    meets = meets or incentive_met or first_year_reporting or euc_floor
    alt = None
    if std["alt_qps_pctl"] is not None and alternative_outcome_percentile is not None:
        alt = alternative_outcome_percentile >= std["alt_qps_pctl"]
    return QualityResult(score / 100, meets, alt)

"""MIPS scoring of an SSP ACO as an APM Entity (42 CFR 414.1367 APM Performance Pathway; 414.1370; docs/quality.md, "MIPS APM Entity score").

- Category weights under the APP: Quality 50%, Cost 0%, Improvement Activities 20%, Promoting
  Interoperability 30%; a category that cannot be scored is reweighted (414.1367(d)).
- Promoting Interoperability reported by participant TIN: the entity score is the average of the TIN scores
  weighted by each TIN's MIPS eligible clinicians (414.1370(g)(4)(ii)).
- Improvement activities: under the APP the APM Entity is assigned its APM's score (parameter
  ``ia_app_assigned_share``); under the legacy standard at least one-half of the highest score.
- ``apm_entity_final_score`` puts them together with the steps, the final score and the payment
  adjustment band (414.1405(b), parameters/mips_payment.csv).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .parameters import by_year, named
from .reconcile import Step

BAND_MAX_NEGATIVE = "maximum negative adjustment"
BAND_NEGATIVE = "negative adjustment"
BAND_NEUTRAL = "neutral"
BAND_POSITIVE = "positive adjustment (scaled for budget neutrality)"


@dataclass(frozen=True)
class TinScore:
    tin: str
    eligible_clinicians: int
    score: float | None  # 0-100; None = the TIN's PI is reweighted (exception, hardship)


def apm_entity_score(tins: Iterable[TinScore]) -> float:
    """Weighted average of TIN scores, weights = MIPS eligible clinicians per TIN."""
    tins = list(tins)
    total = sum(t.eligible_clinicians for t in tins)
    if total <= 0:
        raise ValueError("the APM Entity has no MIPS eligible clinicians")
    return sum((t.score or 0.0) * t.eligible_clinicians for t in tins) / total


def promoting_interoperability(tins: Iterable[TinScore]) -> float | None:
    """Entity PI score from the TINs that have one; None (category reweighted) when no TIN has a score.
    TINs whose PI is reweighted are left out of the weights [READING]."""
    scored = [t for t in tins if t.score is not None]
    if not scored or sum(t.eligible_clinicians for t in scored) <= 0:
        return None
    return apm_entity_score(scored)


def improvement_activities_points(earned: float | None = None) -> float:
    """IA points assigned to the APM Entity: at least half of the maximum, the full maximum where earned."""
    p = named("mips")
    top = p["ia_max_points"]
    floor = p["ia_minimum_share"] * top
    return min(max(earned or 0.0, floor), top)


def app_improvement_activities() -> float:
    """IA category score (0-100) an SSP ACO reporting the APP is assigned."""
    return 100.0 * named("mips")["ia_app_assigned_share"]


def weights(quality: float | None, promoting_interoperability: float | None) -> dict[str, float]:
    """Category weights after reweighting (414.1367(d)); cost is never assessed."""
    p = named("mips")
    if quality is None and promoting_interoperability is None:
        raise ValueError("both quality and promoting interoperability are unscored")
    if quality is None:
        return {
            "quality": 0.0,
            "promoting_interoperability": p["reweighted_no_quality_pi"],
            "improvement_activities": p["reweighted_no_quality_ia"],
            "cost": 0.0,
        }
    if promoting_interoperability is None:
        return {
            "quality": p["reweighted_no_pi_quality"],
            "promoting_interoperability": 0.0,
            "improvement_activities": p["reweighted_no_pi_ia"],
            "cost": 0.0,
        }
    return {
        "quality": p["weight_quality"],
        "promoting_interoperability": p["weight_promoting_interoperability"],
        "improvement_activities": p["weight_improvement_activities"],
        "cost": p["weight_cost"],
    }


def final_score(
    quality: float | None, promoting_interoperability: float | None, improvement_activities: float
) -> float:
    """MIPS final score (0-100) of the APM Entity. Category scores are 0-100 (IA as a percent of its maximum).

    A category that cannot be scored (None) is reweighted as 414.1367(d) says; cost is never assessed.
    """
    w = weights(quality, promoting_interoperability)
    return (
        w["quality"] * (quality or 0.0)
        + w["promoting_interoperability"] * (promoting_interoperability or 0.0)
        + w["improvement_activities"] * improvement_activities
    )


def payment_band(py: int, score: float) -> tuple[str, float | None]:
    """Payment adjustment band of a final score and, for the negative bands, the adjustment (414.1405(b)):
    at or below a quarter of the performance threshold the maximum negative adjustment, linear from there
    to 0 at the threshold; above it positive, scaled for budget neutrality (not known in advance: None)."""
    row = by_year("mips_payment", py)
    threshold, worst = float(row["performance_threshold"]), float(row["max_negative"])
    if score <= threshold / 4:
        return BAND_MAX_NEGATIVE, worst
    if score < threshold:
        return BAND_NEGATIVE, worst * (threshold - score) / (threshold - threshold / 4)
    if score == threshold:
        return BAND_NEUTRAL, 0.0
    return BAND_POSITIVE, None


@dataclass
class ApmEntityScore:
    performance_year: int
    quality: float | None
    promoting_interoperability: float | None
    improvement_activities: float
    weights: dict[str, float]
    final_score: float
    band: str
    adjustment: float | None
    steps: list[Step] = field(default_factory=list)


def apm_entity_final_score(
    py: int, quality: float | None, tins: Iterable[TinScore], improvement_activities: float | None = None
) -> ApmEntityScore:
    """The ACO's MIPS final score under the APP. ``quality``: the MIPS Quality score (0-100, before the
    SSP health equity adjustment, ``QualityScore.mips_quality_score``); ``tins``: PI per participant TIN;
    ``improvement_activities``: the IA score (0-100), by default the one the APP assigns."""
    tins = list(tins)
    pi = promoting_interoperability(tins)
    ia = app_improvement_activities() if improvement_activities is None else improvement_activities
    w = weights(quality, pi)
    fs = final_score(quality, pi, ia)
    band, adjustment = payment_band(py, fs)
    steps = [
        Step(
            "quality",
            quality,
            "MIPS Quality score" if quality is not None else "reweighted to 0",
            "42 CFR 414.1367(c)(1)",
        ),
        Step(
            "promoting interoperability",
            pi,
            f"{len(tins)} TINs weighted by MIPS eligible clinicians"
            if pi is not None
            else "no TIN scored: reweighted to 0",
            "42 CFR 414.1370(g)(4)(ii)",
        ),
        Step(
            "improvement activities",
            ia,
            "assigned under the APP" if improvement_activities is None else "input",
            "42 CFR 414.1367(c)(3)",
        ),
        Step(
            "weights",
            ", ".join(f"{k} {v:.0%}" for k, v in w.items()),
            "APP weights after reweighting",
            "42 CFR 414.1367(c)-(d)",
        ),
        Step("final score", fs, "weighted sum of the category scores", "42 CFR 414.1367"),
        Step("payment adjustment", adjustment, band, "42 CFR 414.1405(b)"),
    ]
    return ApmEntityScore(py, quality, pi, ia, w, fs, band, adjustment, steps)

"""MIPS APM scoring standard for SSP ACOs (42 CFR 414.1367, 414.1370; spec §4.6).

- The APM Entity group score is the average of participant TIN scores weighted by each TIN's number
  of MIPS eligible clinicians (414.1370(g)(4)(ii) for Promoting Interoperability reported by TIN).
- Improvement activities are assigned: at least one-half of the highest score, the full score when earned.
- Cost is not assessed (weight 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .parameters import named


@dataclass(frozen=True)
class TinScore:
    tin: str
    eligible_clinicians: int
    score: float  # 0-100


def apm_entity_score(tins: Iterable[TinScore]) -> float:
    """Weighted average of TIN scores, weights = MIPS eligible clinicians per TIN."""
    tins = list(tins)
    total = sum(t.eligible_clinicians for t in tins)
    if total <= 0:
        raise ValueError("the APM Entity has no MIPS eligible clinicians")
    return sum(t.score * t.eligible_clinicians for t in tins) / total


def improvement_activities_points(earned: float | None = None) -> float:
    """IA points assigned to the APM Entity: at least half of the maximum, the full maximum where earned."""
    p = named("mips")
    top = p["ia_max_points"]
    floor = p["ia_minimum_share"] * top
    return min(max(earned or 0.0, floor), top)


def final_score(quality: float | None, promoting_interoperability: float | None, improvement_activities: float) -> float:
    """MIPS final score (0-100) of the APM Entity. Category scores are 0-100 (IA as a percent of its maximum).

    A category that cannot be scored (None) is reweighted as 414.1367(d) says; cost is never assessed.
    """
    p = named("mips")
    if quality is None and promoting_interoperability is None:
        raise ValueError("both quality and promoting interoperability are unscored")
    if quality is None:
        return p["reweighted_no_quality_pi"] * promoting_interoperability + p["reweighted_no_quality_ia"] * improvement_activities
    if promoting_interoperability is None:
        return p["reweighted_no_pi_quality"] * quality + p["reweighted_no_pi_ia"] * improvement_activities
    return (p["weight_quality"] * quality + p["weight_promoting_interoperability"] * promoting_interoperability
            + p["weight_improvement_activities"] * improvement_activities + p["weight_cost"] * 0.0)

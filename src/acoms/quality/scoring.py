"""An ACO-year's quality score from what it reported and what CMS added: the rules' ``score_quality`` and
``apm_entity_final_score`` on the database's figures, the health equity thirds among the ACOs of the year,
and what would change the outcome. Reads only."""

from __future__ import annotations

from dataclasses import dataclass

from acoms.quality.models import CmsInputs, Submission
from acoms.rules import mips, quality_score
from acoms.rules.measures import catalog
from acoms.rules.quality import standard
from acoms.rules.quality_score import QualityInputs, QualityScore, Reported


def reports(sub: Submission | None, cms: CmsInputs | None) -> list[Reported]:
    out = []
    if sub is not None:
        for m in sub.measures.all():
            out.append(Reported(m.measure_id, m.collection, m.rate, m.performance_denominator, m.completeness))
        if sub.cahps_not_sampled:
            out.append(Reported(quality_score.CAHPS_MEASURE, "CAHPS", not_sampled=True))
        elif sub.cahps_summary:
            out.append(Reported(quality_score.CAHPS_MEASURE, "CAHPS", summary=dict(sub.cahps_summary)))
    if cms is not None:
        for measure in quality_score.CLAIMS_MEASURES:
            rate = getattr(cms, f"rate_{measure}")
            if rate is not None:
                out.append(Reported(measure, "claims", rate, getattr(cms, f"cases_{measure}")))
    return out


def _inputs(py: int, aco_id: str, sub, cms, thirds=None) -> QualityInputs:
    return QualityInputs(
        performance_year=py,
        reports=tuple(reports(sub, cms)),
        aco_id=aco_id,
        first_year=bool(cms and cms.first_year),
        euc_affected=bool(cms and cms.euc_affected),
        prior_achievement=cms.prior_achievement if cms else None,
        underserved_multiplier=cms.underserved_multiplier if cms else None,
        thirds=thirds,
    )


@dataclass
class AcoQuality:
    aco: object
    py: int
    submission: Submission | None
    score: QualityScore
    apm: mips.ApmEntityScore | None

    @property
    def reported(self) -> bool:
        return self.submission is not None and (
            self.submission.measures.exists() or bool(self.submission.cahps_summary)
        )


def thirds(py: int) -> dict[str, dict[tuple[str, str], str]]:
    """aco_id -> (measure, collection) -> top / middle / bottom third among the ACOs reporting the measure
    the same way this PY (425.512(b)(2)); only computed in years with the health equity adjustment."""
    if not standard(py)["health_equity"]:
        return {}
    cat = catalog(py)
    rates: dict[tuple[str, str], dict[str, float]] = {}
    subs = Submission.objects.filter(py=py).select_related("organization").prefetch_related("measures")
    cms = {c.organization_id: c for c in CmsInputs.objects.filter(py=py)}
    for sub in subs:
        for rep in reports(sub, cms.get(sub.organization_id)):
            if rep.rate is not None:
                rates.setdefault((rep.measure_id, rep.collection), {})[sub.organization.aco_id] = rep.rate
    out: dict[str, dict[tuple[str, str], str]] = {}
    for key, by_aco in rates.items():
        inverse = cat.measures[key[0]].inverse if key[0] in cat.measures else False
        for aco_id, third in quality_score.performance_thirds(by_aco, inverse).items():
            out.setdefault(aco_id, {})[key] = third
    return out


def score_aco(aco, py: int, all_thirds: dict | None = None) -> AcoQuality:
    sub = Submission.objects.filter(organization=aco, py=py).prefetch_related("measures", "pi_scores").first()
    cms = CmsInputs.objects.filter(organization=aco, py=py).first()
    ranks = (thirds(py) if all_thirds is None else all_thirds).get(aco.aco_id)
    q = quality_score.score_quality(_inputs(py, aco.aco_id, sub, cms, ranks))
    tins = [mips.TinScore(p.tin, p.eligible_clinicians, p.score) for p in (sub.pi_scores.all() if sub else [])]
    try:
        apm = mips.apm_entity_final_score(py, q.mips_quality_score, tins)
    except ValueError:  # neither Quality nor PI can be scored: no final score (414.1367(d))
        apm = None
    return AcoQuality(aco, py, sub, q, apm)


def score_all(py: int, acos) -> list[AcoQuality]:
    ranks = thirds(py)
    return [score_aco(aco, py, ranks) for aco in acos]


# --------------------------------------------------------------------------- what would change the outcome


def qps_value(py: int) -> float | None:
    v = standard(py).get("percentile_value")
    return None if v is None else float(v)


def gap_to_standard(q: QualityScore) -> float | None:
    """Quality score points still missing to the QPS percentile value (0 when met by the score)."""
    threshold = qps_value(q.performance_year)
    if threshold is None or q.score is None:
        return None
    return max(0.0, threshold - q.score)


def points_per_measure_point(q: QualityScore) -> float | None:
    """How much the quality score moves for one more measure achievement point (100 / points available)."""
    available = sum(m.available for m in q.measures)
    return 100.0 / available if available else None


def next_decile_rate(py: int, m: quality_score.MeasureScore) -> float | None:
    """The rate at which the measure enters its next decile (None at the top or when not scored)."""
    if m.status != quality_score.SCORED or m.decile is None or m.decile >= 10 or m.measure_id == "321":
        return None
    suffix, method = quality_score.COLLECTIONS[m.collection]
    bench = catalog(py).benchmark(m.measure_id + suffix, method)
    return None if bench is None else bench.bounds[m.decile - 1]

"""What the ACO's quality pages show: the reported figures, and the score measure by measure with what
would change the outcome, the standard, the health equity adjustment and the MIPS APM Entity score."""

from __future__ import annotations

from acoms.lib import formats
from acoms.quality import reporting, scoring
from acoms.quality.models import Submission
from acoms.rules import quality_score
from acoms.rules.measures import catalog
from acoms.rules.quality import standard
from acoms.web import charts

STATUS_WORDS = {
    quality_score.SCORED: "Scored",
    quality_score.NOT_REPORTED: "Not reported: 0 of 10 points",
    quality_score.NO_BENCHMARK: "No benchmark: left out",
    quality_score.BELOW_CASE_MINIMUM: "Below the case minimum: left out",
    quality_score.INCOMPLETE: "Data completeness below the minimum: 0 of 10 points",
    quality_score.NOT_SAMPLED: "Not sampled for the survey: left out",
}
CATEGORY_WORDS = {
    "quality": "Quality",
    "promoting_interoperability": "Promoting Interoperability",
    "improvement_activities": "Improvement Activities",
    "cost": "Cost",
}


def measure_rows(py: int, sub: Submission | None) -> list[dict]:
    if sub is None:
        return []
    rows = []
    for m in sub.measures.all():
        f = reporting.MeasureFigures(
            m.measure_id, m.collection, m.eligible_population, m.denominator, m.exclusions, m.exceptions, m.numerator
        )
        rows.append(
            {
                "report": m,
                "title": reporting.measure_title(py, m.measure_id),
                "rate": m.rate,
                "completeness": m.completeness,
                "warnings": reporting.measure_warnings(f),
            }
        )
    return rows


def attester(sub: Submission | None) -> str:
    """Who attested, in words ("the system" for the demo seed and other system actions)."""
    if sub is None or not sub.attested:
        return ""
    if sub.attested_by is None:
        return "the system"
    return sub.attested_by.get_full_name() or sub.attested_by.username


def cahps_ids(py: int) -> list[str]:
    return catalog(py).cahps_summary_measures()


def cahps_rows(py: int, sub: Submission | None) -> list[dict]:
    cat = catalog(py)
    summary = sub.cahps_summary if sub else {}
    return [
        {"id": ssm, "title": cat.measures[ssm].title, "score": summary.get(ssm)} for ssm in cat.cahps_summary_measures()
    ]


def _rate(m: quality_score.MeasureScore) -> str:
    if m.rate is None:
        return "—"
    return formats.number(m.rate, 4 if m.measure_id == "479" else 2)


def score_rows(py: int, q: quality_score.QualityScore) -> list[dict]:
    cat = catalog(py)
    rows = []
    for m in q.measures:
        nxt = scoring.next_decile_rate(py, m)
        measure = cat.measures.get(m.measure_id)
        rows.append(
            {
                "measure_id": m.measure_id,
                "title": measure.title if measure else m.measure_id,
                "collection": m.collection,
                "rate": _rate(m),
                "inverse": bool(measure and measure.inverse),
                "decile": m.decile,
                "points": m.points if m.counted else None,
                "status": STATUS_WORDS.get(m.status, m.status),
                "next": None if nxt is None else formats.number(nxt, 4 if m.measure_id == "479" else 2),
            }
        )
    return rows


def outcome_words(q: quality_score.QualityScore) -> str:
    if q.met_qps:
        return "Meets the quality performance standard"
    if q.met_alt_qps:
        return "Meets the alternative quality performance standard (sharing scaled by the quality score)"
    if q.met_qps is None:
        return "No quality performance standard is set for this year"
    return "Does not meet the quality performance standard"


def what_would_change(py: int, q: quality_score.QualityScore) -> list[str]:
    """Sentences: how far the score is from the standard, and what one more measure point is worth."""
    out = []
    std = standard(py)
    gap = scoring.gap_to_standard(q)
    value = scoring.qps_value(py)
    per_point = scoring.points_per_measure_point(q)
    if gap is not None and value is not None:
        if gap > 0:
            line = (
                f"{formats.number(gap, 2)} points to the {std['qps_pctl']}th percentile "
                f"({formats.number(value, 2)}) of MIPS Quality scores"
            )
            if per_point:
                line += f": {formats.number(gap / per_point, 2)} more measure achievement points"
            out.append(line + ".")
        else:
            out.append(
                f"The score is {formats.number(q.score - value, 2)} points above the {std['qps_pctl']}th "
                f"percentile value ({formats.number(value, 2)})."
            )
    if per_point:
        out.append(f"Each measure achievement point adds {formats.number(per_point, 2)} points to the quality score.")
    missing = [m.measure_id for m in q.measures if m.status == quality_score.NOT_REPORTED]
    if missing:
        out.append(f"Not reported (0 of 10 points each): {', '.join(missing)}.")
    return out


def points_chart(py: int, q: quality_score.QualityScore):
    rows = [
        {"measure": f"{m.measure_id} {m.collection}", "points": round(m.points, 2)}
        for m in q.measures
        if m.counted and m.status in (quality_score.SCORED, quality_score.NOT_REPORTED, quality_score.INCOMPLETE)
    ]
    return charts.bar(
        "measure-points",
        f"Measure achievement points, PY{py} (of 10)",
        rows,
        x=charts.Field("measure", "Measure"),
        y=charts.Field("points", "Achievement points", "number"),
        horizontal=True,
    )


def apm_rows(apm) -> list[dict]:
    if apm is None:
        return []
    values = {
        "quality": apm.quality,
        "promoting_interoperability": apm.promoting_interoperability,
        "improvement_activities": apm.improvement_activities,
        "cost": None,
    }
    return [
        {"category": CATEGORY_WORDS[k], "score": values.get(k), "weight": w}
        for k, w in apm.weights.items()
        if k in CATEGORY_WORDS
    ]


def scores_context(aco, py: int, years: list[int]) -> dict:
    result = scoring.score_aco(aco, py)
    q = result.score
    return {
        "aco": aco,
        "py": py,
        "years": years,
        "result": result,
        "q": q,
        "rows": score_rows(py, q),
        "outcome": outcome_words(q),
        "changes": what_would_change(py, q),
        "chart": points_chart(py, q),
        "apm": result.apm,
        "apm_rows": apm_rows(result.apm),
        "standard": standard(py),
        "qps_value": scoring.qps_value(py),
        "health_equity_year": bool(standard(py)["health_equity"]),
    }


def scores_table(aco, py: int) -> tuple[list[str], list[list]]:
    q = scoring.score_aco(aco, py).score
    header = ["ACO ID", "PY", "Measure", "Collection type", "Rate", "Decile", "Points", "Status"]
    rows = [
        [aco.aco_id, py, r["measure_id"], r["collection"], r["rate"], r["decile"], r["points"], r["status"]]
        for r in score_rows(py, q)
    ]
    rows.append([aco.aco_id, py, "Quality score", "", q.score, "", "", outcome_words(q)])
    return header, rows

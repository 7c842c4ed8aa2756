"""Quality scoring of an ACO-year from its measure results (42 CFR 414.1380, 414.1367, 425.512; docs/quality.md).

``score_quality(inputs)`` is pure: it scores every reported measure against the year's MIPS benchmarks
(``measures.catalog``), forms the MIPS Quality score of each way the ACO could be scored (the APP / APP
Plus measures, the CMS Web Interface measures through PY2024) and keeps the higher, adds improvement
scoring, the Complex Organization Adjustment and the health equity adjustment where the year has them,
applies the EUC and no-benchmark floors, and decides the quality performance standard, its eCQM/MIPS
CQM incentive path, the first-year path and the alternative standard. Every step is kept, with its rule
and citation, in ``QualityScore.steps`` like ``reconcile()`` does; ``QualityScore.result`` is the
``QualityResult`` the reconciliation takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import quality as standard_rules
from .measures import Benchmark, Catalog, catalog
from .parameters import named
from .quality import QualityResult
from .reconcile import Step

# How an ACO collects a measure -> (suffix of CMS's benchmark id, CMS's submissionMethod)
COLLECTIONS = {
    "eCQM": ("", "electronicHealthRecord"),
    "MIPS CQM": ("", "registry"),
    "Medicare CQM": ("SSP", "registry"),
    "Web Interface": ("", "cmsWebInterface"),
    "claims": ("", "administrativeClaims"),
    "CAHPS": ("", "certifiedSurveyVendor"),
}
ACO_REPORTED = ("eCQM", "MIPS CQM", "Medicare CQM")
INCENTIVE_COLLECTIONS = ("eCQM", "MIPS CQM")  # 425.512(a)(4): the eCQM/MIPS CQM reporting incentive
CAHPS_MEASURE = "321"
CLAIMS_MEASURES = ("479", "484")
PERCENT_METRICS = ("singlePerformanceRate", "multiPerformanceRate", "cahps")

SCORED = "scored"
NOT_REPORTED = "not reported"
NO_BENCHMARK = "no benchmark"
BELOW_CASE_MINIMUM = "below case minimum"
INCOMPLETE = "data completeness not met"
NOT_SAMPLED = "CAHPS not sampled"


@dataclass(frozen=True)
class Reported:
    """One measure result of the ACO: reported by it (eCQM, CQM, Web Interface), the CAHPS survey, or a
    claims measure CMS calculates. ``rate`` is the performance rate as CMS publishes it (percent, or the
    measure's own unit for 479/484); ``summary`` the CAHPS summary-measure scores ``{"CAHPS_1": 84.2, ...}``.
    ``cases`` (denominator) and ``completeness`` (0-1) are checked when given.
    """

    measure_id: str
    collection: str
    rate: float | None = None
    cases: int | None = None
    completeness: float | None = None
    summary: Mapping[str, float] | None = None
    not_sampled: bool = False


@dataclass(frozen=True)
class QualityInputs:
    performance_year: int
    reports: tuple[Reported, ...]
    aco_id: str = ""
    first_year: bool = False  # first PY of the ACO's first agreement period (425.512(a)(2))
    euc_affected: bool = False  # 425.512(c): >= 20% of beneficiaries or the legal entity in an EUC area
    prior_achievement: float | None = None  # prior PY's quality achievement percent (improvement scoring)
    underserved_multiplier: float | None = None  # 425.512(b)(3), 0-1
    thirds: Mapping[tuple[str, str], str] | None = None  # (measure, collection) -> top/middle/bottom (425.512(b)(2))


@dataclass(frozen=True)
class MeasureScore:
    measure_id: str
    collection: str
    rate: float | None
    status: str
    decile: int | None = None
    points: float = 0.0
    counted: bool = True  # in the denominator (10 points available)

    @property
    def available(self) -> float:
        return 10.0 if self.counted else 0.0


@dataclass
class QualityScore:
    aco_id: str
    performance_year: int
    path: str = ""  # which measure set gave the score
    measures: list[MeasureScore] = field(default_factory=list)
    achievement: float | None = None  # measure achievement percent, 0-100
    improvement: float = 0.0
    coa: float = 0.0
    mips_quality_score: float | None = None
    hea_bonus: float = 0.0
    score: float | None = None  # the score sharing uses, 0-100
    met_qps: bool | None = None
    met_alt_qps: bool | None = None
    qps_basis: str = ""
    incentive_met: bool = False  # the eCQM/MIPS CQM incentive test on the APP measures (425.512(a)(4))
    steps: list[Step] = field(default_factory=list)

    def note(self, name, value, rule, citation=""):
        self.steps.append(Step(name, value, rule, citation))

    @property
    def result(self) -> QualityResult:
        return QualityResult(None if self.score is None else self.score / 100, self.met_qps, self.met_alt_qps)

    def explain(self) -> str:
        lines = [f"{self.aco_id} PY{self.performance_year} quality: {self.result.outcome}"]
        for s in self.steps:
            v = f"{s.value:,.4f}" if isinstance(s.value, float) else str(s.value)
            lines.append(f"  {s.name:<28} {v:>12}  {s.rule}" + (f"  [{s.citation}]" if s.citation else ""))
        return "\n".join(lines)


# --------------------------------------------------------------------------- one measure


def achievement_points(bench: Benchmark, rate: float, metric_type: str = "singlePerformanceRate") -> tuple[int, float]:
    """Decile and measure achievement points (1-10) with partial points inside the decile (414.1380(b)(1)).

    Inside decile d the points run linearly from d at its bound to d+1 at the next decile's bound; the top
    decile earns 10. The bottom decile starts at the benchmark's 1st percentile (99th for an inverse measure)
    where the file gives percentiles, 1.0 beyond it; in the older decile files at 0% (100% inverse) for a
    percentage measure, and a measure in another unit (479, 484) earns 1.0 there [READING: the 1st-percentile
    start reproduces 31 more PY2023 published scores than a start at 0%, docs/quality.md].
    """
    d = bench.decile(rate)
    if d == 10:
        return d, 10.0
    sign = -1.0 if bench.inverse else 1.0
    if d == 1:
        if bench.bottom is not None:
            lo = bench.bottom
            if sign * (rate - lo) <= 0:
                return d, 1.0
        elif metric_type in PERCENT_METRICS:
            lo = 100.0 if bench.inverse else 0.0
        else:
            return d, 1.0
    else:
        lo = bench.bounds[d - 2]
    hi = bench.bounds[d - 1]
    span = sign * (hi - lo)
    return d, (d + sign * (rate - lo) / span) if span > 0 else float(d)


def _benchmark(cat: Catalog, measure_id: str, collection: str) -> Benchmark | None:
    suffix, method = COLLECTIONS[collection]
    return cat.benchmark(measure_id + suffix, method)


def case_minimum(measure_id: str) -> int:
    """The fewest cases a measure needs to be scored (414.1380(b)(1)(iii); 479 and 484 their own)."""
    p = named("quality_scoring")
    return int(p.get(f"case_minimum_{measure_id}", p["case_minimum"]))


def data_completeness_minimum() -> float:
    """The share of eligible cases a reported measure must cover (414.1340), 0-1."""
    return float(named("quality_scoring")["data_completeness"])


def score_measure(cat: Catalog, rep: Reported) -> MeasureScore:
    """Score one reported measure. Unreported or incomplete: 0 of 10 points; below the case minimum, no
    benchmark or CAHPS not sampled: left out of points earned and available (414.1367(c)(1)(ii))."""
    if rep.collection not in COLLECTIONS:
        raise ValueError(f"measure {rep.measure_id}: unknown collection type {rep.collection!r}")
    if rep.measure_id == CAHPS_MEASURE:
        return _score_cahps(cat, rep)
    if rep.rate is None:
        return MeasureScore(rep.measure_id, rep.collection, None, NOT_REPORTED)
    if rep.completeness is not None and rep.completeness < data_completeness_minimum():
        return MeasureScore(rep.measure_id, rep.collection, rep.rate, INCOMPLETE)
    if rep.cases is not None and rep.cases < case_minimum(rep.measure_id):
        return MeasureScore(rep.measure_id, rep.collection, rep.rate, BELOW_CASE_MINIMUM, counted=False)
    bench = _benchmark(cat, rep.measure_id, rep.collection)
    if bench is None:
        return MeasureScore(rep.measure_id, rep.collection, rep.rate, NO_BENCHMARK, counted=False)
    metric = cat.measures[rep.measure_id].metric_type if rep.measure_id in cat.measures else ""
    d, pts = achievement_points(bench, rep.rate, metric)
    return MeasureScore(rep.measure_id, rep.collection, rep.rate, SCORED, d, pts)


def _score_cahps(cat: Catalog, rep: Reported) -> MeasureScore:
    """CAHPS for MIPS: the average of the points of the summary measures that have a benchmark."""
    if rep.not_sampled:
        return MeasureScore(CAHPS_MEASURE, "CAHPS", None, NOT_SAMPLED, counted=False)
    points = []
    for ssm, value in (rep.summary or {}).items():
        bench = cat.benchmark(ssm, COLLECTIONS["CAHPS"][1])
        if value is None or bench is None:
            continue
        points.append(achievement_points(bench, value, "cahps")[1])
    if not points:
        return MeasureScore(CAHPS_MEASURE, "CAHPS", None, NOT_REPORTED)
    avg = sum(points) / len(points)
    return MeasureScore(CAHPS_MEASURE, "CAHPS", avg, SCORED, int(avg), avg)


# --------------------------------------------------------------------------- measure sets


def _best(scores: Iterable[MeasureScore]) -> MeasureScore | None:
    """The collection type that earns the most points for one measure (414.1380(b)(1): highest counts)."""
    ranked = sorted(scores, key=lambda s: (s.status == SCORED, s.points, s.counted), reverse=True)
    return ranked[0] if ranked else None


def _path_measures(cat: Catalog, py: int, path: str, scores: list[MeasureScore]) -> list[MeasureScore]:
    by_id: dict[str, list[MeasureScore]] = {}
    for s in scores:
        by_id.setdefault(s.measure_id, []).append(s)
    app_set = cat.measure_set("appPlus") or cat.measure_set("app1")
    if path == "Web Interface":
        required = cat.measure_set("cmsWebInterface") + [m for m in app_set if m in (CAHPS_MEASURE, *CLAIMS_MEASURES)]
        allowed: dict[str, tuple[str, ...]] = dict.fromkeys(cat.measure_set("cmsWebInterface"), ("Web Interface",))
    else:
        required = app_set
        allowed = dict.fromkeys(app_set, ACO_REPORTED)
    allowed.update({CAHPS_MEASURE: ("CAHPS",), **dict.fromkeys(CLAIMS_MEASURES, ("claims",))})
    chosen = []
    for m in required:
        best = _best(s for s in by_id.get(m, []) if s.collection in allowed[m])
        if best is None:
            # not reported; CMS-calculated claims measures with no result are not scored (case minimum)
            claims = m in CLAIMS_MEASURES
            best = MeasureScore(
                m, allowed[m][0], None, BELOW_CASE_MINIMUM if claims else NOT_REPORTED, counted=not claims
            )
        chosen.append(best)
    return chosen


def _percent(measures: list[MeasureScore], extra_points: float = 0.0) -> float | None:
    available = sum(m.available for m in measures)
    if available <= 0:
        return None
    return 100.0 * (sum(m.points for m in measures if m.counted) + extra_points) / available


def complex_organization_adjustment(py: int, measures: list[MeasureScore]) -> float:
    """414.1380(b)(1)(vii)(C), CY2025+: +1 point per scored eCQM, no measure above 10, at most 10% of the
    available achievement points (docs/quality.md, "Scoring, step by step")."""
    p = named("quality_scoring")
    if py < p["coa_from_py"]:
        return 0.0
    bonus = sum(min(1.0, 10.0 - m.points) for m in measures if m.collection == "eCQM" and m.status == SCORED)
    return min(bonus, p["coa_max_share"] * sum(m.available for m in measures))


def improvement_points(py: int, achievement: float, prior: float | None) -> float:
    """Improvement percent score (414.1380(b)(1)(vi)): 10 x the relative rise of the achievement percent
    over the prior PY's (prior below 30% taken as 30%), up to 10 percentage points."""
    p = named("quality_scoring")
    if prior is None or py > p["improvement_until_py"]:
        return 0.0
    base = max(prior, p["improvement_prior_floor"])
    return min(p["improvement_max_points"], max(0.0, (achievement - base) / base * 10.0))


# --------------------------------------------------------------------------- the standard


def _decile_at_least(m: MeasureScore, percentile: float) -> bool:
    """'At or above the Nth percentile' = decile N/10 + 1 or higher (10th -> decile 2, 40th -> decile 5)."""
    return m.status == SCORED and m.decile is not None and m.decile >= int(percentile // 10) + 1


def _incentive_met(py: int, std: dict, measures: list[MeasureScore]) -> bool:
    """425.512(a)(4): every ACO-reported measure as eCQM/MIPS CQM, complete and at the case minimum; at
    least the 10th percentile on an outcome measure and the incentive percentile on another measure."""
    if std.get("incentive_outcome_pctl") is None:
        return False
    cat = catalog(py)
    reported = [m for m in measures if m.measure_id not in (CAHPS_MEASURE, *CLAIMS_MEASURES)]
    if not reported or any(
        m.collection not in INCENTIVE_COLLECTIONS or m.status not in (SCORED, NO_BENCHMARK) for m in reported
    ):
        return False
    outcome = [m for m in measures if m.measure_id in cat.measures and cat.measures[m.measure_id].is_outcome]
    for o in outcome:
        if _decile_at_least(o, std["incentive_outcome_pctl"]) and any(
            _decile_at_least(m, std["incentive_other_pctl"]) for m in measures if m is not o
        ):
            return True
    return False


def _best_outcome_percentile(py: int, measures: list[MeasureScore]) -> int | None:
    """The highest percentile an outcome measure reached, read as the bottom of its decile (decile d = the
    10(d-1)th percentile); None when no outcome measure was scored."""
    cat = catalog(py)
    deciles = [
        m.decile
        for m in measures
        if m.status == SCORED
        and m.decile is not None
        and m.measure_id in cat.measures
        and cat.measures[m.measure_id].is_outcome
    ]
    return 10 * (max(deciles) - 1) if deciles else None


def performance_thirds(rates: Mapping[str, float], inverse: bool) -> dict[str, str]:
    """Top / middle / bottom third of each ACO among the ACOs reporting a measure the same way
    (425.512(b)(2)). Ties share the better third."""
    ids = list(rates)
    n = len(ids)
    out = {}
    for aco in ids:
        better = sum(1 for o in ids if ((rates[o] < rates[aco]) if inverse else (rates[o] > rates[aco])))
        out[aco] = "top" if better < n / 3 else "middle" if better < 2 * n / 3 else "bottom"
    return out


def score_quality(x: QualityInputs) -> QualityScore:
    py = x.performance_year
    cat = catalog(py)
    std = standard_rules.standard(py)
    q = QualityScore(x.aco_id, py)
    scores = [score_measure(cat, r) for r in x.reports]
    for s in scores:
        rule = f"{s.collection} rate {s.rate}: {s.status}" + (f", decile {s.decile}" if s.decile else "")
        q.note(
            f"measure {s.measure_id}",
            s.points,
            rule + ("" if s.counted else " - not counted"),
            "42 CFR 414.1380(b)(1); 414.1367(c)(1)",
        )
    reported_any = any(s.status == SCORED and s.measure_id not in CLAIMS_MEASURES for s in scores)

    paths = ["APP"] + (["Web Interface"] if cat.measure_set("cmsWebInterface") else [])
    options = []
    for path in paths:
        ms = _path_measures(cat, py, path, scores)
        if path == "Web Interface" and not any(m.status == SCORED and m.collection == "Web Interface" for m in ms):
            continue
        coa = complex_organization_adjustment(py, ms)
        pct = _percent(ms, coa)
        options.append((pct if pct is not None else -1.0, path, ms, coa))
    pct, q.path, q.measures, q.coa = max(options, key=lambda o: o[0])
    app_measures = next(o[2] for o in options if o[1] == "APP")
    q.incentive_met = _incentive_met(py, std, app_measures)
    q.achievement = pct if pct >= 0 else None
    q.note("measure set", q.path, f"higher of {', '.join(o[1] for o in options)}", "42 CFR 414.1367(c)(1)")
    if q.coa:
        q.note(
            "complex organization adj.",
            q.coa,
            "+1 point per scored eCQM, at most 10% of available points",
            "42 CFR 414.1380(b)(1)(vii)(C)",
        )
    if q.achievement is not None:
        q.note("achievement percent", q.achievement, "points earned / points available x 100", "42 CFR 414.1380(b)(1)")
        q.improvement = improvement_points(py, q.achievement, x.prior_achievement)
        if q.improvement:
            q.note(
                "improvement percent",
                q.improvement,
                f"over prior PY {x.prior_achievement:.2f}",
                "42 CFR 414.1380(b)(1)(vi)",
            )
        q.mips_quality_score = min(100.0, q.achievement + q.improvement)
        q.note("MIPS Quality score", q.mips_quality_score, "achievement + improvement, at most 100")

    score = q.mips_quality_score if q.mips_quality_score is not None else 0.0
    complete = reported_any and all(
        m.status == SCORED for m in q.measures if m.counted and m.measure_id not in CLAIMS_MEASURES
    )
    cahps_fielded = any(m.measure_id == CAHPS_MEASURE and m.status == SCORED for m in q.measures)
    if std["health_equity"] and x.underserved_multiplier is not None:
        score = _health_equity(q, x, score, eligible=complete and q.path == "APP" and cahps_fielded)
    threshold = std.get("percentile_value")
    threshold = None if threshold is None else float(threshold)
    q.score = _floored(q, x, std, score, threshold, complete)
    q.note("quality score", q.score, "score used for sharing and loss rates", "42 CFR 425.512")
    _standard(
        q,
        x,
        std,
        threshold,
        nothing=not reported_any and not cahps_fielded,
        complete_with_cahps=complete and cahps_fielded,
    )
    return q


def _health_equity(q: QualityScore, x: QualityInputs, score: float, eligible: bool) -> float:
    """425.512(b): the bonus from the measure performance scaler and the underserved multiplier."""
    multiplier = x.underserved_multiplier or 0.0
    if eligible:
        ranks = x.thirds or {}
        thirds = [
            ranks.get((m.measure_id, m.collection), "bottom") if m.status == SCORED else "unscored"
            for m in q.measures
            if m.counted
        ]
        scaler = standard_rules.measure_performance_scaler(thirds)
        q.hea_bonus = standard_rules.health_equity_bonus(scaler, multiplier)
        q.note(
            "health equity bonus",
            q.hea_bonus,
            f"scaler {scaler} x underserved multiplier {multiplier:.4f}, capped",
            "42 CFR 425.512(b)",
        )
    else:
        q.note(
            "health equity bonus",
            0.0,
            "not eligible: all required APP measures and CAHPS needed",
            "42 CFR 425.512(b)(1)",
        )
    return standard_rules.health_equity_adjusted_score(x.performance_year, score, q.hea_bonus, eligible)


def _floored(
    q: QualityScore, x: QualityInputs, std: dict, score: float, threshold: float | None, complete: bool
) -> float:
    """425.512(c) EUC and 425.512(a)(7) no-benchmark floors: the higher of the score and the QPS value."""
    if threshold is None:
        return score
    floors = []
    if x.euc_affected:
        floors.append(("EUC", "425.512(c)"))
    no_benchmark = any(m.status == NO_BENCHMARK for m in q.measures)
    if x.performance_year >= named("quality_scoring")["no_benchmark_floor_from_py"] and complete and no_benchmark:
        floors.append(("required measure without benchmark", "425.512(a)(7)"))
    for why, cite in floors:
        if score < threshold:
            q.note("score floor", threshold, f"{why}: {std['qps_pctl']}th percentile value", f"42 CFR {cite}")
            score = threshold
    return score


def _standard(
    q: QualityScore, x: QualityInputs, std: dict, threshold: float | None, *, nothing: bool, complete_with_cahps: bool
) -> None:
    """The quality performance standard and the alternative standard, decided by ``quality.assess``."""
    py, score = x.performance_year, q.score or 0.0
    pctl = f"{std['qps_pctl']}th percentile value"
    if threshold is None:
        q.met_qps, q.qps_basis = None, f"no {pctl} for PY{py} in parameters/quality_standard.csv"
        q.note("quality performance std", None, q.qps_basis, std["citation"])
        return
    incentive = q.incentive_met
    first_year = x.first_year and complete_with_cahps
    outcome_pctl = _best_outcome_percentile(py, q.measures)
    r = standard_rules.assess(
        py,
        score,
        threshold_value=threshold,
        incentive_met=incentive,
        alternative_outcome_percentile=outcome_pctl,
        first_year_reporting=first_year,
        reported_nothing=nothing and not x.euc_affected,
    )
    q.met_qps, q.met_alt_qps = r.met_qps, r.met_alt_qps
    if nothing and not x.euc_affected:
        q.qps_basis = "reported no measure and no CAHPS (425.512(a)(5)(iii))"
    elif score >= threshold:
        q.qps_basis = f"score {score:.2f} at or above the {pctl} {threshold}"
    elif incentive:
        q.qps_basis = "eCQM/MIPS CQM reporting incentive (425.512(a)(4))"
    elif first_year:
        q.qps_basis = "first PY of the first agreement, complete reporting (425.512(a)(2))"
    else:
        q.qps_basis = f"score {score:.2f} below the {pctl} {threshold}"
    q.note("quality performance std", q.met_qps, q.qps_basis, std["citation"])
    if q.met_alt_qps is not None:
        q.note(
            "alternative QPS",
            q.met_alt_qps,
            f"best outcome measure at the {outcome_pctl}th percentile",
            "42 CFR 425.512(a)(5)",
        )

"""The rules of quality reporting: which measures an ACO reports, the checks of each measure's figures, the
CAHPS summary scores and PI scores, and the submission deadline. Checks only; ``actions`` writes.

A figure that cannot be true (a numerator above the performance denominator, more patients reported than
eligible) is refused. Data completeness below the minimum and a denominator below the case minimum are
accepted with a warning that says what the score does with them (0 of 10 points; left out), because that is
how CMS scores such a submission (42 CFR 414.1380(b)(1), 414.1367(c)(1)(ii)) [READING: docs/quality.md].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from acoms.lib import formats
from acoms.lib.identifiers import clean_tin, tin_problem
from acoms.lib.parameters import load
from acoms.quality.models import ReportingPeriod
from acoms.quality.parameters import value
from acoms.rules import quality_score
from acoms.rules.measures import catalog

CAHPS = quality_score.CAHPS_MEASURE
CLAIMS = quality_score.CLAIMS_MEASURES
# Collection type -> CMS's submission method that must be listed for the measure in the catalog
SUBMISSION_METHODS = {"eCQM": "electronicHealthRecord", "MIPS CQM": "registry", "Medicare CQM": "registry"}


def deadline(py: int) -> dt.date:
    """The last day the ACO may change or attest PY ``py``'s quality data: CMS's date for the year when it
    set one, else the parameter (42 CFR 414.1325(f))."""
    period = ReportingPeriod.objects.filter(py=py).first()
    return period.deadline if period else value("reporting", "submission_deadline", py)


def deadline_problem(py: int, on: dt.date) -> str | None:
    last = deadline(py)
    if on > last:
        return f"The PY{py} quality submission closed on {formats.long_date(last)}; nothing can be changed now."
    return None


def reported_measures(py: int) -> list[str]:
    """The measures the ACO itself reports for PY ``py``: the APP (Plus) set without CAHPS and the claims
    measures CMS calculates (42 CFR 425.512(a)(3))."""
    cat = catalog(py)
    app = cat.measure_set("appPlus") or cat.measure_set("app1")
    return [m for m in app if m != CAHPS and m not in CLAIMS]


def measure_title(py: int, measure_id: str) -> str:
    m = catalog(py).measures.get(measure_id)
    return m.title if m else measure_id


@dataclass
class MeasureFigures:
    measure_id: str
    collection: str
    eligible_population: int
    denominator: int
    exclusions: int
    exceptions: int
    numerator: int


def measure_problems(py: int, f: MeasureFigures) -> dict[str, str]:
    """Field -> why the figures cannot be accepted; empty when they can."""
    errors: dict[str, str] = {}
    if f.measure_id not in reported_measures(py):
        errors["measure_id"] = (
            f"Measure {f.measure_id or '(blank)'} is not one the ACO reports for PY{py}; "
            f"report one of {', '.join(reported_measures(py))}."
        )
        return errors
    if f.collection not in SUBMISSION_METHODS:
        errors["collection"] = f"Collection type {f.collection or '(blank)'} is not eCQM, MIPS CQM or Medicare CQM."
        return errors
    if SUBMISSION_METHODS[f.collection] not in catalog(py).measures[f.measure_id].collection_types:
        errors["collection"] = f"Measure {f.measure_id} cannot be reported as {f.collection} in PY{py}."
    if f.denominator > f.eligible_population:
        errors["denominator"] = (
            f"The denominator ({f.denominator:,}) is larger than the eligible population ({f.eligible_population:,})."
        )
    if f.exclusions + f.exceptions > f.denominator:
        errors["exclusions"] = "Exclusions and exceptions together are more than the denominator."
    elif f.numerator > f.denominator - f.exclusions - f.exceptions:
        errors["numerator"] = (
            f"The numerator ({f.numerator:,}) is larger than the denominator less exclusions and exceptions "
            f"({f.denominator - f.exclusions - f.exceptions:,})."
        )
    return errors


def measure_warnings(f: MeasureFigures) -> list[str]:
    """What the score will do with figures below the data completeness or case minimum."""
    out = []
    minimum = quality_score.data_completeness_minimum()
    if f.eligible_population and f.denominator / f.eligible_population < minimum:
        out.append(
            f"Data completeness is {formats.percent(f.denominator / f.eligible_population)}, below "
            f"{formats.percent(minimum, 0)}: the measure will score 0 of 10 points."
        )
    cases = quality_score.case_minimum(f.measure_id)
    if f.denominator - f.exclusions - f.exceptions < cases:
        out.append(
            f"{formats.counted(f.denominator - f.exclusions - f.exceptions, 'case')} after exclusions and exceptions, "
            f"below the case minimum of {cases}: the measure will be left out of the score."
        )
    return out


def cahps_problems(py: int, scores: dict[str, float]) -> list[str]:
    known = catalog(py).cahps_summary_measures()
    out = []
    for ssm, score in scores.items():
        if ssm not in known:
            out.append(f"{ssm} is not a CAHPS for MIPS summary measure of PY{py} (known: {', '.join(known)}).")
        elif not 0 <= score <= 100:
            out.append(f"{ssm}: the score {score} is not between 0 and 100.")
    return out


def pi_problem(tin: str, clinicians: int, score: float | None) -> tuple[str, str | None]:
    """The cleaned TIN and why the row cannot be accepted (None when it can)."""
    tin = clean_tin(tin.strip())
    if tin_problem(tin) == "format":
        return tin, "The TIN must have nine digits."
    if score is not None and not 0 <= score <= 100:
        return tin, f"The Promoting Interoperability score {score} is not between 0 and 100."
    if clinicians < 1:
        return tin, "The number of MIPS eligible clinicians must be at least 1."
    return tin, None


def reporting_years() -> list[int]:
    """The PYs the parameter table has a deadline for, oldest first."""
    table = load("acoms.quality.parameters", "reporting")
    return sorted({r["year_from"] for r in table})


def current_py(on: dt.date) -> int:
    """The earliest PY still open for reporting on ``on``; the latest PY when every one has closed."""
    years = reporting_years()
    return next((y for y in years if on <= deadline(y)), years[-1])

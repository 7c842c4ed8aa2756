"""Demo data: both demo ACOs have reported PY2026 quality and CMS has added the claims measures, so the quality
pages, the reporting status and the national view have something to show. A1001 meets the quality
performance standard and has attested; A1002 meets only the alternative standard and has not attested yet.
Idempotent: an ACO that already has a PY2026 submission is left as it is. The reports are made as of the
submission deadline, so the demo builds on any day (after the deadline too)."""

from __future__ import annotations

from acoms.accounts.roles import SYSTEM
from acoms.quality import actions, reporting
from acoms.quality.models import Submission
from acoms.rules.measures import catalog

PY = 2026
CLAIMS_METHOD = "demo figures (not computed from claims)"
# measure, collection, eligible population, denominator, exclusions, exceptions, numerator; each rate on a
# decile bound of CMS's PY2026 benchmarks (rules/quality_data/2026.json), so the points are easy to check.
PROFILES = {
    "aco_x": {  # 8+8+9+8+9 measures, CAHPS 8, claims 8+8: 66 of 80 -> 82.50, meets the standard
        "measures": [
            ("001", "Medicare CQM", 12000, 10000, 0, 0, 1433),
            ("112", "Medicare CQM", 1200, 1000, 0, 0, 700),
            ("113", "Medicare CQM", 1200, 1000, 0, 0, 800),
            ("134", "Medicare CQM", 12000, 10000, 0, 0, 7611),
            ("236", "Medicare CQM", 12000, 10000, 0, 0, 7642),
        ],
        "cahps_decile_bound": 6,
        "claims": {"rate_479": 0.1476, "cases_479": 412, "rate_484": 30.13, "cases_484": 260},
        "pi": [("123456789", 42, 88.0), ("987654321", 18, None)],
        "attest": True,
    },
    "aco_y": {  # 6+6+8+6+7, CAHPS 5, claims 6+6: 50 of 80 -> 62.50, alternative standard only
        "measures": [
            ("001", "Medicare CQM", 12000, 10000, 0, 0, 2227),
            ("112", "Medicare CQM", 1200, 1000, 0, 0, 500),
            ("113", "Medicare CQM", 1200, 1000, 0, 0, 700),
            ("134", "Medicare CQM", 12000, 10000, 0, 0, 6556),
            ("236", "Medicare CQM", 12000, 10000, 0, 0, 7409),
        ],
        "cahps_decile_bound": 3,
        "claims": {"rate_479": 0.1675, "cases_479": 305, "rate_484": 47.61, "cases_484": 190},
        "pi": [("111111111", 10, 80.0), ("222222222", 30, 60.0)],
        "attest": False,
    },
}


def _cahps(bound: int) -> dict[str, float]:
    cat = catalog(PY)
    out = {}
    for ssm in cat.cahps_summary_measures():
        bench = cat.benchmark(ssm, "certifiedSurveyVendor")
        if bench is not None:
            out[ssm] = bench.bounds[bound]
    return out


def seed(orgs) -> None:
    on = reporting.deadline(PY)
    for key, profile in PROFILES.items():
        aco = orgs.get(key)
        if aco is None or Submission.objects.filter(organization=aco, py=PY).exists():
            continue
        for row in profile["measures"]:
            actions.save_measure(by=SYSTEM, aco=aco, py=PY, figures=reporting.MeasureFigures(*row), on=on)
        actions.save_cahps(by=SYSTEM, aco=aco, py=PY, scores=_cahps(profile["cahps_decile_bound"]), on=on)
        pi = "tin,eligible_clinicians,pi_score\n" + "".join(
            f"{tin},{n},{'' if s is None else s}\n" for tin, n, s in profile["pi"]
        )
        actions.upload_file(by=SYSTEM, aco=aco, py=PY, kind="pi", data=pi.encode(), on=on)
        actions.set_cms_inputs(by=SYSTEM, aco=aco, py=PY, claims_method=CLAIMS_METHOD, **profile["claims"])
        if profile["attest"]:
            actions.attest(by=SYSTEM, aco=aco, py=PY, on=on)

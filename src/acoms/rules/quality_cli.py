"""`acoms quality ...`: the measure catalog importer and the reproduction of CMS's published quality scores.

- ``acoms quality import-measures --from TGZ|DIR [--years 2022,2023] [--origin TEXT] [--out DIR]``
- ``acoms quality reproduce PUF_FILE --year YYYY --out FILE.csv``
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter

from .measures import CatalogError, import_measures
from .puf import PufParseError
from .quality import standard
from .quality_puf import PufQuality, score_file
from .quality_score import QualityScore

EXACT = 0.005  # CMS publishes QualScore to 2 decimals
ROUNDING = 0.05  # published rates are rounded (2 dp; 4 dp for 479): a few hundredths of a score point
HEADER = [
    "aco_id",
    "quality_score",
    "met_qps",
    "met_alt_qps",
    "hea_bonus",
    "puf_quality_score",
    "puf_met_qps",
    "puf_met_alt_qps",
    "quality_score_match",
    "met_qps_match",
    "path",
    "achievement",
    "improvement",
    "puf_received_floor",
    "met_incentive",
    "puf_met_incentive",
    "residual",
    "reason",
]


def _import(args) -> int:
    years = [int(y) for y in args.years.split(",")] if args.years else None
    try:
        paths = import_measures(args.source, args.out, years, origin=args.origin or "")
    except (CatalogError, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for p in paths:
        print(f"wrote {p}")
    return 0


def _flag(v: bool | None) -> str:
    return "" if v is None else str(int(v))


def residual_reason(q: PufQuality, s: QualityScore, has_prior: bool) -> str:
    """Why our score differs from CMS's, from what the file shows (docs/quality.md)."""
    if q.published_score is None or s.score is None:
        return "no published score" if q.published_score is None else "not scored"
    d = q.published_score - s.score
    if abs(d) <= EXACT:
        return "match"
    if abs(d) <= ROUNDING:
        return "rounding of the published rates"
    if not any(r.measure_id not in ("479", "484", "321") for r in q.reports) and q.reported_path != "none":
        return "ACO-reported measure rates not published"
    if s.path == "APP" and d > 0 and standard(s.performance_year)["health_equity"]:
        return "health equity adjustment: ADI and LIS shares not published"
    if s.improvement == 0 and d > 0 and not has_prior and s.performance_year <= 2023:
        return "improvement scoring: prior-year achievement not available"
    if s.improvement > 0 or (has_prior and d > 0 and s.performance_year <= 2023):
        return "improvement scoring: CMS's prior-year achievement differs from ours"
    return "unexplained"


def reproduce(path, year: int, out, prior_path=None, prior_year: int | None = None) -> tuple[Counter, Counter]:
    """Write the comparison CSV; return (ACOs per residual reason, totals)."""
    prior = None
    if prior_path:
        prior = {
            q.aco_id: s.achievement
            for q, s in score_file(prior_path, prior_year or year - 1)
            if s.achievement is not None
        }
    results = score_file(path, year, prior)
    summary: Counter = Counter()
    totals: Counter = Counter()
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for q, s in results:
            reason = residual_reason(q, s, prior is not None and q.aco_id in prior)
            d = None if q.published_score is None or s.score is None else q.published_score - s.score
            qps_match = None if q.met_qps is None or s.met_qps is None else q.met_qps == s.met_qps
            w.writerow(
                [
                    q.aco_id,
                    f"{s.score:.4f}" if s.score is not None else "",
                    _flag(s.met_qps),
                    _flag(s.met_alt_qps),
                    f"{s.hea_bonus:.4f}",
                    "" if q.published_score is None else f"{q.published_score:.2f}",
                    _flag(q.met_qps),
                    _flag(q.met_alt_qps),
                    _flag(None if d is None else abs(d) <= EXACT),
                    _flag(qps_match),
                    s.path,
                    "" if s.achievement is None else f"{s.achievement:.4f}",
                    f"{s.improvement:.4f}",
                    _flag(q.received_floor),
                    _flag(s.incentive_met),
                    _flag(q.met_incentive),
                    "" if d is None else f"{d:.4f}",
                    reason,
                ]
            )
            summary[reason] += 1
            totals["ACOs"] += 1
            totals["QPS flag reproduced"] += int(bool(qps_match))
            totals["EUC floor (published)"] += int(bool(q.received_floor))
            totals["EUC floor reproduced"] += int(bool(q.received_floor) and reason == "match")
            if q.met_incentive is not None and q.has_ecqm_rates:
                # the PUF publishes eCQM/MIPS CQM rates only for ACOs scored on them
                totals["incentive flag comparable"] += 1
                totals["incentive flag reproduced"] += int(q.met_incentive == s.incentive_met)
            elif q.met_incentive:
                totals["incentive met, eCQM/MIPS CQM rates not published"] += 1
    return summary, totals


def _reproduce(args) -> int:
    try:
        summary, totals = reproduce(args.puf, args.year, args.out, args.prior, args.year - 1 if args.prior else None)
    except (PufParseError, CatalogError, KeyError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(
        f"PY{args.year}: {totals['ACOs']} ACOs; quality score reproduced exactly (0.005): {summary['match']}, "
        f"within rounding (0.05): {summary['match'] + summary['rounding of the published rates']}; "
        f"QPS flag reproduced: {totals['QPS flag reproduced']}; EUC floor reproduced: "
        f"{totals['EUC floor reproduced']} of {totals['EUC floor (published)']}; incentive flag reproduced: "
        f"{totals['incentive flag reproduced']} of {totals['incentive flag comparable']} ACOs with eCQM/MIPS CQM "
        f"rates ({totals['incentive met, eCQM/MIPS CQM rates not published']} more met it without published rates)"
    )
    for reason, count in summary.most_common():
        if reason != "match":
            print(f"  {count:5d}  {reason}")
    print(f"wrote {args.out}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="acoms quality")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import-measures", help="vendor CMS's qpp-measures-data measure and benchmark files")
    imp.add_argument("--from", dest="source", required=True, help="npm pack .tgz or a directory of the package")
    imp.add_argument("--years", help="comma-separated performance years (default: every year in the package)")
    imp.add_argument("--origin", help="where the package came from, for the provenance (registry, repo@commit)")
    imp.add_argument("--out", help="output directory (default: the package's quality_data)")
    rep = sub.add_parser("reproduce", help="score a results PUF's published measure rates and compare")
    rep.add_argument("puf", help="a results PUF the PUF reader reads (PY2022+ layouts with measure rates)")
    rep.add_argument("--year", type=int, required=True)
    rep.add_argument("--out", required=True, help="CSV to write, one row per ACO")
    rep.add_argument("--prior", help="the previous PY's results PUF, for improvement scoring")
    args = parser.parse_args(argv[1:])
    if args.command == "import-measures":
        return _import(args)
    return _reproduce(args)

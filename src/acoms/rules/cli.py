"""`acoms puf reconcile FILE --year YYYY --out OUT.csv`: recompute every ACO of a PUF and compare.

Writes one row per ACO: the computed fields, then for each of them the PUF's value (puf_<field>) and
a match flag (1, 0, or empty when the PUF has no value to compare, or when the earned amount is not
computable from the PUF). Prints the columns read (with their units) and ignored, then a summary:
ACO-years, matches per field, the ACOs not computable from the PUF and every mismatch with the reason
the code finds for it (docs/reconciliation.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass, replace

from . import msr as msr_rules
from .puf import PufParseError, PufRecord, PufReport, flag_steps, not_computable, read_results, reconcile_inputs
from .quality import QualityResult
from .reconcile import Result, reconcile
from .tracks import track as get_track

FIELDS = ("savings_rate", "msr", "gen_save_loss", "final_share_rate", "final_loss_rate", "earn_save_loss")
MONEY = ("gen_save_loss", "earn_save_loss")
# Match tolerances: money within $1; rates within half a unit of the 4th decimal (CMS publishes 4 dp or 0.01%).
TOLERANCE = {
    "savings_rate": 5e-5,
    "msr": 5e-5,
    "final_share_rate": 5e-5,
    "final_loss_rate": 5e-5,
    "gen_save_loss": 1.0,
    "earn_save_loss": 1.0,
}
HEADER = ["aco_id", "track", "n_ab", *FIELDS] + [c for f in FIELDS for c in (f"puf_{f}", f"{f}_match")]


@dataclass
class Compared:
    record: PufRecord
    result: Result
    election_source: str
    matches: dict
    reasons: dict
    not_computable: str | None = None  # the unpublished input the earned amount depends on

    def computed(self, f):
        return getattr(self.result, f)

    def published(self, f):
        return getattr(self.record.published, f)


def _matches(f, computed, published) -> bool | None:
    if published is None:
        return None
    if computed is None:
        return False
    return abs(computed - published) <= TOLERANCE[f] + 1e-9


def reconcile_records(records, **options) -> list[Compared]:
    out = []
    for rec in records:
        x = reconcile_inputs(rec, **options)
        res = reconcile(x)
        res.steps[1:1] = flag_steps(rec)
        if rec.inputs.track in ("T1", "A", "B"):
            source = "one-sided table"
        elif isinstance(x.msr_election, str):
            source = "variable (recovered)"
        else:
            source = "fixed (recovered)" if x.msr_election is not None else "none"
        matches = {f: _matches(f, getattr(res, f), getattr(rec.published, f)) for f in FIELDS}
        blocked = not_computable(rec, res)
        if blocked:
            matches["earn_save_loss"] = None  # counted separately, never as a match
            res.note("not computable from the PUF", 0.0, blocked)
        c = Compared(rec, res, source, matches, {}, blocked)
        for f in FIELDS:
            if matches[f] is False:
                c.reasons[f] = mismatch_reason(f, c, x)
        out.append(c)
    return out


def _envelope(x, rec: PufRecord, field_name: str):
    """Range of a field when the published quality score is moved within its rounding interval."""
    d = rec.inputs.quality_score_decimals
    q = x.quality
    if d is None or q.score is None:
        return None
    half = 0.5 * 10 ** (-d)
    vals = []
    for s in (max(q.score - half, 0.0), min(q.score + half, 1.0)):
        vals.append(getattr(reconcile(replace(x, quality=QualityResult(s, q.met_qps, q.met_alt_qps))), field_name))
    return min(vals), max(vals), d


def mismatch_reason(f: str, c: Compared, x) -> str:
    res, rec = c.result, c.record
    pub, got = c.published(f), c.computed(f)
    if f == "msr":
        if rec.inputs.track in ("T1", "A", "B") or c.election_source.startswith("variable"):
            band = msr_rules.msr_band(res.n_assigned, msr_rules.msr_table_for(get_track(res.track)))
            return (
                f"{res.n_assigned} assigned: band {band['n_low']}-{band['n_high'] or ''} ({band['status']}) gives "
                f"{res.msr:.6f}, PUF {pub:.6f}"
            )
        return f"MSR election {c.election_source}"
    if c.matches["msr"] is False and f != "final_share_rate":
        return f"follows from the MSR mismatch ({res.msr:.4%} vs PUF {rec.published.msr:.4%})"
    if rec.published.msr is not None and abs(abs(res.savings_rate) - rec.published.msr) < 5e-5 and f in MONEY:
        return f"savings rate {res.savings_rate:.6f} at the MSR/MLR boundary {res.msr:.6f}"
    if f in ("final_share_rate", "earn_save_loss") and pub == 0 and got > 0 and rec.inputs.met_qps is None:
        return (
            "the PUF shows no sharing (quality standard not met) but this layout publishes no QPS flag; "
            f"QualScore {rec.inputs.quality_score} alone implies sharing"
        )
    env = _envelope(x, rec, f) if f in ("final_share_rate", "final_loss_rate", "earn_save_loss") else None
    if env and env[0] - TOLERANCE[f] <= pub <= env[1] + TOLERANCE[f]:
        lo, hi, d = env
        return (
            f"QualScore published to {d} decimals: the result ranges {lo:,.6g}..{hi:,.6g} over its rounding "
            f"interval and the PUF value lies inside it"
        )
    if f in MONEY and abs(got - pub) <= 2.0:
        return (
            "within $2: ABtotBnchmk and ABtotExp are published rounded to whole dollars, so benchmark minus "
            "expenditures is known only to +/-$1 before sharing"
        )
    if f == "earn_save_loss" and res.gen_save_loss < 0:
        t = get_track(res.track)
        why = []
        if (
            t.loss_limit_revenue is not None
            and rec.inputs.revenue_loss_limit is not False
            and -pub < -got
            and x.euc_reduction is not None
        ):
            why.append(
                f"revenue-based loss limit ({t.loss_limit_revenue:.0%} of ACO participants' FFS revenue) "
                "evidently binding; participant revenue is not in the PUF"
            )
        if rec.inputs.mid_year_termination:
            why.append("mid-year termination (losses prorated, months not in the PUF)")
        if x.euc_reduction is None and res.euc_reduction:
            why.append(
                f"EUC: only the program-wide PHE fraction applied ({res.euc_reduction:,.0f}); "
                "ACO-specific EUC not in the inputs"
            )
        if why:
            return "; ".join(why)
    if env:
        lo, hi, d = env
        return f"outside the QualScore rounding envelope {lo:,.6g}..{hi:,.6g}"
    return f"computed {got!r}, PUF {pub!r}"


def within_precision(c: Compared, f: str) -> bool:
    """A mismatch explained by the PUF's own rounding of its inputs (QualScore decimals, whole-dollar totals)."""
    reason = c.reasons.get(f, "")
    return reason.startswith(("QualScore published", "within $2"))


def summary(rows: list[Compared], year: int) -> dict:
    fields = {}
    for f in FIELDS:
        compared = [r for r in rows if r.matches[f] is not None]
        ok = sum(1 for r in compared if r.matches[f])
        ok_p = sum(1 for r in compared if r.matches[f] or within_precision(r, f))
        fields[f] = {
            "compared": len(compared),
            "matched": ok,
            "rate": (ok / len(compared)) if compared else None,
            "matched_within_puf_precision": ok_p,
        }
    two_sided_fixed = sum(1 for r in rows if r.election_source.startswith("fixed"))
    blocked = [{"aco_id": r.record.aco_id, "reason": r.not_computable} for r in rows if r.not_computable]
    mismatches = [
        {
            "aco_id": r.record.aco_id,
            "field": f,
            "computed": r.computed(f),
            "puf": r.published(f),
            "reason": r.reasons[f],
        }
        for r in rows
        for f in FIELDS
        if r.matches[f] is False
    ]
    return {
        "year": year,
        "aco_years": len(rows),
        "fields": fields,
        "msr_by_construction": two_sided_fixed,
        "mismatches": mismatches,
        "not_computable": blocked,
    }


def _fmt(f, v):
    if v is None:
        return ""
    return f"{v:.2f}" if f in MONEY else f"{v:.6f}"


def write_csv(rows: list[Compared], out) -> None:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    for r in rows:
        line = [r.record.aco_id, r.result.track, r.result.n_assigned] + [_fmt(f, r.computed(f)) for f in FIELDS]
        for f in FIELDS:
            m = r.matches[f]
            line += [_fmt(f, r.published(f)), "" if m is None else int(m)]
        w.writerow(line)


def _row_json(r: Compared) -> dict:
    d = {"aco_id": r.record.aco_id, "track": r.result.track, "n_ab": r.result.n_assigned}
    d.update({f: r.computed(f) for f in FIELDS})
    for f in FIELDS:
        d[f"puf_{f}"] = r.published(f)
        d[f"{f}_match"] = r.matches[f]
    d["outcome"] = r.result.outcome
    return d


def print_summary(s: dict, out=None) -> None:
    out = out or sys.stdout
    print(f"PY{s['year']}: {s['aco_years']} ACO-years", file=out)
    for f, v in s["fields"].items():
        rate = "n/a" if v["rate"] is None else f"{v['rate']:.2%}"
        extra = f"   ({v['matched_within_puf_precision']} within the PUF's input precision)" if v["compared"] else ""
        print(f"  {f:<18} {v['matched']:>4}/{v['compared']:<4} {rate}{extra}", file=out)
    if s["msr_by_construction"]:
        print(f"  (msr of {s['msr_by_construction']} two-sided ACO-years is their recovered fixed election)", file=out)
    for b in s["not_computable"]:
        print(f"  NOT COMPUTABLE {b['aco_id']} earn_save_loss: {b['reason']}", file=out)
    for m in s["mismatches"]:
        print(
            f"  MISMATCH {m['aco_id']} {m['field']}: computed {m['computed']!r} PUF {m['puf']!r} - {m['reason']}",
            file=out,
        )


def _unit_option(text: str) -> tuple[str, str]:
    column, sep, unit = text.partition("=")
    if not sep or not column.strip() or unit.strip() not in ("percent", "fraction"):
        raise ValueError(f"--unit {text!r}: expected COLUMN=percent or COLUMN=fraction")
    return column.strip(), unit.strip()


def print_report(report: PufReport, out=None) -> None:
    for line in report.lines():
        print(line, file=out or sys.stdout)


def _load_elections(path) -> dict:
    with open(path, newline="") as f:
        return {
            r["aco_id"]: (r["election"] if r["election"] == msr_rules.VARIABLE else float(r["election"]))
            for r in csv.DictReader(f)
        }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="acoms puf", description="SSP public-use file tools")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("reconcile", help="recompute each ACO of a results PUF and compare with CMS's figures")
    r.add_argument("file", help="results PUF, the CSV file CMS publishes")
    r.add_argument("--year", type=int, required=True, help="performance year of the PUF")
    r.add_argument("--out", required=True, help="file to write the per-ACO comparison to")
    r.add_argument("--format", choices=("csv", "json"), default="csv", help="format of --out (default csv)")
    r.add_argument("--elections", help="CSV aco_id,election ('variable' or a fraction) for two-sided ACOs")
    r.add_argument(
        "--no-recover-elections",
        action="store_true",
        help="do not classify two-sided elections from the published MSR (they then need --elections)",
    )
    r.add_argument(
        "--default-election", default=None, help="election for two-sided ACOs with none (e.g. variable, 0.02)"
    )
    r.add_argument(
        "--no-puf-euc",
        action="store_true",
        help="ignore the published EUC reduction (DisAdj); apply only the program-wide PHE fraction",
    )
    r.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="COLUMN=UNIT",
        help="settle an ambiguous rate/score column: COLUMN=percent or COLUMN=fraction (repeatable)",
    )
    r.add_argument(
        "--period",
        choices=("jan-jun", "jul-dec"),
        help="PY2019 only: the 6-month period of the file (default: from the agreement start dates)",
    )
    r.add_argument("--quiet", action="store_true", help="do not print the columns used and ignored")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "puf":
        argv = argv[1:]
    a = parser().parse_args(argv)
    try:
        units = dict(_unit_option(u) for u in a.unit)
        read = read_results(a.file, a.year, units=units, period=a.period)
    except (PufParseError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    records = read.records
    if not a.quiet and a.format == "csv":
        print_report(read.report)
    default = a.default_election
    if default not in (None, msr_rules.VARIABLE):
        default = float(default)
    rows = reconcile_records(
        records,
        elections=_load_elections(a.elections) if a.elections else None,
        recover_elections=not a.no_recover_elections,
        default_election=default,
        euc_from_puf=not a.no_puf_euc,
    )
    s = summary(rows, a.year)
    with open(a.out, "w", newline="") as out:
        if a.format == "csv":
            write_csv(rows, out)
        else:
            columns = {
                "used": [vars(u) for u in read.report.used],
                "ignored": read.report.ignored,
                "unknown": read.report.unknown,
                "header_fixes": read.report.header_fixes,
                "period": read.report.period,
            }
            json.dump(
                {"summary": s, "columns": columns, "rows": [_row_json(x) for x in rows]}, out, indent=1, default=str
            )
    if a.format == "json":
        json.dump(s, sys.stdout, indent=1, default=str)
        print()
    else:
        print_summary(s)
    return 0

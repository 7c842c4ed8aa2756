"""CMS's views of a PY's quality: who has reported and attested, and the national picture (the distribution
of quality scores, who meets the standard, the alternative standard, the health equity bonus)."""

from __future__ import annotations

from acoms.quality import pages, reporting, scoring
from acoms.quality.models import Submission
from acoms.web import charts

NOT_STARTED = "Not started"
IN_PROGRESS = "In progress, not attested"
ATTESTED = "Attested"
BIN = 10  # width of a score band in the distribution chart (points)


def status(py: int, acos) -> dict:
    subs = {
        s.organization_id: s
        for s in Submission.objects.filter(py=py)
        .select_related("attested_by")
        .prefetch_related("measures", "pi_scores")
    }
    rows = []
    for aco in acos:
        sub = subs.get(aco.pk)
        measures = sub.measures.count() if sub else 0
        cahps = "Not sampled" if sub and sub.cahps_not_sampled else ("Uploaded" if sub and sub.cahps_summary else "—")
        if sub and sub.attested:
            state = ATTESTED
        elif sub and (measures or sub.cahps_summary or sub.cahps_not_sampled or sub.pi_scores.exists()):
            state = IN_PROGRESS
        else:
            state = NOT_STARTED
        rows.append(
            {
                "aco": aco,
                "measures": measures,
                "cahps": cahps,
                "pi_tins": sub.pi_scores.count() if sub else 0,
                "state": state,
                "attested_by": pages.attester(sub),
                "attested_at": sub.attested_at if sub else None,
            }
        )
    counts = {
        key: sum(1 for r in rows if r["state"] == state)
        for key, state in (("attested", ATTESTED), ("in_progress", IN_PROGRESS), ("not_started", NOT_STARTED))
    }
    return {"rows": rows, "counts": counts, "deadline": reporting.deadline(py)}


def _band(score: float) -> str:
    low = min(int(score // BIN) * BIN, 100 - BIN)
    return f"{low}–{low + BIN}"


def view(py: int, acos) -> dict:
    results = scoring.score_all(py, acos)
    rows = []
    for r in results:
        q = r.score
        rows.append(
            {
                "aco": r.aco,
                "reported": r.reported,
                "score": q.score,
                "mips_quality": q.mips_quality_score,
                "met_qps": q.met_qps,
                "met_alt_qps": q.met_alt_qps,
                "hea_bonus": q.hea_bonus,
                "outcome": pages.outcome_words(q),
                "apm_final": r.apm.final_score if r.apm else None,
            }
        )
    bands = {_band(float(b)): 0 for b in range(0, 100, BIN)}
    for row in rows:
        if row["score"] is not None and row["reported"]:
            bands[_band(row["score"])] += 1
    chart = charts.bar(
        "quality-distribution",
        f"Quality scores of the ACOs that reported, PY{py}",
        [{"band": b, "acos": n} for b, n in bands.items()],
        x=charts.Field("band", "Quality score"),
        y=charts.Field("acos", "ACOs", "count"),
    )
    value = scoring.qps_value(py)
    reported = [r for r in rows if r["reported"]]
    summary = {
        "acos": len(rows),
        "reported": len(reported),
        "met_qps": sum(1 for r in reported if r["met_qps"]),
        "met_alt_qps": sum(1 for r in reported if not r["met_qps"] and r["met_alt_qps"]),
        "not_met": sum(1 for r in reported if not r["met_qps"] and not r["met_alt_qps"]),
        "hea_bonus": sum(1 for r in reported if r["hea_bonus"] > 0),
    }
    return {"rows": rows, "chart": chart, "summary": summary, "qps_value": value}


def table(py: int, acos) -> tuple[list[str], list[list]]:
    header = [
        "ACO ID",
        "ACO",
        "Reported",
        "Quality score",
        "MIPS Quality score",
        "Meets QPS",
        "Meets alternative QPS",
        "Health equity bonus",
        "MIPS final score",
    ]
    rows = []
    for r in view(py, acos)["rows"]:
        rows.append(
            [
                r["aco"].aco_id,
                r["aco"].name,
                "yes" if r["reported"] else "no",
                None if r["score"] is None else round(r["score"], 2),
                None if r["mips_quality"] is None else round(r["mips_quality"], 2),
                _yes(r["met_qps"]),
                _yes(r["met_alt_qps"]),
                round(r["hea_bonus"], 2),
                None if r["apm_final"] is None else round(r["apm_final"], 2),
            ]
        )
    return header, rows


def _yes(flag) -> str:
    return "" if flag is None else ("yes" if flag else "no")

"""The quality columns of a results PUF as scoring inputs, and the reproduction of CMS's quality scores.

``rules.puf.read_puf`` gives each ACO's identity, agreement and published quality score and flags; this
module reads the per-measure columns of the same file (performance rates by collection type, the two
claims measures, the CAHPS summary measures, the EUC and reporting flags), turns them into
``quality_score.Reported`` results and scores them. CMS publishes rates rounded (2 decimals, 4 for 479),
not numerators, denominators or completeness, so those checks are not made here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .puf import PufRecord, read_puf
from .quality_score import CAHPS_MEASURE, QualityInputs, QualityScore, Reported, performance_thirds, score_quality

_COLUMN = re.compile(r"^QualityID_(\d{3})(?:_(WI|eCQM|MIPSCQM|MedicareCQM))?$")
_SUFFIX = {
    "WI": "Web Interface",
    "eCQM": "eCQM",
    "MIPSCQM": "MIPS CQM",
    "MedicareCQM": "Medicare CQM",
    None: "Web Interface",
}
_MISSING = {"", "-", "--", ".", "*", "NA", "N/A"}


@dataclass(frozen=True)
class PufQuality:
    """What one results-PUF row says about quality."""

    aco_id: str
    reports: tuple[Reported, ...]
    euc_affected: bool | None
    dual_share: float | None  # Perc_Dual: share of assigned beneficiaries who are dual eligible
    published_score: float | None  # QualScore, 0-100
    met_qps: bool | None
    met_alt_qps: bool | None
    received_floor: bool | None  # Recvd30p / Recvd40p
    first_year: bool
    reported_path: str  # from Report_WI / Report_eCQM_CQM / Report_Inc
    met_incentive: bool | None = None  # Met_Incentive: met the QPS through the eCQM/MIPS CQM incentive

    @property
    def has_ecqm_rates(self) -> bool:
        return any(r.collection in ("eCQM", "MIPS CQM") for r in self.reports)


def _value(text: str | None) -> float | None:
    t = (text or "").strip().replace(",", "")
    if t in _MISSING:
        return None
    return float(t.rstrip("%"))


def _flag(text: str | None) -> bool | None:
    v = _value(text)
    return None if v is None else bool(v)


def _reports(row: dict) -> tuple[Reported, ...]:
    out = []
    for col, text in row.items():
        m = _COLUMN.match(col)
        if m and _value(text) is not None:
            out.append(Reported(m.group(1), _SUFFIX[m.group(2)], _value(text)))
    for mid in ("479", "484"):
        v = _value(row.get(f"Measure_{mid}"))
        if v is not None:
            out.append(Reported(mid, "claims", v))
    summary: dict[str, float] = {}
    for k, text in row.items():
        v = _value(text) if re.fullmatch(r"CAHPS_\d+", k) else None
        if v is not None:
            summary[k] = v
    if summary:
        out.append(Reported(CAHPS_MEASURE, "CAHPS", summary=summary))
    return tuple(out)


def read_quality(path, year: int) -> list[tuple[PufRecord, PufQuality]]:
    """Each ACO of a results PUF with the quality part of its row."""
    path = Path(path)
    records = {r.aco_id: r for r in read_puf(path, year)}
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        aco = (row.get("ACO_ID") or row.get("ACO_Num") or "").strip()
        rec = records.get(aco)
        if rec is None:
            continue
        start = rec.inputs.agreement_start
        first = rec.inputs.agreement_period == 1 and start is not None and start.year == year
        path_name = ("Web Interface" if _flag(row.get("Report_WI")) else "") or (
            "eCQM/MIPS CQM" if _flag(row.get("Report_eCQM_CQM") or row.get("Report_eCQM_CQM_MedicareCQM")) else ""
        )
        pct = _value(row.get("Perc_Dual"))
        out.append(
            (
                rec,
                PufQuality(
                    aco,
                    _reports(row),
                    _flag(row.get("DisAffQual")),
                    None if pct is None else pct / 100,
                    None if rec.inputs.quality_score is None else rec.inputs.quality_score * 100,
                    rec.inputs.met_qps,
                    rec.inputs.met_alt_qps,
                    _flag(row.get("Recvd30p") or row.get("Recvd40p")),
                    first,
                    path_name or "none",
                    _flag(row.get("Met_Incentive")),
                ),
            )
        )
    return out


def thirds_of(rows: list[PufQuality], year: int) -> dict[str, dict[tuple[str, str], str]]:
    """Each ACO's third per (measure, collection) among the ACOs of the file that report it that way."""
    from .measures import catalog  # noqa: PLC0415 (measures imports this module)

    cat = catalog(year)
    by_key: dict[tuple[str, str], dict[str, float]] = {}
    for q in rows:
        for r in q.reports:
            if r.rate is not None:
                by_key.setdefault((r.measure_id, r.collection), {})[q.aco_id] = r.rate
    out: dict[str, dict[tuple[str, str], str]] = {}
    for key, rates in by_key.items():
        inverse = cat.measures[key[0]].inverse if key[0] in cat.measures else False
        for aco, third in performance_thirds(rates, inverse).items():
            out.setdefault(aco, {})[key] = third
    return out


def score_file(path, year: int, prior: dict[str, float] | None = None) -> list[tuple[PufQuality, QualityScore]]:
    """Score every ACO of a results PUF from its published rates. ``prior``: aco -> prior PY achievement
    percent, for improvement scoring. The underserved multiplier is taken as the dual-eligible share, the
    one part of it the PUF publishes (a lower bound: LIS enrolment and ADI ranks are not published)."""
    rows = [q for _, q in read_quality(path, year)]
    thirds = thirds_of(rows, year)
    out = []
    for q in rows:
        x = QualityInputs(
            year,
            q.reports,
            q.aco_id,
            first_year=q.first_year,
            euc_affected=bool(q.euc_affected),
            prior_achievement=(prior or {}).get(q.aco_id),
            underserved_multiplier=q.dual_share,
            thirds=thirds.get(q.aco_id),
        )
        out.append((q, score_quality(x)))
    return out

"""The `agreements` input (financial-engine.md §1.3, defaults and booleans per §12).

One row per (aco_id, performance_year). `read_agreements(path, py)` validates every row and returns
the PY's agreements; an error names the file, the row (CSV line, header = line 1) and the column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as pads

from ...rules.tracks import track as get_track

TRACKS = ("A", "B", "C", "D", "E", "EN")
ONE_SIDED = ("A", "B")
FIXED_MSR = (0.0, 0.005, 0.01, 0.015, 0.02)
METHODS = ("retrospective", "prospective")
TRUE, FALSE = ("true", "t", "1", "yes"), ("false", "f", "0", "no")
REQUIRED = ("aco_id", "performance_year", "agreement_start", "agreement_period_num", "track", "assignment_method")
COLUMNS = REQUIRED + (
    "msr_election",
    "times_reg_adjusted_before",
    "psa_pc_savings_1",
    "psa_pc_savings_2",
    "psa_pc_savings_3",
    "psa_n_assigned_1",
    "psa_n_assigned_2",
    "psa_n_assigned_3",
    "participant_revenue",
    "met_qps",
    "met_alt_qps",
    "quality_score",
    "euc_fraction",
)


class AgreementError(ValueError):
    def __init__(self, path: Path, row: int | None, column: str | None, problem: str):
        where = path.name + (f", row {row}" if row else "") + (f", column {column}" if column else "")
        super().__init__(f"agreements: {where}: {problem}")


@dataclass(frozen=True)
class Agreement:
    aco_id: str
    performance_year: int
    agreement_start: dt.date
    agreement_period_num: int
    track: str
    msr_election: object  # None (one-sided), "variable" or a fixed fraction
    assignment_method: str
    times_reg_adjusted_before: int
    psa_pc_savings: tuple[float | None, float | None, float | None]
    psa_n_assigned: tuple[int | None, int | None, int | None]
    participant_revenue: float | None
    met_qps: bool
    met_alt_qps: bool
    quality_score: float
    euc_fraction: float

    @property
    def start_year(self) -> int:
        return self.agreement_start.year

    @property
    def benchmark_years(self) -> tuple[int, int, int]:
        s = self.start_year
        return (s - 3, s - 2, s - 1)

    @property
    def py_index(self) -> int:
        """n = PY - S + 1 (1..5)."""
        return self.performance_year - self.start_year + 1


def _read(path: Path) -> list[dict]:
    if path.suffix == ".parquet" or path.is_dir():
        table = pads.dataset(path, format="parquet").to_table()
        rows = table.to_pylist()
        return [{k: (None if v is None else str(v)) for k, v in r.items()} for r in rows]
    try:
        table = pacsv.read_csv(
            path,
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in COLUMNS}, strings_can_be_null=True
            ),
        )
    except pa.ArrowInvalid as e:
        raise AgreementError(path, None, None, f"unreadable CSV: {e}") from None
    return table.to_pylist()


def read_agreements(path: str | Path, py: int | None = None) -> dict[str, Agreement]:
    """aco_id -> Agreement for performance year `py` (all years must validate)."""
    path = Path(path)
    if not path.exists():
        raise AgreementError(path, None, None, "file not found")
    rows = _read(path)
    if not rows:
        raise AgreementError(path, None, None, "no rows")
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        raise AgreementError(path, None, missing[0], "missing column")
    out: dict[str, Agreement] = {}
    seen: set[tuple[str, int]] = set()
    for i, r in enumerate(rows, start=2):
        a = _row(path, i, r)
        key = (a.aco_id, a.performance_year)
        if key in seen:
            raise AgreementError(path, i, "aco_id", f"second row for {a.aco_id} PY{a.performance_year}")
        seen.add(key)
        if py is None or a.performance_year == py:
            out[a.aco_id] = a
    return out


def _row(path: Path, line: int, r: dict) -> Agreement:
    def text(col: str, required: bool = False) -> str | None:
        v = r.get(col)
        v = None if v is None or not str(v).strip() else str(v).strip()
        if required and v is None:
            raise AgreementError(path, line, col, "empty value")
        return v

    def num(col: str, kind=float, required: bool = False, lo: float | None = None, hi: float | None = None):
        v = text(col, required)
        if v is None:
            return None
        try:
            x = kind(float(v)) if kind is int and float(v).is_integer() else kind(v)
        except ValueError:
            raise AgreementError(path, line, col, f"not a number: {v!r}") from None
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            raise AgreementError(path, line, col, f"{v} out of range [{lo}, {hi}]")
        return x

    def boolean(col: str) -> bool:
        v = text(col)
        if v is None:
            return False
        if v.lower() in TRUE:
            return True
        if v.lower() in FALSE:
            return False
        raise AgreementError(path, line, col, f"not a boolean: {v!r} (true/false/t/f/1/0/yes/no)")

    aco_id = text("aco_id", True)
    assert aco_id is not None
    py = num("performance_year", int, True, 2000, 2100)
    start_text = text("agreement_start", True)
    try:
        start = dt.date.fromisoformat(str(start_text)[:10])
    except ValueError:
        raise AgreementError(path, line, "agreement_start", f"not a date: {start_text!r}") from None
    if start.month != 1 or start.day != 1:
        raise AgreementError(path, line, "agreement_start", f"{start} is not January 1")
    if start.year < 2026:
        raise AgreementError(path, line, "agreement_start", f"{start}: starts from 2026 only (BY1 ≥ 2023)")
    if not 1 <= py - start.year + 1 <= 5:
        raise AgreementError(path, line, "performance_year", f"PY{py} is not one of the 5 years from {start}")
    track = text("track", True)
    if track not in TRACKS:
        raise AgreementError(path, line, "track", f"unknown track {track!r} (one of {', '.join(TRACKS)})")
    get_track(track)
    election: object = text("msr_election")
    if track in ONE_SIDED:
        election = None
    elif election is None or str(election).lower() == "variable":
        election = "variable"
    else:
        try:
            election = float(str(election))
        except ValueError:
            raise AgreementError(path, line, "msr_election", f"{election!r}: 'variable' or a fraction") from None
        if not any(abs(election - f) < 1e-12 for f in FIXED_MSR):
            raise AgreementError(path, line, "msr_election", f"{election} is not one of {FIXED_MSR}")
    method = text("assignment_method", True)
    if method not in METHODS:
        raise AgreementError(path, line, "assignment_method", f"{method!r}: retrospective or prospective")
    return Agreement(
        aco_id=aco_id,
        performance_year=py,
        agreement_start=start,
        agreement_period_num=num("agreement_period_num", int, True, 1),
        track=track,
        msr_election=election,
        assignment_method=method,
        times_reg_adjusted_before=num("times_reg_adjusted_before", int, lo=0) or 0,
        psa_pc_savings=tuple(num(f"psa_pc_savings_{j}") for j in (1, 2, 3)),
        psa_n_assigned=tuple(num(f"psa_n_assigned_{j}", int, lo=0) for j in (1, 2, 3)),
        participant_revenue=num("participant_revenue", lo=0),
        met_qps=boolean("met_qps"),
        met_alt_qps=boolean("met_alt_qps"),
        quality_score=num("quality_score", lo=0, hi=100) or 0.0,
        euc_fraction=num("euc_fraction", lo=0, hi=1) or 0.0,
    )

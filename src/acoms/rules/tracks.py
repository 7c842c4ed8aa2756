"""Tracks and levels of the Shared Savings Program (42 CFR 425.600, 425.604-425.610; docs/reconciliation.md).

The parameters live in parameters/tracks.csv; this module gives them a type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .parameters import table

ONE_SIDED = "one-sided"
TWO_SIDED = "two-sided"


@dataclass(frozen=True)
class Track:
    code: str
    label: str
    risk: str
    max_sharing_rate: float
    performance_payment_limit: float
    loss_rate_method: str | None
    loss_rate_fixed: float | None
    loss_rate_floor: float | None
    loss_rate_ceiling: float | None
    loss_limit_benchmark: tuple[float, ...]
    loss_limit_revenue: float | None
    msr_method: str
    status: str
    citation: str

    @property
    def two_sided(self) -> bool:
        return self.risk == TWO_SIDED

    @property
    def is_basic(self) -> bool:
        return self.code in ("A", "B", "C", "D", "E")

    def loss_limit_benchmark_pct(self, year_in_track: int = 1) -> float | None:
        """Benchmark-based loss limit; Track 2's grows with the PY in the track (425.606(g))."""
        if not self.loss_limit_benchmark:
            return None
        i = min(max(year_in_track, 1), len(self.loss_limit_benchmark)) - 1
        return self.loss_limit_benchmark[i]


def _limits(value) -> tuple[float, ...]:
    if value is None:
        return ()
    return tuple(float(v) for v in str(value).split("|"))


@cache
def all_tracks() -> dict[str, Track]:
    out = {}
    for row in table("tracks"):
        out[row["code"]] = Track(
            code=row["code"],
            label=row["label"],
            risk=row["risk"],
            max_sharing_rate=float(row["max_sharing_rate"]),
            performance_payment_limit=float(row["performance_payment_limit"]),
            loss_rate_method=row["loss_rate_method"],
            loss_rate_fixed=row["loss_rate_fixed"],
            loss_rate_floor=row["loss_rate_floor"],
            loss_rate_ceiling=row["loss_rate_ceiling"],
            loss_limit_benchmark=_limits(row["loss_limit_benchmark"]),
            loss_limit_revenue=row["loss_limit_revenue"],
            msr_method=row["msr_method"],
            status=row["status"],
            citation=row["citation"],
        )
    return out


def track(code: str) -> Track:
    try:
        return all_tracks()[code]
    except KeyError:
        raise KeyError(f"unknown track or level {code!r}; known: {', '.join(all_tracks())}") from None


BASIC_LEVEL_ORDER = ("A", "B", "C", "D", "E")  # 425.600(a)(4)(i)(A)


def next_basic_level(level: str) -> str:
    """Automatic advancement one level per performance year along the glide path (425.600(a)(4))."""
    i = BASIC_LEVEL_ORDER.index(level)
    return BASIC_LEVEL_ORDER[min(i + 1, len(BASIC_LEVEL_ORDER) - 1)]

"""Minimum savings rate (MSR) and minimum loss rate (MLR) (42 CFR 425.604(b), 425.605(b), 425.606(b), 425.610(b)).

One-sided models use the sliding scale of parameters/msr_bands.csv: the table of 425.605(b)(1) for the BASIC track and
ENHANCED (agreements from July 2019), that of 425.604(b) for Track 1 and the variable MSR/MLR of Tracks 2 and 3. Both
tables give, for each range of assigned beneficiaries, the MSR "at the low end" and "at the high end" of the range; the
MSR is linear between them, the range's last count carrying the high-end MSR (5,000 -> 3.9% ... 5,999 -> 3.6%).
``INTERPOLATION_SPAN`` names that reading (docs/reconciliation.md, "MSR").
"""

from __future__ import annotations

from dataclasses import dataclass

from .parameters import table
from .tracks import Track

VARIABLE = "variable"
BASIC_TABLE, TRACK1_TABLE = "basic", "track1"

# [READING] denominator of the interpolation inside a band: "n_high - n_low" (the band's last count gets the high-end
# MSR, as the tables' "high end of assigned beneficiaries" column says) or "next_low - n_low" (the next band's first
# count would).
INTERPOLATION_SPAN = "n_high - n_low"


def msr_table_for(track: Track) -> str:
    """Which sliding scale applies: 425.605(b)(1) for BASIC levels and ENHANCED, 425.604(b) for Tracks 1, 2, 3, 1+."""
    return BASIC_TABLE if track.is_basic or track.code == "EN" else TRACK1_TABLE


def _bands(which: str) -> list[dict]:
    return [b for b in table("msr_bands") if b["table"] in (which, "both")]


def msr_band(n_assigned: int, which: str = TRACK1_TABLE) -> dict:
    n = max(int(n_assigned), 1)
    for band in _bands(which):
        if n >= band["n_low"] and (band["n_high"] is None or n <= band["n_high"]):
            return band
    raise ValueError(f"no MSR band for {n_assigned} assigned beneficiaries")


def one_sided_msr(n_assigned: int, span: str | None = None, which: str = TRACK1_TABLE) -> float:
    span = span or INTERPOLATION_SPAN
    n = max(int(n_assigned), 1)
    band = msr_band(n, which)
    lo, hi = band["n_low"], band["n_high"]
    if hi is None or band["msr_at_low"] == band["msr_at_high"]:
        return float(band["msr_at_low"])
    width = (hi - lo) if span == "n_high - n_low" else (hi + 1 - lo)
    return band["msr_at_low"] + (n - lo) / width * (band["msr_at_high"] - band["msr_at_low"])


@dataclass(frozen=True)
class Thresholds:
    msr: float
    mlr: float | None  # None for one-sided models
    basis: str  # how it was set, for the explanation
    citation: str


def fixed_elections() -> tuple[float, ...]:
    """Every fixed MSR/MLR option of any two-sided model (parameters/msr_two_sided.csv)."""
    options = {float(o) for row in table("msr_two_sided") for o in str(row["options"]).split("|") if o != VARIABLE}
    return tuple(sorted(options))


def two_sided_options(track: Track, agreement_start_year: int | None) -> tuple:
    for row in table("msr_two_sided"):
        if row["model"] != track.msr_method:
            continue
        start_from, start_to = row["agreement_start_from"], row["agreement_start_to"]
        if agreement_start_year is None or start_from <= agreement_start_year <= start_to:
            return tuple(VARIABLE if o == VARIABLE else float(o) for o in row["options"].split("|")), row["citation"]
    raise ValueError(f"no MSR/MLR options for {track.code} starting {agreement_start_year}")


def thresholds(track: Track, n_assigned: int, election=None, agreement_start_year: int | None = None) -> Thresholds:
    """MSR and MLR for an ACO-year. ``election`` is 'variable' or a fixed fraction (two-sided models)."""
    which = msr_table_for(track)
    if not track.two_sided:
        band = msr_band(n_assigned, which)
        return Thresholds(
            one_sided_msr(n_assigned, which=which),
            None,
            f"one-sided sliding scale ({which} table), {n_assigned} assigned",
            f"{band['citation']}; band {band['n_low']}-{band['n_high'] or ''} ({band['status']})",
        )
    options, citation = two_sided_options(track, agreement_start_year)
    if len(options) == 1:  # fixed by regulation (Track 2 agreements 2012-2015)
        election = options[0]
    if election is None:
        raise ValueError(f"{track.label} needs an MSR/MLR election ({', '.join(map(str, options))})")
    if election == VARIABLE:
        m = one_sided_msr(n_assigned, which=which)
        return Thresholds(m, m, f"variable MSR/MLR, {n_assigned} assigned", citation)
    election = float(election)
    if election not in options:
        raise ValueError(f"{election!r} is not an MSR/MLR option for {track.label}: {options}")
    return Thresholds(election, election, f"fixed symmetrical MSR/MLR {election:.1%}", citation)

"""Minimum savings rate (MSR) and minimum loss rate (MLR) (42 CFR 425.604(b), 425.605(b), 425.606(b), 425.610(b)).

One-sided models use the sliding scale of parameters/msr_bands.csv. Inside a band CMS's published MSRs
are a straight line from the band's low-end MSR at its first beneficiary count to its high-end MSR at its
last count (``n_high``), e.g. 5,000 -> 3.9% ... 5,999 -> 3.6%. That is the interpolation that
reproduces every published MinSavPerc (see docs/reconciliation.md); ``INTERPOLATION_SPAN`` names it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parameters import table
from .tracks import Track

VARIABLE = "variable"

# [READING] denominator of the interpolation inside a band: "n_high - n_low" (band's last count gets the
# high-end MSR) or "next_low - n_low" (the next band's first count would).
INTERPOLATION_SPAN = "n_high - n_low"


def one_sided_msr(n_assigned: int, span: str | None = None) -> float:
    span = span or INTERPOLATION_SPAN
    n = max(int(n_assigned), 1)
    for band in table("msr_bands"):
        lo, hi = band["n_low"], band["n_high"]
        if n < lo or (hi is not None and n > hi):
            continue
        if hi is None or band["msr_at_low"] == band["msr_at_high"]:
            return float(band["msr_at_low"])
        width = (hi - lo) if span == "n_high - n_low" else (hi + 1 - lo)
        return band["msr_at_low"] + (n - lo) / width * (band["msr_at_high"] - band["msr_at_low"])
    raise ValueError(f"no MSR band for {n_assigned} assigned beneficiaries")


def msr_band(n_assigned: int) -> dict:
    n = max(int(n_assigned), 1)
    for band in table("msr_bands"):
        if n >= band["n_low"] and (band["n_high"] is None or n <= band["n_high"]):
            return band
    raise ValueError(n_assigned)


@dataclass(frozen=True)
class Thresholds:
    msr: float
    mlr: float | None  # None for one-sided models
    basis: str         # how it was set, for the explanation
    citation: str


def fixed_elections() -> tuple[float, ...]:
    """Every fixed MSR/MLR option of any two-sided model (parameters/msr_two_sided.csv)."""
    options = {float(o) for row in table("msr_two_sided") for o in str(row["options"]).split("|") if o != VARIABLE}
    return tuple(sorted(options))


def two_sided_options(track: Track, agreement_start_year: int | None) -> tuple:
    for row in table("msr_two_sided"):
        if row["model"] != track.msr_method:
            continue
        if agreement_start_year is None or row["agreement_start_from"] <= agreement_start_year <= row["agreement_start_to"]:
            return tuple(VARIABLE if o == VARIABLE else float(o) for o in row["options"].split("|")), row["citation"]
    raise ValueError(f"no MSR/MLR options for {track.code} starting {agreement_start_year}")


def thresholds(track: Track, n_assigned: int, election=None, agreement_start_year: int | None = None) -> Thresholds:
    """MSR and MLR for an ACO-year. ``election`` is 'variable' or a fixed fraction (two-sided models)."""
    if not track.two_sided:
        band = msr_band(n_assigned)
        return Thresholds(one_sided_msr(n_assigned), None, f"one-sided sliding scale, {n_assigned} assigned",
                          f"{track.citation.split(';')[0]}; band {band['n_low']}-{band['n_high'] or ''} ({band['status']})")
    options, citation = two_sided_options(track, agreement_start_year)
    if len(options) == 1:  # fixed by regulation (Track 2 agreements 2012-2015)
        election = options[0]
    if election is None:
        raise ValueError(f"{track.label} needs an MSR/MLR election ({', '.join(map(str, options))})")
    if election == VARIABLE:
        m = one_sided_msr(n_assigned)
        return Thresholds(m, m, f"variable MSR/MLR, {n_assigned} assigned", citation)
    election = float(election)
    if election not in options:
        raise ValueError(f"{election!r} is not an MSR/MLR option for {track.label}: {options}")
    return Thresholds(election, election, f"fixed symmetrical MSR/MLR {election:.1%}", citation)

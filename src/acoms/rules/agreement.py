"""The length of an agreement period (42 CFR 425.200(b)), by the year it starts."""

from __future__ import annotations

from .parameters import by_year


def term_years(start_year: int) -> int:
    """Performance years of an agreement period starting in `start_year` (agreement_period.csv)."""
    return int(by_year("agreement_period", start_year)["value"])


def performance_years(start_year: int) -> range:
    """The performance years of an agreement period starting in `start_year`."""
    return range(start_year, start_year + term_years(start_year))

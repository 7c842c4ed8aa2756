"""One ACO per TIN (42 CFR 425.306(b)).

§425.306(b): "Each ACO participant that submits claims for primary care services used to determine
the ACO's assigned population under subpart E of this part must be exclusive to one ACO for
purposes of this program." An ACO participant is a TIN (§425.20), and assignment is decided per
performance year (§425.400), so the rule is read per TIN and performance year: a TIN that bills
primary care services may be on one ACO's participant list only for the same year. A TIN that
bills no primary care services used in assignment (a specialist group) may be on several lists.

Pure: the caller says which TINs are on other ACOs' lists for the year and which TINs bill
primary care; the participants app reads both from the database inside its write transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

CITATION = "42 CFR 425.306(b)"


def conflict(tin: str, other_lists: Mapping[str, str], primary_care: Collection[str] | None) -> str | None:
    """The other ACO whose list for the same performance year holds `tin`, when adding `tin` to this
    ACO's list would break §425.306(b); None when it may be added. `other_lists` maps the TINs on
    other ACOs' participant lists of that year to their ACO; `primary_care` holds the TINs that bill
    primary care services used in assignment (None when unknown: every TIN is then taken to bill
    them, the safe reading)."""
    other = other_lists.get(tin)
    if other is None:
        return None
    if primary_care is not None and tin not in primary_care:
        return None
    return other


def conflicts(
    tins: Iterable[str], other_lists: Mapping[str, str], primary_care: Collection[str] | None
) -> dict[str, str]:
    """{TIN: other ACO} for each of `tins` that may not be added (see `conflict`)."""
    found = {}
    for tin in tins:
        other = conflict(tin, other_lists, primary_care)
        if other is not None:
            found[tin] = other
    return found

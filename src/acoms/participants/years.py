"""Which performance years a list may be written for: the one check the pages, the API and the CLI use.

A performance year is a calendar year (42 CFR 425.200(c)). Reading (issue 9): the program has year
`py` for an ACO when the ACO holds an agreement covering it (`applications.PriorAgreement`), or an
application cycle's agreement period covers it (a cycle starting in year S, with an agreement of N
years from `rules/parameters/agreement_period.csv`, covers S .. S+N-1: the years an ACO applying in
that cycle builds its lists for). Any other year, and anything that is not a year at all, is a
field error on `py` — never a silent default and never a database overflow.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from acoms.rules import agreement

FIRST_PY = 2012  # the Shared Savings Program's first agreements started in 2012 (42 CFR 425.200(b)(1))
LARGEST_YEAR = 9999  # what a date can hold; the program check below is the real bound


def parse_py(value: object) -> int:
    """An integer year from a form, query or API value; ValidationError({"py": …}) otherwise."""
    text = str(value).strip() if value is not None else ""
    if isinstance(value, bool) or not text.lstrip("-").isdigit() or len(text) > 6:
        raise ValidationError({"py": f"Give the performance year as four digits (for example {FIRST_PY + 15})."})
    py = int(text)
    if not FIRST_PY <= py <= LARGEST_YEAR:
        raise ValidationError({"py": f"{py} is not a performance year: the program's years start in {FIRST_PY}."})
    return py


def agreement_years(start_year: int) -> range:
    """The performance years of an agreement period starting in `start_year`."""
    return agreement.performance_years(start_year)


def program_years(aco) -> set[int]:
    """Every year the program has for `aco`: its agreements' years and the years of every cycle's agreement period."""
    from acoms.applications.models import Cycle, PriorAgreement  # noqa: PLC0415 (applications reads participants)

    years: set[int] = set()
    for start in Cycle.objects.values_list("agreement_start", flat=True):
        years.update(agreement_years(start.year))
    for start, end in PriorAgreement.objects.filter(organization=aco).values_list("start", "end"):
        years.update(range(start.year, end.year + 1))
    return years


def check_py(aco, value: object) -> int:
    """`value` as a performance year the program has for `aco`; otherwise ValidationError({"py": …}) naming the
    years it has."""
    py = parse_py(value)
    years = program_years(aco)
    if py not in years:
        have = f"it has {_spans(sorted(years))}" if years else "no application cycle or agreement exists yet"
        raise ValidationError({"py": f"PY{py} is not a performance year of the program for {aco.aco_id}: {have}."})
    return py


def _spans(years: list[int]) -> str:
    """[2026, 2027, 2028, 2031] -> "PY2026–PY2028, PY2031"."""
    spans, start = [], years[0]
    for prev, year in zip(years, [*years[1:], years[-1] + 2], strict=True):
        if year != prev + 1:
            spans.append(f"PY{start}" if start == prev else f"PY{start}–PY{prev}")
            start = year
    return ", ".join(spans)

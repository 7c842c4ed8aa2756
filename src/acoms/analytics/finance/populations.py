"""Stage `populations` (financial-engine.md §2): the assignment of every benchmark year and the PY.

For each year Y and method m the §2 assignment runs with Y's window, code list and step-3 rule but the
participant lists and provider reassignments in force during the PY (§425.652(a)(1), (a)(9)), and the
voluntary designations dated before Jan 1 of Y. `fe_population` holds one row per (year, method,
assignable beneficiary); `aco_id` NULL = assignable but not assigned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import ibis

from .. import engine
from .. import parameters as assignment_parameters
from ..assignment import assign
from ..parameters import AssignmentParameters


def year_parameters(year: int, method: str, py: int) -> AssignmentParameters:
    """Assignment parameters of year `year` under method `method`, with the PY's participant lists.

    §12: prospective runs add the PHE codes only for Y ≤ 2023 (the general assignment adds them when its
    window overlaps the PHE, which a prospective 2024 window does)."""
    p = assignment_parameters.for_year(year, method).with_lists_of(py)
    if method == "prospective" and year > 2023:
        base = assignment_parameters.primary_care_codes(year)
        p = dataclasses.replace(p, codes_window=base, codes_expanded=base)
    return p


def populations(
    con, t: dict[str, ibis.Table], years: Iterable[int], methods: Iterable[str], py: int, progress=None
) -> ibis.Table:
    """`fe_population` (year, method, bene_id, aco_id, step) for every year and method."""
    say = progress or (lambda msg: None)
    methods = ["retrospective"] + sorted(set(methods) - {"retrospective"})
    parts = []
    for year in sorted(set(years)):
        retro = None
        for method in methods:
            say(f"populations: assignment {year} {method} (lists of PY{py})")
            r = assign(con, t, year_parameters(year, method, py))
            a = r.assignment
            if method == "retrospective":
                retro = r.eligibility.filter(r.eligibility.eligible).select("bene_id")
            else:
                # §425.401(b) over calendar year Y: eligible in the retrospective run of Y (§12)
                a = a.semi_join(retro, "bene_id")
            # each run is materialised on its own: a union of eight lazy assignment plans is one plan too big
            # for Spark's driver to analyse
            parts.append(
                engine.checkpoint(
                    a.select(
                        year=ibis.literal(year, "int64"),
                        method=ibis.literal(method),
                        bene_id=a.bene_id,
                        aco_id=a.aco_id,
                        step=a.step,
                    ),
                    "fe_population_part",
                )
            )
    out = parts[0]
    for p in parts[1:]:
        out = out.union(p)
    return engine.checkpoint(out, "fe_population")

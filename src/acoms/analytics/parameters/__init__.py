"""Program parameters for assignment, kept as data (CSV) keyed by performance year.

Each table carries the regulation citation of every row and the performance years it holds for; nothing here
hard-codes a year. Tables are read by ``acoms.lib.parameters`` (convention: docs/development.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from acoms.lib.parameters import LIST_SEPARATOR, ParameterError, Table, load

__all__ = [
    "AssignmentParameters",
    "ParameterError",
    "for_year",
    "phe_codes",
    "primary_care_codes",
    "specialty_classes",
    "supported_years",
    "value",
]


def _table(name: str) -> Table:
    return load(__name__, name)


def supported_years() -> dict[int, str]:
    """Performance year -> status of its primary care code list."""
    return {year: r["status"] for r in _table("code_list_years") for year in range(r["year_from"], r["year_to"] + 1)}


def primary_care_codes(py: int) -> frozenset[str]:
    """The §425.400(c)(1) list that applies to performance year `py` (code_list_years.csv says which)."""
    rows = _table("code_list_years").for_year(py)
    if not rows:
        raise ParameterError(
            f"no primary care code list for PY{py} in parameters/code_list_years.csv (have {sorted(supported_years())})"
        )
    listed = rows[0]["list_year"]
    return frozenset(r["hcpcs_code"] for r in _table("primary_care_codes") if r.holds_for(listed))


def phe_codes() -> frozenset[str]:
    return frozenset(r["hcpcs_code"] for r in _table("phe_codes"))


def specialty_classes(py: int) -> dict[str, str]:
    """specialty code -> 'pcp' | 'npp' | 'specialist' for performance year `py`."""
    return {r["specialty_code"]: r["class"] for r in _table("specialties") if r.holds_for(py)}


def value(name: str, py: int) -> Any:
    """The assignment parameter ``name`` that holds for performance year ``py``, typed by its unit."""
    return _table("assignment_parameters").value(name, py)


def _codes(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in text.split(LIST_SEPARATOR):
        if "-" in part:
            a, b = part.split("-")
            out += [str(i) for i in range(int(a), int(b) + 1)]
        else:
            out.append(part)
    return tuple(out)


def _months_before(d: dt.date, months: int) -> dt.date:
    """First day of the month `months` months before the month of `d`."""
    idx = d.year * 12 + d.month - 1 - months
    return dt.date(idx // 12, idx % 12 + 1, 1)


@dataclass(frozen=True)
class AssignmentParameters:
    py: int
    method: str
    window_start: dt.date
    window_end: dt.date
    expanded_start: dt.date
    step3: bool
    codes_window: frozenset[str]
    codes_expanded: frozenset[str]
    specialties: dict[str, str]
    nursing_facility_codes: tuple[str, ...]
    snf_pos: tuple[str, ...]
    acp_codes: tuple[str, ...]
    inpatient_pos: tuple[str, ...]
    addon_codes: tuple[str, ...]
    fqhc_rhc_bill_prefixes: tuple[str, ...]
    cah2_bill_prefixes: tuple[str, ...]
    cah2_revenue_prefixes: tuple[str, ...]
    outside_us_county: str
    list_start: dt.date  # participant rows in force during [list_start, list_end]
    list_end: dt.date
    step3_population: str = "per_aco"  # who enters step 3: per_aco or any_aco (assignment_parameters.csv)
    # voluntary designations count when dated before this day (reading 11: Jan 1 of the PY); the
    # financial engine's benchmark years use Jan 1 of the BY with the PY's lists (`with_lists_of`)
    designations_before: dt.date | None = None

    def with_lists_of(self, list_year: int) -> AssignmentParameters:
        """The same window and rules with the participant lists and provider reassignments in force
        during `list_year` (financial-engine.md §2); designations stay those dated before this year."""
        return dataclasses.replace(
            self,
            list_start=dt.date(list_year, 1, 1),
            list_end=dt.date(list_year, 12, 31),
            designations_before=self.designations_before or self.list_start,
        )


def for_year(py: int, method: str = "retrospective") -> AssignmentParameters:
    if method not in ("retrospective", "prospective"):
        raise ParameterError(f"unknown assignment method {method!r}")

    def v(name: str) -> Any:
        return value(name, py)

    months = v("window_months")
    py_start, py_end = dt.date(py, 1, 1), dt.date(py, 12, 31)
    if method == "retrospective":
        end = py_end
    else:
        end = _months_before(py_start, v("prospective_lag_months")) - dt.timedelta(days=1)
    start = _months_before(end, months - 1)
    step3 = v("step3_enabled")
    exp_months = v("expanded_window_months") if step3 else months
    exp_start = _months_before(end, exp_months - 1)
    base = primary_care_codes(py)
    phe_start, phe_end = v("phe_start"), v("phe_end")

    def with_phe(s: dt.date) -> frozenset[str]:
        overlaps = s <= phe_end and end >= dt.date(phe_start.year, phe_start.month, 1)
        return base | phe_codes() if overlaps else base

    return AssignmentParameters(
        py=py,
        method=method,
        window_start=start,
        window_end=end,
        expanded_start=exp_start,
        step3=step3,
        codes_window=with_phe(start),
        codes_expanded=with_phe(exp_start),
        specialties=specialty_classes(py),
        nursing_facility_codes=_codes(v("nursing_facility_codes")),
        snf_pos=_codes(v("snf_place_of_service")),
        acp_codes=_codes(v("advance_care_planning_codes")),
        inpatient_pos=_codes(v("inpatient_place_of_service")),
        addon_codes=_codes(v("addon_codes")),
        fqhc_rhc_bill_prefixes=_codes(v("fqhc_rhc_bill_type_prefixes")),
        cah2_bill_prefixes=_codes(v("cah2_bill_type_prefixes")),
        cah2_revenue_prefixes=_codes(v("cah2_professional_revenue_prefixes")),
        outside_us_county=v("outside_us_county"),
        list_start=py_start,
        list_end=py_end,
        step3_population=_step3_population(py) if step3 else "any_aco",
    )


STEP3_POPULATIONS = ("per_aco", "any_aco")


def _step3_population(py: int) -> str:
    chosen = value("step3_population", py)
    if chosen not in STEP3_POPULATIONS:
        raise ParameterError(f"step3_population must be one of {STEP3_POPULATIONS}, got {chosen!r}")
    return chosen

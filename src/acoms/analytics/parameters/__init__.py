"""Program parameters for assignment, kept as data (CSV) keyed by performance year.

Each table carries the regulation citation of every row; nothing here hard-codes a year.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with open(HERE / name, newline="") as f:
        return tuple(csv.DictReader(f))


def _in_year(row: dict[str, str], py: int) -> bool:
    first = int(row["first_py"])
    last = int(row["last_py"]) if row.get("last_py") else 9999
    return first <= py <= last


class ParameterError(ValueError):
    pass


def supported_years() -> dict[int, str]:
    return {int(r["py"]): r["status"] for r in _rows("code_list_years.csv")}


def primary_care_codes(py: int) -> frozenset[str]:
    """The §425.400(c)(1) list that applies to performance year `py`."""
    years = supported_years()
    if py not in years:
        raise ParameterError(
            f"no primary care code list for PY{py} in parameters/code_list_years.csv "
            f"(have {sorted(years)})"
        )
    listed = max(y for y in years if y <= py and years[y] == "REG") if py > 2025 else py
    return frozenset(r["hcpcs_code"] for r in _rows("primary_care_codes.csv") if _in_year(r, listed))


def phe_codes() -> frozenset[str]:
    return frozenset(r["hcpcs_code"] for r in _rows("phe_codes.csv"))


def specialty_classes(py: int) -> dict[str, str]:
    """specialty code -> 'pcp' | 'npp' | 'specialist' for performance year `py`."""
    return {r["specialty_code"]: r["class"] for r in _rows("specialties.csv") if _in_year(r, py)}


def value(name: str, py: int) -> str:
    rows = [r for r in _rows("assignment_parameters.csv") if r["name"] == name and int(r["first_py"]) <= py]
    if not rows:
        raise ParameterError(f"parameter {name!r} is not defined for PY{py}")
    return max(rows, key=lambda r: int(r["first_py"]))["value"]


def _codes(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for part in text.split(";"):
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
    # voluntary designations count when dated before this day (reading 11: Jan 1 of the PY); the
    # financial engine's benchmark years use Jan 1 of the BY with the PY's lists (`with_lists_of`)
    designations_before: dt.date | None = None

    def with_lists_of(self, list_year: int) -> AssignmentParameters:
        """The same window and rules with the participant lists and provider reassignments in force
        during `list_year` (financial-engine.md §2); designations stay those dated before this year."""
        import dataclasses

        return dataclasses.replace(self, list_start=dt.date(list_year, 1, 1), list_end=dt.date(list_year, 12, 31),
                                   designations_before=self.designations_before or self.list_start)


def for_year(py: int, method: str = "retrospective") -> AssignmentParameters:
    if method not in ("retrospective", "prospective"):
        raise ParameterError(f"unknown assignment method {method!r}")
    v = lambda n: value(n, py)  # noqa: E731
    months = int(v("window_months"))
    py_start, py_end = dt.date(py, 1, 1), dt.date(py, 12, 31)
    if method == "retrospective":
        end = py_end
    else:
        end = _months_before(py_start, int(v("prospective_lag_months"))) - dt.timedelta(days=1)
    start = _months_before(end, months - 1)
    step3 = bool(int(value("step3_enabled", py))) if py >= 2025 else False
    exp_months = int(value("expanded_window_months", py)) if step3 else months
    exp_start = _months_before(end, exp_months - 1)
    base = primary_care_codes(py)
    phe_start, phe_end = dt.date.fromisoformat(v("phe_start")), dt.date.fromisoformat(v("phe_end"))

    def with_phe(s: dt.date) -> frozenset[str]:
        overlaps = s <= phe_end and end >= dt.date(phe_start.year, phe_start.month, 1)
        return base | phe_codes() if overlaps else base

    return AssignmentParameters(
        py=py, method=method, window_start=start, window_end=end, expanded_start=exp_start,
        step3=step3, codes_window=with_phe(start), codes_expanded=with_phe(exp_start),
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
        list_start=py_start, list_end=py_end,
    )

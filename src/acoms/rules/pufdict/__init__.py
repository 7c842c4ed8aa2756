"""The results PUF's column dictionary and per-year layouts, kept as data (docs/reconciliation.md, "Column dictionary").

- ``columns.csv``: every column CMS published in the results PUF, PY2013-PY2024, under its newest short name, with its
  other spellings and descriptive labels, unit family, the reader's field, meaning, years and data dictionary.
- ``ranges.csv``: plausible values of the rate/score fields, used to infer a column's unit from the whole column.
- ``header_fixes.csv``: known header defects of circulating copies.
- ``layouts.csv`` and ``layouts/*.csv``: the column order and value format of each PY's file, for the writer.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

FAMILIES = ("money", "count", "rate", "score", "flag", "date", "code", "text", "ratio", "utilization", "measure")


@dataclass(frozen=True)
class Column:
    name: str  # CMS short name, newest spelling
    aliases: tuple[str, ...]
    family: str
    field: str  # reader field ('' = published but not read; 'track:X' = track flag)
    meaning: str
    years: str
    source: str


@dataclass(frozen=True)
class Layout:
    name: str  # PY2013 ... PY2025, PY2019_jan_jun, PY2019_jul_dec
    year: int
    period: str  # '' or 'jan-jun' / 'jul-dec' (PY2019)
    missing: str  # how the file writes an empty value
    status: str  # CMS (order of a CMS file) or READING (derived; see note)
    note: str
    columns: tuple[tuple[str, str], ...]  # (column, value format) in file order


def _rows(name: str) -> list[dict]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))


def normalize(label: str) -> str:
    """Header matching ignores case, surrounding blanks, repeated blanks and a byte-order mark."""
    return re.sub(r"\s+", " ", label.replace("\ufeff", "")).strip().casefold()


@cache
def columns() -> dict[str, Column]:
    out = {}
    for r in _rows("columns.csv"):
        if r["family"] not in FAMILIES:
            raise ValueError(f"columns.csv: {r['column']}: unknown family {r['family']!r}")
        aliases = tuple(a for a in r["aliases"].split("|") if a)
        out[r["column"]] = Column(r["column"], aliases, r["family"], r["field"], r["meaning"], r["years"], r["source"])
    return out


@cache
def by_label() -> dict[str, Column]:
    """Every known spelling or label (normalized) -> its column."""
    out: dict[str, Column] = {}
    for c in columns().values():
        for label in (c.name, *c.aliases):
            key = normalize(label)
            if key in out and out[key] is not c:
                raise ValueError(f"columns.csv: label {label!r} belongs to {out[key].name} and {c.name}")
            out[key] = c
    return out


@cache
def ranges() -> dict[str, dict]:
    return {r["field"]: {k: float(v) for k, v in r.items() if k not in ("field", "note")} for r in _rows("ranges.csv")}


@cache
def header_fixes() -> tuple[dict, ...]:
    return tuple(_rows("header_fixes.csv"))


@cache
def layouts() -> dict[str, Layout]:
    out = {}
    for r in _rows("layouts.csv"):
        cols = tuple((c["column"], c["format"]) for c in _rows(f"layouts/{r['layout']}.csv"))
        out[r["layout"]] = Layout(r["layout"], int(r["year"]), r["period"], r["missing"], r["status"], r["note"], cols)
    return out


def layout_for(year: int, period: str | None = None) -> Layout:
    found = [x for x in layouts().values() if x.year == year and (period is None or x.period == period)]
    if not found:
        known = ", ".join(sorted({str(x.year) for x in layouts().values()}))
        raise ValueError(f"no results PUF layout for PY{year}{' ' + period if period else ''}; known years: {known}")
    if len(found) > 1:
        raise ValueError(f"PY{year} has {len(found)} layouts ({', '.join(x.period for x in found)}): give the period")
    return found[0]


# --------------------------------------------------------------------------- numbers as CMS writes them


def to_decimal(text: str) -> Decimal:
    """'60,845', '$613084880.40', '(1,234)', '9.48%', '-2,002,678' -> Decimal; the '%' sign is dropped here."""
    s = text.strip().replace(",", "").replace("$", "").replace(" ", "")
    negative = s.startswith("(") and s.endswith(")")
    if negative:
        s = s[1:-1]
    s = s.rstrip("%")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not d.is_finite():
        raise ValueError("not a number")
    return -d if negative else d


def decimals_of(text: str) -> int:
    m = re.search(r"\.(\d+)", text.replace(",", ""))
    return len(m.group(1)) if m else 0

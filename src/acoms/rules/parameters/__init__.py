"""Program parameters as data tables (CSV), one row per rule, each with its citation.

`table(name)` returns the rows of ``<name>.csv`` as dicts: empty cells become None, numbers become
int or float, everything else stays a string. Lines starting with '#' are comments.
`named(name)` turns a two-column ``parameter,value`` table into a dict.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


class ParameterTableError(ValueError):
    pass


def _coerce(value: str | None):
    if value is None:
        return None
    value = value.strip()
    if value == "":
        return None
    try:
        return int(value)
    except ValueError:
        pass
    try:
        return float(value)
    except ValueError:
        return value


@cache
def table(name: str) -> tuple[dict, ...]:
    path = resources.files(__name__).joinpath(f"{name}.csv")
    with path.open(newline="", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    reader = csv.reader(lines)
    header = next(reader)
    rows = []
    for n, raw in enumerate(reader, start=2):
        if len(raw) != len(header):
            raise ParameterTableError(f"{name}.csv: data row {n} has {len(raw)} cells, header has {len(header)}")
        row = {k: (_coerce(v) if k not in ("citation", "code", "label", "options", "status") else v.strip() or None)
               for k, v in zip(header, raw)}
        if "citation" in row and not row["citation"]:
            raise ParameterTableError(f"{name}.csv: data row {n} has no citation")
        rows.append(row)
    return tuple(rows)


@cache
def named(name: str) -> dict:
    return {row["parameter"]: row["value"] for row in table(name)}


def by_year(name: str, year: int) -> dict:
    """The row of a table keyed by ``py`` (or by a ``py_from``/``py_to`` range) that covers ``year``."""
    for row in table(name):
        if "py" in row and row["py"] == year:
            return row
        if "py_from" in row and row["py_from"] <= year <= row["py_to"]:
            return row
    raise KeyError(f"{name}: no parameters for performance year {year}")

"""Program parameters of the financial rules, as data tables (CSV) read by ``acoms.lib.parameters``.

`table(name)` returns the typed rows of ``<name>.csv``; `named(name)` a named table as parameter -> value;
`by_year(name, year)` the row that holds for a performance year. The convention: docs/development.md.
"""

from __future__ import annotations

from acoms.lib.parameters import Named, ParameterTableError, Row, load

__all__ = ["ParameterTableError", "by_year", "named", "table"]


def table(name: str) -> tuple[Row, ...]:
    return load(__name__, name).rows


def named(name: str) -> Named:
    return load(__name__, name).named()


def by_year(name: str, year: int) -> Row:
    """The row of a table that holds for performance year ``year``."""
    rows = load(__name__, name).for_year(year)
    if not rows:
        raise KeyError(f"{name}: no parameters for performance year {year}")
    return rows[0]

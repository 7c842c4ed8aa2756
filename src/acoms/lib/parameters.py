"""Program parameters as data: one loader and one CSV convention for every parameter table.

A parameter table is ``<package>/parameters/<name>.csv``. Lines starting with ``#`` are comments (say what the
table is and where it comes from). Every row has the columns

    year_from, year_to   the performance years the row holds for (year_to empty: until a row replaces it)
    status               REG (read in the regulation), READING (the project's reading of a rule or a
                         project policy) or UNCONFIRMED (not verified in a primary source)
    citation             where the value comes from

A *named* table has one parameter per row: ``parameter, value, unit`` plus the columns above; the unit says
how ``value`` is read. A *record* table has its own columns, each header cell ``column:unit`` (a cell without a
unit is text). Units are the keys of ``UNITS``. Empty cells are None. See docs/development.md
("How to add a parameter").

Reads are recorded (which table rows some code looked into) so that a test run can report rows nothing reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

STATUSES = ("REG", "READING", "UNCONFIRMED")
META = ("year_from", "year_to", "status", "citation")
NAMED = ("parameter", "value", "unit")
LIST_SEPARATOR = "|"


class ParameterError(ValueError):
    """A parameter that is not defined (for that year, or at all)."""


class ParameterTableError(ParameterError):
    """A parameter table that does not follow the convention; the message names file, line and column."""


_INTEGER = re.compile(r"[+-]?\d+")
_RATIO = re.compile(r"(\d+)/(\d+)")


def _number(text: str) -> int | float:
    return int(text) if _INTEGER.fullmatch(text) else float(text)


def _rational(text: str) -> int | float:
    """A number, or a ratio of whole numbers written exactly ("1/3": the financial engine's blend weights)."""
    ratio = _RATIO.fullmatch(text)
    if ratio:
        return int(ratio[1]) / int(ratio[2])
    return _number(text)


def _factor(text: str) -> float:
    number = float(_rational(text))
    if number <= 0:
        raise ValueError("a factor is positive")
    return number


def _integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueError("not a whole number")
    return int(text)


def _bounded(low: float, high: float) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        number = _number(text)
        if not low <= number <= high:
            raise ValueError(f"not between {low:g} and {high:g}")
        return number

    return parse


def _fraction(text: str) -> float:
    number = float(_rational(text))
    if not 0 <= number <= 1:
        raise ValueError("not between 0 and 1")
    return number


def _flag(text: str) -> bool:
    if text not in ("0", "1"):
        raise ValueError("a flag is 0 or 1")
    return text == "1"


def _count(text: str) -> int:
    number = _integer(text)
    if number < 0:
        raise ValueError("a count is not negative")
    return number


def _year(text: str) -> int:
    number = _integer(text)
    if not 2000 <= number <= 2100:
        raise ValueError("not a year")
    return number


UNITS: dict[str, Callable[[str], Any]] = {
    "text": str,
    "list": str,  # a "|"-separated list the consumer splits (codes, "a-b" ranges of codes, numbers)
    "code": str,  # an identifier kept exactly as written ("01", "099")
    "fraction": _fraction,  # 0.02 = 2%; a ratio may be written exactly (1/3)
    "factor": _factor,  # a positive multiplier (1.045)
    "percentile": _bounded(0, 100),
    "score": _bounded(0, 100),
    "points": _number,
    "count": _count,
    "days": _count,
    "months": _count,
    "year": _year,
    "usd": _number,
    "flag": _flag,
    "date": dt.date.fromisoformat,
}

_reads: set[tuple[str, int]] = set()


def reads() -> frozenset[tuple[str, int]]:
    """(table, line) of every row whose values some code has read in this process."""
    return frozenset(_reads)


class Row(dict[str, Any]):
    """One row, typed. Reading a value (not the year, status or citation) records the row as read."""

    table: str
    line: int

    def __getitem__(self, column: str) -> Any:
        if column not in META:
            _reads.add((self.table, self.line))
        return super().__getitem__(column)

    def get(self, column: str, default: Any = None) -> Any:
        if column not in self:
            return default
        return self[column]

    def holds_for(self, year: int) -> bool:
        start, end = super().__getitem__("year_from"), super().__getitem__("year_to")
        return start <= year and (end is None or year <= end)


class Named(dict[str, Any]):
    """parameter -> value of a named table; reading a value records its row as read."""

    rows: dict[str, Row]

    def __getitem__(self, parameter: str) -> Any:
        if parameter not in self:
            raise ParameterError(f"no parameter {parameter!r} (have {', '.join(self)})")
        return self.rows[parameter]["value"]

    def get(self, parameter: str, default: Any = None) -> Any:
        if parameter not in self:
            return default
        return self[parameter]


@dataclass(frozen=True)
class Table:
    name: str  # "acoms/rules/parameters/tracks.csv"
    units: dict[str, str]  # column -> unit
    rows: tuple[Row, ...]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    @property
    def is_named(self) -> bool:
        return all(c in self.units for c in NAMED)

    def for_year(self, year: int) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.holds_for(year))

    def named(self, year: int | None = None) -> Named:
        """parameter -> value; with ``year`` only the rows holding for that year."""
        if not self.is_named:
            raise ParameterTableError(f"{self.name}: not a named table (no parameter, value and unit columns)")
        out = Named()
        out.rows = {}
        for row in self.rows:
            if year is not None and not row.holds_for(year):
                continue
            key = dict.__getitem__(row, "parameter")
            if key in out:
                raise ParameterTableError(
                    f"{self.name} line {row.line}: parameter {key!r} appears twice"
                    + ("" if year is None else f" for {year}")
                    + " (give each row its years)"
                )
            out.rows[key] = row
            dict.__setitem__(out, key, dict.__getitem__(row, "value"))
        return out

    def value(self, parameter: str, year: int) -> Any:
        named = self.named(year)
        if parameter not in named:
            raise ParameterError(f"parameter {parameter!r} is not defined for PY{year} in {self.name}")
        return named[parameter]


def _parse_header(name: str, line: int, header: list[str]) -> dict[str, str]:
    units: dict[str, str] = {}
    for cell in header:
        column, _, unit = cell.strip().partition(":")
        unit = unit or ("year" if column in ("year_from", "year_to") else "text")
        if unit not in UNITS:
            raise ParameterTableError(
                f"{name} line {line}, column {column}: unknown unit {unit!r} (one of {', '.join(UNITS)})"
            )
        if column in units:
            raise ParameterTableError(f"{name} line {line}: column {column} appears twice")
        units[column] = unit
    missing = [c for c in META if c not in units]
    if missing:
        raise ParameterTableError(f"{name} line {line}: missing column(s) {', '.join(missing)}")
    return units


def _parse_row(name: str, line: int, units: dict[str, str], cells: list[str]) -> Row:
    if len(cells) != len(units):
        raise ParameterTableError(f"{name} line {line}: {len(cells)} cells, the header has {len(units)}")
    row = Row()
    row.table, row.line = name, line
    for (column, unit), raw in zip(units.items(), cells, strict=True):
        text = raw.strip()
        if column == "value" and "unit" in units:
            unit = cells[list(units).index("unit")].strip()
            if unit not in UNITS:
                raise ParameterTableError(f"{name} line {line}, column unit: unknown unit {unit!r}")
        try:
            value = UNITS[unit](text) if text else None
        except ValueError as e:
            raise ParameterTableError(f"{name} line {line}, column {column}: {text!r} is not a {unit} ({e})") from None
        dict.__setitem__(row, column, value)
    for column in ("year_from", "status", "citation", *(NAMED if "parameter" in units else ())):
        if dict.__getitem__(row, column) is None:
            raise ParameterTableError(f"{name} line {line}, column {column}: empty")
    if row.get("status") not in STATUSES:
        raise ParameterTableError(
            f"{name} line {line}, column status: {row['status']!r} is not one of {', '.join(STATUSES)}"
        )
    end = dict.__getitem__(row, "year_to")
    if end is not None and end < dict.__getitem__(row, "year_from"):
        raise ParameterTableError(f"{name} line {line}, column year_to: {end} is before year_from")
    return row


def read(name: str, text: str) -> Table:
    """Parse the text of a parameter table (``name`` is used in messages)."""
    rows: list[Row] = []
    units: dict[str, str] | None = None
    numbered = (
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    )
    for n, line in numbered:
        cells = next(csv.reader([line]))
        if units is None:
            units = _parse_header(name, n, cells)
        else:
            rows.append(_parse_row(name, n, units, cells))
    if units is None or not rows:
        raise ParameterTableError(f"{name}: no header or no rows")
    return Table(name, units, tuple(rows))


def _file(package: str, name: str) -> Traversable:
    return resources.files(package).joinpath(f"{name}.csv")


@cache
def load(package: str, name: str) -> Table:
    """The table ``<name>.csv`` of the parameters package ``package`` (e.g. "acoms.rules.parameters")."""
    path = _file(package, name)
    if not path.is_file():
        raise ParameterError(f"no parameter table {name}.csv in {package}")
    return read(f"{package.replace('.', '/')}/{name}.csv", path.read_text(encoding="utf-8"))


def all_tables() -> list[Table]:
    """Every parameter table of the project: each ``parameters/*.csv`` of a package under acoms."""
    root = resources.files("acoms")
    found: list[Table] = []

    def walk(folder: Traversable, package: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_dir() and entry.joinpath("__init__.py").is_file():
                walk(entry, f"{package}.{entry.name}")
            elif package.endswith(".parameters") and entry.name.endswith(".csv"):
                found.append(load(package, entry.name.removesuffix(".csv")))

    walk(root, "acoms")
    return found


def unread(tables: list[Table], seen: frozenset[tuple[str, int]] | set[tuple[str, int]]) -> list[str]:
    """'table line N' of each row of ``tables`` not in ``seen``."""
    return [f"{t.name} line {r.line}" for t in tables for r in t.rows if (t.name, r.line) not in seen]

"""Parameters of the application cycle as data tables, read by ``acoms.lib.parameters`` (docs/development.md)."""

from __future__ import annotations

from acoms.lib.parameters import Named, ParameterTableError, Row, load

__all__ = ["ParameterTableError", "named", "table"]


def table(name: str) -> tuple[Row, ...]:
    return load(__name__, name).rows


def named(name: str) -> Named:
    return load(__name__, name).named()

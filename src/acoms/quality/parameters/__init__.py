"""Parameters of quality reporting as data tables, read by ``acoms.lib.parameters`` (docs/development.md)."""

from __future__ import annotations

from acoms.lib.parameters import load

__all__ = ["value"]


def value(name: str, parameter: str, year: int):
    return load(__name__, name).value(parameter, year)

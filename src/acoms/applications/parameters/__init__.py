"""Parameters of the application cycle as data tables, each row with its regulation citation."""

from acoms.rules.parameters import ParameterTableError  # noqa: F401  (same CSV conventions)

import csv
from functools import cache
from importlib import resources


@cache
def table(name: str) -> tuple[dict, ...]:
    path = resources.files(__name__).joinpath(f"{name}.csv")
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    for row in rows:
        if not row.get("citation"):
            raise ParameterTableError(f"{name}.csv: a row has no citation: {row}")
    return tuple(rows)


def named(name: str) -> dict[str, str]:
    return {row["parameter"]: row["value"] for row in table(name)}

"""Bounded types for API parameters, so the schema itself refuses values the database or the
program cannot hold (422 naming the field) and the OpenAPI document states the bounds."""

from typing import Annotated

from pydantic import Field

DB_INT_MAX = 2**63 - 1  # a 64-bit signed integer: the largest id SQLite and PostgreSQL store
FIRST_PERFORMANCE_YEAR = 2012  # the Shared Savings Program's first agreements began in 2012
LAST_PERFORMANCE_YEAR = 2099  # a sanity bound; whether a year is open is the program's own rule

DbId = Annotated[int, Field(ge=1, le=DB_INT_MAX, description="A record id")]
PerformanceYear = Annotated[
    int, Field(ge=FIRST_PERFORMANCE_YEAR, le=LAST_PERFORMANCE_YEAR, description="A performance year, e.g. 2026")
]

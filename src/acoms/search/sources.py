"""What is searchable: each record type as SQL over its own table (alias `r`), the same text on SQLite and
PostgreSQL. `schema` turns each source into triggers and into the reindex; `query` turns a hit into a link.

A source's expressions may read other tables (the ACO's name on an application); `follows` names those tables
and the column of `r` pointing at them, so that renaming an ACO or a person refreshes the entries that show it."""

from __future__ import annotations

import dataclasses

from django.db import models

from acoms.accounts.roles import ACO_ROLES, Role
from acoms.applications.models import Application, AppType


@dataclasses.dataclass(frozen=True)
class Source:
    kind: str
    label: str  # the record type as the results page names it
    table: str
    title: str
    detail: str
    terms: str
    organization: str = "NULL"
    year: str = "NULL"
    where: str = "1 = 1"
    follows: tuple[tuple[str, str], ...] = ()  # (table, column of r holding its id)

    def columns(self) -> dict[str, str]:
        return {
            "kind": f"'{self.kind}'",
            "ref": "r.id",
            "organization_id": self.organization,
            "year": self.year,
            "title": f"SUBSTR({self.title}, 1, 300)",
            "detail": f"SUBSTR({self.detail}, 1, 300)",
            "terms": self.terms,
        }


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def labels(column: str, choices: type[models.TextChoices] | list[tuple[str, str]]) -> str:
    """A code column written as its label (the choices' words), in SQL."""
    pairs = choices.choices if isinstance(choices, type) else choices
    whens = " ".join(f"WHEN {_text(code)} THEN {_text(str(label))}" for code, label in pairs)
    return f"(CASE {column} {whens} ELSE {column} END)"


def _join(*parts: str) -> str:
    return " || ' ' || ".join(f"COALESCE({p}, '')" for p in parts)


ACO_NAME = "(SELECT o.name FROM accounts_organization o WHERE o.id = r.organization_id)"
ACO_ID = "(SELECT o.aco_id FROM accounts_organization o WHERE o.id = r.organization_id)"
CYCLE = (
    "(SELECT COALESCE(NULLIF(c.name, ''), CAST(c.agreement_start AS TEXT)) "
    "FROM applications_cycle c WHERE c.id = r.cycle_id)"
)
ORG = (("accounts_organization", "organization_id"),)
PY = "'PY' || CAST(r.py AS TEXT)"

SOURCES = {
    source.kind: source
    for source in (
        Source(
            kind="aco",
            label="ACO",
            table="accounts_organization",
            title="r.name || ' (' || r.aco_id || ')'",
            detail="CASE WHEN r.legal_name <> '' THEN r.legal_name ELSE 'ACO' END",
            terms=_join("r.name", "r.legal_name", "r.aco_id", "r.tin"),
            organization="r.id",
            where="r.kind = 'aco'",
        ),
        Source(
            kind="application",
            label="Application",
            table="applications_application",
            title=f"{ACO_NAME} || ': ' || {labels('r.app_type', AppType)} || ' application'",
            detail=f"{CYCLE} || ' · ' || {labels('r.status', Application.Status)}",
            terms=_join(ACO_NAME, ACO_ID, labels("r.app_type", AppType), CYCLE, "'application'"),
            organization="r.organization_id",
            follows=(*ORG, ("applications_cycle", "cycle_id")),
        ),
        Source(
            kind="participant",
            label="Participant",
            table="participants_participant",
            title="r.legal_name",
            detail=f"'TIN ' || r.tin || ' · ' || {PY} || ' · ' || {ACO_ID}",
            terms=_join("r.tin", "r.legal_name", "CAST(r.ccns AS TEXT)"),
            organization="r.organization_id",
            year="r.py",
        ),
        Source(
            kind="provider",
            label="Provider/supplier",
            table="participants_provider",
            title="r.name",
            detail=f"'NPI ' || r.npi || ' via TIN ' || r.tin || ' · ' || {PY} || ' · ' || {ACO_ID}",
            terms=_join("r.npi", "r.tin", "r.name"),
            organization="r.organization_id",
            year="r.py",
        ),
        Source(
            kind="snf",
            label="SNF affiliate",
            table="participants_snfaffiliate",
            title="r.name",
            detail=f"'CCN ' || r.ccn || ' · ' || {PY} || ' · ' || {ACO_ID}",
            terms=_join("r.ccn", "r.name"),
            organization="r.organization_id",
            year="r.py",
        ),
        Source(
            kind="contact",
            label="Contact",
            table="accounts_membership",
            title="(SELECT TRIM(u.first_name || ' ' || u.last_name) FROM accounts_user u WHERE u.id = r.user_id)",
            detail=f"{labels('r.role', Role)} || ' · ' || {ACO_NAME}",
            terms=_join(
                "(SELECT u.first_name || ' ' || u.last_name || ' ' || u.email FROM accounts_user u "
                "WHERE u.id = r.user_id)",
                labels("r.role", Role),
            ),
            organization="r.organization_id",
            where="r.active AND r.role IN (" + ", ".join(_text(role) for role in sorted(ACO_ROLES)) + ")",
            follows=(*ORG, ("accounts_user", "user_id")),
        ),
        Source(
            kind="registry",
            label="Enrollment registry",
            table="participants_enrollmentrecord",
            title="r.legal_name",
            detail=(
                "TRIM(CASE WHEN r.tin <> '' THEN 'TIN ' || r.tin || ' ' ELSE '' END"
                " || CASE WHEN r.npi <> '' THEN 'NPI ' || r.npi || ' ' ELSE '' END"
                " || CASE WHEN r.ccn <> '' THEN 'CCN ' || r.ccn ELSE '' END)"
            ),
            terms=_join("r.tin", "r.npi", "r.ccn", "r.legal_name"),
        ),
    )
}

"""Searching the index: the words a person typed become a prefix query in the database's own full-text syntax,
ranked by the database (bm25 on SQLite, ts_rank on PostgreSQL), limited to the records the person may read."""

from __future__ import annotations

import dataclasses
import re

from django.db import connection
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.http import urlencode

from acoms.accounts.roles import Right
from acoms.search.sources import SOURCES

MAX_WORDS = 8
MIN_CHARACTERS = 2
# A TIN written with its hyphen (12-3456789) is one identifier, not two words.
_IDENTIFIER_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
_WORD = re.compile(r"[^\W_]+")


@dataclasses.dataclass(frozen=True)
class Hit:
    kind: str
    ref: int
    aco_id: str | None
    year: int | None
    title: str
    detail: str

    @property
    def label(self) -> str:
        return SOURCES[self.kind].label

    @property
    def url(self) -> str:
        if self.kind == "aco" or self.kind == "contact":
            return reverse("aco_home", args=[self.aco_id])
        if self.kind == "application":
            return reverse("application_detail", args=[self.ref])
        if self.kind in ("participant", "provider", "snf"):
            return reverse("participant_list", args=[self.aco_id]) + "?" + urlencode({"py": self.year})
        return reverse("participant_registry") + "?" + urlencode({"q": self.title})


def words(text: str) -> list[str]:
    """The words of a query, as the index splits them (letters and digits; punctuation separates)."""
    found = _WORD.findall(_IDENTIFIER_HYPHEN.sub("", text or "").lower())
    return [w for w in found if len(w) >= MIN_CHARACTERS][:MAX_WORDS]


def scope(user) -> list[int] | None:
    """The ACOs whose records `user` may find: None for CMS staff (every record, the registry included)."""
    if user.is_cms_staff and user.has_right(Right.VIEW_ACO):
        return None
    return [org.pk for org in user.aco_organizations if user.has_right(Right.VIEW_ACO, org)]


def _tsquery(terms: list[str]) -> str:
    return " & ".join(f"{t}:*" for t in terms)


def _fts5(terms: list[str]) -> str:
    return " ".join(f'"{t}"*' for t in terms)


def refs(text: str, kind: str) -> RawSQL | None:
    """The primary keys of the `kind` records matching `text`, as a subquery for `.filter(pk__in=...)` (a page
    that has already checked the person's right to every record of that kind); None when there are no words."""
    terms = words(text)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        sql = "SELECT e.ref FROM search_entry e WHERE e.document @@ to_tsquery('simple', %s) AND e.kind = %s"
        return RawSQL(sql, [_tsquery(terms), kind])
    sql = (
        "SELECT e.ref FROM search_entry_fts JOIN search_entry e ON e.id = search_entry_fts.rowid "
        "WHERE search_entry_fts MATCH %s AND e.kind = %s"
    )
    return RawSQL(sql, [_fts5(terms), kind])


def search(user, text: str, limit: int = 50) -> list[Hit]:
    terms = words(text)
    organizations = scope(user)
    if not terms or organizations == []:
        return []
    if connection.vendor == "postgresql":
        match, params = "e.document @@ q.query", [_tsquery(terms)]
        select = (
            "SELECT e.kind, e.ref, o.aco_id, e.year, e.title, e.detail FROM search_entry e "
            "CROSS JOIN to_tsquery('simple', %s) AS q(query) LEFT JOIN accounts_organization o "
            "ON o.id = e.organization_id WHERE {match}{where} ORDER BY ts_rank(e.document, q.query) DESC, e.id "
            "LIMIT %s"
        )
    else:
        match, params = "search_entry_fts MATCH %s", [_fts5(terms)]
        select = (
            "SELECT e.kind, e.ref, o.aco_id, e.year, e.title, e.detail FROM search_entry_fts "
            "JOIN search_entry e ON e.id = search_entry_fts.rowid LEFT JOIN accounts_organization o "
            "ON o.id = e.organization_id WHERE {match}{where} ORDER BY bm25(search_entry_fts, 4.0, 1.0), e.id "
            "LIMIT %s"
        )
    where = ""
    if organizations is not None:
        where = f" AND e.organization_id IN ({', '.join(['%s'] * len(organizations))})"
        params += organizations
    with connection.cursor() as cursor:
        cursor.execute(select.format(match=match, where=where), [*params, limit])
        return [Hit(*row) for row in cursor.fetchall()]

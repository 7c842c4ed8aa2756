"""The full-text index and the triggers that keep it current, per database (`connection.vendor`).

Every source table gets triggers that rewrite its records' entries on insert, update and delete, so the index
follows every write — actions, bulk saves and loads alike — inside the writing transaction (a rolled-back
write leaves no entry). The text index itself:

- SQLite: an external-content FTS5 table `search_entry_fts` over `search_entry` (title, terms), prefix indexes
  of 2 to 4 characters for "TIN starts with", kept in step by three triggers on `search_entry`;
- PostgreSQL: a generated tsvector column `search_entry.document` (the 'simple' configuration: identifiers and
  names are not stemmed) with a GIN index.

Both read text with punctuation turned to spaces, so "Smith-Jones" and an e-mail address split the same way.
"""

from __future__ import annotations

from django.db import transaction

from acoms.search.sources import SOURCES, Source

COLUMNS = ("kind", "ref", "organization_id", "year", "title", "detail", "terms")

SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_entry_fts USING fts5("
    "title, terms, content='search_entry', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
]
SQLITE_INDEX_TRIGGERS = {
    "search_entry_fts_insert": "AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, title, terms) VALUES (new.id, new.title, new.terms); END",
    "search_entry_fts_delete": "AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, terms) "
    "VALUES ('delete', old.id, old.title, old.terms); END",
    "search_entry_fts_update": "AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, title, terms) "
    "VALUES ('delete', old.id, old.title, old.terms); "
    "INSERT INTO search_entry_fts(rowid, title, terms) VALUES (new.id, new.title, new.terms); END",
}
POSTGRES_DOCUMENT = "to_tsvector('simple'::regconfig, regexp_replace(title || ' ' || terms, '[^[:alnum:]]+', ' ', 'g'))"
POSTGRES_INDEX = [
    f"ALTER TABLE search_entry ADD COLUMN IF NOT EXISTS document tsvector GENERATED ALWAYS AS ({POSTGRES_DOCUMENT}) "
    "STORED",
    "CREATE INDEX IF NOT EXISTS search_entry_document ON search_entry USING GIN (document)",
]


def insert_from(source: Source, condition: str) -> str:
    """INSERT the entries of `source`'s rows matching `condition` (SQL over alias r)."""
    columns = source.columns()
    return (
        f"INSERT INTO search_entry ({', '.join(COLUMNS)}) SELECT {', '.join(columns[c] for c in COLUMNS)} "
        f"FROM {source.table} r WHERE ({source.where}) AND ({condition})"
    )


def delete_where(source: Source, refs: str) -> str:
    return f"DELETE FROM search_entry WHERE kind = '{source.kind}' AND ref IN ({refs})"


def _triggers(source: Source):
    """(name, table, events, statements with NEW/OLD) for a source: its own table, then each table it follows."""
    own = source.table
    yield f"search_{source.kind}_insert", own, "INSERT", [insert_from(source, "r.id = NEW.id")]
    yield (
        f"search_{source.kind}_update",
        own,
        "UPDATE",
        [delete_where(source, "OLD.id"), insert_from(source, "r.id = NEW.id")],
    )
    yield f"search_{source.kind}_delete", own, "DELETE", [delete_where(source, "OLD.id")]
    for table, column in source.follows:
        yield (
            f"search_{source.kind}_follow_{table}",
            table,
            "UPDATE",
            [
                delete_where(source, f"SELECT id FROM {source.table} WHERE {column} = NEW.id"),
                insert_from(source, f"r.{column} = NEW.id"),
            ],
        )


def _tables(connection) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def install(connection) -> None:
    """Create the text index and (re)create every trigger; safe to run again."""
    tables = _tables(connection)
    if "search_entry" not in tables:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_INDEX:
                cursor.execute(statement)
            for name, body in SQLITE_INDEX_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        elif connection.vendor == "postgresql":
            for statement in POSTGRES_INDEX:
                cursor.execute(statement)
        for source in SOURCES.values():
            for name, table, event, statements in _triggers(source):
                if source.table not in tables or table not in tables:
                    continue
                _create_trigger(cursor, connection.vendor, name, table, event, statements)


def uninstall(connection) -> None:
    """Drop every trigger (before migrations run: a trigger written for today's columns fails on a table that a
    migration takes back to older ones; `install` puts them back after)."""
    tables = _tables(connection)
    with connection.cursor() as cursor:
        for source in SOURCES.values():
            for name, table, _event, _statements in _triggers(source):
                if table not in tables:
                    continue
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_trigger(cursor, vendor: str, name: str, table: str, event: str, statements: list[str]) -> None:
    if vendor == "sqlite":
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        body = " ".join(f"{s};" for s in statements)
        cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {body} END")
    elif vendor == "postgresql":
        body = " ".join(f"{s};" for s in statements)
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $fn$ "
            f"BEGIN {body} RETURN NULL; END $fn$"
        )
        cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
    else:
        raise NotImplementedError(f"search has no full-text index for {vendor}")


def needs_reindex(connection) -> bool:
    """True when the index is empty but some searchable record exists."""
    tables = _tables(connection)
    if "search_entry" not in tables:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM search_entry)")
        if cursor.fetchone()[0]:
            return False
        for source in SOURCES.values():
            if source.table in tables:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {source.table} r WHERE {source.where})")
                if cursor.fetchone()[0]:
                    return True
    return False


def reindex(connection) -> dict[str, int]:
    """Rebuild every entry from the source tables (after a restore, or a change to `sources`); the counts per
    record type. Runs in one transaction: searches see the old index until it commits."""
    tables = _tables(connection)
    counts = {}
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # one rebuild of the text index, not one update per row
            for name in SQLITE_INDEX_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DELETE FROM search_entry")
        for source in SOURCES.values():
            if source.table in tables:
                cursor.execute(insert_from(source, "1 = 1"))
                counts[source.kind] = cursor.rowcount
        if connection.vendor == "sqlite":
            install(connection)  # the text index (if it is new) and its triggers, before the rebuild fills it
            cursor.execute("INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')")
    install(connection)
    return counts

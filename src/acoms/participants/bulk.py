"""Writing many list rows at once, with their django-simple-history rows, in a handful of statements.

Django's `bulk_create` (and simple_history's `bulk_create_with_history`, which builds one
historical model instance per row) spends ~150 µs of Python per row compiling the INSERTs; a
100,000-row provider list took ~25 s. Here each batch is one multi-row INSERT whose parameters
are built straight from the row values, and its history rows are copied by the database from
what was just stored (`INSERT INTO <history> ... SELECT ... WHERE id IN (<the batch>)`), so a
history row always equals the stored row. The caller's transaction covers both: nothing is
half-saved. Neither path sends model signals (bulk_create does not either).
"""

import datetime as dt

from django.db import connection, models
from simple_history.models import HistoricalRecords

MAX_BATCH = 2000


def history_user_id(by) -> int | None:
    """Whom the history rows name: the acting user, else the web request's user (simple_history's
    middleware), else nobody (system loads)."""
    if getattr(by, "is_authenticated", False):
        return by.pk
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user.pk if getattr(user, "is_authenticated", False) else None


def _columns(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _preparer(field):
    if isinstance(field, (models.CharField, models.TextField)):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def _batch_size(n_params_per_row: int) -> int:
    limit = connection.features.max_query_params
    return max(1, min(MAX_BATCH, (limit - 10) // n_params_per_row if limit else MAX_BATCH))


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _copy_to_history(cursor, model, ids: list[int], history_type: str, user_id, now: dt.datetime) -> None:
    history = model.history.model
    table, hist_table = model._meta.db_table, history._meta.db_table
    tracked = [f.column for f in model._meta.concrete_fields]  # id and every stored column
    history_date = history._meta.get_field("history_date").get_db_prep_save(now, connection)
    names = ", ".join(_q(c) for c in tracked)
    for start in range(0, len(ids), _batch_size(1)):
        chunk = ids[start : start + _batch_size(1)]
        cursor.execute(
            f"INSERT INTO {_q(hist_table)} ({names}, {_q('history_date')}, {_q('history_change_reason')}, "
            f"{_q('history_type')}, {_q('history_user_id')}) "
            f"SELECT {names}, %s, NULL, %s, %s FROM {_q(table)} "
            f"WHERE {_q(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
            [history_date, history_type, user_id, *chunk],
        )


def insert_with_history(model, rows: list[dict], common: dict, *, user_id, now: dt.datetime) -> list[int]:
    """Insert `rows` (attname -> value, the varying fields) each completed by `common` (the fields
    all rows share) and one '+' history row each; return the new primary keys. Must run inside a
    transaction."""
    if not rows:
        return []
    fields = _columns(model)
    for field in fields:  # auto_now_add / auto_now columns get the one timestamp of this save
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            common = {field.attname: now, **common}
    varying = [f for f in fields if f.attname in rows[0]]
    fixed = [f for f in fields if f.attname not in rows[0]]
    missing = [f.attname for f in fixed if f.attname not in common]
    if missing:
        raise ValueError(f"insert_with_history: no value for {', '.join(missing)}")
    fixed_values = [f.get_db_prep_save(common[f.attname], connection) for f in fixed]
    prep = [(f.attname, _preparer(f)) for f in varying]
    names = ", ".join(_q(f.column) for f in varying + fixed)
    width = len(varying) + len(fixed)
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    size = _batch_size(width)
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            params = []
            for row in chunk:
                params.extend(p(row[name]) for name, p in prep)
                params.extend(fixed_values)
            cursor.execute(
                f"INSERT INTO {_q(model._meta.db_table)} ({names}) VALUES {', '.join([row_sql] * len(chunk))} "
                f"RETURNING {_q(model._meta.pk.column)}",
                params,
            )
            ids.extend(pk for (pk,) in cursor.fetchall())
        if len(ids) != len(rows):
            raise RuntimeError(f"inserted {len(ids)} rows of {len(rows)}")
        _copy_to_history(cursor, model, ids, "+", user_id, now)
    return ids


def update_with_history(model, changes: list[tuple[int, dict]], *, user_id, now: dt.datetime) -> None:
    """Set fields of existing rows (pk, {attname: value}) and add one '~' history row each."""
    if not changes:
        return
    by_fields: dict[tuple, list] = {}
    for pk, values in changes:
        by_fields.setdefault(tuple(sorted(values)), []).append((pk, values))
    with connection.cursor() as cursor:
        for names, group in by_fields.items():
            fields = [model._meta.get_field(n) for n in names]
            prep = [(f.attname, _preparer(f)) for f in fields]
            assignments = ", ".join(f"{_q(f.column)} = %s" for f in fields)
            cursor.executemany(
                f"UPDATE {_q(model._meta.db_table)} SET {assignments} WHERE {_q(model._meta.pk.column)} = %s",
                [[p(values[name]) for name, p in prep] + [pk] for pk, values in group],
            )
        _copy_to_history(cursor, model, [pk for pk, _ in changes], "~", user_id, now)

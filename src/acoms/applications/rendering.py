"""A section's stored answers as a person reads them: labelled fields, tables for repeating rows,
choices by their words, money and dates in the one format (`acoms.lib.formats`), documents as
links. The reviewer's page, the ACO's read-only view, the decision letter, the RFI diff and the
API's `display` fields all read this one renderer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.urls import reverse

from acoms.lib.formats import long_date, money, number

from . import sections

YES, NO, TICK = "Yes", "No", "✓"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str  # the text a person reads


@dataclass(frozen=True)
class Table:
    """Repeating rows (the governing body): `flags` are the columns shown as ticks."""

    name: str
    label: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    flags: tuple[bool, ...]

    @property
    def labelled_rows(self) -> list[list[tuple[str, str, bool]]]:
        """Each row's cells with their column (the stacked table's labels on a narrow screen)."""
        return [list(zip(self.columns, row, self.flags, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class Rendered:
    key: str
    title: str
    fields: tuple[Field, ...] = ()
    tables: tuple[Table, ...] = ()
    documents: tuple[Link, ...] = ()
    empty: bool = False

    def as_dict(self) -> dict:
        """The API's human-readable form of the section."""
        return {
            "key": self.key,
            "title": self.title,
            "fields": [{"name": f.name, "label": f.label, "value": f.value} for f in self.fields],
            "tables": [
                {
                    "name": t.name,
                    "label": t.label,
                    "columns": list(t.columns),
                    "rows": [
                        [_flag_text(c) if flag else c for c, flag in zip(r, t.flags, strict=True)] for r in t.rows
                    ],
                }
                for t in self.tables
            ],
            "documents": [{"name": d.name, "url": d.url} for d in self.documents],
        }


def _flag_text(cell: str) -> str:
    return YES if cell == TICK else NO


# Repeating answers: the stored list's key, its label and the form of one row.
TABLES = {"governance": {"members": ("Governing body members", sections.GoverningMemberForm)}}


def _form(application, key):
    section = sections.BY_KEY[key]
    kwargs = {"agreement_year": application.cycle.agreement_start.year} if key == "participation" else {}
    return section.form(**kwargs)


def show(form_field: forms.Field | None, name: str, value) -> str:
    """One answer in words: the choice's label, Yes/No, a formatted amount or date."""
    if value is None or value == "":
        return "—"
    if isinstance(form_field, forms.BooleanField) or isinstance(value, bool):
        return YES if value else NO
    if isinstance(form_field, forms.ChoiceField):
        labels = {str(k): v for k, v in form_field.choices}
        return str(labels.get(str(value), value))
    if isinstance(form_field, forms.DecimalField):
        return money(value, cents=float(value) != int(float(value)))  # cents only where the ACO gave some
    if isinstance(form_field, forms.IntegerField):
        return number(value)
    if isinstance(form_field, forms.DateField) or isinstance(value, dt.date):
        return long_date(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
    return str(value)


def _label(form_field, name: str) -> str:
    if form_field is not None and form_field.label:
        return str(form_field.label)
    return name.replace("_", " ").capitalize()


def _table(name, label, row_form, rows) -> Table:
    columns = list(row_form.base_fields.items())
    flags = tuple(isinstance(f, forms.BooleanField) for _, f in columns)
    body = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        body.append(
            tuple(
                (TICK if row.get(n) else "") if flag else show(f, n, row.get(n))
                for (n, f), flag in zip(columns, flags, strict=True)
            )
        )
    return Table(name, label, tuple(_label(f, n) for n, f in columns), tuple(body), flags)


def render(application, key: str, answers: dict | None, documents=()) -> Rendered:
    """Section `key`'s `answers` (as the reader may see them: pass `sections.answers_for`) in words.
    Fields come in the form's order; answers the form no longer asks keep their stored name."""
    section = sections.BY_KEY[key]
    answers = answers or {}
    links = tuple(Link(d.name, reverse("document_download", args=[application.pk, d.pk])) for d in documents)
    if not answers:
        return Rendered(key, section.title, documents=links, empty=True)
    form_fields = _form(application, key).fields if section.form else {}
    tables = TABLES.get(key, {})
    names = [n for n in form_fields if n in answers] + [
        n for n in answers if n not in form_fields and n not in tables and not n.startswith("_")
    ]
    shown = tuple(Field(n, _label(form_fields.get(n), n), show(form_fields.get(n), n, answers.get(n))) for n in names)
    rendered_tables = tuple(
        _table(name, label, row_form, answers.get(name) or []) for name, (label, row_form) in tables.items()
    )
    return Rendered(key, section.title, shown, rendered_tables, links)


def documents_of(application, key):
    return list(application.documents.filter(kind="repayment")) if key == "repayment" else []


def render_all(application, user) -> list[Rendered]:
    """Every section with answers, as `user` may read them (bank numbers masked without the right)."""
    answers = sections.answers_for(application, user)
    return [
        render(application, s.key, answers.get(s.key), documents_of(application, s.key))
        for s in sections.SECTIONS
        if s.form is not None
    ]


# ---- what changed between two sets of answers (the RFI diff) ---------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class SectionChanges:
    key: str
    title: str
    changes: tuple[Change, ...]


def _row_text(table: Table, row: tuple[str, ...]) -> str:
    parts = []
    for column, cell, flag in zip(table.columns, row, table.flags, strict=True):
        if flag:
            if cell:
                parts.append(column.split(" (")[0].lower())
        elif cell and cell != "—":
            parts.append(cell)
    return ", ".join(parts)


def changes(application, key: str, before: dict | None, after: dict | None) -> tuple[Change, ...]:
    """Per field (and per row of a table), the old and the new text where they differ."""
    old, new = render(application, key, before), render(application, key, after)
    old_fields = {f.name: f for f in old.fields}
    new_fields = {f.name: f for f in new.fields}
    found = []
    for name in [*new_fields, *(n for n in old_fields if n not in new_fields)]:
        was, now = old_fields.get(name), new_fields.get(name)
        was_text, now_text = (was.value if was else "—"), (now.value if now else "—")
        if was_text != now_text:
            found.append(Change((now or was).label, was_text, now_text))
    old_tables = {t.name: t for t in old.tables}
    for table in new.tables:
        previous = old_tables.get(table.name)
        rows_before = [_row_text(table, r) for r in previous.rows] if previous else []
        rows_after = [_row_text(table, r) for r in table.rows]
        for i in range(max(len(rows_before), len(rows_after))):
            was_text = rows_before[i] if i < len(rows_before) else "—"
            now_text = rows_after[i] if i < len(rows_after) else "—"
            if was_text != now_text:
                found.append(Change(f"{table.label}: row {i + 1}", was_text, now_text))
    return tuple(found)


def changed_sections(application, before: dict | None, after: dict | None) -> list[SectionChanges]:
    """The sections whose answers differ between two snapshots of `Application.data`."""
    before, after = before or {}, after or {}
    found = []
    for s in sections.SECTIONS:
        if s.form is None or before.get(s.key) == after.get(s.key):
            continue
        rows = changes(application, s.key, before.get(s.key), after.get(s.key))
        if rows:
            found.append(SectionChanges(s.key, s.title, rows))
    return found

"""The one write of list rows. Every path that puts rows on a list or takes them off — an upload,
a typed row, a removal, an approved change request, carrying a year forward, the demo — calls
`write_list`, which, inside the caller's transaction:

1. accepts only a performance year the program has (`years.check_py`);
2. locks what competes: the ACO's own row (so its certification and its other writes wait) and,
   for participant rows, the enrollment-registry row of each TIN (so two ACOs adding the same TIN
   are serialized: the second sees the first's row). `select_for_update` on PostgreSQL; on SQLite
   every write transaction is IMMEDIATE (`config.py`), which serializes writers anyway;
3. refuses a certified year (§425.118(a): after certification the list changes only through CMS's
   decisions, which certify nothing again — a certified year refuses those too);
4. validates the rows for that year against what the database holds now — the same rules as the
   page, including one ACO per TIN (`acoms.rules.exclusivity`, §425.306(b)) — and writes the
   accepted ones.

A row is on the list of one year (`ListEntry.py`), so a write affects exactly the year it names;
`Written.years` says so, and every caller's audit event carries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from acoms.accounts.models import Organization
from acoms.participants import bulk, validation, years
from acoms.participants.context import context_for
from acoms.participants.layouts import LAYOUTS
from acoms.participants.models import LIST_MODELS, Certification, EnrollmentRecord, row_key

LOCK_BATCH = 1000


@dataclass
class Written:
    py: int
    kind: str
    report: validation.Report | None = None
    counts: dict = field(default_factory=lambda: {"added": 0, "updated": 0, "unchanged": 0, "removed": 0})

    @property
    def years(self) -> list[int]:
        return [self.py]


def entries(aco, py: int, kind: str):
    return LIST_MODELS[kind].objects.in_force(py).filter(organization=aco)


def refuse_certified(aco, py: int) -> None:
    if Certification.objects.filter(organization=aco, py=py).exists():
        raise ValidationError(f"The PY{py} lists are certified; request changes in the change window instead.")


def lock_aco(aco) -> None:
    """Hold the ACO's row until the transaction ends: its list writes and its certification take turns."""
    Organization.objects.select_for_update().filter(pk=aco.pk).values_list("pk", flat=True).first()


def _lock_tins(tins: list[str]) -> None:
    if not connection.features.has_select_for_update or not tins:
        return
    for start in range(0, len(tins), LOCK_BATCH):
        chunk = tins[start : start + LOCK_BATCH]
        list(
            EnrollmentRecord.objects.select_for_update()
            .filter(npi="", ccn="", tin__in=chunk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def write_list(
    *, by, aco, py: object, kind: str, rows: Sequence[tuple[int, dict]] = (), remove: Sequence[str] = ()
) -> Written:
    """Validate `rows` (file row number, {field: text}) for year `py` and put the accepted ones on
    the ACO's `kind` list; take the rows whose `row_key` is in `remove` off it. Rights are the
    caller's to check; everything else is checked here, after the locks are held."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("write_list runs inside the caller's transaction.atomic()")
    if kind not in LIST_MODELS:
        raise ValidationError({"kind": "Choose the participant, provider/supplier or SNF affiliate list."})
    py = years.check_py(aco, py)
    lock_aco(aco)
    if kind == "participants":
        _lock_tins(sorted({validation.clean_tin(raw.get("tin") or "") for _, raw in rows}))
    refuse_certified(aco, py)
    written = Written(py, kind)
    if rows:
        written.report = validation.validate(LAYOUTS[kind], list(rows), context_for(aco, py, kind))
        _upsert(aco, py, kind, [row for _, row in written.report.accepted], written.counts, by)
    if remove:
        written.counts["removed"] = _remove(aco, py, kind, set(remove))
    return written


def _upsert(aco, py: int, kind: str, rows: list[dict], counts: dict, by) -> None:
    """New rows are added for `py`; a changed row of `py` is updated; an identical row is left alone
    (uploading the same file twice changes nothing). Written in bulk (`participants.bulk`) with a
    history row for each change."""
    model = LIST_MODELS[kind]
    existing = {row_key(kind, e.as_row()): e for e in entries(aco, py, kind)}
    new: dict[str, dict] = {}
    changed: dict[int, dict] = {}
    for row in rows:
        key = row_key(kind, row)
        current = existing.get(key)
        if current is None:
            new.setdefault(key, row)
        elif current.as_row() != row:
            changed[current.pk] = dict(row)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    counts["added"] += len(new)
    now, user_id = timezone.now(), bulk.history_user_id(by)
    bulk.update_with_history(model, list(changed.items()), user_id=user_id, now=now)
    bulk.insert_with_history(model, list(new.values()), {"organization_id": aco.pk, "py": py}, user_id=user_id, now=now)


def _remove(aco, py: int, kind: str, keys: set[str]) -> int:
    removed = 0
    for entry in entries(aco, py, kind):
        if row_key(kind, entry.as_row()) in keys:
            entry.delete()  # its history rows remain
            removed += 1
    return removed


def raw_row(kind: str, row: dict) -> dict:
    """A stored row as the text row the validation rules read (what an upload would have held)."""
    raw = dict(row)
    if kind == "participants":
        raw["ccns"] = "; ".join(raw.get("ccns") or [])
    if kind == "snf":
        raw["stars"] = "" if raw.get("stars") is None else str(raw["stars"])
    return {k: "" if v is None else v for k, v in raw.items()}

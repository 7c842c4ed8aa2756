"""Every change to participant lists, SNF affiliates, the enrollment registry, change requests,
certifications and estimates. Each action checks the actor's right and the state, writes in one
transaction and records an audit event."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from acoms.accounts.actions import require_right
from acoms.accounts.roles import Right, person
from acoms.audit.events import record
from acoms.participants import bulk, validation
from acoms.participants.context import context_for
from acoms.participants.layouts import LAYOUTS
from acoms.participants.models import (
    LIST_MODELS, AgreementDocument, Certification, ChangeRequest, ChangeWindow, EnrollmentRecord, EstimateRun,
    Upload, py_start, row_key,
)
from acoms.participants.reader import Parsed

MAX_AGREEMENT_BYTES = 10 * 1024 * 1024


def _not_certified(aco, py):
    if Certification.objects.filter(organization=aco, py=py).exists():
        raise ValidationError(f"The PY{py} lists are certified; request changes in the change window instead.")


def entries(aco, py: int, kind: str):
    return LIST_MODELS[kind].objects.in_force(py).filter(organization=aco)


def _upsert(aco, py: int, kind: str, rows, counts: dict, by=None):
    """Put accepted rows on the list for `py`: new rows start on the PY's first day; a changed row
    that was already on an earlier year's list ends there and starts again, so old years stay as
    they were; an identical row is left alone (uploading the same file twice changes nothing).
    Written in bulk (`participants.bulk`) with a history row for each change; the caller's
    transaction makes it all or nothing."""
    model = LIST_MODELS[kind]
    existing = {row_key(kind, e.as_row()): e for e in entries(aco, py, kind)}
    new, changed = {}, {}
    for row in rows:
        key = row_key(kind, row)
        current = existing.get(key)
        if current is None:
            new.setdefault(key, row)
        elif current.as_row() != row:
            if current.start_date < py_start(py):
                current.end_before(py)
                changed[current.pk] = {"end_date": current.end_date}
                new[key] = row
            else:
                for name, value in row.items():
                    setattr(current, name, value)
                changed[current.pk] = dict(row)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    counts["added"] += sum(1 for key in new if key not in existing)
    now, user_id = timezone.now(), bulk.history_user_id(by)
    bulk.update_with_history(model, list(changed.items()), user_id=user_id, now=now)
    bulk.insert_with_history(model, list(new.values()),
                             {"organization_id": aco.pk, "start_date": py_start(py), "end_date": None},
                             user_id=user_id, now=now)


@transaction.atomic
def save_list(*, by, aco, py: int, parsed: Parsed, filename: str, data: bytes) -> Upload:
    """Validate an uploaded list and save its accepted rows, all together or not at all."""
    require_right(by, Right.EDIT_APPLICATION, aco)
    _not_certified(aco, py)
    kind = parsed.layout.kind
    report = validation.validate(parsed.layout, parsed.rows, context_for(aco, py, kind))
    counts = {"rows": len(parsed.rows), "accepted": len(report.accepted), "rejected": len(report.rejected),
              "errors": report.error_count, "warnings": report.warning_count, "added": 0, "updated": 0, "unchanged": 0}
    _upsert(aco, py, kind, [row for _, row in report.accepted], counts, by)
    upload = Upload.objects.create(organization=aco, py=py, kind=kind, filename=filename[:200],
                                   sha256=hashlib.sha256(data).hexdigest(), counts=counts,
                                   findings=report.findings, created_by=by)
    record("participants.upload", by=by, obj=upload, organization=aco,
           after={"py": py, "kind": kind, **{k: counts[k] for k in ("added", "updated", "rejected")}})
    return upload


@transaction.atomic
def add_row(*, by, aco, py: int, kind: str, raw: dict) -> validation.Report:
    """One row typed into the page; saved only when it has no error findings."""
    require_right(by, Right.EDIT_APPLICATION, aco)
    _not_certified(aco, py)
    report = validation.validate_one(kind, raw, context_for(aco, py, kind))
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    if report.accepted:
        _upsert(aco, py, kind, [report.accepted[0][1]], counts, by)
        record("participants.add_row", by=by, obj=aco, organization=aco,
               after={"py": py, "kind": kind, **report.accepted[0][1]})
    return report


@transaction.atomic
def remove_row(*, by, entry, py: int) -> None:
    aco = entry.organization
    require_right(by, Right.EDIT_APPLICATION, aco)
    _not_certified(aco, py)
    if not entries(aco, py, entry.kind).filter(pk=entry.pk).exists():
        raise ValidationError(f"That row is not on the PY{py} list.")
    before = entry.as_row()
    if entry.start_date >= py_start(py):
        entry.delete()  # never on any earlier list; its history row remains
    else:
        entry.end_before(py)
        entry.save()
    record("participants.remove_row", by=by, obj=aco, organization=aco, before={"py": py, "kind": entry.kind, **before})


@transaction.atomic
def attach_agreement(*, by, aco, identifier: str, upload) -> AgreementDocument:
    require_right(by, Right.EDIT_APPLICATION, aco)
    identifier = validation.clean_tin(identifier.strip().upper())
    errors = {}
    if not (len(identifier) in (6, 9) and identifier.isalnum()):
        errors["identifier"] = "Give the participant TIN (nine digits) or the SNF CCN (six characters)."
    if upload is None:
        errors["file"] = "Choose the signed agreement (PDF)."
    elif upload.size > MAX_AGREEMENT_BYTES:
        errors["file"] = "The agreement file is larger than 10 MB."
    elif not upload.name.lower().endswith(".pdf"):
        errors["file"] = "The agreement must be a PDF file."
    if errors:
        raise ValidationError(errors)
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        raise ValidationError({"file": "The file is not a PDF document."})
    upload.seek(0)
    doc = AgreementDocument(organization=aco, identifier=identifier, filename=upload.name[:200],
                            sha256=hashlib.sha256(content).hexdigest(), uploaded_by=by)
    doc.file.save(f"{aco.aco_id}-{identifier}.pdf", upload, save=False)
    doc.save()
    record("participants.attach_agreement", by=by, obj=doc, organization=aco,
           after={"identifier": identifier, "sha256": doc.sha256})
    return doc


# ---- change requests (§425.118(b)): in the window, for the next performance year ----------

FIRST_PY, LAST_PY = 2012, 2100  # the Shared Savings Program's first performance year; a sane upper bound


def open_window(today=None) -> ChangeWindow | None:
    today = today or timezone.localdate()
    return ChangeWindow.objects.open_on(today).order_by("py").first()


def _window_state(window: ChangeWindow) -> dict:
    return {"py": window.py, "opens_on": str(window.opens_on), "closes_on": str(window.closes_on),
            "closed_early": window.closed_at is not None}


@transaction.atomic
def open_change_window(*, by, py: int, opens_on, closes_on, today=None) -> ChangeWindow:
    """Open (or reschedule, or reopen) the change window for performance year `py`. Only one year's
    window may be open on any day, so ACOs always know which year they are requesting for."""
    require_right(by, Right.ADMINISTER)
    today = today or timezone.localdate()
    errors = {}
    if not FIRST_PY <= py <= LAST_PY:
        errors["py"] = f"Give a performance year from {FIRST_PY} to {LAST_PY}."
    if closes_on < opens_on:
        errors["closes_on"] = "The window must close on or after the day it opens."
    elif closes_on < today:
        errors["closes_on"] = f"The closing date {closes_on:%b %-d, %Y} has passed; choose today or a later day."
    else:
        clash = (ChangeWindow.objects.exclude(py=py).filter(closed_at__isnull=True, opens_on__lte=closes_on,
                                                            closes_on__gte=opens_on).first())
        if clash is not None:
            errors["opens_on"] = (f"The PY{clash.py} window is open from {clash.opens_on:%b %-d, %Y} to "
                                  f"{clash.closes_on:%b %-d, %Y}; windows of different years may not overlap.")
    if errors:
        raise ValidationError(errors)
    window = ChangeWindow.objects.select_for_update().filter(py=py).first()
    if window is None:
        window = ChangeWindow.objects.create(py=py, opens_on=opens_on, closes_on=closes_on)
        record("participants.open_change_window", by=by, obj=window, after=_window_state(window), label="system")
        return window
    before = _window_state(window)
    window.opens_on, window.closes_on, window.closed_at, window.closed_by = opens_on, closes_on, None, None
    after = _window_state(window)
    if after != before:  # the same dates again change nothing (the demo runs twice)
        window.save()
        record("participants.reschedule_change_window", by=by, obj=window, before=before, after=after,
               label="system")
    return window


@transaction.atomic
def close_change_window(*, by, window: ChangeWindow, today=None) -> ChangeWindow:
    """Close a window now (or cancel one not yet open); pending requests stay for CMS to decide."""
    require_right(by, Right.ADMINISTER)
    today = today or timezone.localdate()
    window = ChangeWindow.objects.select_for_update().get(pk=window.pk)
    if window.closed_at is not None:
        raise ValidationError(f"The PY{window.py} change window is already closed.")
    if window.closes_on < today:
        raise ValidationError(f"The PY{window.py} change window already closed on {window.closes_on:%b %-d, %Y}.")
    before = _window_state(window)
    window.closed_at, window.closed_by = timezone.now(), by
    window.save()
    record("participants.close_change_window", by=by, obj=window, before=before, after=_window_state(window),
           label="system")
    return window


@transaction.atomic
def request_change(*, by, aco, kind: str, action: str, raw: dict) -> ChangeRequest:
    require_right(by, Right.EDIT_APPLICATION, aco)
    window = open_window()
    if window is None:
        raise ValidationError("The change window is closed; CMS accepts change requests only while it is open.")
    py = window.py
    _not_certified(aco, py)
    if kind not in LAYOUTS or action not in ChangeRequest.Action.values:
        raise ValidationError({"kind": "Choose a list and whether to add or delete."})
    if action == ChangeRequest.Action.ADD:
        report = validation.validate_one(kind, raw, context_for(aco, py, kind))
        if report.rejected:
            raise ValidationError([f"{f['field']}: {f['message']}" for f in report.findings if f["severity"] == "error"])
        row = report.accepted[0][1]
    else:
        row = _existing_row(aco, py, kind, raw)
    key = row_key(kind, row)
    if ChangeRequest.objects.filter(organization=aco, py=py, kind=kind, key=key, status="pending").exists():
        raise ValidationError(f"A request for {key} is already waiting for CMS.")
    change = ChangeRequest.objects.create(organization=aco, py=py, kind=kind, action=action, key=key, row=row,
                                          requested_by=by)
    record("participants.change_request", by=by, obj=change, organization=aco,
           after={"py": py, "kind": kind, "action": action, "key": key})
    return change


def _existing_row(aco, py, kind, raw) -> dict:
    field = LIST_MODELS[kind].key_field
    value = validation.clean_tin((raw.get(field) or "").strip().upper())
    match = [e for e in entries(aco, py, kind) if getattr(e, field) == value]
    if kind == "providers" and raw.get("tin"):
        match = [e for e in match if e.tin == validation.clean_tin(raw["tin"])]
    if not match:
        raise ValidationError({field: f"{value or 'That row'} is not on the PY{py} list."})
    return match[0].as_row()


@transaction.atomic
def decide_change(*, by, change: ChangeRequest, approve: bool, reason: str) -> ChangeRequest:
    """CMS approves or denies one requested row, with a reason. Approved changes take effect on the
    performance year's first day: additions start then, deletions end the day before."""
    require_right(by, Right.DECIDE, change.organization)
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError("This request is already decided.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision; the ACO sees it."})
    _not_certified(change.organization, change.py)
    if approve:
        aco, py, kind = change.organization, change.py, change.kind
        if change.action == ChangeRequest.Action.ADD:
            _upsert(aco, py, kind, [change.row], {"added": 0, "updated": 0, "unchanged": 0}, by)
        else:
            for entry in entries(aco, py, kind):
                if row_key(kind, entry.as_row()) == change.key:
                    entry.end_before(py)
                    entry.save()
    change.status = ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.DENIED
    change.reason = reason.strip()
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save()
    record(f"participants.change_{change.status}", by=by, obj=change, organization=change.organization,
           before={"status": "pending"}, after={"status": change.status, "reason": change.reason})
    return change


# ---- annual certification (§425.118(a)) ----------------------------------------------------

def certification_blockers(aco, py: int) -> list[str]:
    """What stops the lists of `py` from being certified, in plain words (empty when ready)."""
    problems = []
    if not entries(aco, py, "participants").exists():
        problems.append(f"The PY{py} participant list is empty.")
    for kind in ("participants", "providers", "snf"):
        rows = [(i, as_raw_row(kind, e)) for i, e in enumerate(entries(aco, py, kind).order_by(), 2)]
        if not rows:
            continue
        report = validation.validate(LAYOUTS[kind], rows, context_for(aco, py, kind))
        for f in report.findings[:20]:
            problems.append(f"{LAYOUTS[kind].title}, {f['field']}: {f['message']}")
    pending = ChangeRequest.objects.filter(organization=aco, py=py, status="pending").count()
    if pending:
        problems.append(f"{pending} change request(s) for PY{py} are waiting for a CMS decision.")
    return problems


def as_raw_row(kind, entry) -> dict:
    """A stored entry as the text row the validation rules read (what an upload would have held)."""
    row = entry.as_row()
    if kind == "participants":
        row["ccns"] = "; ".join(row["ccns"])
    if kind == "snf":
        row["stars"] = "" if row["stars"] is None else str(row["stars"])
    return row


def snapshot_rows(aco, py: int) -> dict:
    return {kind: [e.as_row() for e in entries(aco, py, kind).order_by(*model._meta.ordering)]
            for kind, model in LIST_MODELS.items()}


@transaction.atomic
def certify(*, by, aco, py: int, attest: bool) -> Certification:
    require_right(by, Right.SIGN, aco)
    if Certification.objects.filter(organization=aco, py=py).exists():
        raise ValidationError(f"The PY{py} lists are already certified.")
    if not attest:
        raise ValidationError({"attest": "Confirm the certification statement to certify."})
    problems = certification_blockers(aco, py)
    if problems:
        raise ValidationError(problems)
    rows = snapshot_rows(aco, py)
    cert = Certification.objects.create(organization=aco, py=py, rows=rows,
                                        content_hash=Certification.hash_rows(rows), certified_by=person(by))
    record("participants.certify", by=by, obj=cert, organization=aco,
           after={"py": py, "content_hash": cert.content_hash,
                  **{kind: len(value) for kind, value in rows.items()}})
    return cert


# ---- the enrollment registry ------------------------------------------------------------------

@transaction.atomic
def load_registry(*, by, records: list[dict], source: str) -> dict:
    """Add or refresh enrollment records (dicts with tin, npi, ccn, legal_name, ...)."""
    require_right(by, Right.ADMINISTER)
    counts = {"added": 0, "updated": 0}
    for r in records:
        key = {k: r.get(k) or "" for k in ("tin", "npi", "ccn")}
        fields = {k: r[k] for k in ("legal_name", "specialty_code", "bills_primary_care", "enrolled_from",
                                    "enrolled_to") if k in r}
        _, created = EnrollmentRecord.objects.update_or_create(**key, defaults={**fields, "source": source[:200]})
        counts["added" if created else "updated"] += 1
    record("participants.load_registry", by=by, after={"source": source[:200], **counts}, label="system")
    return counts


# ---- per-TIN assignment estimate -----------------------------------------------------------

@transaction.atomic
def start_estimate(*, by, aco, py: int) -> EstimateRun:
    require_right(by, Right.EDIT_APPLICATION, aco)
    if not entries(aco, py, "participants").exists():
        raise ValidationError(f"The PY{py} participant list is empty; add participants first.")
    run = EstimateRun.objects.create(organization=aco, py=py, created_by=by, message="Waiting for a worker")
    record("participants.estimate_start", by=by, obj=run, organization=aco, after={"py": py})
    from acoms.participants.tasks import run_estimate  # noqa: PLC0415

    transaction.on_commit(lambda: run_estimate.enqueue(run.pk))
    return run


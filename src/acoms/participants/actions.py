"""Every change to participant lists, SNF affiliates, the enrollment registry, change requests,
certifications and estimates. Each action checks the actor's right and the state, writes in one
transaction and records an audit event."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from acoms.accounts.actions import require_right
from acoms.accounts.roles import SYSTEM, Right, person
from acoms.audit.events import record
from acoms.participants import validation, writes, years
from acoms.participants.context import context_for
from acoms.participants.layouts import LAYOUTS
from acoms.participants.models import (
    LIST_MODELS,
    AgreementDocument,
    Certification,
    ChangeRequest,
    ChangeWindow,
    EnrollmentRecord,
    EstimateRun,
    Upload,
    row_key,
)
from acoms.participants.reader import Parsed

MAX_AGREEMENT_BYTES = 10 * 1024 * 1024
# An upload keeps its first findings only (a 100,000-row file of bad rows would store tens of MB);
# the counts per finding code cover every row, and the page says how many are shown.
MAX_STORED_FINDINGS = 2000


entries = writes.entries


def as_raw_row(kind, entry) -> dict:
    """A stored entry as the text row the validation rules read (what an upload would have held)."""
    return writes.raw_row(kind, entry.as_row())


def _audit_counts(written: writes.Written) -> dict:
    return {
        "py": written.py,
        "years": written.years,
        "kind": written.kind,
        **{k: v for k, v in written.counts.items() if v},
    }


@transaction.atomic
def save_list(*, by, aco, py: int, parsed: Parsed, filename: str, data: bytes) -> Upload:
    """Validate an uploaded list and save its accepted rows, all together or not at all."""
    require_right(by, Right.EDIT_APPLICATION, aco)
    written = writes.write_list(by=by, aco=aco, py=py, kind=parsed.layout.kind, rows=parsed.rows)
    return _store_upload(by, aco, written, filename, hashlib.sha256(data).hexdigest(), "participants.upload")


def _store_upload(by, aco, written: writes.Written, filename: str, sha256: str, action: str) -> Upload:
    report = written.report
    assert report is not None
    counts = {
        "rows": len(report.accepted) + len(report.rejected),
        "accepted": len(report.accepted),
        "rejected": len(report.rejected),
        "errors": report.error_count,
        "warnings": report.warning_count,
        "added": written.counts["added"],
        "updated": written.counts["updated"],
        "unchanged": written.counts["unchanged"],
        "findings_by_code": findings_by_code(report.findings),
        "findings_stored": min(len(report.findings), MAX_STORED_FINDINGS),
    }
    upload = Upload.objects.create(
        organization=aco,
        py=written.py,
        kind=written.kind,
        filename=filename[:200],
        sha256=sha256,
        counts=counts,
        findings=report.findings[:MAX_STORED_FINDINGS],
        created_by=by,
    )
    record(
        action, by=by, obj=upload, organization=aco, after={**_audit_counts(written), "rejected": counts["rejected"]}
    )
    return upload


def findings_by_code(findings: list[dict]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for f in findings:
        counted[f["code"]] = counted.get(f["code"], 0) + 1
    return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))


@transaction.atomic
def add_row(*, by, aco, py: int, kind: str, raw: dict) -> validation.Report:
    """One row typed into the page; saved only when it has no error findings."""
    require_right(by, Right.EDIT_APPLICATION, aco)
    if kind not in LAYOUTS:
        raise ValidationError({"kind": "Choose the participant, provider/supplier or SNF affiliate list."})
    row = {f: (raw.get(f) or "").strip() for f in LAYOUTS[kind].fields}
    written = writes.write_list(by=by, aco=aco, py=py, kind=kind, rows=[(1, row)])
    report = written.report
    assert report is not None
    if report.accepted:
        record(
            "participants.add_row",
            by=by,
            obj=aco,
            organization=aco,
            after={**_audit_counts(written), **report.accepted[0][1]},
        )
    return report


@transaction.atomic
def remove_row(*, by, entry, py: int | None = None) -> None:
    """Take one row off the list of its year (`py`, when given, must be that year)."""
    aco = entry.organization
    require_right(by, Right.EDIT_APPLICATION, aco)
    if py is not None and str(py) != str(entry.py):
        raise ValidationError(f"That row is not on the PY{py} list.")
    key = row_key(entry.kind, entry.as_row())
    written = writes.write_list(by=by, aco=aco, py=entry.py, kind=entry.kind, remove=[key])
    if not written.counts["removed"]:
        raise ValidationError(f"That row is not on the PY{entry.py} list.")
    record(
        "participants.remove_row", by=by, obj=aco, organization=aco, before={**_audit_counts(written), **entry.as_row()}
    )


@transaction.atomic
def carry_forward(*, by, aco, py: int) -> list[Upload]:
    """Start the lists of `py` from those of the year before: each row is validated again for `py`
    (the registry, other ACOs' lists of `py`, agreements), so a TIN another ACO holds for `py` is not
    carried. One upload report per list, as if the rows had been uploaded."""
    require_right(by, Right.EDIT_APPLICATION, aco)
    py = years.check_py(aco, py)
    uploads = []
    for kind in LIST_MODELS:  # participants first: provider rows need their TIN on the new list
        previous = [(i, as_raw_row(kind, e)) for i, e in enumerate(entries(aco, py - 1, kind).order_by(), 2)]
        if not previous:
            continue
        written = writes.write_list(by=by, aco=aco, py=py, kind=kind, rows=previous)
        uploads.append(
            _store_upload(by, aco, written, f"PY{py - 1} list carried forward", "", "participants.carry_forward")
        )
    if not uploads:
        raise ValidationError(f"The PY{py - 1} lists are empty; there is nothing to carry forward.")
    return uploads


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
    doc = AgreementDocument(
        organization=aco,
        identifier=identifier,
        filename=upload.name[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
    )
    doc.file.save(f"{aco.aco_id}-{identifier}.pdf", upload, save=False)
    doc.save()
    record(
        "participants.attach_agreement",
        by=by,
        obj=doc,
        organization=aco,
        after={"identifier": identifier, "sha256": doc.sha256},
    )
    return doc


# ---- change requests (§425.118(b)): in the window, for the next performance year ----------

FIRST_PY, LAST_PY = years.FIRST_PY, 2100  # a window opens for a year of the program; a sane upper bound


def open_window(today=None) -> ChangeWindow | None:
    today = today or timezone.localdate()
    return ChangeWindow.objects.open_on(today).order_by("py").first()


def _window_state(window: ChangeWindow) -> dict:
    return {
        "py": window.py,
        "opens_on": str(window.opens_on),
        "closes_on": str(window.closes_on),
        "closed_early": window.closed_at is not None,
    }


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
        clash = (
            ChangeWindow.objects.exclude(py=py)
            .filter(closed_at__isnull=True, opens_on__lte=closes_on, closes_on__gte=opens_on)
            .first()
        )
        if clash is not None:
            errors["opens_on"] = (
                f"The PY{clash.py} window is open from {clash.opens_on:%b %-d, %Y} to "
                f"{clash.closes_on:%b %-d, %Y}; windows of different years may not overlap."
            )
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
        record("participants.reschedule_change_window", by=by, obj=window, before=before, after=after, label="system")
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
    record(
        "participants.close_change_window",
        by=by,
        obj=window,
        before=before,
        after=_window_state(window),
        label="system",
    )
    return window


@transaction.atomic
def request_change(*, by, aco, kind: str, action: str, raw: dict) -> ChangeRequest:
    require_right(by, Right.EDIT_APPLICATION, aco)
    window = open_window()
    if window is None:
        raise ValidationError("The change window is closed; CMS accepts change requests only while it is open.")
    py = years.check_py(aco, window.py)
    writes.refuse_certified(aco, py)
    if kind not in LAYOUTS or action not in ChangeRequest.Action.values:
        raise ValidationError({"kind": "Choose a list and whether to add or delete."})
    if action == ChangeRequest.Action.ADD:
        report = validation.validate_one(kind, raw, context_for(aco, py, kind))
        if report.rejected:
            raise ValidationError(
                [f"{f['field']}: {f['message']}" for f in report.findings if f["severity"] == "error"]
            )
        row = report.accepted[0][1]
    else:
        row = _existing_row(aco, py, kind, raw)
    key = row_key(kind, row)
    if ChangeRequest.objects.filter(organization=aco, py=py, kind=kind, key=key, status="pending").exists():
        raise ValidationError(f"A request for {key} is already waiting for CMS.")
    change = ChangeRequest.objects.create(
        organization=aco, py=py, kind=kind, action=action, key=key, row=row, requested_by=by
    )
    record(
        "participants.change_request",
        by=by,
        obj=change,
        organization=aco,
        after={"py": py, "kind": kind, "action": action, "key": key},
    )
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
    """CMS approves or denies one requested row, with a reason. An approved addition is validated
    again for its year when approved (one ACO per TIN, the registry, the certification lock) and goes
    on that year's list; an approved deletion takes the row off it. Nothing changes when it fails."""
    require_right(by, Right.DECIDE, change.organization)
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError("This request is already decided.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision; the ACO sees it."})
    affected: dict = {}
    if approve:  # validated again now, in the one write: another ACO may have the TIN since the request
        aco, kind = change.organization, change.kind
        if change.action == ChangeRequest.Action.ADD:
            written = writes.write_list(
                by=by, aco=aco, py=change.py, kind=kind, rows=[(1, writes.raw_row(kind, change.row))]
            )
            assert written.report is not None
            if written.report.rejected:
                raise ValidationError(
                    [
                        f"{change.key} cannot be added to the PY{change.py} list now: {f['field']}: {f['message']}"
                        for f in written.report.findings
                        if f["severity"] == "error"
                    ]
                )
        else:
            written = writes.write_list(by=by, aco=aco, py=change.py, kind=kind, remove=[change.key])
        affected = _audit_counts(written)
    change.status = ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.DENIED
    change.reason = reason.strip()
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save()
    record(
        f"participants.change_{change.status}",
        by=by,
        obj=change,
        organization=change.organization,
        before={"status": "pending"},
        after={"status": change.status, "reason": change.reason, **affected},
    )
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


def snapshot_rows(aco, py: int) -> dict:
    return {
        kind: [e.as_row() for e in entries(aco, py, kind).order_by(*model._meta.ordering)]
        for kind, model in LIST_MODELS.items()
    }


@transaction.atomic
def certify(*, by, aco, py: int, attest: bool) -> Certification:
    require_right(by, Right.SIGN, aco)
    py = years.check_py(aco, py)
    writes.lock_aco(aco)  # no list write of this ACO runs while its snapshot is taken
    if Certification.objects.filter(organization=aco, py=py).exists():
        raise ValidationError(f"The PY{py} lists are already certified.")
    if not attest:
        raise ValidationError({"attest": "Confirm the certification statement to certify."})
    problems = certification_blockers(aco, py)
    if problems:
        raise ValidationError(problems)
    rows = snapshot_rows(aco, py)
    cert = Certification.objects.create(
        organization=aco, py=py, rows=rows, content_hash=Certification.hash_rows(rows), certified_by=person(by)
    )
    record(
        "participants.certify",
        by=by,
        obj=cert,
        organization=aco,
        after={"py": py, "content_hash": cert.content_hash, **{kind: len(value) for kind, value in rows.items()}},
    )
    return cert


# ---- the enrollment registry ------------------------------------------------------------------


@transaction.atomic
def load_registry(*, by, records: list[dict], source: str) -> dict:
    """Add or refresh enrollment records (dicts with tin, npi, ccn, legal_name, ...)."""
    require_right(by, Right.ADMINISTER)
    counts = {"added": 0, "updated": 0}
    for r in records:
        key = {k: r.get(k) or "" for k in ("tin", "npi", "ccn")}
        fields = {
            k: r[k]
            for k in ("legal_name", "specialty_code", "bills_primary_care", "enrolled_from", "enrolled_to")
            if k in r
        }
        _, created = EnrollmentRecord.objects.update_or_create(**key, defaults={**fields, "source": source[:200]})
        counts["added" if created else "updated"] += 1
    record("participants.load_registry", by=by, after={"source": source[:200], **counts}, label="system")
    return counts


# ---- per-TIN assignment estimate -----------------------------------------------------------


@transaction.atomic
def start_estimate(*, by, aco, py: int) -> EstimateRun:
    require_right(by, Right.EDIT_APPLICATION, aco)
    py = years.parse_py(py)
    if not entries(aco, py, "participants").exists():
        raise ValidationError(f"The PY{py} participant list is empty; add participants first.")
    run = EstimateRun.objects.create(organization=aco, py=py, created_by=by, message="Waiting for a worker")
    record("participants.estimate_start", by=by, obj=run, organization=aco, after={"py": py})
    from acoms.participants.tasks import run_estimate  # noqa: PLC0415

    transaction.on_commit(lambda: run_estimate.enqueue(run.pk))
    return run


STOPPED_WORKER = (
    "The task worker stopped before the estimate finished (it was ended or crashed); no figures "
    "were kept. Start the estimate again."
)


def fail_abandoned_estimates(aco=None) -> int:
    """Runs left "running" by a worker process that no longer exists end as failed, with a message and
    no figures (a run's figures are only ever written whole, at its end). Called when a page shows
    runs, so a killed worker never leaves a run "running" forever. Each run is failed in its own
    transaction; the update names the worker it saw, so a run another worker took since is left alone."""
    from acoms.participants.estimate import worker_is_gone  # noqa: PLC0415 (pyarrow is heavy)

    running = EstimateRun.objects.filter(status=EstimateRun.Status.RUNNING).exclude(worker="")
    if aco is not None:
        running = running.filter(organization=aco)
    failed = 0
    for run in running:
        if not worker_is_gone(run.worker):
            continue
        with transaction.atomic():
            done = EstimateRun.objects.filter(pk=run.pk, status=EstimateRun.Status.RUNNING, worker=run.worker).update(
                status=EstimateRun.Status.FAILED,
                message=STOPPED_WORKER,
                per_tin={},
                total=None,
                finished_at=timezone.now(),
            )
            if done:
                record(
                    "participants.estimate_abandoned",
                    by=SYSTEM,
                    obj=run,
                    organization=run.organization,
                    after={"py": run.py, "worker": run.worker},
                    label="system",
                )
                failed += done
    return failed

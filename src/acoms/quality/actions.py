"""Every write of quality reporting: the ACO's measures, CAHPS scores and PI scores (one at a time or a
file), the attestation by the Authorized to Sign contact, and what CMS adds (claims measures, EUC, ...).

Each action checks the right, the deadline (nothing changes after it, 42 CFR 414.1325(f)), validates,
writes in one transaction and records an audit event. A change after the attestation withdraws it: the
signer attests what is there now.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from acoms.accounts.actions import require_right
from acoms.accounts.roles import Right, person
from acoms.audit.events import record
from acoms.lib.refusals import Kind, Refusal
from acoms.quality import reporting, upload
from acoms.quality.models import CmsInputs, MeasureReport, PiScore, ReportingPeriod, Submission

# Who enters the measure data: the contacts who may read beneficiary-level data (executive, medical
# director, data contact); quality data are abstracted from patient records.
REPORT_RIGHT = Right.VIEW_DATA
ATTEST_RIGHT = Right.SIGN
CMS_RIGHT = Right.RUN_ANALYTICS


def _submission(aco, py: int) -> Submission:
    sub, _ = Submission.objects.get_or_create(organization=aco, py=py)
    return Submission.objects.select_for_update().get(pk=sub.pk)


def _open(by, aco, py: int, right: Right, on: dt.date | None, doing: str) -> Submission:
    require_right(by, right, aco, doing)
    problem = reporting.deadline_problem(py, on or timezone.localdate())
    if problem:
        raise Refusal(Kind.INVALID, problem).error()
    return _submission(aco, py)


def _changed(sub: Submission, by) -> None:
    """A change withdraws the attestation (recorded), so what was signed is what is there."""
    if sub.attested:
        record(
            "quality.attestation_withdrawn",
            by=by,
            obj=sub,
            organization=sub.organization,
            before={"attested_by": sub.attested_by.username if sub.attested_by else "system"},
        )
        sub.attested_by, sub.attested_at = None, None
    sub.save()


def _figures_dict(r: MeasureReport | reporting.MeasureFigures) -> dict:
    return {k: getattr(r, k) for k in ("eligible_population", "denominator", "exclusions", "exceptions", "numerator")}


def _write_measure(sub: Submission, f: reporting.MeasureFigures, by) -> None:
    old = MeasureReport.objects.filter(submission=sub, measure_id=f.measure_id, collection=f.collection).first()
    before = _figures_dict(old) if old else None
    MeasureReport.objects.update_or_create(
        submission=sub, measure_id=f.measure_id, collection=f.collection, defaults=_figures_dict(f)
    )
    record(
        "quality.measure_save",
        by=by,
        obj=sub,
        organization=sub.organization,
        before=before,
        after={"measure": f.measure_id, "collection": f.collection, **_figures_dict(f)},
    )


@transaction.atomic
def save_measure(*, by, aco, py: int, figures: reporting.MeasureFigures, on: dt.date | None = None) -> list[str]:
    """Save one measure's figures; returns the warnings (completeness, case minimum)."""
    sub = _open(by, aco, py, REPORT_RIGHT, on, "report quality measures")
    errors = reporting.measure_problems(py, figures)
    if errors:
        raise ValidationError(errors)
    _write_measure(sub, figures, by)
    _changed(sub, by)
    return reporting.measure_warnings(figures)


@transaction.atomic
def remove_measure(*, by, aco, py: int, measure_id: str, collection: str, on: dt.date | None = None) -> None:
    sub = _open(by, aco, py, REPORT_RIGHT, on, "report quality measures")
    deleted, _ = MeasureReport.objects.filter(submission=sub, measure_id=measure_id, collection=collection).delete()
    if not deleted:
        raise ValidationError(f"Measure {measure_id} ({collection}) is not reported.")
    record(
        "quality.measure_remove",
        by=by,
        obj=sub,
        organization=aco,
        before={"measure": measure_id, "collection": collection},
    )
    _changed(sub, by)


def _measure_rows(py: int, table: upload.Table) -> list[reporting.MeasureFigures]:
    out, seen = [], set()
    for number, row in table.rows:
        p: list[str] = []
        f = reporting.MeasureFigures(
            measure_id=row["measure_id"].strip().lstrip("0").zfill(3) if row["measure_id"].strip() else "",
            collection=row["collection_type"].strip(),
            eligible_population=upload.whole(row["eligible_population"], "eligible_population", number, p),
            denominator=upload.whole(row["denominator"], "denominator", number, p),
            exclusions=upload.whole(row["exclusions"], "exclusions", number, p, blank=0),
            exceptions=upload.whole(row["exceptions"], "exceptions", number, p, blank=0),
            numerator=upload.whole(row["numerator"], "numerator", number, p),
        )
        if not p:
            p += [f"Row {number}: {why}" for why in reporting.measure_problems(py, f).values()]
        if (f.measure_id, f.collection) in seen:
            p.append(f"Row {number}: measure {f.measure_id} ({f.collection}) appears twice in the file.")
        seen.add((f.measure_id, f.collection))
        table.problems += p
        out.append(f)
    return out


def _cahps_rows(py: int, table: upload.Table) -> dict[str, float]:
    scores: dict[str, float] = {}
    for number, row in table.rows:
        ssm = row["summary_measure"].strip().upper()
        score = upload.decimal(row["score"], "score", number, table.problems)
        if score is None:
            if row["score"].strip() == "":
                table.problems.append(f"Row {number}, score: blank.")
            continue
        if ssm in scores:
            table.problems.append(f"Row {number}: {ssm} appears twice in the file.")
        scores[ssm] = score
        table.problems += [f"Row {number}: {why}" for why in reporting.cahps_problems(py, {ssm: score})]
    return scores


def _pi_rows(table: upload.Table) -> list[tuple[str, int, float | None]]:
    out, seen = [], set()
    for number, row in table.rows:
        clinicians = upload.whole(row["eligible_clinicians"], "eligible_clinicians", number, table.problems)
        score = upload.decimal(row["pi_score"], "pi_score", number, table.problems)
        tin, why = reporting.pi_problem(row["tin"], clinicians, score)
        if why:
            table.problems.append(f"Row {number}: {why}")
        if tin in seen:
            table.problems.append(f"Row {number}: TIN {tin} appears twice in the file.")
        seen.add(tin)
        out.append((tin, clinicians, score))
    return out


@transaction.atomic
def upload_file(*, by, aco, py: int, kind: str, data: bytes, filename: str = "", on: dt.date | None = None) -> dict:
    """Save a whole file or nothing: every problem of every row is named, and none is saved while one
    remains. Measures and PI rows replace the same measure (or TIN); CAHPS scores replace the survey's."""
    if kind not in upload.LAYOUTS:
        raise ValidationError(f"Unknown kind of quality file: {kind}.")
    sub = _open(by, aco, py, REPORT_RIGHT, on, "report quality measures")
    table = upload.read(kind, data, filename)
    warnings: list[str] = []
    if kind == "measures":
        rows = _measure_rows(py, table)
        if table.problems:
            raise ValidationError(table.problems)
        for f in rows:
            _write_measure(sub, f, by)
            warnings += [f"Measure {f.measure_id} ({f.collection}): {w}" for w in reporting.measure_warnings(f)]
        saved = len(rows)
    elif kind == "cahps":
        scores = _cahps_rows(py, table)
        if table.problems:
            raise ValidationError(table.problems)
        _write_cahps(sub, scores, False, by)
        saved = len(scores)
    else:
        pis = _pi_rows(table)
        if table.problems:
            raise ValidationError(table.problems)
        for tin, clinicians, score in pis:
            PiScore.objects.update_or_create(
                submission=sub, tin=tin, defaults={"eligible_clinicians": clinicians, "score": score}
            )
        record("quality.pi_upload", by=by, obj=sub, organization=aco, after={"tins": len(pis)})
        saved = len(pis)
    _changed(sub, by)
    return {"saved": saved, "warnings": warnings}


def _write_cahps(sub: Submission, scores: dict[str, float], not_sampled: bool, by) -> None:
    before = {"summary": sub.cahps_summary, "not_sampled": sub.cahps_not_sampled}
    sub.cahps_summary, sub.cahps_not_sampled = ({} if not_sampled else scores), not_sampled
    record(
        "quality.cahps_save",
        by=by,
        obj=sub,
        organization=sub.organization,
        before=before,
        after={"summary": sub.cahps_summary, "not_sampled": not_sampled},
    )


@transaction.atomic
def save_cahps(*, by, aco, py: int, scores: dict[str, float], not_sampled: bool = False, on=None) -> None:
    """The CAHPS for MIPS summary scores as the vendor sends them, or "not sampled" (then no scores)."""
    sub = _open(by, aco, py, REPORT_RIGHT, on, "report quality measures")
    problems = reporting.cahps_problems(py, scores)
    if problems:
        raise ValidationError(problems)
    if not scores and not not_sampled:
        raise ValidationError("Give the summary scores, or say that the ACO was not sampled.")
    _write_cahps(sub, scores, not_sampled, by)
    _changed(sub, by)


@transaction.atomic
def attest(*, by, aco, py: int, on: dt.date | None = None) -> Submission:
    """The Authorized to Sign contact attests that the PY's quality data are complete and accurate."""
    sub = _open(by, aco, py, ATTEST_RIGHT, on, "attest the quality submission")
    if not sub.measures.exists() and not sub.cahps_summary and not sub.cahps_not_sampled:
        raise Refusal(Kind.CONFLICT, "Nothing is reported yet: report the measures or the CAHPS scores first.").error()
    if sub.attested:
        raise Refusal(Kind.CONFLICT, "The submission is already attested.").error()
    sub.attested_by, sub.attested_at = person(by), timezone.now()
    sub.save()
    record(
        "quality.attest",
        by=by,
        obj=sub,
        organization=aco,
        after={"measures": sub.measures.count(), "cahps": bool(sub.cahps_summary), "pi_tins": sub.pi_scores.count()},
    )
    return sub


@transaction.atomic
def set_cms_inputs(*, by, aco, py: int, **values) -> CmsInputs:
    """CMS's part of an ACO-year: the claims measures, EUC, first year, underserved multiplier, prior year."""
    require_right(by, CMS_RIGHT, doing="record CMS's quality inputs")
    fields = {f.name for f in CmsInputs._meta.fields} - {"id", "organization", "py", "updated_at"}
    unknown = set(values) - fields
    if unknown:
        raise ValidationError(f"Unknown CMS quality inputs: {', '.join(sorted(unknown))}.")
    multiplier = values.get("underserved_multiplier")
    if multiplier is not None and not 0 <= multiplier <= 1:
        raise ValidationError({"underserved_multiplier": "The underserved multiplier is a share between 0 and 1."})
    inputs, _ = CmsInputs.objects.get_or_create(organization=aco, py=py)
    before = {k: getattr(inputs, k) for k in values}
    for k, v in values.items():
        setattr(inputs, k, v)
    inputs.save()
    record("quality.cms_inputs", by=by, obj=inputs, organization=aco, before=before, after=values)
    return inputs


@transaction.atomic
def set_deadline(*, by, py: int, deadline: dt.date) -> ReportingPeriod:
    """CMS sets another submission deadline for a PY (an extension, say); the parameter holds otherwise."""
    require_right(by, Right.ADMINISTER, doing="set the quality submission deadline")
    if deadline.year not in (py, py + 1, py + 2):
        raise ValidationError(
            {"deadline": f"A PY{py} deadline falls in {py + 1} (or soon after), not {deadline.year}."}
        )
    before = reporting.deadline(py)
    period, _ = ReportingPeriod.objects.update_or_create(py=py, defaults={"deadline": deadline})
    record(
        "quality.deadline_set",
        by=by,
        obj=period,
        before={"deadline": before.isoformat()},
        after={"deadline": deadline.isoformat()},
    )
    return period

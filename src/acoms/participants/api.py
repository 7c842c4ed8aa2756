"""REST API for participant lists (/api/v1/participants/): read the lists, upload and validate a
file, and request and decide changes. Same rights and scoping as the pages."""

import json

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from acoms.accounts.roles import Right
from acoms.api.access import aco_for
from acoms.api.types import PerformanceYear
from acoms.participants import actions, validation, years
from acoms.participants.context import context_for
from acoms.participants.layouts import LAYOUTS
from acoms.participants.limits import limit_body
from acoms.participants.models import Certification, ChangeRequest
from acoms.participants.reader import MAX_UPLOAD_BYTES, UploadError, read_upload
from acoms.participants.views import default_py

router = Router(tags=["participants"])


class FindingOut(Schema):
    row: int
    field: str
    code: str
    severity: str
    message: str


class ReportOut(Schema):
    kind: str
    py: int
    saved: bool
    accepted: int
    rejected: int
    errors: int
    warnings: int
    counts: dict
    findings: list[FindingOut]


class ChangeIn(Schema):
    kind: str
    action: str
    tin: str = ""
    legal_name: str = ""
    ccns: str = ""
    npi: str = ""
    name: str = ""
    ccn: str = ""
    stars: str = ""


class ChangeOut(Schema):
    id: int
    py: int
    kind: str
    action: str
    key: str
    row: dict
    status: str
    reason: str


class DecisionIn(Schema):
    approve: bool
    reason: str


class CertificationOut(Schema):
    py: int
    content_hash: str
    certified_at: str
    rows: dict


def _body(request, schema):
    """The JSON body as `schema`, read after the rights check so a caller without the right learns
    nothing from a malformed body; a missing or malformed body is a 422 with field messages."""
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ValidationError({"__all__": f"Send a JSON object with: {', '.join(schema.model_fields)}."})
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as error:
        raise ValidationError({".".join(map(str, e["loc"])) or "__all__": e["msg"] for e in error.errors()}) from None


def _json_body(schema) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.json_schema()}}}}


def _change_out(c: ChangeRequest) -> dict:
    return {
        "id": c.pk,
        "py": c.py,
        "kind": c.kind,
        "action": c.action,
        "key": c.key,
        "row": c.row,
        "status": c.status,
        "reason": c.reason,
    }


@router.get(
    "/{aco_id}/lists/{kind}", response=list[dict], summary="The rows of one list in force for a performance year"
)
def list_rows(request, aco_id: str, kind: str, py: PerformanceYear | None = None):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    if kind not in LAYOUTS:
        raise Http404
    year = default_py() if py is None else years.parse_py(py)
    return [
        e.as_row() | {"py": e.py, "start_date": str(e.start_date), "end_date": str(e.end_date)}
        for e in actions.entries(aco, year, kind)
    ]


limit_body("participants_api_upload", MAX_UPLOAD_BYTES, "a participant list file")


@router.post(
    "/{aco_id}/upload",
    response=ReportOut,
    url_name="participants_api_upload",
    summary="Upload a CSV or XLSX list; validate it row by row and save the accepted rows (dry_run: validate only)",
)
def upload(
    request,
    aco_id: str,
    file: File[UploadedFile] = None,
    py: Form[PerformanceYear | None] = None,
    dry_run: Form[bool] = False,
):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    py = default_py() if py is None else years.check_py(aco, py)  # the same check as the page and the CLI
    if file is None:
        raise ValidationError({"file": "Send the list as the multipart field 'file'."})
    data = file.read(MAX_UPLOAD_BYTES + 1)
    try:
        parsed = read_upload(data, file.name or "", size=file.size)
    except UploadError as error:
        raise ValidationError({"file": str(error)}) from None
    kind = parsed.layout.kind
    if dry_run:
        report = validation.validate(parsed.layout, parsed.rows, context_for(aco, py, kind))
        counts = report.as_dict()
        findings = report.findings
    else:
        result = actions.save_list(by=request.auth, aco=aco, py=py, parsed=parsed, filename=file.name or "", data=data)
        counts, findings = result.counts, result.findings
    return {
        "kind": kind,
        "py": py,
        "saved": not dry_run,
        "accepted": counts["accepted"],
        "rejected": counts["rejected"],
        "errors": counts["errors"],
        "warnings": counts["warnings"],
        "counts": {k: v for k, v in counts.items() if k != "findings"},
        "findings": findings,
    }


@router.get("/{aco_id}/change-requests", response=list[ChangeOut], summary="The ACO's change requests and decisions")
def list_changes(request, aco_id: str):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    return [_change_out(c) for c in ChangeRequest.objects.filter(organization=aco)]


@router.post(
    "/{aco_id}/change-requests",
    response={201: ChangeOut},
    openapi_extra=_json_body(ChangeIn),
    summary="Request an addition or deletion for the next performance year (in the change window)",
)
def request_change(request, aco_id: str):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    data = _body(request, ChangeIn).dict()
    change = actions.request_change(
        by=request.auth, aco=aco, kind=data.pop("kind"), action=data.pop("action"), raw=data
    )
    return Status(201, _change_out(change))


@router.post(
    "/change-requests/{change_id}/decide",
    response=ChangeOut,
    openapi_extra=_json_body(DecisionIn),
    summary="CMS approves or denies one change request, with a reason",
)
def decide_change(request, change_id: int):
    change = get_object_or_404(ChangeRequest.objects.for_user(request.auth), pk=change_id)
    if not request.auth.has_right(Right.DECIDE, change.organization):
        raise PermissionDenied("Only a CMS approver decides change requests.")
    payload = _body(request, DecisionIn)
    change = actions.decide_change(by=request.auth, change=change, approve=payload.approve, reason=payload.reason)
    return _change_out(change)


@router.get("/{aco_id}/certifications", response=list[CertificationOut], summary="The certified list snapshots")
def certifications(request, aco_id: str):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    return [
        {"py": c.py, "content_hash": c.content_hash, "certified_at": c.certified_at.isoformat(), "rows": c.rows}
        for c in Certification.objects.filter(organization=aco)
    ]

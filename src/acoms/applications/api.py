"""The applications API: the same operations as the pages, through the same actions."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Body, File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from acoms.accounts.actions import require_right
from acoms.accounts.models import User
from acoms.accounts.roles import Right
from acoms.api.access import aco_for

from . import actions, dashboard, history, letters, rendering, sections, workflow
from .models import Application, Cycle, Noia

router = Router(tags=["applications"])


class WindowOut(Schema):
    phase: str
    opens: dt.date
    closes: dt.date


class CycleOut(Schema):
    id: int
    agreement_start: dt.date
    name: str
    windows: list[WindowOut]


class CycleIn(Schema):
    agreement_start: dt.date
    name: str = ""
    windows: dict[str, tuple[dt.date, dt.date]]


class NoiaIn(Schema):
    aco_id: str
    cycle_id: int
    app_type: str


class NoiaOut(Schema):
    id: int
    aco_id: str
    cycle_id: int
    app_type: str
    status: str


class StartIn(Schema):
    aco_id: str
    cycle_id: int
    app_type: str


class SectionOut(Schema):
    key: str
    title: str
    complete: bool
    not_needed: bool
    problems: list[str]


class DisplayFieldOut(Schema):
    name: str
    label: str
    value: str


class DisplayTableOut(Schema):
    name: str
    label: str
    columns: list[str]
    rows: list[list[str]]


class DisplayDocumentOut(Schema):
    name: str
    url: str


class DisplaySectionOut(Schema):
    """A section's answers as a person reads them (the same renderer as the pages)."""

    key: str
    title: str
    fields: list[DisplayFieldOut]
    tables: list[DisplayTableOut]
    documents: list[DisplayDocumentOut]


class DeficiencyOut(Schema):
    id: int
    section: str
    section_title: str
    text: str
    response: str


class RfiOut(Schema):
    round: int
    status: str
    status_label: str
    due: dt.date
    deficiencies: list[DeficiencyOut]
    response_text: str
    resolution: str


class ApplicationOut(Schema):
    id: int
    aco_id: str
    cycle_id: int
    app_type: str
    app_type_label: str
    status: str
    status_label: str
    status_sentence: str
    reviewer: str | None
    signed_at: dt.datetime | None
    submitted_at: dt.datetime | None
    recommendation: str
    decision_note: str
    phase2_submitted_at: dt.datetime | None
    phase2_lists: dict


class ActionLabelOut(Schema):
    action: str
    label: str


class ApplicationDetailOut(ApplicationOut):
    sections: list[SectionOut]
    available_actions: list[str]
    available_action_labels: list[ActionLabelOut]
    rfis: list[RfiOut]
    answers: dict
    display: list[DisplaySectionOut]


class SignIn(Schema):
    typed_name: str


class DeficiencyIn(Schema):
    section: str
    text: str


class ActionIn(Schema):
    note: str = ""
    recommendation: str = ""
    reason: str = ""
    resolution: str = ""
    text: str = ""
    due: dt.date | None = None
    deficiencies: list[DeficiencyIn] = []
    responses: dict[int, str] = {}


class AssignIn(Schema):
    reviewer: str


class ChecklistIn(Schema):
    section: str
    acceptable: bool
    note: str = ""


class EventOut(Schema):
    at: dt.datetime
    who: str
    action: str
    label: str
    detail: str
    status_from_label: str
    status_to_label: str
    before: dict | None
    after: dict | None


def _app_out(app):
    return {
        "id": app.pk,
        "aco_id": app.organization.aco_id,
        "cycle_id": app.cycle_id,
        "app_type": app.app_type,
        "app_type_label": app.get_app_type_display(),
        "status": app.status,
        "status_label": app.get_status_display(),
        "status_sentence": workflow.status_sentence(app),
        "reviewer": app.reviewer.get_username() if app.reviewer else None,
        "signed_at": app.signed_at,
        "submitted_at": app.submitted_at,
        "recommendation": app.recommendation,
        "decision_note": app.decision_note if app.decided_at else "",
        "phase2_submitted_at": app.phase2_submitted_at,
        "phase2_lists": app.phase2_lists,
    }


def _application(request, pk):
    return get_object_or_404(
        Application.objects.for_user(request.auth).select_related("organization", "cycle", "reviewer"), pk=pk
    )


def _cycle_out(c):
    return {
        "id": c.pk,
        "agreement_start": c.agreement_start,
        "name": str(c),
        "windows": [{"phase": p.phase, "opens": p.opens, "closes": p.closes} for p in c.phases.all()],
    }


@router.get("/cycles", response=list[CycleOut], summary="Application cycles and their phase windows")
def list_cycles(request):
    return [_cycle_out(c) for c in Cycle.objects.prefetch_related("phases")]


@router.post("/cycles", response={201: CycleOut}, summary="Create a cycle (CMS Administrator)")
def create_cycle(request, payload: CycleIn):
    cycle = actions.save_cycle(
        by=request.auth,
        agreement_start=payload.agreement_start,
        name=payload.name,
        windows={k: tuple(v) for k, v in payload.windows.items()},
    )
    return Status(201, _cycle_out(cycle))


@router.post("/noias", response={201: NoiaOut}, summary="Submit a Notice of Intent to Apply")
def submit_noia(request, payload: NoiaIn):
    org = aco_for(request, payload.aco_id, Right.EDIT_APPLICATION)
    cycle = get_object_or_404(Cycle, pk=payload.cycle_id)
    noia = actions.submit_noia(by=request.auth, organization=org, cycle=cycle, app_type=payload.app_type)
    return Status(
        201,
        {"id": noia.pk, "aco_id": org.aco_id, "cycle_id": cycle.pk, "app_type": noia.app_type, "status": noia.status},
    )


@router.post("/noias/{noia_id}/withdraw", response=NoiaOut, summary="Withdraw a Notice of Intent to Apply")
def withdraw_noia(request, noia_id: int):
    noia = get_object_or_404(Noia.objects.for_user(request.auth), pk=noia_id)
    noia = actions.withdraw_noia(by=request.auth, noia=noia)
    return {
        "id": noia.pk,
        "aco_id": noia.organization.aco_id,
        "cycle_id": noia.cycle_id,
        "app_type": noia.app_type,
        "status": noia.status,
    }


@router.get("/applications", response=list[ApplicationOut], summary="Applications the caller may see")
def list_applications(request, status: str | None = None, cycle_id: int | None = None):
    qs = Application.objects.for_user(request.auth).select_related("organization", "reviewer")
    if status:
        qs = qs.filter(status=status)
    if cycle_id:
        qs = qs.filter(cycle_id=cycle_id)
    return [_app_out(a) for a in qs]


@router.post("/applications", response={201: ApplicationOut}, summary="Start an application")
def start_application(request, payload: StartIn):
    org = aco_for(request, payload.aco_id, Right.EDIT_APPLICATION)
    cycle = get_object_or_404(Cycle, pk=payload.cycle_id)
    return Status(
        201,
        _app_out(actions.start_application(by=request.auth, organization=org, cycle=cycle, app_type=payload.app_type)),
    )


@router.get(
    "/applications/{app_id}",
    response=ApplicationDetailOut,
    summary="An application: sections, actions open to you, RFIs",
)
def get_application(request, app_id: int):
    app = _application(request, app_id)
    available = workflow.available(app, request.auth)
    return {
        **_app_out(app),
        "sections": [
            {k: row[k] for k in ("key", "title", "complete", "not_needed", "problems")} for row in sections.status(app)
        ],
        "available_actions": [t.action for t in available],
        "available_action_labels": [{"action": t.action, "label": t.label} for t in available],
        "rfis": [
            {
                "round": r.round,
                "status": r.status,
                "status_label": r.get_status_display(),
                "due": r.due,
                "response_text": r.response_text,
                "resolution": r.resolution,
                "deficiencies": [
                    {
                        "id": d.pk,
                        "section": d.section,
                        "section_title": sections.BY_KEY[d.section].title
                        if d.section in sections.BY_KEY
                        else d.section,
                        "text": d.text,
                        "response": d.response,
                    }
                    for d in r.deficiencies.all()
                ],
            }
            for r in app.rfis.all()
        ],
        "answers": sections.answers_for(app, request.auth),
        "display": [r.as_dict() for r in rendering.render_all(app, request.auth)],
    }


@router.put("/applications/{app_id}/sections/{key}", response=ApplicationDetailOut, summary="Save a section's answers")
def save_section(request, app_id: int, key: str, answers: dict = Body(...), draft: bool = False):
    """With `draft=true` the answers are saved as they are, valid or not (the section stays incomplete)."""
    app = _application(request, app_id)
    if key not in sections.BY_KEY or key == "signature":
        raise Http404("Unknown section.")
    if not isinstance(answers, dict):
        raise ValidationError({"__all__": ["Send the answers as a JSON object."]})
    raw = {k: v for k, v in answers.items() if k != "members" and v not in (None, False)}
    form = sections.make_form(app, key, data=raw)
    if draft:
        data = sections.draft_answers(form)
        if key == "governance":
            rows = [m for m in answers.get("members") or [] if isinstance(m, dict)]
            fs = sections.GoverningMemberFormSet(data=sections._formset_data(rows), prefix="member")
            data["members"] = sections.draft_members(fs)
        actions.save_section(by=request.auth, application=app, key=key, data=data, draft=True)
        return get_application(request, app_id)
    data = None
    errors = {}
    if not form.is_valid():
        errors.update({k: list(v) for k, v in form.errors.items()})
    else:
        data = sections.to_json(form.cleaned_data)
    if key == "governance":
        members = answers.get("members")
        if not isinstance(members, list):
            errors["members"] = ["Send the governing body members as a list."]
        else:
            fs = sections.GoverningMemberFormSet(
                data=sections._formset_data([m for m in members if isinstance(m, dict)]), prefix="member"
            )
            if not fs.is_valid() or len(members) != len([m for m in members if isinstance(m, dict)]):
                errors["members"] = [
                    f"Member {i + 1}: {'; '.join(f'{k}: {v[0]}' for k, v in e.items())}"
                    for i, e in enumerate(fs.errors)
                    if e
                ] or ["Each member is an object."]
            elif data is not None:
                data["members"] = [sections.to_json(f.cleaned_data) for f in fs.forms if f.cleaned_data]
    if errors:
        raise ValidationError(errors)
    actions.save_section(by=request.auth, application=app, key=key, data=data)
    return get_application(request, app_id)


@router.post(
    "/applications/{app_id}/documents", response={201: dict}, summary="Upload the repayment mechanism document (PDF)"
)
def upload_document(request, app_id: int, file: UploadedFile = File(...)):
    app = _application(request, app_id)
    try:
        sections.validate_pdf(file)
    except Exception as error:
        raise ValidationError({"file": list(getattr(error, "messages", [str(error)]))}) from error
    answers = app.section("repayment")
    if not answers:
        raise ValidationError({"__all__": ["Save the repayment section's answers first, then upload its document."]})
    actions.save_section(by=request.auth, application=app, key="repayment", data=answers, document=file)
    return Status(201, {"name": file.name})


@router.post(
    "/applications/{app_id}/sign", response=ApplicationOut, summary="Sign the application (Authorized to Sign)"
)
def sign(request, app_id: int, payload: SignIn):
    app = _application(request, app_id)
    return _app_out(actions.sign_application(by=request.auth, application=app, typed_name=payload.typed_name))


class RefusalOut(Schema):
    detail: dict[str, list[str]]


@router.post(
    "/applications/{app_id}/actions/{action}",
    response={200: ApplicationOut, 409: RefusalOut},
    summary="Take a workflow action: "
    + ", ".join(workflow.ACTIONS)
    + " (403: not yours to take; 409: not possible in the application's state; 422: not now or bad input)",
)
def take_action(request, app_id: int, action: str, payload: ActionIn):
    app = _application(request, app_id)
    if action not in workflow.ACTIONS:
        raise Http404(f"Unknown action; one of: {', '.join(workflow.ACTIONS)}.")
    inputs = payload.dict()
    inputs["deficiencies"] = [(d.section, d.text) for d in payload.deficiencies]
    actions.perform(action, by=request.auth, application=app, **inputs)
    app.refresh_from_db()
    return _app_out(app)


@router.post("/applications/{app_id}/assign", response=ApplicationOut, summary="Assign a reviewer")
def assign(request, app_id: int, payload: AssignIn):
    app = _application(request, app_id)
    reviewer = User.objects.filter(username=payload.reviewer).first()
    return _app_out(actions.assign_reviewer(by=request.auth, application=app, reviewer=reviewer))


@router.post(
    "/applications/{app_id}/checklist", response=dict, summary="Record a section finding on the review checklist"
)
def checklist(request, app_id: int, payload: ChecklistIn):
    app = _application(request, app_id)
    row = actions.review_section(
        by=request.auth, application=app, key=payload.section, acceptable=payload.acceptable, note=payload.note
    )
    return {
        "section": row.section,
        "section_title": sections.BY_KEY[row.section].title,
        "round": row.round,
        "round_label": row.round_label,
        "acceptable": row.acceptable,
        "note": row.note,
    }


@router.get("/applications/{app_id}/letter", summary="The decision letter (PDF)", response={200: None})
def letter(request, app_id: int):
    app = _application(request, app_id)
    try:
        pdf = letters.decision_letter(app)
    except ValueError as error:
        raise Http404("There is no decision letter yet.") from error
    return HttpResponse(pdf, content_type="application/pdf")


@router.get(
    "/applications/{app_id}/timeline", response=list[EventOut], summary="Who did what, when, from which state to which"
)
def timeline(request, app_id: int):
    app = _application(request, app_id)
    return [
        {
            "at": e.at,
            "who": entry.who,
            "action": e.action,
            "label": entry.what,
            "detail": entry.detail,
            "status_from_label": entry.status_from,
            "status_to_label": entry.status_to,
            "before": e.before,
            "after": e.after,
        }
        for e in history.events_of(app)
        for entry in [history.entry(e)]
    ]


@router.get("/dashboard/{cycle_id}", response=dict, summary="Cycle dashboard counts (CMS staff)")
def cycle_dashboard(request, cycle_id: int):
    require_right(request.auth, Right.VIEW_PROGRAM, doing="see the cycle dashboard")
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    data = dashboard.build(cycle)
    return {
        "cycle": str(cycle),
        "previous": str(data["previous"]) if data["previous"] else None,
        "noias": data["noia_table"],
        "applications": data["application_table"],
        "by_status": data["by_status"],
        "reviewers": [
            {"reviewer": r.username, "open": r.open, "waiting_on_aco": r.waiting_on_aco} for r in data["reviewers"]
        ],
        "overdue_rfis": [
            {"application": r.application_id, "round": r.round, "due": str(r.due)} for r in data["overdue"]
        ],
    }

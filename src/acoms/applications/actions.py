"""Every change to cycles, NOIAs, applications and RFIs. Each function checks who acts, the
state and the cycle window, writes in one transaction and records an audit event; e-mails leave
after the commit (notifications.py). The workflow steps' handlers are registered with
`@workflow.handles`; `perform` runs any step by name."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from acoms.accounts import roles
from acoms.accounts.actions import require_right
from acoms.accounts.roles import Right, person
from acoms.audit.events import record
from acoms.lib.formats import long_date
from acoms.rules import agreement

from . import eligibility, notifications, participant_lists, sections, workflow
from .events import Event
from .models import Application, Cycle, Deficiency, Document, Noia, Phase, PriorAgreement, Rfi, SectionReview
from .windows import PHASE_LABELS, PHASES, RFI_ROUND_WINDOWS, today, window_problem

S = Application.Status


def _lock(application):
    return Application.objects.select_for_update().select_related("organization", "cycle").get(pk=application.pk)


def _audit(event: Event, application, by, before=None, after=None):
    record(event, by=by, obj=application, organization=application.organization, before=before, after=after)


# ---- cycles ---------------------------------------------------------------------------------


@transaction.atomic
def save_cycle(*, by, agreement_start: dt.date, name: str = "", windows: dict, cycle: Cycle | None = None) -> Cycle:
    """Create or change a cycle and its phase windows ({phase: (opens, closes)})."""
    require_right(by, Right.ADMINISTER, doing="manage application cycles")
    errors = {}
    for phase, (opens, closes) in windows.items():
        if phase not in PHASE_LABELS:
            errors[phase] = [f"Unknown phase {phase!r}."]
        elif opens is None or closes is None:
            errors[phase] = [f"Give both dates of the {PHASE_LABELS[phase]} window."]
        elif opens > closes:
            errors[phase] = [f"The {PHASE_LABELS[phase]} window closes ({closes}) before it opens ({opens})."]
    missing = [p for p, _ in PHASES if p not in windows]
    if missing:
        errors["__all__"] = [f"Every phase needs dates; missing: {', '.join(PHASE_LABELS[p] for p in missing)}."]
    clash = Cycle.objects.filter(agreement_start=agreement_start).exclude(pk=getattr(cycle, "pk", None))
    if clash.exists():
        errors["agreement_start"] = [f"A cycle for the {long_date(agreement_start)} start already exists."]
    if errors:
        raise ValidationError(errors)
    before = None
    if cycle is None:
        cycle = Cycle.objects.create(agreement_start=agreement_start, name=name)
    else:
        before = {p.phase: [str(p.opens), str(p.closes)] for p in cycle.phases.all()}
        cycle.agreement_start, cycle.name = agreement_start, name
        cycle.save()
    for phase, (opens, closes) in windows.items():
        Phase.objects.update_or_create(cycle=cycle, phase=phase, defaults={"opens": opens, "closes": closes})
    cycle.__dict__.pop("_phase_cache", None)
    record(
        Event.CYCLE_SAVE,
        by=by,
        obj=cycle,
        before=before,
        after={"agreement_start": str(agreement_start), **{p: [str(o), str(c)] for p, (o, c) in windows.items()}},
    )
    return cycle


# ---- NOIA -----------------------------------------------------------------------------------


@transaction.atomic
def submit_noia(*, by, organization, cycle, app_type) -> Noia:
    require_right(by, Right.EDIT_APPLICATION, organization, "submit a Notice of Intent to Apply")
    if app_type not in {c for c, _ in Application._meta.get_field("app_type").choices}:
        raise ValidationError({"app_type": ["Choose an application type."]})
    problem = window_problem(cycle, "noia")
    if problem:
        raise ValidationError({"__all__": [problem]})
    noia = Noia.objects.select_for_update().filter(organization=organization, cycle=cycle).first()
    if noia and noia.status == Noia.Status.SUBMITTED:
        raise ValidationError(
            {
                "__all__": [
                    f"{organization.name} already has a Notice of Intent to Apply for the {cycle} cycle (one per ACO per cycle)."
                ]
            }
        )
    before = {"status": noia.status} if noia else None
    if noia:
        noia.status, noia.app_type, noia.submitted_by = Noia.Status.SUBMITTED, app_type, person(by)
        noia.submitted_at = timezone.now()
        noia.save()
    else:
        noia = Noia.objects.create(organization=organization, cycle=cycle, app_type=app_type, submitted_by=person(by))
    record(
        Event.NOIA_SUBMIT,
        by=by,
        obj=noia,
        organization=organization,
        before=before,
        after={"status": noia.status, "app_type": app_type},
    )
    return noia


@transaction.atomic
def withdraw_noia(*, by, noia) -> Noia:
    require_right(by, Right.EDIT_APPLICATION, noia.organization, "withdraw a Notice of Intent to Apply")
    noia = Noia.objects.select_for_update().get(pk=noia.pk)
    if noia.status != Noia.Status.SUBMITTED:
        raise ValidationError({"__all__": ["This Notice of Intent to Apply is already withdrawn."]})
    if (
        Application.objects.filter(organization=noia.organization, cycle=noia.cycle)
        .exclude(status=S.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(
            {
                "__all__": [
                    "Withdraw the application of this cycle first; the notice cannot be withdrawn under a live application."
                ]
            }
        )
    noia.status = Noia.Status.WITHDRAWN
    noia.save()
    record(
        Event.NOIA_WITHDRAW,
        by=by,
        obj=noia,
        organization=noia.organization,
        before={"status": "submitted"},
        after={"status": "withdrawn"},
    )
    return noia


# ---- applications ---------------------------------------------------------------------------


def determined_type(organization, cycle):
    history = [
        eligibility.PriorAgreement(a.start, a.end, a.level, a.terminated_early) for a in organization.agreements.all()
    ]
    return eligibility.application_type(history, cycle.agreement_start)


@transaction.atomic
def start_application(*, by, organization, cycle, app_type) -> Application:
    require_right(by, Right.EDIT_APPLICATION, organization, "start an application")
    expected, reason = determined_type(organization, cycle)
    if app_type != expected:
        label = dict(Application._meta.get_field("app_type").choices).get(app_type, app_type or "none")
        raise ValidationError({"app_type": [f"{organization.name} cannot apply as “{label}”. {reason}"]})
    window = cycle.window("phase1")
    if window is None or today() > window[1]:
        raise ValidationError({"__all__": [window_problem(cycle, "phase1") or "The Phase 1 window has no dates."]})
    if (
        cycle.window("noia")
        and not Noia.objects.filter(organization=organization, cycle=cycle, status=Noia.Status.SUBMITTED).exists()
    ):
        raise ValidationError(
            {"__all__": [f"Submit a Notice of Intent to Apply for the {cycle} cycle first; it is required to apply."]}
        )
    if Application.objects.filter(organization=organization, cycle=cycle).exclude(status=S.WITHDRAWN).exists():
        raise ValidationError({"__all__": [f"{organization.name} already has an application in the {cycle} cycle."]})
    application = Application.objects.create(organization=organization, cycle=cycle, app_type=app_type)
    _audit(Event.START, application, by, after={"status": S.DRAFT, "app_type": app_type})
    return application


def editable_sections(application, user) -> set[str]:
    """Sections `user` may change now: all of them in a draft, and during an RFI the sections its
    deficiencies name."""
    keys = set(sections.SECTION_KEYS) - {"signature"}
    if application.status == S.DRAFT and roles.check(user, Right.EDIT_APPLICATION, application.organization):
        return keys
    if application.status == S.AWAITING_RESPONSE and roles.check(user, Right.RESPOND_RFI, application.organization):
        rfi = application.open_rfi()
        if rfi and rfi.due >= today():
            return {d.section for d in rfi.deficiencies.all()} & keys
    return set()


@transaction.atomic
def save_section(*, by, application, key, data: dict, document=None, draft: bool = False) -> Application:
    """Store a section's answers (already validated by its form). The program-rule checks run
    here too: answers that break them are refused and nothing is saved. A `draft` is the half-done
    answers, saved as they are (sections.draft_answers): no check refuses it, and the section stays
    incomplete until its answers pass them (sections.problems)."""
    application = _lock(application)
    if key not in sections.SECTION_KEYS or key == "signature":
        raise ValidationError({"__all__": ["Unknown section."]})
    if key not in editable_sections(application, by):
        require_right(by, Right.EDIT_APPLICATION, application.organization, "change this application")
        raise ValidationError(
            {
                "__all__": [
                    f"This section cannot be changed while the application is {application.get_status_display().lower()}"
                    + (
                        " (during an RFI only the sections it names can be changed, until its deadline)."
                        if application.status == S.AWAITING_RESPONSE
                        else "."
                    )
                ]
            }
        )
    if application.status == S.DRAFT:
        problem = window_problem(application.cycle, "phase1")
        if problem and today() > application.cycle.window("phase1")[1]:
            raise ValidationError({"__all__": [problem]})
    checked = dict(data, _document_uploaded=bool(document)) if key == "repayment" else data
    section = sections.BY_KEY[key]
    needed = section.needed is None or section.needed(application)
    found = section.checks(application, checked) if section.checks and needed and not draft else []
    found = [
        p for p in found if p != sections.DOCUMENT_MISSING
    ]  # answers may be saved before the document; completeness still needs it
    if found:
        raise ValidationError({"__all__": found})
    before = application.section(key)
    application.data = {**application.data, key: data}
    was_signed = application.signed_at is not None and application.status == S.DRAFT
    if was_signed:  # a change after signing needs a new signature
        application.signed_at, application.signed_by, application.signed_name = None, None, ""
    application.save()
    if document is not None:
        Document.objects.create(
            application=application,
            kind=Document.Kind.REPAYMENT,
            name=document.name[:200],
            file=document,
            uploaded_by=person(by),
        )
    _audit(
        Event.SECTION_SAVE,
        application,
        by,
        before={"section": key, "answers": sections.masked(key, before)},
        after={
            "section": key,
            "answers": sections.masked(key, data),
            "document": getattr(document, "name", None),
            "signature_cleared": was_signed,
            "draft": draft,
        },
    )
    return application


@transaction.atomic
def sign_application(*, by, application, typed_name: str) -> Application:
    application = _lock(application)
    require_right(by, Right.SIGN, application.organization, "sign the application")
    if application.status != S.DRAFT:
        raise ValidationError(
            {
                "__all__": [
                    "Only a draft application is signed; this one is " + application.get_status_display().lower() + "."
                ]
            }
        )
    missing = sections.incomplete(application)
    if missing:
        raise ValidationError(
            {"__all__": [f"Complete every section before signing; still incomplete: {', '.join(missing)}."]}
        )
    full_name = by.get_full_name().strip() or by.get_username()
    if typed_name.strip().casefold() != full_name.casefold():
        raise ValidationError(
            {
                "typed_name": [
                    "The name you typed is not the name on your account. Type your first and last name as they "
                    "appear on your account to sign."
                ]
            }
        )
    application.signed_by, application.signed_at, application.signed_name = by, timezone.now(), full_name
    application.save()
    _audit(Event.SIGN, application, by, after={"signed_by": by.get_username(), "name": full_name})
    return application


def check(application, action, by):
    """Raise PermissionDenied (rights, duties), Conflict (state) or ValidationError (window, order) unless allowed."""
    workflow.refuse(application, action, by)


def _move(application, action, by, **extra):
    """Change the state; callers have run check() on the unchanged application first."""
    t = workflow.transition(application.status, action)
    before = application.status
    application.status = t.target
    application.save()
    _audit(Event.of_action(action), application, by, before={"status": before}, after={"status": t.target, **extra})
    return application


@workflow.handles("submit")
@transaction.atomic
def submit(*, by, application) -> Application:
    application = _lock(application)
    check(application, "submit", by)
    missing = sections.incomplete(application, exclude=())
    if missing:
        raise ValidationError(
            {"__all__": [f"Every section must be complete to submit; still incomplete: {', '.join(missing)}."]}
        )
    application.submitted_at = timezone.now()
    _move(application, "submit", by)
    notifications.notify(Event.SUBMIT, application=application)
    return application


def _wants_snf_waiver(application) -> bool:
    return bool(application.section("addons").get("snf_waiver"))


def phase2_problems(application) -> dict[str, list[str]]:
    """What keeps the lists from being submitted in Phase 2, by field (empty when ready)."""
    errors = {}
    found = participant_lists.participant_problems(application)
    if found:
        errors["participants"] = found
    if _wants_snf_waiver(application):
        found = participant_lists.snf_problems(application)
        if found:
            errors["snf_affiliates"] = found
    return errors


@workflow.handles("submit_phase2")
@transaction.atomic
def submit_phase2(*, by, application) -> Application:
    """Phase 2: the ACO submits its final participant list (and SNF affiliate list when it requests
    the SNF 3-day rule waiver) for the application. The lists are read from the participant list
    registry for the agreement's first performance year and recorded on the application as they stand."""
    application = _lock(application)
    check(application, "submit_phase2", by)
    errors = phase2_problems(application)
    if errors:
        raise ValidationError(errors)
    lists = participant_lists.snapshot(application, with_snf=_wants_snf_waiver(application))
    application.phase2_submitted_at, application.phase2_submitted_by, application.phase2_lists = (
        timezone.now(),
        person(by),
        lists,
    )
    return _move(application, "submit_phase2", by, phase2=lists)


@workflow.handles("withdraw")
@transaction.atomic
def withdraw(*, by, application) -> Application:
    application = _lock(application)
    check(application, "withdraw", by)
    return _move(application, "withdraw", by)


@transaction.atomic
def assign_reviewer(*, by, application, reviewer) -> Application:
    application = _lock(application)
    require_right(by, Right.ASSIGN_REVIEWERS)
    if reviewer is None or not roles.check(reviewer, Right.REVIEW):
        raise ValidationError({"reviewer": ["Choose a CMS Reviewer."]})
    if application.status in (S.DRAFT, *workflow.FINAL_STATES):
        raise ValidationError(
            {"__all__": [f"An application that is {application.get_status_display().lower()} has no reviewer."]}
        )
    if reviewer.pk in workflow.deciders_of(application):
        raise ValidationError({"reviewer": ["The Approver who decided this application cannot review it."]})
    before = application.reviewer.get_username() if application.reviewer else None
    application.reviewer = reviewer
    application.save()
    _audit(Event.ASSIGN, application, by, before={"reviewer": before}, after={"reviewer": reviewer.get_username()})
    return application


@transaction.atomic
def assign_reviewer_to_many(*, by, applications, reviewer) -> list[Application]:
    """Assign `reviewer` to each of `applications` in one transaction, through `assign_reviewer` (one
    audit event per case). A case that cannot be assigned is named in the refusal and nothing changes."""
    require_right(by, Right.ASSIGN_REVIEWERS)
    done = []
    for application in sorted(applications, key=lambda a: a.pk):
        try:
            done.append(assign_reviewer(by=by, application=application, reviewer=reviewer))
        except ValidationError as error:
            case = (
                f"Application {application.pk} of {application.organization.name} ({application.organization.aco_id})"
            )
            raise ValidationError(
                {"__all__": [f"{case} cannot be assigned: {' '.join(error.messages)} Nothing was assigned."]}
            ) from error
    return done


@transaction.atomic
def review_section(*, by, application, key, acceptable: bool, note: str) -> SectionReview:
    """A finding on the review checklist; only the reviewer assigned to the case records them."""
    application = _lock(application)
    require_right(by, Right.REVIEW, doing="review applications")
    if key not in sections.SECTION_KEYS:
        raise ValidationError({"section": ["Unknown section."]})
    if application.status in (S.DRAFT, S.WITHDRAWN):
        raise ValidationError({"__all__": ["Only a submitted application is reviewed."]})
    not_assigned = workflow.assigned_reviewer_only(application, by)
    if not_assigned:
        raise PermissionDenied(not_assigned)
    if not acceptable and not note.strip():
        raise ValidationError({"note": ["Say what is deficient."]})
    rnd = application.rfis.count()  # the findings of round n are what RFI-(n+1) asks about
    row, _ = SectionReview.objects.update_or_create(
        application=application,
        section=key,
        round=rnd,
        defaults={"acceptable": acceptable, "note": note.strip(), "reviewed_by": by},
    )
    _audit(
        Event.REVIEW_SECTION,
        application,
        by,
        after={"section": key, "round": rnd, "acceptable": acceptable, "note": note.strip()},
    )
    return row


@workflow.handles("issue_rfi")
@transaction.atomic
def issue_rfi(*, by, application, deficiencies: list[tuple[str, str]], due: dt.date) -> Rfi:
    application = _lock(application)
    check(application, "issue_rfi", by)
    errors = {}
    items = [(s, t.strip()) for s, t in deficiencies if t and t.strip()]
    if not items:
        errors["deficiencies"] = ["List at least one deficiency, each tied to a section."]
    bad = [s for s, _ in items if s not in sections.SECTION_KEYS]
    if bad:
        errors["deficiencies"] = [f"Unknown section: {', '.join(bad)}."]
    rnd = workflow.next_rfi_round(application)
    window = application.cycle.window(RFI_ROUND_WINDOWS[rnd])
    if due is None:
        errors["due"] = ["Give the response deadline."]
    elif due < today():
        errors["due"] = ["The response deadline cannot be in the past."]
    elif window and due > window[1]:
        errors["due"] = [
            f"The deadline must fall inside the {PHASE_LABELS[RFI_ROUND_WINDOWS[rnd]]} window, which closes on {long_date(window[1])}."
        ]
    if errors:
        raise ValidationError(errors)
    rfi = Rfi.objects.create(
        application=application,
        round=rnd,
        due=due,
        issued_by=by,
        answers_at_issue=sections.masked_answers(application.data),
    )
    for s, text in items:
        Deficiency.objects.create(rfi=rfi, section=s, text=text)
    _move(
        application,
        "issue_rfi",
        by,
        round=rnd,
        due=str(due),
        deficiencies=[{"section": s, "text": t} for s, t in items],
    )
    notifications.notify(Event.ISSUE_RFI, rfi=rfi)
    return rfi


@workflow.handles("respond_rfi")
@transaction.atomic
def respond_rfi(*, by, application, text: str, responses: dict[int, str] | None = None, document=None) -> Rfi:
    application = _lock(application)
    check(application, "respond_rfi", by)
    rfi = application.open_rfi()
    responses = responses or {}
    if not text.strip() and not any(v.strip() for v in responses.values()):
        raise ValidationError({"text": ["Write a response: what you changed or why no change is needed."]})
    for d in rfi.deficiencies.all():
        if d.pk in responses:
            d.response = responses[d.pk].strip()
            d.save()
    rfi.response_text, rfi.responded_by, rfi.responded_at, rfi.status = (
        text.strip(),
        by,
        timezone.now(),
        Rfi.Status.RESPONDED,
    )
    rfi.answers_at_response = sections.masked_answers(application.data)
    rfi.save()
    if document is not None:
        Document.objects.create(
            application=application,
            kind=Document.Kind.RFI_RESPONSE,
            rfi=rfi,
            name=document.name[:200],
            file=document,
            uploaded_by=by,
        )
    _move(application, "respond_rfi", by, round=rfi.round, text=text.strip(), document=getattr(document, "name", None))
    notifications.notify(Event.RESPOND_RFI, rfi=rfi)
    return rfi


def _close_rfi(application, by, resolution: str) -> Rfi:
    rfi = application.open_rfi()
    rfi.status, rfi.resolution, rfi.resolved_by, rfi.resolved_at = Rfi.Status.RESOLVED, resolution, by, timezone.now()
    rfi.save()
    return rfi


@workflow.handles("resolve_rfi")
@transaction.atomic
def resolve_rfi(*, by, application, resolution: str) -> Rfi:
    application = _lock(application)
    check(application, "resolve_rfi", by)
    if not resolution.strip():
        raise ValidationError({"resolution": ["Record how the response resolves the deficiencies."]})
    rfi = _close_rfi(application, by, resolution.strip())
    findings = []
    for finding in SectionReview.objects.filter(
        application=application, acceptable=False, resolved_by_rfi__isnull=True, round__lt=rfi.round
    ):
        finding.resolved_by_rfi = rfi
        finding.save()  # row by row: each finding's history records its resolution
        findings.append(finding.section)
    _move(
        application,
        "resolve_rfi",
        by,
        round=rfi.round,
        resolution=resolution.strip(),
        findings_resolved=sorted(findings),
    )
    return rfi


@workflow.handles("close_overdue_rfi")
@transaction.atomic
def close_overdue_rfi(*, by, application, resolution: str = "") -> Rfi:
    application = _lock(application)
    check(application, "close_overdue_rfi", by)
    rfi = _close_rfi(application, by, resolution.strip() or "Closed without a response after the deadline.")
    _move(application, "close_overdue_rfi", by, round=rfi.round)
    return rfi


@workflow.handles("recommend")
@transaction.atomic
def recommend(*, by, application, recommendation: str, note: str) -> Application:
    application = _lock(application)
    check(application, "recommend", by)
    errors = {}
    if recommendation not in ("approve", "deny"):
        errors["recommendation"] = ["Recommend approval or denial."]
    if not note.strip():
        errors["note"] = ["Give the reasons for the recommendation."]
    if errors:
        raise ValidationError(errors)
    application.recommendation, application.recommendation_note, application.recommended_by = (
        recommendation,
        note.strip(),
        by,
    )
    return _move(application, "recommend", by, recommendation=recommendation, note=note.strip())


@workflow.handles("return_to_review")
@transaction.atomic
def return_to_review(*, by, application, note: str) -> Application:
    application = _lock(application)
    check(application, "return_to_review", by)
    if not note.strip():
        raise ValidationError({"note": ["Say what the reviewer should look at again."]})
    application.recommendation, application.recommended_by = "", None
    return _move(application, "return_to_review", by, note=note.strip())


INITIAL_DETERMINATION = {"approve", "deny"}


@workflow.handles("approve", "deny", "reverse_denial", "uphold_denial")
@transaction.atomic
def determine(*, by, application, action: str, note: str) -> Application:
    """A determination: the initial one (approve, deny) or the one on reconsideration (reverse or
    uphold the denial). The reasons are printed in the decision letter."""
    application = _lock(application)
    check(application, action, by)
    if not note.strip():
        raise ValidationError({"note": ["Give the reasons; they are printed in the decision letter."]})
    if action in INITIAL_DETERMINATION:
        application.decided_by, application.decided_at, application.decision_note = by, timezone.now(), note.strip()
    else:
        application.final_decided_by, application.final_decided_at, application.final_decision_note = (
            by,
            timezone.now(),
            note.strip(),
        )
    _move(application, action, by, note=note.strip())
    notifications.notify(Event.of_action(action), application=application)
    return application


def decide(*, by, application, decision: str, note: str) -> Application:
    """The initial determination: `decision` is "approve" or "deny"."""
    if decision not in INITIAL_DETERMINATION:
        raise ValidationError({"decision": ["Approve or deny."]})
    return determine(by=by, application=application, action=decision, note=note)


def decide_reconsideration(*, by, application, decision: str, note: str) -> Application:
    """The determination on reconsideration: "approve" reverses the denial, "deny" upholds it."""
    action = {"approve": "reverse_denial", "deny": "uphold_denial"}.get(decision)
    if action is None:
        raise ValidationError({"decision": ["Reverse the denial or uphold it."]})
    return determine(by=by, application=application, action=action, note=note)


@workflow.handles("request_reconsideration")
@transaction.atomic
def request_reconsideration(*, by, application, reason: str) -> Application:
    application = _lock(application)
    check(application, "request_reconsideration", by)
    if not reason.strip():
        raise ValidationError({"reason": ["State why the determination should be reconsidered."]})
    application.reconsideration_reason, application.reconsideration_requested_at = reason.strip(), timezone.now()
    _move(application, "request_reconsideration", by, reason=reason.strip())
    notifications.notify(Event.REQUEST_RECONSIDERATION, application=application)
    return application


def agreement_end(start: dt.date) -> dt.date:
    """The last day of an agreement period starting on `start` (its term is a program parameter)."""
    years = agreement.term_years(start.year)
    return start.replace(year=start.year + years) - dt.timedelta(days=1)


@workflow.handles("sign_agreement")
@transaction.atomic
def sign_agreement(*, by, application) -> Application:
    application = _lock(application)
    check(application, "sign_agreement", by)
    start = application.cycle.agreement_start
    org = application.organization
    if application.app_type == "early_renewal":
        for current in org.agreements.filter(end__gte=start):
            current.end, current.terminated_early = start - dt.timedelta(days=1), True
            current.save()
    level = sections.chosen_level(application)
    PriorAgreement.objects.create(organization=org, start=start, end=agreement_end(start), level=level)
    return _move(application, "sign_agreement", by, level=level)


# ---- the periodic sweep (run as accounts.roles.SYSTEM) ------------------------------------------------------


@transaction.atomic
def mark_overdue(*, by, rfi) -> Rfi:
    require_right(by, Right.REVIEW)
    rfi = Rfi.objects.select_for_update().get(pk=rfi.pk)
    if rfi.status != Rfi.Status.OPEN or rfi.due >= today():
        return rfi
    rfi.status = Rfi.Status.OVERDUE
    rfi.save()
    record(
        Event.RFI_OVERDUE,
        by=by,
        obj=rfi.application,
        organization=rfi.application.organization,
        label="sweep",
        before={"rfi": rfi.round, "status": "open"},
        after={"rfi": rfi.round, "status": "overdue", "due": str(rfi.due)},
    )
    return rfi


@transaction.atomic
def remind(*, by, rfi) -> bool:
    require_right(by, Right.REVIEW)
    rfi = Rfi.objects.select_for_update().get(pk=rfi.pk)
    if rfi.reminder_sent_at is not None:
        return False
    rfi.reminder_sent_at = timezone.now()
    rfi.save()
    notifications.notify(Event.RFI_REMINDER, rfi=rfi)
    record(
        Event.RFI_REMINDER,
        by=by,
        obj=rfi.application,
        organization=rfi.application.organization,
        label="sweep",
        after={"rfi": rfi.round, "due": str(rfi.due)},
    )
    return True


def perform(action, *, by, application, **inputs):
    """Take workflow `action` with its inputs (the pages, the API and the transition-walk test use
    this). Inputs the step does not take are ignored, so one set of answers fits every step."""
    step = workflow.STEPS.get(action)
    if step is None:
        raise ValidationError({"action": [f"Unknown action {action!r}; one of: {', '.join(workflow.ACTIONS)}."]})
    arguments = {name: inputs[name] for name in step.inputs if name in inputs}
    if "deficiencies" in arguments:
        arguments["deficiencies"] = list(arguments["deficiencies"])
    if "responses" in arguments:
        arguments["responses"] = arguments["responses"] or {}
    arguments.update(step.fixed)
    return step.handler(by=by, application=application, **arguments)

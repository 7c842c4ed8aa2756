"""The application workflow as data. Each workflow action is one `Step`: the moves it makes (from
state → to state), the right it needs, the window that must be open, its form, the separation of
duties it obeys, what else must hold, who the case waits on and the to-do it puts on the ACO home.
Its handler (the write) is registered with `@handles` in actions.py. The pages, the API, the sweep
and "needs your attention" all read this table; a test walks the whole graph and checks every step
has a handler, a form and an audit event name.

`window` names the cycle phase that must be open, or one of:
  "rfi_round"    – the window of the RFI round concerned (RFI-1, RFI-2, Phase 2 RFI; the Phase 2 RFI
                   only after the ACO submitted Phase 2, see RFI_ROUND_AFTER);
  "after_denial" – within the reconsideration period after the notice of denial (§425.802);
  None           – any time.

To add a step: add a `Step` to STEPS (and its event to events.Event), write its handler in
actions.py under `@handles("<action>")`, and give it a form in forms.py; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from acoms.accounts.models import User
from acoms.accounts.roles import Right, check
from acoms.audit.models import AuditEvent
from acoms.lib.formats import counted, long_date
from acoms.lib.refusals import Kind, Refusal

from . import forms, sections
from .events import Event
from .models import Application
from .parameters import named
from .windows import PHASE_LABELS, RFI_ROUND_WINDOWS, today, window_problem

S = Application.Status
ACO, CMS = "aco", "cms"

Rule = Callable[..., str | None]  # (application, user) -> why not, for duties; (application, on) for conditions


# ---- separation of duties: over the case's whole history, not its last step -----------------

REVIEW_EVENTS = (Event.RECOMMEND, Event.ISSUE_RFI, Event.RESOLVE_RFI, Event.CLOSE_OVERDUE_RFI, Event.REVIEW_SECTION)
DETERMINATION_EVENTS = (Event.APPROVE, Event.DENY, Event.RETURN_TO_REVIEW)


def _actors(application, events) -> set[int]:
    return set(
        AuditEvent.objects.filter(
            object_type="applications.application",
            object_id=str(application.pk),
            action__in=list(events),
            actor__isnull=False,
        ).values_list("actor_id", flat=True)
    )


def reviewers_of(application) -> set[int]:
    """Everyone who reviewed the case at any time: assigned to it, recommended, issued or closed an
    RFI, or recorded a checklist finding."""
    assigned = AuditEvent.objects.filter(
        object_type="applications.application", object_id=str(application.pk), action=Event.ASSIGN
    ).values_list("after__reviewer", flat=True)
    ever_assigned = set(User.objects.filter(username__in=[a for a in assigned if a]).values_list("pk", flat=True))
    return (
        _actors(application, REVIEW_EVENTS)
        | ever_assigned
        | {application.reviewer_id, application.recommended_by_id} - {None}
    )


def deciders_of(application) -> set[int]:
    """Everyone who took part in the initial determination (decided it or sent it back to review)."""
    return _actors(application, DETERMINATION_EVENTS) | {application.decided_by_id} - {None}


def assigned_reviewer_only(application, user) -> str | None:
    if application.reviewer_id != user.pk:
        return "Only the reviewer assigned to this application may do this; assign it to yourself first."
    return None


def no_reviewer_decides(application, user) -> str | None:
    if user.pk in reviewers_of(application):
        return "Separation of duties: the reviewer of an application cannot decide it; another Approver must."
    return None


def reconsidered_by_someone_new(application, user) -> str | None:
    if user.pk in reviewers_of(application) | deciders_of(application):
        return (
            "Separation of duties: a reconsideration is decided by someone who took part in neither the "
            "review nor the initial determination (42 CFR 425.804)."
        )
    return None


# ---- what else must hold (the case's own facts and order) ------------------------------------


def next_rfi_round(application) -> int:
    return application.rfis.count() + 1


def phase2_not_yet_submitted(application, on) -> str | None:
    if application.phase2_submitted_at is not None:
        return (
            f"Phase 2 was already submitted on {long_date(application.phase2_submitted_at)}; the participant list "
            "recorded then is the one CMS reviews."
        )
    return None


RFI_ROUND_AFTER = {3: "submit_phase2"}  # the Phase 2 RFI follows the ACO's Phase 2 submission
TAKEN = {"submit_phase2": lambda application: application.phase2_submitted_at is not None}


def rfi_round_in_order(application, on) -> str | None:
    rnd = next_rfi_round(application)
    needed = RFI_ROUND_AFTER.get(rnd)
    if needed and not TAKEN[needed](application):
        window = application.cycle.window("phase2")
        when = (
            f" (the Phase 2 submission window runs {long_date(window[0])} – {long_date(window[1])})" if window else ""
        )
        return (
            f"RFI-{rnd} is the Phase 2 RFI: it follows the ACO's Phase 2 submission, and "
            f"{application.organization.name} has not submitted Phase 2 yet{when}."
        )
    return None


def rfi_still_open(application, on) -> str | None:
    rfi = application.open_rfi()
    if rfi is not None and rfi.due < on:
        return f"The response deadline of RFI-{rfi.round} was {long_date(rfi.due)}; it has passed."
    return None


def rfi_overdue(application, on) -> str | None:
    rfi = application.open_rfi()
    if rfi is None:
        return "There is no open RFI."
    if rfi.due >= on:
        return f"The RFI is not overdue: the ACO may respond until {long_date(rfi.due)}."
    return None


# ---- what the ACO home lists (text, due date) when the step is open to the person -------------


def _window_end(application, phase):
    w = application.cycle.window(phase)
    return w[1] if w else None


def _todo_submit(app, user):
    """The ACO's steps before submitting, as this person must take them: finish the sections, then the
    Authorized to Sign contact signs (the last step before submitting), then submit."""
    missing = sections.incomplete(app)  # every section but the signature
    due = _window_end(app, "phase1")
    if missing:
        return f"Finish your {app.cycle} application: {counted(len(missing), 'section')} to complete", due
    if app.signed_at is None:
        if check(user, Right.SIGN, app.organization):
            return f"Sign the application: every other section of your {app.cycle} application is complete", due
        return f"Ask your Authorized to Sign contact to sign your {app.cycle} application: it is the last step", due
    return f"Submit your {app.cycle} application: every section is complete and signed", due


def _todo_phase2(app, user):
    return f"Submit Phase 2 of your {app.cycle} application: your final participant list", _window_end(app, "phase2")


def _todo_respond(app, user):
    rfi = app.open_rfi()
    return f"Respond to RFI-{rfi.round} on your {app.cycle} application", rfi.due


def _todo_reconsider(app, user):
    return f"Your {app.cycle} application was denied: you may request reconsideration", reconsideration_deadline(app)


def _todo_sign(app, user):
    return f"Your {app.cycle} application is approved: sign the participation agreement", _window_end(app, "signing")


# ---- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    action: str
    label: str
    right: Right
    window: str | None
    moves: tuple[tuple[str, str], ...]  # (from state, to state)
    form: type[forms.ActionForm]
    waiting_on: str | None  # ACO or CMS: whose move it is; None for a step that ends the case (withdrawal)
    duties: tuple[Rule, ...] = ()  # (application, user) -> why this person may not
    conditions: tuple[Rule, ...] = ()  # (application, on) -> why not now
    todo: Callable | None = None  # (application, user) -> (text, due) for the ACO home
    inputs: tuple[str, ...] = ()  # what the handler takes besides by and application
    fixed: dict = field(default_factory=dict)  # inputs the step itself supplies to a shared handler

    @property
    def event(self) -> Event:
        return Event.of_action(self.action)

    @property
    def handler(self) -> Callable:
        return HANDLERS[self.action]


REVIEWER = (assigned_reviewer_only,)
NOTE = ("note",)
LIVE = (S.DRAFT, S.IN_REVIEW, S.AWAITING_RESPONSE, S.RESPONSE_RECEIVED)
_STEPS = [
    Step(
        "submit",
        "Submit the application",
        Right.EDIT_APPLICATION,
        "phase1",
        ((S.DRAFT, S.IN_REVIEW),),
        forms.ConfirmForm,
        ACO,
        todo=_todo_submit,
    ),
    Step(
        "submit_phase2",
        "Submit Phase 2 (the final participant list)",
        Right.EDIT_APPLICATION,
        "phase2",
        ((S.IN_REVIEW, S.IN_REVIEW),),
        forms.ConfirmForm,
        ACO,
        conditions=(phase2_not_yet_submitted,),
        todo=_todo_phase2,
    ),
    Step(
        "issue_rfi",
        "Issue an RFI",
        Right.REVIEW,
        "rfi_round",
        ((S.IN_REVIEW, S.AWAITING_RESPONSE),),
        forms.IssueRfiForm,
        CMS,
        duties=REVIEWER,
        conditions=(rfi_round_in_order,),
        inputs=("deficiencies", "due"),
    ),
    Step(
        "respond_rfi",
        "Respond to the RFI",
        Right.RESPOND_RFI,
        "rfi_round",
        ((S.AWAITING_RESPONSE, S.RESPONSE_RECEIVED),),
        forms.RespondRfiForm,
        ACO,
        conditions=(rfi_still_open,),
        todo=_todo_respond,
        inputs=("text", "responses", "document"),
    ),
    Step(
        "resolve_rfi",
        "Resolve the RFI",
        Right.REVIEW,
        None,
        ((S.RESPONSE_RECEIVED, S.IN_REVIEW),),
        forms.ResolveForm,
        CMS,
        duties=REVIEWER,
        inputs=("resolution",),
    ),
    Step(
        "close_overdue_rfi",
        "Close the overdue RFI",
        Right.REVIEW,
        None,
        ((S.AWAITING_RESPONSE, S.IN_REVIEW),),
        forms.CloseOverdueForm,
        CMS,
        duties=REVIEWER,
        conditions=(rfi_overdue,),
        inputs=("resolution",),
    ),
    Step(
        "recommend",
        "Recommend a decision",
        Right.REVIEW,
        "determination",
        ((S.IN_REVIEW, S.RECOMMENDED),),
        forms.RecommendForm,
        CMS,
        duties=REVIEWER,
        inputs=("recommendation", "note"),
    ),
    Step(
        "return_to_review",
        "Return to the reviewer",
        Right.DECIDE,
        None,
        ((S.RECOMMENDED, S.IN_REVIEW),),
        forms.NoteForm,
        CMS,
        duties=(no_reviewer_decides,),
        inputs=NOTE,
    ),
    Step(
        "approve",
        "Approve",
        Right.DECIDE,
        "determination",
        ((S.RECOMMENDED, S.APPROVED),),
        forms.NoteForm,
        CMS,
        duties=(no_reviewer_decides,),
        inputs=NOTE,
        fixed={"action": "approve"},
    ),
    Step(
        "deny",
        "Deny",
        Right.DECIDE,
        "determination",
        ((S.RECOMMENDED, S.DENIED),),
        forms.NoteForm,
        CMS,
        duties=(no_reviewer_decides,),
        inputs=NOTE,
        fixed={"action": "deny"},
    ),
    Step(
        "request_reconsideration",
        "Request reconsideration",
        Right.EDIT_APPLICATION,
        "after_denial",
        ((S.DENIED, S.RECONSIDERATION),),
        forms.ReasonForm,
        ACO,
        todo=_todo_reconsider,
        inputs=("reason",),
    ),
    Step(
        "reverse_denial",
        "Reverse the denial (approve)",
        Right.DECIDE,
        "reconsideration",
        ((S.RECONSIDERATION, S.APPROVED),),
        forms.NoteForm,
        CMS,
        duties=(reconsidered_by_someone_new,),
        inputs=NOTE,
        fixed={"action": "reverse_denial"},
    ),
    Step(
        "uphold_denial",
        "Uphold the denial",
        Right.DECIDE,
        "reconsideration",
        ((S.RECONSIDERATION, S.DENIED_FINAL),),
        forms.NoteForm,
        CMS,
        duties=(reconsidered_by_someone_new,),
        inputs=NOTE,
        fixed={"action": "uphold_denial"},
    ),
    Step(
        "sign_agreement",
        "Sign the participation agreement",
        Right.SIGN,
        "signing",
        ((S.APPROVED, S.AGREEMENT_SIGNED),),
        forms.ConfirmForm,
        ACO,
        todo=_todo_sign,
    ),
    Step(
        "withdraw",
        "Withdraw the application",
        Right.EDIT_APPLICATION,
        None,
        tuple((s, S.WITHDRAWN) for s in LIVE),
        forms.ConfirmForm,
        None,
    ),
]
STEPS: dict[str, Step] = {s.action: s for s in _STEPS}
ACTIONS = sorted(STEPS)
HANDLERS: dict[str, Callable] = {}


def handles(*actions: str):
    """Register the write of workflow `actions` (used in actions.py)."""

    def register(function):
        for action in actions:
            assert action in STEPS, f"{action} is not a workflow step"
            HANDLERS[action] = function
        return function

    return register


@dataclass(frozen=True)
class Transition:
    """One move of a step, the unit the pages and the graph walk read."""

    source: str
    action: str
    target: str
    right: Right
    window: str | None
    label: str


TRANSITIONS = [Transition(src, s.action, tgt, s.right, s.window, s.label) for s in _STEPS for src, tgt in s.moves]
FINAL_STATES = {S.DENIED_FINAL, S.AGREEMENT_SIGNED, S.WITHDRAWN}
CMS_OWNED_STATES = {S.IN_REVIEW, S.RESPONSE_RECEIVED, S.RECOMMENDED, S.RECONSIDERATION}  # a reviewer must own these


def transition(source: str, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.action == action), None)


def reconsideration_deadline(application) -> dt.date | None:
    if application.decided_at is None:
        return None
    days = int(named("program")["reconsideration_days"])
    return timezone.localdate(application.decided_at) + dt.timedelta(days=days)


def window_refusal(application, t: Transition, on: dt.date | None = None) -> str | None:
    """None when the transition's window is open; otherwise why not, and when."""
    on = on or today()
    if t.window is None:
        return None
    if t.window == "after_denial":
        deadline = reconsideration_deadline(application)
        if deadline is None or on > deadline:
            return (
                f"A reconsideration request must be received within {named('program')['reconsideration_days']} days "
                f"of the notice of denial (42 CFR 425.802); that period ended on {long_date(deadline)}."
            )
        return None
    if t.window == "rfi_round":
        if t.action == "issue_rfi":
            rnd = next_rfi_round(application)
        else:
            rfi = application.open_rfi()
            rnd = rfi.round if rfi else next_rfi_round(application)
        phase = RFI_ROUND_WINDOWS.get(rnd)
        if phase is None:
            return (
                f"No further RFI round is available: the cycle allows {len(RFI_ROUND_WINDOWS)} "
                f"({', '.join(PHASE_LABELS[p] for p in RFI_ROUND_WINDOWS.values())})."
            )
        return window_problem(application.cycle, phase, on)
    return window_problem(application.cycle, t.window, on)


def _not_now(application, t: Transition, on: dt.date) -> str | None:
    step = STEPS[t.action]
    for condition in step.conditions:
        why = condition(application, on)
        if why:
            return why
    return window_refusal(application, t, on)


def refusal_of(application, action: str, user, on: dt.date | None = None) -> Refusal | None:
    """Why `user` may not take `action` on `application` now (kind and message), or None if they
    may: state, right, separation of duties, the step's conditions and its window. Section
    completeness is checked by the action itself."""
    on = on or today()
    t = transition(application.status, action)
    if t is None:
        allowed = [x.label for x in TRANSITIONS if x.source == application.status]
        return Refusal(
            Kind.CONFLICT,
            f"“{action.replace('_', ' ')}” is not possible while the application is "
            f"{application.get_status_display().lower()}" + (f"; possible: {', '.join(allowed)}." if allowed else "."),
        )
    if not check(user, t.right, application.organization):
        return Refusal(Kind.FORBIDDEN, f"You may not {t.label.lower()}: it needs the right to {t.right.label.lower()}.")
    for duty in STEPS[action].duties:
        why = duty(application, user)
        if why:
            return Refusal(Kind.FORBIDDEN, why)
    why = _not_now(application, t, on)
    return Refusal(Kind.INVALID, why) if why else None


def refusal(application, action: str, user, on: dt.date | None = None) -> str | None:
    """The message of `refusal_of` (what the pages show)."""
    found = refusal_of(application, action, user, on)
    return found.message if found else None


def refuse(application, action: str, user) -> None:
    """Raise the refusal (PermissionDenied, Conflict or ValidationError by its kind) unless allowed."""
    found = refusal_of(application, action, user)
    if found:
        raise found.error()


def available(application, user, on: dt.date | None = None) -> list[Transition]:
    """The transitions `user` can take now (what the UI offers)."""
    return [
        t for t in TRANSITIONS if t.source == application.status and refusal_of(application, t.action, user, on) is None
    ]


def waiting(application, on: dt.date | None = None) -> list[Transition]:
    """Transitions that move the case forward from its current state and whose window is open,
    whoever takes them (withdrawing ends a case rather than moving it, so it does not count)."""
    on = on or today()
    return [
        t
        for t in TRANSITIONS
        if t.source == application.status and STEPS[t.action].waiting_on and _not_now(application, t, on) is None
    ]


def todos(application, user, on: dt.date | None = None) -> list[tuple[str, dt.date | None]]:
    """What `user` should do on the case now: the ACO steps open to them that carry a to-do."""
    found = []
    for t in available(application, user, on):
        todo = STEPS[t.action].todo
        if STEPS[t.action].waiting_on == ACO and todo is not None:
            found.append(todo(application, user))
    return found


# ---- what the case's state means, in a sentence (pages, messages, e-mails) -------------------


def status_sentence(application) -> str:
    """The application's state as a sentence: "The application is now awaiting the ACO's response to RFI-1."."""
    rfi = application.rfis.order_by("-round").first()
    rnd = f"RFI-{rfi.round}" if rfi else "the RFI"
    recommendation = {"approve": "approval", "deny": "denial"}.get(application.recommendation, "a decision")
    deadline = reconsideration_deadline(application)
    sentences = {
        S.DRAFT: "The application is a draft: the ACO completes, signs and submits it.",
        S.IN_REVIEW: "The application is now in review at CMS.",
        S.AWAITING_RESPONSE: f"The application is now awaiting the ACO's response to {rnd}.",
        S.RESPONSE_RECEIVED: f"The ACO responded to {rnd}; the application is back with its reviewer.",
        S.RECOMMENDED: f"The reviewer recommends {recommendation}; the application awaits an Approver's decision.",
        S.APPROVED: "The application is approved; the ACO may sign the participation agreement.",
        S.DENIED: "The application is denied"
        + (f"; the ACO may request reconsideration until {long_date(deadline)}." if deadline else "."),
        S.RECONSIDERATION: "The ACO requested reconsideration; the application awaits the reconsideration decision.",
        S.DENIED_FINAL: "The denial was upheld on reconsideration; this decision is final.",
        S.AGREEMENT_SIGNED: "The participation agreement is signed.",
        S.WITHDRAWN: "The application is withdrawn.",
    }
    return sentences.get(application.status, f"The application is {application.get_status_display().lower()}.")

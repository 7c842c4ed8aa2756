"""The application workflow as data: (from state, action, to state, right, window). The UI reads
it to show each user the actions open to them; the actions module refuses everything else; a
test walks the whole graph.

`window` names the cycle phase that must be open, or one of:
  "rfi_round"    – the window of the RFI round concerned (RFI-1, RFI-2, Phase 2 RFI; the Phase 2 RFI
                   only after the ACO submitted Phase 2, see RFI_ROUND_AFTER);
  "after_denial" – within the reconsideration period after the notice of denial (§425.802);
  None           – any time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from acoms.accounts.roles import Right

from .models import Application
from .parameters import named
from .windows import PHASE_LABELS, RFI_ROUND_WINDOWS, today, window_problem

S = Application.Status


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    right: Right
    window: str | None
    label: str
    side: str  # "aco" or "cms": who sees it as their next step


TRANSITIONS = [
    Transition(S.DRAFT, "submit", S.IN_REVIEW, Right.EDIT_APPLICATION, "phase1", "Submit the application", "aco"),
    Transition(S.IN_REVIEW, "submit_phase2", S.IN_REVIEW, Right.EDIT_APPLICATION, "phase2",
               "Submit Phase 2 (the final participant list)", "aco"),
    Transition(S.IN_REVIEW, "issue_rfi", S.AWAITING_RESPONSE, Right.REVIEW, "rfi_round", "Issue an RFI", "cms"),
    Transition(S.AWAITING_RESPONSE, "respond_rfi", S.RESPONSE_RECEIVED, Right.RESPOND_RFI, "rfi_round", "Respond to the RFI", "aco"),
    Transition(S.RESPONSE_RECEIVED, "resolve_rfi", S.IN_REVIEW, Right.REVIEW, None, "Resolve the RFI", "cms"),
    Transition(S.AWAITING_RESPONSE, "close_overdue_rfi", S.IN_REVIEW, Right.REVIEW, None, "Close the overdue RFI", "cms"),
    Transition(S.IN_REVIEW, "recommend", S.RECOMMENDED, Right.REVIEW, "determination", "Recommend a decision", "cms"),
    Transition(S.RECOMMENDED, "return_to_review", S.IN_REVIEW, Right.DECIDE, None, "Return to the reviewer", "cms"),
    Transition(S.RECOMMENDED, "approve", S.APPROVED, Right.DECIDE, "determination", "Approve", "cms"),
    Transition(S.RECOMMENDED, "deny", S.DENIED, Right.DECIDE, "determination", "Deny", "cms"),
    Transition(S.DENIED, "request_reconsideration", S.RECONSIDERATION, Right.EDIT_APPLICATION, "after_denial",
               "Request reconsideration", "aco"),
    Transition(S.RECONSIDERATION, "reverse_denial", S.APPROVED, Right.DECIDE, "reconsideration",
               "Reverse the denial (approve)", "cms"),
    Transition(S.RECONSIDERATION, "uphold_denial", S.DENIED_FINAL, Right.DECIDE, "reconsideration",
               "Uphold the denial", "cms"),
    Transition(S.APPROVED, "sign_agreement", S.AGREEMENT_SIGNED, Right.SIGN, "signing", "Sign the participation agreement", "aco"),
    *[Transition(s, "withdraw", S.WITHDRAWN, Right.EDIT_APPLICATION, None, "Withdraw the application", "aco")
      for s in (S.DRAFT, S.IN_REVIEW, S.AWAITING_RESPONSE, S.RESPONSE_RECEIVED)],
]
ACTIONS = sorted({t.action for t in TRANSITIONS})

# Order between steps, as data. ONCE: steps an application takes at most once. RFI_ROUND_AFTER: the
# step that must have been taken before an RFI round is issued (the Phase 2 RFI follows Phase 2).
TAKEN = {"submit_phase2": lambda application: application.phase2_submitted_at is not None}
ONCE = {"submit_phase2"}
RFI_ROUND_AFTER = {3: "submit_phase2"}
FINAL_STATES = {S.DENIED_FINAL, S.AGREEMENT_SIGNED, S.WITHDRAWN}
CMS_OWNED_STATES = {S.IN_REVIEW, S.RESPONSE_RECEIVED, S.RECOMMENDED, S.RECONSIDERATION}


def transition(source: str, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == source and t.action == action), None)


def reconsideration_deadline(application) -> dt.date | None:
    if application.decided_at is None:
        return None
    days = int(named("program")["reconsideration_days"])
    from django.utils import timezone

    return timezone.localdate(application.decided_at) + dt.timedelta(days=days)


def next_rfi_round(application) -> int:
    return application.rfis.count() + 1


def window_refusal(application, t: Transition, on: dt.date | None = None) -> str | None:
    """None when the transition's window is open; otherwise why not, and when."""
    on = on or today()
    if t.window is None:
        return None
    if t.window == "after_denial":
        deadline = reconsideration_deadline(application)
        if deadline is None or on > deadline:
            return (f"A reconsideration request must be received within {named('program')['reconsideration_days']} days "
                    f"of the notice of denial (42 CFR 425.802); that period ended on {deadline:%B %d, %Y}.")
        return None
    if t.window == "rfi_round":
        if t.action == "issue_rfi":
            rnd = next_rfi_round(application)
        else:
            rfi = application.open_rfi()
            rnd = rfi.round if rfi else next_rfi_round(application)
        phase = RFI_ROUND_WINDOWS.get(rnd)
        if phase is None:
            return f"No further RFI round is available: the cycle allows {len(RFI_ROUND_WINDOWS)} ({', '.join(PHASE_LABELS[p] for p in RFI_ROUND_WINDOWS.values())})."
        return window_problem(application.cycle, phase, on)
    return window_problem(application.cycle, t.window, on)


def refusal(application, action: str, user, on: dt.date | None = None) -> str | None:
    """Why `user` may not take `action` on `application` now, or None if they may.
    Rights, state, window and separation of duties; section completeness is checked by the action."""
    t = transition(application.status, action)
    if t is None:
        allowed = [x.label for x in TRANSITIONS if x.source == application.status]
        return (f"“{action.replace('_', ' ')}” is not possible while the application is "
                f"{application.get_status_display().lower()}" + (f"; possible: {', '.join(allowed)}." if allowed else "."))
    if not user.has_right(t.right, application.organization):
        return f"You may not {t.label.lower()}: it needs the right to {t.right.label.lower()}."
    duty = duty_conflict(application, action, user)
    if duty:
        return duty
    return sequence_refusal(application, action) or window_refusal(application, t, on)


def sequence_refusal(application, action) -> str | None:
    """None unless `action` comes too early (a step it follows has not been taken) or again."""
    if action in ONCE and TAKEN[action](application):
        if action == "submit_phase2":
            return (f"Phase 2 was already submitted on {application.phase2_submitted_at:%B %d, %Y}; the participant list "
                    "recorded then is the one CMS reviews.")
        return "This step was already taken."
    if action == "issue_rfi":
        rnd = next_rfi_round(application)
        needed = RFI_ROUND_AFTER.get(rnd)
        if needed and not TAKEN[needed](application):
            window = application.cycle.window("phase2")
            when = f" (the Phase 2 submission window runs {window[0]:%B %d} – {window[1]:%B %d, %Y})" if window else ""
            return (f"RFI-{rnd} is the Phase 2 RFI: it follows the ACO's Phase 2 submission, and "
                    f"{application.organization.name} has not submitted Phase 2 yet{when}.")
    return None


def duty_conflict(application, action, user) -> str | None:
    """Separation of duties: the reviewer who recommended never decides; the reconsideration is
    decided by someone involved in neither the recommendation nor the initial determination."""
    if action in ("issue_rfi", "resolve_rfi", "close_overdue_rfi", "recommend"):
        if application.reviewer_id != user.pk:
            return "Only the reviewer assigned to this application may do this; assign it to yourself first."
    if action in ("approve", "deny", "return_to_review") and user.pk in (application.recommended_by_id, application.reviewer_id):
        return "Separation of duties: the reviewer of an application cannot decide it; another Approver must."
    if action in ("reverse_denial", "uphold_denial") and user.pk in (
            application.recommended_by_id, application.reviewer_id, application.decided_by_id):
        return ("Separation of duties: a reconsideration is decided by someone who took part in neither the "
                "review nor the initial determination (42 CFR 425.804).")
    if action == "close_overdue_rfi":
        rfi = application.open_rfi()
        if rfi is None or rfi.due >= today():
            return f"The RFI is not overdue: the ACO may respond until {rfi.due:%B %d, %Y}." if rfi else "There is no open RFI."
    if action == "respond_rfi":
        rfi = application.open_rfi()
        if rfi is not None and rfi.due < today():
            return f"The response deadline of RFI-{rfi.round} was {rfi.due:%B %d, %Y}; it has passed."
    return None


def available(application, user, on: dt.date | None = None) -> list[Transition]:
    """The transitions `user` can take now (what the UI offers)."""
    return [t for t in TRANSITIONS if t.source == application.status and refusal(application, t.action, user, on) is None]


def waiting(application, on: dt.date | None = None) -> list[Transition]:
    """Transitions that move the case forward from its current state and whose window is open,
    whoever takes them (withdrawing ends a case rather than moving it, so it does not count)."""
    return [t for t in TRANSITIONS if t.source == application.status and t.action != "withdraw"
            and sequence_refusal(application, t.action) is None and window_refusal(application, t, on) is None]

"""The application's timeline in words: each audit event of the case with its label, what it
concerned (the section by its title, the RFI round, the reviewer) and the move from state to state
by the states' names. The page and the API read this; the codes stay in the audit rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from acoms.audit.labels import label
from acoms.audit.models import AuditEvent
from acoms.lib.formats import long_date

from . import sections
from .events import Event
from .models import Application


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    who: str
    code: str
    what: str
    detail: str
    status_from: str
    status_to: str


def status_label(code: str | None) -> str:
    """The name of an application state; "" for anything else (an RFI's own state is not a move of the case)."""
    try:
        return Application.Status(code).label if code else ""
    except ValueError:
        return ""


def _section_title(key) -> str:
    return sections.BY_KEY[key].title if key in sections.BY_KEY else str(key)


def _detail(event: AuditEvent) -> str:
    after = event.after if isinstance(event.after, dict) else {}
    code = event.action
    if code in (Event.SECTION_SAVE, Event.REVIEW_SECTION) and after.get("section"):
        text = _section_title(after["section"])
        if code == Event.REVIEW_SECTION:
            text += ": acceptable" if after.get("acceptable") else ": deficient"
        return text
    if code == Event.ISSUE_RFI and after.get("round"):
        due = dt.date.fromisoformat(after["due"]) if after.get("due") else None
        return f"RFI-{after['round']}" + (f", respond by {long_date(due)}" if due else "")
    if code in (Event.RESPOND_RFI, Event.RESOLVE_RFI, Event.CLOSE_OVERDUE_RFI) and after.get("round"):
        return f"RFI-{after['round']}"
    if code in (Event.RFI_OVERDUE, Event.RFI_REMINDER) and after.get("rfi"):
        return f"RFI-{after['rfi']}"
    if code == Event.ASSIGN and after.get("reviewer"):
        return f"to {after['reviewer']}"
    if code == Event.RECOMMEND and after.get("recommendation"):
        return {"approve": "Approve", "deny": "Deny"}.get(after["recommendation"], "")
    return ""


def entry(event: AuditEvent) -> Entry:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    return Entry(
        at=event.at,
        who=event.actor_label or "system",
        code=event.action,
        what=label(event.action),
        detail=_detail(event),
        status_from=status_label(before.get("status")),
        status_to=status_label(after.get("status")),
    )


def events_of(application):
    return AuditEvent.objects.filter(object_type="applications.application", object_id=str(application.pk)).order_by(
        "at", "id"
    )


def timeline(application) -> list[Entry]:
    return [entry(e) for e in events_of(application)]

"""The decision letter: an HTML template (templates/applications/letter.html) printed to a tagged,
accessible PDF (PDF/UA-1: a structure tree of headings, paragraphs and tables, the document's language
and title) by WeasyPrint, with real fonts so quotation marks, dashes and accents print as written. It
names the track, level and agreement period from the application's own answers, read through the one
renderer of sections (rendering.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from acoms.web import pdf

from . import eligibility, rendering, sections, workflow
from .actions import agreement_end
from .models import Application
from .parameters import named

S = Application.Status
LETTER_STATES = {S.APPROVED, S.DENIED, S.RECONSIDERATION, S.DENIED_FINAL, S.AGREEMENT_SIGNED}
APPROVED = {S.APPROVED, S.AGREEMENT_SIGNED}


@dataclass(frozen=True)
class Participation:
    track: str
    level: str
    risk: str


def participation(application) -> Participation | None:
    """The track and level the ACO applied for, in words ("BASIC track", "Level C", "two-sided")."""
    code = sections.chosen_level(application)
    if not code:
        return None
    label = eligibility.level_label(code)
    track, _, level = label.partition(" Level ")
    risk = eligibility.track(code).risk
    return Participation(f"{track} track", f"Level {level}" if level else "Single level", risk)


def context(application) -> dict:
    if application.status not in LETTER_STATES or application.decided_at is None:
        raise ValueError("There is no decision on this application yet.")
    final = application.final_decided_at is not None
    start = application.cycle.agreement_start
    decided_by = application.final_decided_by if final else application.decided_by
    answers = sections.masked_answers(application.data)
    return {
        "app": application,
        "org": application.organization,
        "final": final,
        "approved": application.status in APPROVED,
        "when": timezone.localdate(application.final_decided_at if final else application.decided_at),
        "reasons": application.final_decision_note if final else application.decision_note,
        "start": start,
        "end": agreement_end(start),
        "participation": participation(application),
        "answers": rendering.render(application, "participation", answers.get("participation")),
        "deadline": workflow.reconsideration_deadline(application),
        "reconsideration_days": named("program")["reconsideration_days"],
        "signer": (decided_by.get_full_name() if decided_by else "") or "CMS Approver",
    }


def letter_html(application) -> str:
    return render_to_string("applications/letter.html", context(application))


def decision_letter(application) -> bytes:
    """The letter as PDF bytes; ValueError when the application has no decision yet."""
    return pdf.letter_pdf("applications/letter.html", "letters/letter.css", context(application))

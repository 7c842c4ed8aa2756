"""The decision letter as a PDF (fpdf2), built from the application's record."""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF

from . import workflow
from .models import Application

S = Application.Status
LETTER_STATES = {S.APPROVED, S.DENIED, S.RECONSIDERATION, S.DENIED_FINAL, S.AGREEMENT_SIGNED}


def _latin1(text: str) -> str:
    return (
        text.replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("§", "sec. ")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def decision_letter(application) -> bytes:
    if application.status not in LETTER_STATES or application.decided_at is None:
        raise ValueError("There is no decision on this application yet.")
    org = application.organization
    final = application.final_decided_at is not None
    pdf = FPDF(format="Letter")
    pdf.set_compression(False)  # plain text streams: the letter is small and its text stays searchable
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, "Centers for Medicare & Medicaid Services\nMedicare Shared Savings Program")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    when = timezone.localdate(application.final_decided_at if final else application.decided_at)
    lines = [
        f"{when:%B %d, %Y}",
        "",
        org.legal_name or org.name,
        *(org.address or "").splitlines(),
        "",
        f"ACO ID: {org.aco_id}    Application: {application.pk}    Cycle: {application.cycle}",
        "",
    ]
    pdf.multi_cell(0, 6, _latin1("\n".join(lines)))
    pdf.set_font("Helvetica", "B", 12)
    if final:
        outcome = (
            "approved on reconsideration"
            if application.status in (S.APPROVED, S.AGREEMENT_SIGNED)
            else "denied on reconsideration"
        )
        pdf.multi_cell(0, 7, _latin1(f"Notice of reconsideration decision: your application is {outcome}"))
    elif application.decided_at and application.status != S.APPROVED and application.status != S.AGREEMENT_SIGNED:
        pdf.multi_cell(0, 7, "Notice of initial determination: your application is denied")
    else:
        pdf.multi_cell(0, 7, "Notice of initial determination: your application is approved")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 11)
    body = [
        f"Dear {org.name}:",
        "",
        f"CMS has reviewed the {application.get_app_type_display().lower()} application of {org.legal_name or org.name} "
        f"to participate in the Medicare Shared Savings Program for the agreement period beginning "
        f"{application.cycle.agreement_start:%B %d, %Y}.",
        "",
        "Reasons: " + (application.final_decision_note if final else application.decision_note),
        "",
    ]
    if not final and application.status in (S.DENIED, S.RECONSIDERATION, S.DENIED_FINAL):
        deadline = workflow.reconsideration_deadline(application)
        body += [
            f"You may request reconsideration of this determination. CMS must receive your request within 15 days of "
            f"this notice, by {deadline:%B %d, %Y} (42 CFR 425.802), through ACO-MS.",
            "",
        ]
    if final:
        body += ["This reconsideration decision is final (42 CFR 425.804).", ""]
    if application.status in (S.APPROVED, S.AGREEMENT_SIGNED):
        body += [
            "Your Authorized to Sign contact may now sign the participation agreement in ACO-MS during the agreement-signing window.",
            "",
        ]
    body += [
        "Sincerely,",
        "",
        (application.final_decided_by if final else application.decided_by).get_full_name() or "CMS Approver",
        "Medicare Shared Savings Program",
    ]
    pdf.multi_cell(0, 6, _latin1("\n".join(body)))
    return bytes(pdf.output())

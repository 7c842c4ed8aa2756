"""The names of the events of applications: audit events and the e-mails they trigger use these
and no free strings. Each workflow action `a` has the event `application.a` (a test checks it),
and every event has its words in LABELS (what the timeline, the audit log and the API show)."""

from enum import StrEnum


class Event(StrEnum):
    CYCLE_SAVE = "cycle.save"
    NOIA_SUBMIT = "noia.submit"
    NOIA_WITHDRAW = "noia.withdraw"
    START = "application.start"
    SECTION_SAVE = "application.section.save"
    SIGN = "application.sign"
    ASSIGN = "application.assign"
    REVIEW_SECTION = "application.review_section"
    RFI_OVERDUE = "application.rfi_overdue"
    RFI_REMINDER = "application.rfi_reminder"
    # the workflow actions (workflow.STEPS)
    SUBMIT = "application.submit"
    SUBMIT_PHASE2 = "application.submit_phase2"
    ISSUE_RFI = "application.issue_rfi"
    RESPOND_RFI = "application.respond_rfi"
    RESOLVE_RFI = "application.resolve_rfi"
    CLOSE_OVERDUE_RFI = "application.close_overdue_rfi"
    RECOMMEND = "application.recommend"
    RETURN_TO_REVIEW = "application.return_to_review"
    APPROVE = "application.approve"
    DENY = "application.deny"
    REQUEST_RECONSIDERATION = "application.request_reconsideration"
    REVERSE_DENIAL = "application.reverse_denial"
    UPHOLD_DENIAL = "application.uphold_denial"
    SIGN_AGREEMENT = "application.sign_agreement"
    WITHDRAW = "application.withdraw"

    @classmethod
    def of_action(cls, action: str) -> "Event":
        return cls(f"application.{action}")

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS: dict[Event, str] = {
    Event.CYCLE_SAVE: "Application cycle saved",
    Event.NOIA_SUBMIT: "Notice of Intent to Apply submitted",
    Event.NOIA_WITHDRAW: "Notice of Intent to Apply withdrawn",
    Event.START: "Application started",
    Event.SECTION_SAVE: "Section saved",
    Event.SIGN: "Application signed",
    Event.ASSIGN: "Reviewer assigned",
    Event.REVIEW_SECTION: "Review finding recorded",
    Event.RFI_OVERDUE: "RFI response overdue",
    Event.RFI_REMINDER: "RFI deadline reminder sent",
    Event.SUBMIT: "Application submitted",
    Event.SUBMIT_PHASE2: "Phase 2 submitted (final participant list)",
    Event.ISSUE_RFI: "Request for information issued",
    Event.RESPOND_RFI: "RFI response received",
    Event.RESOLVE_RFI: "RFI resolved",
    Event.CLOSE_OVERDUE_RFI: "Overdue RFI closed",
    Event.RECOMMEND: "Decision recommended",
    Event.RETURN_TO_REVIEW: "Returned to the reviewer",
    Event.APPROVE: "Application approved",
    Event.DENY: "Application denied",
    Event.REQUEST_RECONSIDERATION: "Reconsideration requested",
    Event.REVERSE_DENIAL: "Denial reversed on reconsideration",
    Event.UPHOLD_DENIAL: "Denial upheld on reconsideration",
    Event.SIGN_AGREEMENT: "Participation agreement signed",
    Event.WITHDRAW: "Application withdrawn",
}

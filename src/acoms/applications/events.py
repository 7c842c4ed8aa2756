"""The names of the events of applications: audit events and the e-mails they trigger use these
and no free strings. Each workflow action `a` has the event `application.a` (a test checks it)."""

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

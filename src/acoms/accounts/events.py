"""The names of the audit events that accounts write (one vocabulary, no free strings)."""

from enum import StrEnum


class AccountEvent(StrEnum):
    ORGANIZATION_CREATE = "organization.create"
    ORGANIZATION_REGISTER = "organization.register"
    MEMBERSHIP_GRANT = "membership.grant"
    MEMBERSHIP_REVOKE = "membership.revoke"
    REGISTRATION_REQUEST = "registration.request"
    USER_REGISTER = "user.register"
    INVITATION_SEND = "invitation.send"
    INVITATION_ACCEPT = "invitation.accept"

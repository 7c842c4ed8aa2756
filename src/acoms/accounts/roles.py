"""Roles and the rights each one carries.

ACO staff hold one or more *contact types* in their ACO (the contact types of CMS's ACO
Management System); CMS staff hold one or more CMS roles. A right is granted by the table below
and nowhere else, so the table is the one place to read who may do what; `check()` is the one
place a right is tested (`accounts.actions.require_right` raises on its refusal).

Work the system does on its own (the sweep, background tasks, the demo seed, registry loads) acts
as `SYSTEM`, an explicit actor holding every right; no action accepts "nobody" (`by=None`).
"""

from django.db import models


class Role(models.TextChoices):
    ACO_EXECUTIVE = "aco_executive", "ACO Executive"
    AUTHORIZED_TO_SIGN = "authorized_to_sign", "Authorized to Sign"
    APPLICATION_CONTACT = "application_contact", "Application Contact"
    COMPLIANCE_OFFICER = "compliance_officer", "Compliance Officer"
    MEDICAL_DIRECTOR = "medical_director", "Medical Director"
    CMS_LIAISON = "cms_liaison", "CMS Liaison"
    DATA_CONTACT = "data_contact", "Data Contact"
    CMS_REVIEWER = "cms_reviewer", "CMS Reviewer"
    CMS_APPROVER = "cms_approver", "CMS Approver"
    CMS_ANALYST = "cms_analyst", "CMS Program Analyst"
    CMS_ADMIN = "cms_admin", "CMS Administrator"


ACO_ROLES = frozenset(
    {
        Role.ACO_EXECUTIVE,
        Role.AUTHORIZED_TO_SIGN,
        Role.APPLICATION_CONTACT,
        Role.COMPLIANCE_OFFICER,
        Role.MEDICAL_DIRECTOR,
        Role.CMS_LIAISON,
        Role.DATA_CONTACT,
    }
)
CMS_ROLES = frozenset({Role.CMS_REVIEWER, Role.CMS_APPROVER, Role.CMS_ANALYST, Role.CMS_ADMIN})


class Right(models.TextChoices):
    VIEW_ACO = "view_aco", "See the ACO's records"
    EDIT_APPLICATION = "edit_application", "Prepare applications and lists"
    SIGN = "sign", "Sign applications, certifications and agreements"
    RESPOND_RFI = "respond_rfi", "Respond to requests for information"
    MANAGE_CONTACTS = "manage_contacts", "Add and remove the ACO's contacts"
    VIEW_DATA = "view_data", "Read beneficiary-level data and reports"
    COMPLIANCE = "compliance", "Answer compliance and monitoring requests"
    REVIEW = "review", "Review applications and issue RFIs"
    DECIDE = "decide", "Approve or deny applications"
    RUN_ANALYTICS = "run_analytics", "Run assignment and financial reconciliation"
    ADMINISTER = "administer", "Administer cycles, users and the audit log"
    ASSIGN_REVIEWERS = "assign_reviewers", "Assign reviewers to applications"
    VIEW_PROGRAM = "view_program", "See program-wide queues and dashboards"
    VIEW_BANKING = "view_banking", "See bank routing and account numbers in full"


_ALL_ACO = ACO_ROLES
RIGHTS: dict[Right, frozenset[Role]] = {
    Right.VIEW_ACO: _ALL_ACO | CMS_ROLES,
    Right.EDIT_APPLICATION: frozenset({Role.ACO_EXECUTIVE, Role.AUTHORIZED_TO_SIGN, Role.APPLICATION_CONTACT}),
    Right.SIGN: frozenset({Role.AUTHORIZED_TO_SIGN}),
    Right.RESPOND_RFI: frozenset({Role.ACO_EXECUTIVE, Role.AUTHORIZED_TO_SIGN, Role.APPLICATION_CONTACT}),
    Right.MANAGE_CONTACTS: frozenset({Role.ACO_EXECUTIVE, Role.AUTHORIZED_TO_SIGN}),
    Right.VIEW_DATA: frozenset({Role.ACO_EXECUTIVE, Role.MEDICAL_DIRECTOR, Role.DATA_CONTACT}),
    Right.COMPLIANCE: frozenset({Role.COMPLIANCE_OFFICER, Role.ACO_EXECUTIVE}),
    Right.REVIEW: frozenset({Role.CMS_REVIEWER}),
    Right.DECIDE: frozenset({Role.CMS_APPROVER}),
    Right.RUN_ANALYTICS: frozenset({Role.CMS_ANALYST, Role.CMS_ADMIN}),
    Right.ADMINISTER: frozenset({Role.CMS_ADMIN}),
    Right.ASSIGN_REVIEWERS: frozenset({Role.CMS_REVIEWER, Role.CMS_ADMIN}),
    Right.VIEW_PROGRAM: CMS_ROLES,
    # Who sets up and checks the EFT account: the ACO's executive and signer (they sign the CMS-588) and
    # the CMS Administrator who maintains payment records. Everyone else sees the last four digits.
    Right.VIEW_BANKING: frozenset({Role.ACO_EXECUTIVE, Role.AUTHORIZED_TO_SIGN, Role.CMS_ADMIN}),
}


class SystemActor:
    """The system acting on its own. It holds every right and is nobody: audit events name it
    "system", and fields that record a person (submitted_by, ...) stay empty."""

    is_authenticated = False
    is_active = True
    is_cms_staff = True
    pk = None

    def has_right(self, right: Right, organization=None) -> bool:
        return True

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def check(actor, right: Right, organization=None) -> bool:
    """Whether `actor` holds `right` (in `organization` for ACO rights). `None` is refused loudly:
    an action always knows who acts (a user, or SYSTEM)."""
    if actor is None:
        raise TypeError("No actor given: pass the user who acts, or accounts.roles.SYSTEM for the system itself.")
    return actor.has_right(right, organization)


def person(actor):
    """The user to store in a "who did it" field: None for SYSTEM."""
    return None if isinstance(actor, SystemActor) else actor

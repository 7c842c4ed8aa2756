"""Roles and the rights each one carries.

ACO staff hold one or more *contact types* in their ACO (the contact types of CMS's ACO
Management System); CMS staff hold one or more CMS roles. A right is granted by the table below
and nowhere else, so the table is the one place to read who may do what.
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
}

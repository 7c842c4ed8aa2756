"""Demo data: one CMS organization, two ACOs and a log-in for every role. Idempotent: running it
again changes nothing that is already there."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from acoms.accounts import actions
from acoms.accounts.models import Organization, User
from acoms.accounts.roles import SYSTEM, Role

DEMO_PASSWORD = "aco-ms-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: Role
    org_key: str  # "cms", "aco_x" or "aco_y"


ORGANIZATIONS = {
    "cms": {"kind": "cms", "name": "Centers for Medicare & Medicaid Services", "aco_id": None, "tin": ""},
    "aco_x": {
        "kind": "aco",
        "name": "Sunrise Health ACO",
        "aco_id": "A1001",
        "tin": "201234567",
        "legal_name": "Sunrise Health Accountable Care, LLC",
        "address": "100 Main Street\nColumbus, OH 43215",
    },
    "aco_y": {
        "kind": "aco",
        "name": "Lakeshore Care Partners",
        "aco_id": "A1002",
        "tin": "371234568",
        "legal_name": "Lakeshore Care Partners, Inc.",
        "address": "55 Harbor Drive\nChicago, IL 60601",
    },
}

LOGINS = [
    DemoLogin("aco-executive", "Dana Executive", Role.ACO_EXECUTIVE, "aco_x"),
    DemoLogin("aco-signer", "Sam Signer", Role.AUTHORIZED_TO_SIGN, "aco_x"),
    DemoLogin("aco-application", "Alex Applicant", Role.APPLICATION_CONTACT, "aco_x"),
    DemoLogin("aco-compliance", "Casey Compliance", Role.COMPLIANCE_OFFICER, "aco_x"),
    DemoLogin("aco-medical", "Morgan Medical", Role.MEDICAL_DIRECTOR, "aco_x"),
    DemoLogin("aco-liaison", "Lee Liaison", Role.CMS_LIAISON, "aco_x"),
    DemoLogin("aco-data", "Drew Data", Role.DATA_CONTACT, "aco_x"),
    DemoLogin("other-aco", "Owen Other", Role.ACO_EXECUTIVE, "aco_y"),
    DemoLogin("cms-reviewer", "Riley Reviewer", Role.CMS_REVIEWER, "cms"),
    DemoLogin("cms-approver", "Avery Approver", Role.CMS_APPROVER, "cms"),
    DemoLogin("cms-analyst", "Parker Analyst", Role.CMS_ANALYST, "cms"),
    DemoLogin("cms-admin", "Jordan Administrator", Role.CMS_ADMIN, "cms"),
]


@transaction.atomic
def seed_people(password: str = DEMO_PASSWORD) -> dict[str, Organization]:
    orgs = {}
    for key, fields in ORGANIZATIONS.items():
        org = Organization.objects.filter(name=fields["name"]).first()
        orgs[key] = org or actions.create_organization(by=SYSTEM, **fields)
    for login in LOGINS:
        first, last = login.name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=login.username,
            defaults={"first_name": first, "last_name": last, "email": f"{login.username}@example.org"},
        )
        if created:
            user.set_password(password)
            if login.role == Role.CMS_ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        actions.grant_role(by=SYSTEM, user=user, organization=orgs[login.org_key], role=login.role)
    return orgs


def seed(progress: Callable[[str], None] | None = None) -> None:
    """People first, then each app's own demo data (`acoms/<app>/demo.py: seed(orgs)`); `progress` is told
    each step as it starts (`acoms demo` prints them: an app's demo module names its step in `PROGRESS`)."""
    from acoms.apps_registry import app_modules  # noqa: PLC0415 (the apps' demo modules import this module)

    say = progress or (lambda line: None)
    say("people and organisations")
    orgs = seed_people()
    for app, module in app_modules("demo"):
        say(getattr(module, "PROGRESS", f"{app.rsplit('.', 1)[1]} demo data"))
        module.seed(orgs)

"""Demo data: two earlier cycles (for the comparison table) and a current cycle whose phases are
compressed around today so every step can be tried in the demo; four more ACOs registered
through the registration action, each with an application in a different state. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from acoms.accounts import actions as account_actions
from acoms.accounts.models import Organization, User
from acoms.accounts.roles import SYSTEM, Role
from acoms.lib import identifiers
from acoms.participants import actions as list_actions
from acoms.participants import demo as participants_demo
from acoms.participants.layouts import LAYOUTS
from acoms.participants.models import EnrollmentRecord, Participant
from acoms.participants.reader import Parsed

from . import actions
from .models import Cycle, Noia, PriorAgreement
from .windows import today

PROGRESS = "application cycles, NOIAs and applications in every state, then the participant lists"

PASSWORD = "aco-ms-demo-2026"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# Days from today: (opens, closes). The demo cycle overlaps its phases on purpose.
DEMO_WINDOWS = {
    "noia": (-30, 21),
    "phase1": (-21, 35),
    "rfi1": (-14, 50),
    "rfi2": (-14, 60),
    "phase2": (-7, 70),
    "phase2_rfi": (-7, 75),
    "determination": (-7, 90),
    "reconsideration": (-7, 110),
    "signing": (-7, 120),
}
PREVIOUS_WINDOWS = {
    "noia": ("2025-04-01", "2025-04-30"),
    "phase1": ("2025-05-19", "2025-06-16"),
    "rfi1": ("2025-07-10", "2025-07-31"),
    "rfi2": ("2025-08-21", "2025-09-04"),
    "phase2": ("2025-09-15", "2025-10-06"),
    "phase2_rfi": ("2025-10-15", "2025-10-29"),
    "determination": ("2025-11-01", "2025-11-30"),
    "reconsideration": ("2025-12-01", "2025-12-15"),
    "signing": ("2025-12-01", "2025-12-19"),
}
CURRENT_START = dt.date(2027, 1, 1)
PREVIOUS_START = dt.date(2026, 1, 1)
EARLIER_START = dt.date(2025, 1, 1)  # a third cycle, so the dashboards compare more than two years of NOIAs
EARLIER_WINDOWS = {phase: (f"2024{o[4:]}", f"2024{c[4:]}") for phase, (o, c) in PREVIOUS_WINDOWS.items()}

EXTRA_ACOS = [  # username, person, ACO name, legal name, TIN, address, history [(start, end, level)], story
    (
        "prairie-exec",
        "Pat Prairie",
        "Prairie Valley ACO",
        "Prairie Valley Accountable Care, LLC",
        "451234567",
        "12 Elm Street\nDes Moines, IA 50309",
        [("2022-01-01", "2026-12-31", "B")],
        "rfi",
    ),
    (
        "coastal-exec",
        "Cory Coastal",
        "Coastal Physicians ACO",
        "Coastal Physicians Network, Inc.",
        "861234563",
        "8 Ocean Avenue\nSavannah, GA 31401",
        [("2024-01-01", "2028-12-31", "E")],
        "recommended",
    ),
    (
        "mountain-exec",
        "Mel Mountain",
        "Mountain Health Network",
        "Mountain Health Network ACO, LLC",
        "911234567",
        "300 Summit Road\nDenver, CO 80202",
        [],
        "denied",
    ),
    (
        "riverbend-exec",
        "Robin Riverbend",
        "Riverbend Care Collaborative",
        "Riverbend Care Collaborative, Inc.",
        "271234560",
        "44 Mill Lane\nLouisville, KY 40202",
        [("2016-01-01", "2018-12-31", "T1")],
        "unassigned",
    ),
]


def complete_answers(org, level="C") -> dict:
    """Answers that complete every section for `org` at `level` (used by the demo and the tests)."""
    data = {
        "identity": {
            "legal_name": org.legal_name or org.name,
            "tin": org.tin,
            "address": org.address or "1 Main Street",
            "entity_type": "llc",
            "formed_by": "group_practice",
        },
        "governance": {
            "beneficiary_explanation": "",
            "members": [
                {
                    "name": "Chair Person",
                    "title": "Chair",
                    "participant_representative": True,
                    "medicare_beneficiary": False,
                },
                {
                    "name": "Doc Tor",
                    "title": "Member",
                    "participant_representative": True,
                    "medicare_beneficiary": False,
                },
                {
                    "name": "Nur Se",
                    "title": "Member",
                    "participant_representative": True,
                    "medicare_beneficiary": False,
                },
                {
                    "name": "Bene Ficiary",
                    "title": "Beneficiary member",
                    "participant_representative": False,
                    "medicare_beneficiary": True,
                },
            ],
        },
        "leadership": {
            "executive_name": "Dana Executive",
            "executive_email": "exec@example.org",
            "medical_director_name": "Dr. Morgan Medical",
            "compliance_officer_name": "Casey Compliance",
            "compliance_officer_email": "compliance@example.org",
        },
        "participation": {
            "level": level,
            "participants_experienced": False,
            "level_a_all_years": False,
            "msr_mlr": "0.02" if level in ("C", "D", "E", "EN") else "",
            "assignment": "prospective",
        },
        "participants": {"list_confirmed": True},
        "addons": {"snf_waiver": False, "bip": False},
        "repayment": {
            "assigned_beneficiaries": 12000,
            "per_capita_expenditure": 11500.0,
            "participant_revenue": 40000000.0,
            "instrument": "letter_of_credit",
            "instrument_amount": 900000.0,
        },
        "banking": {
            "bank_name": "First Demo Bank",
            "routing_number": "011000015",
            "account_number": "123456789",
            "account_type": "checking",
            "cms588": True,
        },
        "attestations": {
            "accurate": True,
            "compliance_plan": True,
            "agreements_executed": True,
            "no_other_initiative": True,
        },
    }
    if level not in ("C", "D", "E", "EN"):
        data.pop("repayment")
    return data


def fill_and_submit(app, *, editor, signer, level="C"):
    """Complete every section through the actions, sign and submit."""
    fill_and_sign(app, editor=editor, signer=signer, level=level)
    return actions.submit(by=editor, application=app)


def enter_participant_list(org, *, editor, py: int) -> list[str]:
    """Give `org` a ready participant list for performance year `py` when it has none: one enrolled
    practice TIN with its signed participant agreement, entered through the participants app's
    actions (the demo ACOs and the tests need a list for the participant list section). Returns
    the TINs in force."""
    current = list_actions.entries(org, py, "participants")
    if current.exists():
        return sorted(current.values_list("tin", flat=True))
    n = (org.pk * 7919) % 10**7
    while True:  # an EIN-shaped TIN nobody else uses
        tin = f"46{n:07d}"
        if (
            identifiers.is_ein(tin)
            and not EnrollmentRecord.objects.filter(tin=tin).exists()
            and not Participant.objects.filter(tin=tin).exists()
        ):
            break
        n = (n + 1) % 10**7
    name = f"{org.name} Primary Care Group"[:200]
    list_actions.load_registry(
        by=SYSTEM, records=[{"tin": tin, "legal_name": name}], source="ACO-MS demo (applications)"
    )
    list_actions.attach_agreement(
        by=editor, aco=org, identifier=tin, upload=SimpleUploadedFile(f"agreement-{tin}.pdf", PDF, "application/pdf")
    )
    row = {"tin": tin, "legal_name": name, "ccns": ""}
    list_actions.save_list(
        by=editor,
        aco=org,
        py=py,
        parsed=Parsed(LAYOUTS["participants"], [(2, row)]),
        filename="participants.csv",
        data=repr(row).encode(),
    )
    return [tin]


def fill_and_sign(app, *, editor, signer, level="C"):
    """Answer every section, sign. The ACO's participant list for the first performance year is
    entered first when it has none (the participant list section reads it)."""
    enter_participant_list(app.organization, editor=editor, py=app.cycle.agreement_start.year)
    for key, answers in complete_answers(app.organization, level).items():
        doc = (
            ContentFile(PDF, name="repayment-instrument.pdf")
            if key == "repayment" and answers and level in ("C", "D", "E", "EN")
            else None
        )
        actions.save_section(by=editor, application=app, key=key, data=answers, document=doc)
    app.refresh_from_db()
    return actions.sign_application(by=signer, application=app, typed_name=signer.get_full_name())


def _windows(spec, base=None):
    if base is None:
        return {p: (dt.date.fromisoformat(o), dt.date.fromisoformat(c)) for p, (o, c) in spec.items()}
    return {p: (base + dt.timedelta(days=o), base + dt.timedelta(days=c)) for p, (o, c) in spec.items()}


def _user(username, name, email_domain="example.org"):
    first, last = name.split(" ", 1)
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@{email_domain}"}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


@transaction.atomic
def seed(orgs):
    if Cycle.objects.filter(agreement_start=CURRENT_START).exists():
        return  # already seeded
    admin = User.objects.get(username="cms-admin")
    reviewer = User.objects.get(username="cms-reviewer")
    approver = User.objects.get(username="cms-approver")
    hearing = _user(
        "cms-hearing", "Hadley Hearing"
    )  # a second Approver, for reconsiderations (never the first decider)
    account_actions.grant_role(by=admin, user=hearing, organization=orgs["cms"], role=Role.CMS_APPROVER)

    earlier = actions.save_cycle(
        by=admin, agreement_start=EARLIER_START, name="January 1, 2025 start", windows=_windows(EARLIER_WINDOWS)
    )
    previous = actions.save_cycle(
        by=admin, agreement_start=PREVIOUS_START, name="January 1, 2026 start", windows=_windows(PREVIOUS_WINDOWS)
    )
    current = actions.save_cycle(
        by=admin, agreement_start=CURRENT_START, name="January 1, 2027 start", windows=_windows(DEMO_WINDOWS, today())
    )
    participants_demo.seed(orgs)  # the registry and the lists of A1001 and A1002, for years these cycles cover

    acos = {}
    for username, person, name, legal, tin, address, history, story in EXTRA_ACOS:
        user = _user(username, person)
        org = Organization.objects.filter(tin=tin).first() or account_actions.register_aco(
            user=user, name=name, legal_name=legal, tin=tin, address=address, authorized_to_sign=True
        )
        for start, end, level in history:
            PriorAgreement.objects.get_or_create(
                organization=org, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), level=level
            )
        acos[story] = (org, user)

    # The previous cycle, for the NOIA comparison table (its windows are closed, so rows are written directly).
    for org, app_type in [
        (orgs["aco_x"], "initial"),
        (orgs["aco_y"], "initial"),
        (acos["rfi"][0], "initial"),
        (acos["recommended"][0], "initial"),
        (acos["unassigned"][0], "reentering"),
        (acos["denied"][0], "initial"),
    ]:
        Noia.objects.get_or_create(organization=org, cycle=previous, defaults={"app_type": app_type})
    Noia.objects.filter(cycle=previous, organization=acos["denied"][0]).update(status=Noia.Status.WITHDRAWN)
    for org, app_type in [
        (orgs["aco_y"], "initial"),
        (acos["rfi"][0], "initial"),
        (acos["unassigned"][0], "renewal"),
    ]:
        Noia.objects.get_or_create(organization=org, cycle=earlier, defaults={"app_type": app_type})

    # The current cycle, through the actions.
    def start(org, user, level="C"):
        app_type = actions.determined_type(org, current)[0]
        actions.submit_noia(by=user, organization=org, cycle=current, app_type=app_type)
        app = actions.start_application(by=user, organization=org, cycle=current, app_type=app_type)
        return fill_and_submit(app, editor=user, signer=user, level=level)

    org, user = acos["rfi"]
    app = start(org, user, "C")
    actions.assign_reviewer(by=reviewer, application=app, reviewer=reviewer)
    for key, note in (
        ("identity", ""),
        ("repayment", "The letter of credit names the ACO, not CMS, as beneficiary."),
        ("governance", "No conflict-of-interest disclosure for the beneficiary member."),
    ):
        actions.review_section(by=reviewer, application=app, key=key, acceptable=not note, note=note)
    actions.issue_rfi(
        by=reviewer,
        application=app,
        due=today() + dt.timedelta(days=2),
        deficiencies=[
            ("repayment", "The letter of credit names the wrong beneficiary; reissue it to CMS."),
            ("governance", "Add the Medicare beneficiary member's conflict-of-interest disclosure."),
        ],
    )

    org, user = acos["recommended"]
    app = start(org, user, "E")
    actions.assign_reviewer(by=reviewer, application=app, reviewer=reviewer)
    actions.submit_phase2(by=user, application=app)  # the final participant list, in the Phase 2 window
    actions.recommend(
        by=reviewer, application=app, recommendation="approve", note="All sections meet the requirements."
    )

    org, user = acos["denied"]
    app = start(org, user, "A")
    actions.assign_reviewer(by=reviewer, application=app, reviewer=reviewer)
    actions.recommend(
        by=reviewer,
        application=app,
        recommendation="deny",
        note="Fewer than 5,000 assigned beneficiaries in each benchmark year (42 CFR 425.110).",
    )
    actions.decide(
        by=approver,
        application=app,
        decision="deny",
        note="The ACO does not meet the minimum of 5,000 assigned beneficiaries (42 CFR 425.110).",
    )

    org, user = acos["unassigned"]
    start(org, user, "D")

    # Lakeshore (A1002): approved, awaiting the agreement signature.
    signer = _user("lakeshore-signer", "Lane Lakeshore")
    account_actions.grant_role(by=SYSTEM, user=signer, organization=orgs["aco_y"], role=Role.AUTHORIZED_TO_SIGN)
    app = start(orgs["aco_y"], signer, "B")
    actions.assign_reviewer(by=reviewer, application=app, reviewer=reviewer)
    actions.recommend(by=reviewer, application=app, recommendation="approve", note="Complete and compliant.")
    actions.decide(
        by=approver,
        application=app,
        decision="approve",
        note="The application meets every requirement of 42 CFR part 425.",
    )
    # Sunrise (A1001) is left for the walkthrough: a NOIA and an application to prepare are up to its staff.

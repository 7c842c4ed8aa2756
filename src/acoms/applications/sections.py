"""The sections of an application: each has a form (field validation) and checks (the program
rules across fields and sections). A section is complete when its stored answers pass both.

Answers live in `Application.data[<section key>]` as plain JSON values."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms

from acoms.accounts.roles import Right, check
from acoms.lib import identifiers
from acoms.lib.formats import money
from acoms.rules import governance

from . import eligibility, participant_lists, prefill
from .parameters import named

PDF_MAX_BYTES = 5 * 1024 * 1024


def validate_pdf(upload):
    if upload.size > PDF_MAX_BYTES:
        raise forms.ValidationError(
            f"The file is {upload.size / 1e6:.1f} MB; the limit is {PDF_MAX_BYTES // 2**20} MB."
        )
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-" or not upload.name.lower().endswith(".pdf"):
        raise forms.ValidationError("Upload a PDF document (a file ending in .pdf that starts with %PDF-).")


def validate_tin(value):
    problem = identifiers.tin_problem(value)
    if problem == "format":
        raise forms.ValidationError("A TIN has exactly nine digits, without a dash.")
    if problem == "prefix":
        raise forms.ValidationError(
            "This is not a valid employer identification number: its first two digits are not an IRS campus prefix."
        )


def tin_field(label: str) -> forms.CharField:
    """A TIN input with one message per problem: `validate_tin` alone judges the value (a length
    validator beside it would say the same thing twice in Django's words)."""
    return forms.CharField(
        label=label,
        validators=[validate_tin],
        widget=forms.TextInput(attrs={"maxlength": 9, "inputmode": "numeric", "autocomplete": "off"}),
    )


class IdentityForm(forms.Form):
    ENTITY_TYPES = [
        ("llc", "Limited liability company"),
        ("corporation", "Corporation"),
        ("partnership", "Partnership"),
        ("nonprofit", "Nonprofit corporation"),
        ("other", "Other"),
    ]
    FORMED_BY = [  # §425.102(a)
        ("group_practice", "Group practice of ACO professionals"),
        ("network", "Network of individual practices"),
        ("partnership", "Partnership or joint venture of hospitals and ACO professionals"),
        ("hospital", "Hospital employing ACO professionals"),
        ("cah", "Critical access hospital billing under Method II"),
        ("rhc", "Rural health clinic"),
        ("fqhc", "Federally qualified health center"),
        ("eta_hospital", "Teaching hospital that elected reasonable-cost payment (ETA)"),
    ]
    legal_name = forms.CharField(label="Legal name of the ACO", max_length=200)
    tin = tin_field("ACO TIN (nine digits)")
    address = forms.CharField(
        label="Address of the legal entity", widget=forms.Textarea(attrs={"rows": 3}), max_length=500
    )
    entity_type = forms.ChoiceField(label="Legal structure", choices=ENTITY_TYPES)
    formed_by = forms.ChoiceField(label="Formed by (42 CFR 425.102(a))", choices=FORMED_BY)


class GoverningMemberForm(forms.Form):
    name = forms.CharField(label="Member name", max_length=200)
    title = forms.CharField(label="Role on the governing body", max_length=100)
    participant_representative = forms.BooleanField(label="Represents an ACO participant", required=False)
    medicare_beneficiary = forms.BooleanField(
        label="Medicare beneficiary member (not a provider, no conflict of interest)", required=False
    )


GoverningMemberFormSet = forms.formset_factory(GoverningMemberForm, extra=5, max_num=30, validate_max=True)


class GovernanceForm(forms.Form):
    beneficiary_explanation = forms.CharField(
        label="If no Medicare beneficiary sits on the governing body, explain how beneficiaries are represented (42 CFR 425.106(c)(2))",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class LeadershipForm(forms.Form):
    executive_name = forms.CharField(label="ACO executive", max_length=200)
    executive_email = forms.EmailField(label="ACO executive's email")
    medical_director_name = forms.CharField(
        label="Medical director (a board-certified physician, 42 CFR 425.108(c))", max_length=200
    )
    compliance_officer_name = forms.CharField(
        label="Compliance officer (not legal counsel to the ACO, 42 CFR 425.300(a)(1))", max_length=200
    )
    compliance_officer_email = forms.EmailField(label="Compliance officer's email")


class ParticipationForm(forms.Form):
    ASSIGNMENT = [
        ("prospective", "Prospective assignment"),
        ("preliminary_prospective", "Preliminary prospective assignment with retrospective reconciliation"),
    ]
    level = forms.ChoiceField(label="Track and level", choices=[])
    participants_experienced = forms.BooleanField(
        label="40% or more of our ACO participants took part in a performance-based risk initiative in one of the 5 most recent performance years",
        required=False,
    )
    level_a_all_years = forms.BooleanField(
        label="Remain in BASIC Level A for every year of the agreement (42 CFR 425.600(a)(4)(i)(C)(2))", required=False
    )
    msr_mlr = forms.ChoiceField(label="MSR/MLR election (two-sided levels)", choices=[], required=False)
    assignment = forms.ChoiceField(label="Assignment methodology (42 CFR 425.400(a)(4))", choices=ASSIGNMENT)

    def __init__(self, *args, agreement_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        levels = ("A", "B", "C", "D", "E", "EN")
        self.fields["level"].choices = [("", "Choose…")] + [(c, eligibility.level_label(c)) for c in levels]
        options = eligibility.msr_options("EN", agreement_year or 2027)
        self.fields["msr_mlr"].choices = [("", "Not applicable (one-sided)")] + [
            (str(o), eligibility.msr_label(o)) for o in options
        ]


class ParticipantsForm(forms.Form):
    list_confirmed = forms.BooleanField(
        label="Our participant list for the agreement's first performance year and the executed participant agreements "
        "are entered in ACO-MS",
        required=True,
    )


class AddOnsForm(forms.Form):
    snf_waiver = forms.BooleanField(
        label="Apply for the SNF 3-day rule waiver (42 CFR 425.612); the SNF affiliates are those on your SNF affiliate list",
        required=False,
    )
    bip = forms.BooleanField(label="Apply for the Beneficiary Incentive Program (42 CFR 425.304(c))", required=False)


class RepaymentForm(forms.Form):
    INSTRUMENTS = [
        ("escrow", "Funds placed in escrow"),
        ("letter_of_credit", "Irrevocable letter of credit"),
        ("surety_bond", "Surety bond"),
    ]
    assigned_beneficiaries = forms.IntegerField(
        label="Assigned beneficiaries (most recent calendar year)", min_value=1, max_value=10_000_000
    )
    per_capita_expenditure = forms.DecimalField(
        label="Per capita Medicare Parts A and B FFS expenditure ($)",
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
    )
    participant_revenue = forms.DecimalField(
        label="ACO participants' total Medicare Parts A and B FFS revenue ($)",
        min_value=Decimal("0"),
        max_digits=15,
        decimal_places=2,
    )
    instrument = forms.ChoiceField(label="Repayment mechanism (42 CFR 425.204(f)(2))", choices=INSTRUMENTS)
    instrument_amount = forms.DecimalField(
        label="Amount of the instrument ($)", min_value=Decimal("0"), max_digits=15, decimal_places=2
    )
    document = forms.FileField(
        label="The executed instrument (PDF, up to 5 MB)", required=False, validators=[validate_pdf]
    )


class BankingForm(forms.Form):
    bank_name = forms.CharField(label="Financial institution", max_length=200)
    routing_number = forms.CharField(label="Routing transit number (nine digits)", max_length=9, min_length=9)
    account_number = forms.CharField(label="Account number", max_length=17, min_length=4)
    account_type = forms.ChoiceField(label="Account type", choices=[("checking", "Checking"), ("savings", "Savings")])
    cms588 = forms.BooleanField(
        label="A CMS-588 EFT authorization agreement signed by the ACO is attached to our enrollment", required=True
    )

    def clean_routing_number(self):
        value = self.cleaned_data["routing_number"]
        if not identifiers.is_routing_number(value):
            raise forms.ValidationError(
                "This routing number is not valid: it needs nine digits with a correct check digit."
            )
        return value

    def clean_account_number(self):
        value = self.cleaned_data["account_number"]
        if not value.isdigit():
            raise forms.ValidationError("An account number has digits only.")
        return value


class AttestationsForm(forms.Form):
    accurate = forms.BooleanField(
        label="The information in this application is accurate, complete and truthful (42 CFR 425.302(a))"
    )
    compliance_plan = forms.BooleanField(label="The ACO has a compliance plan that meets 42 CFR 425.300")
    agreements_executed = forms.BooleanField(
        label="Each ACO participant has executed an ACO participant agreement (42 CFR 425.116)"
    )
    no_other_initiative = forms.BooleanField(
        label="No ACO participant takes part in another Medicare shared savings initiative (42 CFR 425.114)"
    )


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    form: type | None
    summary: str
    checks: object = None  # callable(application, data) -> [problem]; answers that break them are not saved
    live: object = None  # callable(application, data) -> [problem] read from other records (the participant
    #                      lists); they keep the section incomplete but do not stop the answers being saved
    needed: object = None  # callable(application) -> bool; False means "not required"
    files: tuple = field(default=())


def _history(application):
    return [
        eligibility.PriorAgreement(a.start, a.end, a.level, a.terminated_early)
        for a in application.organization.agreements.all()
    ]


def _governance_checks(application, data):
    return governance.governing_body_problems(
        data.get("members") or [],
        data.get("beneficiary_explanation") or "",
        float(named("program")["governing_body_participant_share"]),
    )


def participation_options(application, participants_experienced=False):
    return eligibility.allowed_levels(_history(application), participants_experienced, application.app_type)


def _participation_checks(application, data):
    level = data.get("level")
    if not level:
        return ["Choose a track and level."]
    problems = []
    options = participation_options(application, bool(data.get("participants_experienced")))
    if level not in options.levels:
        problems.append(
            f"{eligibility.level_label(level)} is not open to this ACO: "
            + " ".join(options.reasons)
            + f" Open: {', '.join(eligibility.level_label(c) for c in options.levels)}."
        )
    if data.get("level_a_all_years") and (level != "A" or not options.level_a_all_years):
        problems.append(
            "Only an inexperienced ACO in its first BASIC agreement that starts at Level A may stay at Level A for every year (42 CFR 425.600(a)(4)(i)(C)(2))."
        )
    year = application.cycle.agreement_start.year
    if eligibility.is_two_sided(level):
        allowed = [str(o) for o in eligibility.msr_options(level, year)]
        if not data.get("msr_mlr"):
            problems.append(
                f"{eligibility.level_label(level)} is two-sided: choose an MSR/MLR (42 CFR 425.605(b)(2), 425.610(b))."
            )
        elif data["msr_mlr"] not in allowed:
            problems.append("This MSR/MLR is not an option for the chosen level.")
    elif data.get("msr_mlr"):
        problems.append(f"{eligibility.level_label(level)} is one-sided: it has no MSR/MLR election; leave it blank.")
    return problems


def chosen_level(application):
    return application.section("participation").get("level")


def _addons_checks(application, data):
    wants = data.get("snf_waiver") or data.get("bip")
    level = chosen_level(application)
    problems = []
    if wants and not (level and eligibility.add_ons_allowed(level)):
        problems.append(
            "The SNF 3-day rule waiver and the Beneficiary Incentive Program are open only to BASIC Levels C–E and ENHANCED "
            "(42 CFR 425.612(a)(1)(vi), 425.304(c)); choose such a level under Participation option first."
        )
    return problems


def _participants_live(application, data):
    return participant_lists.participant_problems(application)


def _addons_live(application, data):
    return participant_lists.snf_problems(application) if data.get("snf_waiver") else []


REPAYMENT_INPUTS = ("assigned_beneficiaries", "per_capita_expenditure", "participant_revenue")


def required_repayment(application, data=None):
    """The amount the repayment mechanism must cover, or None until the level and the three numbers are
    known (a draft may hold only some of them)."""
    data = application.section("repayment") if data is None else data
    level = chosen_level(application)
    try:
        beneficiaries, per_capita, revenue = (float(data.get(k)) for k in REPAYMENT_INPUTS)
    except (TypeError, ValueError):
        return None
    if not level or beneficiaries < 1:
        return None
    return eligibility.repayment_amount(level, int(beneficiaries), per_capita, revenue)


def _repayment_needed(application):
    level = chosen_level(application)
    return bool(level) and eligibility.is_two_sided(level)


DOCUMENT_MISSING = "Upload the executed repayment mechanism document (PDF)."


def _repayment_checks(application, data):
    problems = []
    required = required_repayment(application, data)
    if required and float(data.get("instrument_amount") or 0) < required.amount:
        problems.append(
            f"The instrument covers {money(data.get('instrument_amount') or 0, cents=True)}; at least "
            f"{money(required.amount, cents=True)} "
            f"is required: {required.explanation} ({required.citation})."
        )
    if not data.get("_document_uploaded") and not application.documents.filter(kind="repayment").exists():
        problems.append(DOCUMENT_MISSING)
    return problems


SECTIONS = [
    Section(
        "identity",
        "ACO identity and legal structure",
        IdentityForm,
        "Legal entity, TIN, address and who formed the ACO.",
    ),
    Section(
        "governance",
        "Governing body",
        GovernanceForm,
        "Members and their roles; 75% participant control; a Medicare beneficiary member.",
        checks=_governance_checks,
    ),
    Section("leadership", "Leadership", LeadershipForm, "Executive, medical director and compliance officer."),
    Section(
        "participation",
        "Participation option",
        ParticipationForm,
        "Track and level on the glide path, MSR/MLR election, assignment methodology.",
        checks=_participation_checks,
    ),
    Section(
        "participants",
        "Participant list",
        ParticipantsForm,
        "The ACO participants (TINs) of the agreement's first performance year, each with its signed agreement.",
        live=_participants_live,
    ),
    Section(
        "addons",
        "SNF 3-day rule waiver and Beneficiary Incentive Program",
        AddOnsForm,
        "Optional add-ons for BASIC Levels C–E and ENHANCED; the waiver needs SNF affiliates on your SNF affiliate list.",
        checks=_addons_checks,
        live=_addons_live,
    ),
    Section(
        "repayment",
        "Repayment mechanism",
        RepaymentForm,
        "Required for two-sided levels: amount, instrument and document.",
        checks=_repayment_checks,
        needed=_repayment_needed,
    ),
    Section("banking", "Banking (EFT)", BankingForm, "Where CMS pays shared savings."),
    Section("attestations", "Attestations", AttestationsForm, "What the ACO certifies."),
    Section(
        "signature",
        "Electronic signature",
        None,
        "Signed by an Authorized to Sign contact once every other section is complete.",
    ),
]
SECTION_KEYS = [s.key for s in SECTIONS]
BY_KEY = {s.key: s for s in SECTIONS}


# Answers shown in full only to holders of Right.VIEW_BANKING, and never written to the audit log.
SENSITIVE = {"banking": ("routing_number", "account_number")}


def mask(value) -> str:
    """A number shown by its last four digits."""
    text = str(value or "")
    return "•" * max(len(text) - 4, 0) + text[-4:] if text else ""


def masked(key: str, answers: dict | None) -> dict | None:
    """`answers` of section `key` with its sensitive numbers masked (for audit events and most readers)."""
    if not answers or key not in SENSITIVE:
        return answers
    return {k: mask(v) if k in SENSITIVE[key] else v for k, v in answers.items()}


def masked_answers(data: dict | None) -> dict:
    """Every section's answers with the sensitive numbers masked (the RFI snapshots keep these)."""
    return {k: masked(k, v) for k, v in (data or {}).items()}


def answers_for(application, user) -> dict:
    """Every section's answers as `user` may read them: bank numbers in full only with VIEW_BANKING."""
    if check(user, Right.VIEW_BANKING, application.organization):
        return application.data
    return masked_answers(application.data)


def make_form(application, key, data=None, files=None, user=None):
    """The section's form; for a user without VIEW_BANKING the stored bank numbers are not filled in
    (they type them again to change the section)."""
    section = BY_KEY[key]
    kwargs = {}
    if key == "participation":
        kwargs["agreement_year"] = application.cycle.agreement_start.year
    initial = dict(application.section(key))
    if key in SENSITIVE and (user is None or not check(user, Right.VIEW_BANKING, application.organization)):
        initial = {k: v for k, v in initial.items() if k not in SENSITIVE[key]}
    if key == "identity" and not initial:
        org = application.organization
        initial = {"legal_name": org.legal_name or org.name, "tin": org.tin, "address": org.address}
    if key == "leadership" and not initial:
        initial = prefill.leadership(application)
    if key == "repayment":
        initial = {**initial, **prefill.repayment(application, initial, required_repayment(application, initial))}
    return section.form(data=data, files=files, initial=initial, **kwargs)


def as_form_data(answers: dict) -> dict:
    """Stored answers as a form would post them (ticked boxes "on", unticked ones absent)."""
    return {k: ("on" if v is True else v) for k, v in answers.items() if v not in (None, False) and k != "members"}


def draft_answers(form) -> dict:
    """What a half-done form holds, to be saved as a draft: each valid answer as it cleans, and what was
    typed in a text field that does not validate yet (so it is not lost, and its error shows next to it
    on return). Numbers and choices are kept only when valid: the rules read them."""
    form.is_valid()
    out = {}
    for name, form_field in form.fields.items():
        answered = form[name].data not in (None, "", [], False)
        if name == "document" or (not answered and name not in form.cleaned_data):
            continue
        if name in form.cleaned_data:
            value = form.cleaned_data[name]
            out[name] = float(value) if isinstance(value, Decimal) else value
        elif type(form_field) in (forms.CharField, forms.EmailField):
            out[name] = str(form[name].data)[: form_field.max_length or 2000]
    return out


def draft_members(formset) -> list[dict]:
    """The governing body rows of a half-done formset (rows left empty or marked deleted are skipped)."""
    if not formset.management_form.is_valid():
        return []
    members = []
    for f in formset.forms:
        if not f.has_changed():
            continue
        row = draft_answers(f)
        if row and not row.get("DELETE"):
            members.append(row)
    return members


def member_formset(application, data=None):
    members = application.section("governance").get("members") or []
    return GoverningMemberFormSet(data=data, initial=members, prefix="member")


def to_json(cleaned: dict) -> dict:
    out = {}
    for k, v in cleaned.items():
        if k == "document":
            continue
        out[k] = float(v) if isinstance(v, Decimal) else v
    return out


def problems(application, key, data=None) -> list[str]:
    """What keeps a section from being complete (stored answers unless `data` is given)."""
    section = BY_KEY[key]
    if key == "signature":
        if application.signed_at is None:
            return ["An Authorized to Sign contact has not signed the application."]
        return []
    if section.needed is not None and not section.needed(application):
        return []
    data = application.section(key) if data is None else data
    if not data:
        return ["Not started."]
    found = []
    if key == "governance":
        fs = GoverningMemberFormSet(data=_formset_data(data.get("members") or []), prefix="member")
        if not fs.is_valid():
            found.append("Some governing body members have missing or invalid answers.")
    kwargs = {"agreement_year": application.cycle.agreement_start.year} if key == "participation" else {}
    form = section.form(data={k: v for k, v in data.items() if v not in (None, False)}, **kwargs)
    if not form.is_valid():
        if key == "repayment":
            form.errors.pop("document", None)
        for name, errs in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            found.extend(f"{label}: {e}" if label else e for e in errs)
    valid = {k: v for k, v in data.items() if k not in form.errors}  # the rules read only answers that validate
    if section.checks is not None:
        found.extend(section.checks(application, valid))
    if section.live is not None:
        found.extend(section.live(application, valid))
    return found


def _formset_data(members):
    data = {
        "member-TOTAL_FORMS": str(len(members)),
        "member-INITIAL_FORMS": "0",
        "member-MIN_NUM_FORMS": "0",
        "member-MAX_NUM_FORMS": "30",
    }
    for i, m in enumerate(members):
        for k, v in m.items():
            if v not in (None, False):
                data[f"member-{i}-{k}"] = "on" if v is True else v
    return data


def status(application) -> list[dict]:
    """Each section with its completeness, for the application page."""
    rows = []
    for s in SECTIONS:
        found = problems(application, s.key)
        not_needed = s.needed is not None and not s.needed(application)
        rows.append(
            {
                "key": s.key,
                "title": s.title,
                "summary": s.summary,
                "problems": found,
                "complete": not found,
                "not_needed": not_needed,
            }
        )
    return rows


def incomplete(application, exclude=("signature",)) -> list[str]:
    return [BY_KEY[k].title for k in SECTION_KEYS if k not in exclude and problems(application, k)]


def participant_list_url(application):
    return participant_lists.list_url(application)

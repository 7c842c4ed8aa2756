"""Forms of the pages other than the application sections (those are in sections.py)."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from acoms.accounts.models import User
from acoms.accounts.roles import ACO_ROLES, Role
from acoms.lib.text import TextError, clean_name

from .models import AppType
from .sections import BY_KEY, SECTIONS, tin_field, validate_pdf
from .windows import PHASES, RFI_ROUND_WINDOWS

DATE = forms.DateInput(attrs={"type": "date", "class": "usa-input"})


USERNAME = {
    "label": "User name",
    "max_length": 150,
    "regex": r"^[\w.@+-]+$",
    "error_messages": {"invalid": "Use letters, digits and @ . + - _ only."},
}


def clean_username(value: str) -> str:
    """One spelling per user name: NFKC folds look-alikes (full-width "ｃｍｓ-admin" is "cms-admin")."""
    try:
        return clean_name(value)
    except TextError as error:
        raise forms.ValidationError(f"The user name {error}.") from None


class RegisterForm(forms.Form):
    """Step 1 of a registration. It checks no uniqueness of user name or e-mail: telling a visitor
    that one is taken would tell them who has an account (the e-mailed link settles it)."""

    first_name = forms.CharField(label="Your first name", max_length=150)
    last_name = forms.CharField(label="Your last name", max_length=150)
    email = forms.EmailField(label="Your email")
    username = forms.RegexField(**USERNAME)
    aco_name = forms.CharField(label="ACO name (doing business as)", max_length=200)
    legal_name = forms.CharField(label="Legal name of the ACO", max_length=200)
    tin = tin_field("ACO TIN (nine digits)")
    address = forms.CharField(label="Address", widget=forms.Textarea(attrs={"rows": 3}), max_length=500)
    authorized_to_sign = forms.BooleanField(
        label="I am authorized to sign for the ACO (Authorized to Sign contact)", required=False
    )
    other_roles = forms.MultipleChoiceField(
        label="My other contact types",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (r.value, r.label)
            for r in (
                Role.APPLICATION_CONTACT,
                Role.COMPLIANCE_OFFICER,
                Role.MEDICAL_DIRECTOR,
                Role.CMS_LIAISON,
                Role.DATA_CONTACT,
            )
        ],
    )

    def clean_username(self):
        return clean_username(self.cleaned_data["username"])


class _NewAccountForm(forms.Form):
    """A user name and a password for a new account (its names and e-mail are known already)."""

    username = forms.RegexField(**USERNAME)
    password = forms.CharField(label="Password (12 characters or more)", widget=forms.PasswordInput, strip=False)

    def _person(self) -> dict:
        raise NotImplementedError

    def clean_username(self):
        return clean_username(self.cleaned_data["username"])

    def clean(self):
        data = super().clean()
        if data.get("password"):
            candidate = User(username=data.get("username", ""), **self._person())
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class ConfirmRegistrationForm(_NewAccountForm):
    def __init__(self, *args, details: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.details = details

    def _person(self) -> dict:
        return {k: self.details.get(k, "") for k in ("email", "first_name", "last_name")}


class AcceptInvitationForm(_NewAccountForm):
    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        # an account of this address without a password (attached before invitations) keeps its user name
        passwordless = User.objects.filter(
            email__iexact=invitation.email, password__startswith=UNUSABLE_PASSWORD_PREFIX
        )
        self.fields["username"].required = not passwordless.exists()

    def _person(self) -> dict:
        return {k: getattr(self.invitation, k) for k in ("email", "first_name", "last_name")}


class NoiaForm(forms.Form):
    app_type = forms.ChoiceField(
        label="Type of application you intend to submit", choices=[("", "Choose…")] + list(AppType.choices)
    )


class StartForm(forms.Form):
    app_type = forms.ChoiceField(label="Application type", choices=[("", "Choose…")] + list(AppType.choices))


class SignForm(forms.Form):
    typed_name = forms.CharField(label="Type your full name to sign", max_length=200)
    consent = forms.BooleanField(
        label="I sign this application electronically on behalf of the ACO and certify its attestations"
    )


class CycleForm(forms.Form):
    agreement_start = forms.DateField(label="Agreement start date", widget=DATE)
    name = forms.CharField(label="Name (optional)", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for phase, label in PHASES:
            self.fields[f"{phase}_opens"] = forms.DateField(label=f"{label} opens", widget=DATE)
            self.fields[f"{phase}_closes"] = forms.DateField(label=f"{label} closes", widget=DATE)

    def clean(self):
        data = super().clean()
        for phase, label in PHASES:
            o, c = data.get(f"{phase}_opens"), data.get(f"{phase}_closes")
            if o and c and o > c:
                self.add_error(f"{phase}_closes", f"The {label} window closes before it opens.")
        return data

    def windows(self):
        return {p: (self.cleaned_data[f"{p}_opens"], self.cleaned_data[f"{p}_closes"]) for p, _ in PHASES}


SECTION_CHOICES = [(s.key, s.title) for s in SECTIONS]


class ActionForm(forms.Form):
    """The form of a workflow step: `bind` makes it for an application, `inputs` gives the
    handler's arguments (by default the cleaned fields)."""

    @classmethod
    def bind(cls, application, data=None, files=None):
        return cls(data, files)

    def inputs(self) -> dict:
        return dict(self.cleaned_data)


class IssueRfiForm(ActionForm):
    due = forms.DateField(label="Response deadline", widget=DATE)

    def __init__(self, *args, rows=4, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for i in range(rows):
            self.fields[f"section_{i}"] = forms.ChoiceField(
                label=f"Deficiency {i + 1}: section", required=False, choices=[("", "—")] + SECTION_CHOICES
            )
            self.fields[f"text_{i}"] = forms.CharField(
                label=f"Deficiency {i + 1}: what must change",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )

    def clean(self):
        data = super().clean()
        items = []
        for i in range(self.rows):
            s, t = data.get(f"section_{i}"), (data.get(f"text_{i}") or "").strip()
            if t and not s:
                self.add_error(f"section_{i}", "Tie the deficiency to a section.")
            elif s and not t:
                self.add_error(f"text_{i}", "Describe the deficiency.")
            elif s and t:
                items.append((s, t))
        if not items and not self.errors:
            raise forms.ValidationError("List at least one deficiency, each tied to a section.")
        data["deficiencies"] = items
        return data

    @classmethod
    def bind(cls, application, data=None, files=None):
        if data is not None:
            return cls(data, files)
        from .workflow import next_rfi_round  # noqa: PLC0415 (workflow imports this module)

        window = application.cycle.window(RFI_ROUND_WINDOWS.get(next_rfi_round(application), "rfi1"))
        return cls(initial={"due": window[1] if window else None})

    def inputs(self) -> dict:
        return {"due": self.cleaned_data.get("due"), "deficiencies": self.cleaned_data.get("deficiencies", [])}


class RespondRfiForm(ActionForm):
    text = forms.CharField(label="Your response", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    document = forms.FileField(label="Supporting document (PDF, optional)", required=False, validators=[validate_pdf])

    def __init__(self, *args, deficiencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.deficiencies = list(deficiencies)
        for d in self.deficiencies:
            self.fields[f"response_{d.pk}"] = forms.CharField(
                label=f"Response on {BY_KEY[d.section].title if d.section in BY_KEY else d.section}: {d.text}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=5000,
            )

    @classmethod
    def bind(cls, application, data=None, files=None):
        rfi = application.open_rfi()
        return cls(data, files, deficiencies=rfi.deficiencies.all() if rfi else ())

    def inputs(self) -> dict:
        d = self.cleaned_data
        return {
            "text": d["text"],
            "document": d.get("document"),
            "responses": {int(k.split("_", 1)[1]): v for k, v in d.items() if k.startswith("response_")},
        }


class NoteForm(ActionForm):
    note = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class ResolveForm(ActionForm):
    resolution = forms.CharField(label="Resolution", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class CloseOverdueForm(ActionForm):
    resolution = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class RecommendForm(ActionForm):
    recommendation = forms.ChoiceField(
        label="Recommendation", choices=[("approve", "Approve"), ("deny", "Deny")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label="Why the determination should be reconsidered", widget=forms.Textarea(attrs={"rows": 5}), max_length=20000
    )


class ConfirmForm(ActionForm):
    confirm = forms.BooleanField(label="I confirm", required=True)


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label="Reviewer", queryset=User.objects.none(), empty_label="Choose…")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            User.objects.filter(memberships__role=Role.CMS_REVIEWER, memberships__active=True, is_active=True)
            .distinct()
            .order_by("username")
        )


class SectionReviewForm(forms.Form):
    section = forms.ChoiceField(choices=SECTION_CHOICES)
    acceptable = forms.TypedChoiceField(
        label="Finding", choices=[("yes", "Acceptable"), ("no", "Deficient")], coerce=lambda v: v == "yes"
    )
    note = forms.CharField(label="Note", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class QueueFilterForm(forms.Form):
    cycle = forms.ModelChoiceField(queryset=None, required=False, empty_label="All cycles")
    phase = forms.ChoiceField(required=False, choices=[("", "Any phase")] + PHASES, label="Open phase")
    app_type = forms.ChoiceField(required=False, choices=[("", "Any type")] + list(AppType.choices), label="Type")
    status = forms.ChoiceField(required=False, label="Status")
    reviewer = forms.ChoiceField(required=False, label="Reviewer")
    due_before = forms.DateField(required=False, label="RFI due on or before", widget=DATE)
    submitted_from = forms.DateField(required=False, label="Submitted on or after", widget=DATE)
    submitted_to = forms.DateField(required=False, label="Submitted on or before", widget=DATE)
    min_days = forms.IntegerField(
        required=False, min_value=0, max_value=3650, label="At least this many days in review"
    )
    max_days = forms.IntegerField(required=False, min_value=0, max_value=3650, label="At most this many days in review")
    sort = forms.ChoiceField(required=False, label="Sort by")

    def __init__(self, *args, **kwargs):
        from . import queue  # noqa: PLC0415 (the queue reads the models, which load after the forms module)
        from .models import Application, Cycle  # noqa: PLC0415 (models load after the forms module)

        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.all()
        self.fields["status"].choices = [("", "Any status"), (queue.OPEN, "Open (not decided)")] + [
            (code, label) for code, label in Application.Status.choices if code != Application.Status.DRAFT
        ]
        self.fields["sort"].choices = [(key, label) for key, (label, _) in queue.SORTS.items()]
        reviewers = (
            User.objects.filter(memberships__role=Role.CMS_REVIEWER, memberships__active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["reviewer"].choices = [("", "Anyone"), ("none", "Unassigned")] + [
            (str(u.pk), u.get_username()) for u in reviewers
        ]

    def clean(self):
        d = super().clean()
        if d.get("submitted_from") and d.get("submitted_to") and d["submitted_from"] > d["submitted_to"]:
            self.add_error("submitted_to", "This date is before “Submitted on or after”.")
        if d.get("min_days") is not None and d.get("max_days") is not None and d["min_days"] > d["max_days"]:
            self.add_error("max_days", "This is fewer days than the “at least” number.")
        return d


class BulkAssignForm(AssignForm):
    """One reviewer for the cases ticked in the review queue."""

    applications = forms.ModelMultipleChoiceField(
        queryset=None, label="Cases", error_messages={"required": "Tick the cases to assign."}
    )

    def __init__(self, *args, **kwargs):
        from .models import Application  # noqa: PLC0415 (models load after the forms module)

        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = Application.objects.exclude(status=Application.Status.DRAFT)
        self.fields["reviewer"].error_messages["required"] = "Choose the CMS Reviewer to assign."


class ContactForm(forms.Form):
    """An invitation to be one of the ACO's contacts, of one contact type."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(label="Email")
    role = forms.ChoiceField(
        label="Contact type", choices=[("", "Choose…")] + [(r.value, r.label) for r in Role if r in ACO_ROLES]
    )

from django import forms

from acoms.participants.layouts import LAYOUTS
from acoms.participants.reader import MAX_UPLOAD_BYTES


class USWDSForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = {"select": "usa-select", "checkbox": "usa-checkbox__input"}
            kind = getattr(widget, "input_type", "textarea" if isinstance(widget, forms.Textarea) else "select")
            widget.attrs.setdefault("class", css.get(kind, "usa-textarea" if kind == "textarea" else "usa-input"))


KIND_CHOICES = [(k, layout.title) for k, layout in LAYOUTS.items()]


class UploadForm(USWDSForm):
    file = forms.FileField(
        label="Participant list file (CSV or XLSX)",
        help_text=f"Up to {MAX_UPLOAD_BYTES // 1048576} MB, in the layout of the template.",
    )


class RowForm(USWDSForm):
    """One row typed into the page; which fields matter depends on the list."""

    kind = forms.ChoiceField(label="List", choices=KIND_CHOICES)
    tin = forms.CharField(label="TIN", required=False, max_length=20)
    legal_name = forms.CharField(label="Legal business name", required=False, max_length=250)
    ccns = forms.CharField(label="CCNs (separate with semicolons)", required=False, max_length=250)
    npi = forms.CharField(label="NPI", required=False, max_length=20)
    name = forms.CharField(label="Name", required=False, max_length=250)
    ccn = forms.CharField(label="SNF CCN", required=False, max_length=20)
    stars = forms.CharField(label="Overall star rating", required=False, max_length=5)

    def raw(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "kind"}


class AgreementForm(USWDSForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_agreement_%s")  # the upload form on the same page has a `file` too
        super().__init__(*args, **kwargs)

    identifier = forms.CharField(label="Participant TIN or SNF CCN", max_length=20)
    file = forms.FileField(label="Signed agreement (PDF)")


class ChangeRequestForm(RowForm):
    action = forms.ChoiceField(
        label="Request", choices=[("add", "Add to the list"), ("delete", "Delete from the list")]
    )


class DecisionForm(USWDSForm):
    decision = forms.ChoiceField(label="Decision", choices=[("approve", "Approve"), ("deny", "Deny")])
    reason = forms.CharField(
        label="Reason (the ACO sees it)", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CertifyForm(USWDSForm):
    attest = forms.BooleanField(
        label="I certify that the participant list, ACO provider/supplier list and SNF affiliate list are accurate, "
        "complete and truthful, and that every listed entity has agreed to participate (42 CFR 425.118)."
    )


class ChangeWindowForm(USWDSForm):
    py = forms.IntegerField(
        label="Performance year",
        min_value=2012,
        max_value=2100,
        help_text="The year the requested changes take effect (January 1).",
    )
    opens_on = forms.DateField(
        label="Opens on",
        help_text="First day ACOs may request changes (YYYY-MM-DD).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    closes_on = forms.DateField(
        label="Closes on",
        help_text="Last day ACOs may request changes (YYYY-MM-DD).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The window must close on or after the day it opens.")
        return data


class RegistryForm(USWDSForm):
    file = forms.FileField(
        label="Enrollment reference file (CSV)",
        help_text="Columns tin, npi, ccn, legal_name, specialty_code, bills_primary_care; UTF-8; up to 50 MB.",
    )

from django import forms


class RunForm(forms.Form):
    data_dir = forms.CharField(label="Claims dataset folder", max_length=500)
    py = forms.IntegerField(label="Performance year", min_value=2000, max_value=2099)
    agreements = forms.CharField(label="Agreements file (CSV or Parquet)", max_length=500)


class BeneficiaryForm(forms.Form):
    """The beneficiary is chosen in a POST body, never in a URL."""

    result = forms.TypedChoiceField(label="Performance year", coerce=int)
    mbi = forms.CharField(
        label="Medicare Beneficiary Identifier (MBI)",
        max_length=20,
        help_text="11 characters, such as 1EG4-TE5-MK73; dashes are optional.",
    )

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [(r.pk, f"PY{r.run.py}") for r in reversed(results)]
        self.fields["mbi"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


def _tins(text: str) -> list[str]:
    return [t for t in text.replace(",", " ").replace("-", "").split() if t]


class WhatIfForm(forms.Form):
    run = forms.TypedChoiceField(label="Run", coerce=int)
    add_tins = forms.CharField(
        label="Add participant TINs", required=False, help_text="Separate TINs with spaces or commas."
    )
    remove_tins = forms.CharField(label="Remove participant TINs", required=False)
    assignment_method = forms.ChoiceField(
        label="Assignment method",
        required=False,
        choices=[("", "Unchanged"), ("retrospective", "Retrospective"), ("prospective", "Prospective")],
    )
    track = forms.ChoiceField(
        label="Track and level",
        required=False,
        choices=[("", "Unchanged"), *((t, f"BASIC Level {t}") for t in "ABCDE"), ("EN", "ENHANCED")],
    )
    msr_election = forms.ChoiceField(
        label="MSR/MLR election",
        required=False,
        choices=[
            ("", "Unchanged"),
            ("variable", "Variable"),
            ("0", "0%"),
            ("0.005", "0.5%"),
            ("0.01", "1%"),
            ("0.015", "1.5%"),
            ("0.02", "2%"),
        ],
    )

    def __init__(self, *args, runs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].choices = [(r.pk, f"PY{r.py} (run {r.pk})") for r in runs]

    def changes(self) -> dict:
        d = self.cleaned_data
        return {
            "add_tins": _tins(d["add_tins"]),
            "remove_tins": _tins(d["remove_tins"]),
            "assignment_method": d["assignment_method"],
            "track": d["track"],
            "msr_election": d["msr_election"],
        }

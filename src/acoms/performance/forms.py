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

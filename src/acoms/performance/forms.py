from django import forms


class RunForm(forms.Form):
    data_dir = forms.CharField(label="Claims dataset folder", max_length=500)
    py = forms.IntegerField(label="Performance year", min_value=2000, max_value=2099)
    agreements = forms.CharField(label="Agreements file (CSV or Parquet)", max_length=500)

from django import forms

from acoms.quality.models import MeasureReport


class MeasureForm(forms.Form):
    measure_id = forms.ChoiceField(label="Measure")
    collection = forms.ChoiceField(label="Collection type", choices=MeasureReport.Collection.choices)
    eligible_population = forms.IntegerField(label="Eligible population", min_value=0)
    denominator = forms.IntegerField(label="Denominator (patients reported)", min_value=0)
    exclusions = forms.IntegerField(label="Denominator exclusions", min_value=0, initial=0)
    exceptions = forms.IntegerField(label="Denominator exceptions", min_value=0, initial=0)
    numerator = forms.IntegerField(label="Numerator (performance met)", min_value=0)

    def __init__(self, *args, measures: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure_id"].choices = measures


class UploadForm(forms.Form):
    file = forms.FileField(label="CSV or Excel (.xlsx) file")

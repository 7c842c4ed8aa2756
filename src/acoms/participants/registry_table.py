"""The enrollment registry as a table CMS filters and downloads: by name or identifier (through the search index,
the database's full-text search), by kind of record and by the file it was loaded from."""

from __future__ import annotations

from django import forms

from acoms.participants.models import EnrollmentRecord
from acoms.search import query

PAGE_SIZE = 50
MAX_DOWNLOAD_ROWS = 500_000
HEADER = ["TIN", "NPI", "CCN", "Legal name", "Specialty code", "Bills primary care", "Source"]
KINDS = [("", "Any record"), ("tin", "Billing TINs"), ("npi", "NPIs reassigned to a TIN"), ("ccn", "Facility CCNs")]


class RegistryFilter(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Name, TIN, NPI or CCN")
    kind = forms.ChoiceField(required=False, choices=KINDS, label="Records")
    source = forms.ChoiceField(required=False, label="Loaded from")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sources = EnrollmentRecord.objects.order_by("source").values_list("source", flat=True).distinct()
        self.fields["source"].choices = [("", "Any file"), *((s, s) for s in sources if s)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "usa-select" if isinstance(field, forms.ChoiceField) else "usa-input"


def records(form: RegistryFilter):
    found = EnrollmentRecord.objects.order_by("legal_name", "tin", "npi", "ccn")
    if not form.is_bound:
        return found
    if not form.is_valid():
        return found.none()
    data = form.cleaned_data
    if data["q"]:
        matching = query.refs(data["q"], "registry")
        found = found.filter(pk__in=matching) if matching is not None else found.none()
    if data["kind"] == "tin":
        found = found.filter(npi="", ccn="")
    elif data["kind"] == "npi":
        found = found.exclude(npi="")
    elif data["kind"] == "ccn":
        found = found.exclude(ccn="").filter(npi="")
    if data["source"]:
        found = found.filter(source=data["source"])
    return found


def from_request(request) -> RegistryFilter:
    params = request.GET.copy()
    for key in ("page", "format"):
        params.pop(key, None)
    return RegistryFilter(params or None)


def rows(found):
    for r in found[:MAX_DOWNLOAD_ROWS].iterator(chunk_size=5000):
        yield [r.tin, r.npi, r.ccn, r.legal_name, r.specialty_code, "yes" if r.bills_primary_care else "no", r.source]

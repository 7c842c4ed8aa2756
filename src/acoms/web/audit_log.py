"""The CMS Administrator's audit log: every audit event, filtered by action, person, ACO, date and object, in
pages, and the same filtered table as CSV or XLSX (acoms.web.downloads, escaped against formula injection)."""

from __future__ import annotations

import datetime as dt
import json

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from acoms.accounts.models import Organization
from acoms.accounts.roles import Right
from acoms.audit import labels
from acoms.audit.models import AuditEvent
from acoms.web.access import require_right
from acoms.web.downloads import table_response, wanted_format

PAGE_SIZE = 50
MAX_DOWNLOAD_ROWS = 100_000
HEADER = ["When (UTC)", "Who", "Action", "Object type", "Object", "ACO ID", "Before", "After", "Address"]


class AuditFilter(forms.Form):
    action = forms.ChoiceField(required=False, label="Action")
    actor = forms.CharField(required=False, max_length=150, label="User name contains")
    aco = forms.ModelChoiceField(
        queryset=Organization.objects.filter(kind=Organization.Kind.ACO).order_by("aco_id"),
        to_field_name="aco_id",
        required=False,
        label="ACO",
        empty_label="Any ACO",
    )
    since = forms.DateField(required=False, label="From (date)", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To (date)", widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(required=False, max_length=200, label="Object contains")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = sorted(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())
        self.fields["action"].choices = [("", "Any action"), *((a, labels.label(a)) for a in actions)]
        for field in self.fields.values():
            css = "usa-select" if isinstance(field, forms.ChoiceField) else "usa-input"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date is before the start date.")
        return data


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events(form: AuditFilter):
    """The events the filter names, newest first; none when the filter is wrong (its errors say why)."""
    found = AuditEvent.objects.select_related("organization")
    if not form.is_bound:
        return found
    if not form.is_valid():
        return found.none()
    data = form.cleaned_data
    if data["action"]:
        found = found.filter(action=data["action"])
    if data["actor"]:
        found = found.filter(actor_label__icontains=data["actor"])
    if data["aco"]:
        found = found.filter(organization=data["aco"])
    if data["since"]:
        found = found.filter(at__gte=_start_of(data["since"]))
    if data["until"]:
        found = found.filter(at__lt=_start_of(data["until"] + dt.timedelta(days=1)))
    if data["q"]:
        found = found.filter(object_repr__icontains=data["q"])
    return found


def _filter(request) -> AuditFilter:
    params = request.GET.copy()
    for key in ("page", "format"):
        params.pop(key, None)
    return AuditFilter(params or None)


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field the event names, before and after written as text ("—" for none);
    an event whose before/after are not field maps shows them as one row."""
    before, after = event.before, event.after
    if before is None and after is None:
        return []
    if isinstance(before or {}, dict) and isinstance(after or {}, dict):
        before, after = before or {}, after or {}
        fields = [*before, *(k for k in after if k not in before)]
        return [(str(f), _shown(before.get(f)) if f in before else "", _shown(after.get(f))) for f in fields]
    return [("", _shown(before), _shown(after))]


@require_right(Right.ADMINISTER)
def audit_log(request):
    form = _filter(request)
    page = Paginator(events(form), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.changes = changes(event)
    filters = form.data.urlencode() if form.is_bound else ""
    return render(request, "web/audit_log.html", {"form": form, "page": page, "filters": filters})


def _json(value) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True, default=str)


@require_right(Right.ADMINISTER)
def audit_log_download(request):
    rows = (
        [
            e.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_label or "system",
            e.action,
            e.object_type,
            e.object_repr,
            e.organization.aco_id if e.organization else "",
            _json(e.before),
            _json(e.after),
            e.ip or "",
        ]
        for e in events(_filter(request))[:MAX_DOWNLOAD_ROWS].iterator(chunk_size=2000)
    )
    return table_response(wanted_format(request), "audit-log", "Audit log", HEADER, rows)

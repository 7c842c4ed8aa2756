"""The audit log as a table to filter, page through and take to Excel (CMS Administrator only)."""

import csv
import datetime as dt
import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from acoms.accounts.roles import SYSTEM
from acoms.audit.events import record
from acoms.audit.models import AuditEvent


def _event(action, organization=None, on=None, what="", by=SYSTEM):
    event = record(action, by=by, organization=organization, label="sweep", after={"what": what})
    if on:
        AuditEvent.objects.filter(pk=event.pk).update(at=timezone.make_aware(dt.datetime.combine(on, dt.time(12))))
    return event


def _page(client, **params):
    return client.get(reverse("audit_log"), params)


def test_filters_by_aco_date_actor_and_object_together(client, people):
    aco_y = people.orgs["aco_y"]
    wanted = _event("test.one", aco_y, dt.date(2026, 3, 2))
    _event("test.one", aco_y, dt.date(2026, 2, 27))  # before the range
    _event("test.one", people.orgs["aco_x"], dt.date(2026, 3, 2))  # another ACO
    client.force_login(people["cms-admin"])
    response = _page(client, aco="A1002", since="2026-03-01", until="2026-03-31", actor="swe", action="test.one")
    assert [e.pk for e in response.context["page"].object_list] == [wanted.pk]
    assert "March 2, 2026" in response.content.decode()


def test_the_end_date_includes_that_whole_day(client, people):
    late = _event("test.day", None, dt.date(2026, 3, 31))
    client.force_login(people["cms-admin"])
    assert [e.pk for e in _page(client, until="2026-03-31", action="test.day").context["page"].object_list] == [late.pk]


def test_a_wrong_filter_says_what_is_wrong_and_shows_nothing(client, people):
    client.force_login(people["cms-admin"])
    response = _page(client, since="2026-04-01", until="2026-03-01")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date is before the start date." in page
    assert not response.context["page"].object_list
    response = _page(client, since="not a date", aco="A9999")
    assert response.status_code == 200 and not response.context["page"].object_list
    assert "Enter a valid date." in response.content.decode()


def test_pages_keep_the_filter(client, people):
    for _ in range(55):
        _event("test.many")
    client.force_login(people["cms-admin"])
    response = _page(client, action="test.many")
    assert response.context["page"].paginator.count == 55
    assert "?action=test.many&amp;page=2" in response.content.decode()
    second = _page(client, action="test.many", page=2)
    assert len(second.context["page"].object_list) == 5


def test_the_download_is_the_filtered_table_escaped_against_formula_injection(client, people):
    _event("test.export", people.orgs["aco_y"], what="x")
    event = record("test.export", by=SYSTEM, organization=people.orgs["aco_y"], label="=cmd|' /C calc'!A0")
    _event("test.other", people.orgs["aco_y"])
    client.force_login(people["cms-admin"])
    response = client.get(reverse("audit_log_download"), {"action": "test.export", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["When (UTC)", "Who", "Action"]
    assert len(rows) == 3 and {r[2] for r in rows[1:]} == {"test.export"}
    assert rows[1][1:3] == ["'=cmd|' /C calc'!A0", "test.export"]
    assert rows[1][5] == "A1002"
    assert event.actor_label.startswith("=")
    xlsx = client.get(reverse("audit_log_download"), {"action": "test.export", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))][:3] == ["When (UTC)", "Who", "Action"]
    assert sheet.max_row == 3


def test_the_page_links_the_download_of_what_it_shows(client, people):
    client.force_login(people["cms-admin"])
    page = _page(client, actor="cms").content.decode()
    assert reverse("audit_log_download") + "?actor=cms&amp;format=csv" in page


def test_changes_are_shown_field_by_field(client, people):
    record(
        "test.change",
        by=SYSTEM,
        label="sweep",
        before={"status": "in_review", "reviewer": None},
        after={"status": "approved", "note": "Meets 42 CFR part 425"},
    )
    client.force_login(people["cms-admin"])
    page = _page(client, action="test.change").content.decode()
    assert "<strong>status</strong>: in_review → approved" in page
    assert "<strong>reviewer</strong>: — → —" in page
    assert "<strong>note</strong>: Meets 42 CFR part 425" in page

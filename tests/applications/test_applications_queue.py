"""The review queue: filters and sorts by status, type, reviewer, submission date and days in review;
downloads as CSV/XLSX; assigns one reviewer to many cases in one transaction (one audit event each)."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from acoms.accounts import actions as account_actions
from acoms.accounts.roles import SYSTEM
from acoms.applications import actions, queue_views
from acoms.applications.demo import fill_and_submit
from acoms.applications.models import Application
from acoms.applications.windows import PHASES
from acoms.audit.models import AuditEvent


def _submitted_days_ago(app, days):
    """Test set-up: move the submission back (the action stamps it now)."""
    when = timezone.now() - dt.timedelta(days=days)
    Application.objects.filter(pk=app.pk).update(submitted_at=when)
    app.refresh_from_db()


@pytest.fixture
def three_cases(world, draft):
    """A1001's initial application submitted 12 days ago; A1002's, 3 days ago; A1001's renewal-cycle
    application (a second cycle), 30 days ago, approved on day 20."""
    org_y = world.orgs["aco_y"]
    account_actions.grant_role(by=SYSTEM, user=world["other-aco"], organization=org_y, role="authorized_to_sign")
    world["other-aco"].refresh_memberships()
    today = timezone.localdate()
    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    _submitted_days_ago(draft, 12)
    actions.submit_noia(by=world["other-aco"], organization=org_y, cycle=world["_cycle"], app_type="initial")
    app_y = actions.start_application(
        by=world["other-aco"], organization=org_y, cycle=world["_cycle"], app_type="initial"
    )
    fill_and_submit(app_y, editor=world["other-aco"], signer=world["other-aco"], level="C")
    _submitted_days_ago(app_y, 3)
    later = actions.save_cycle(
        by=world["cms-admin"],
        agreement_start=dt.date(today.year + 2, 1, 1),
        windows={p: (today - dt.timedelta(days=40), today + dt.timedelta(days=40)) for p, _ in PHASES},
    )
    org_x = world.orgs["aco_x"]
    actions.submit_noia(by=world["aco-executive"], organization=org_x, cycle=later, app_type="initial")
    old = actions.start_application(by=world["aco-executive"], organization=org_x, cycle=later, app_type="initial")
    fill_and_submit(old, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    reviewer = world["cms-reviewer"]
    actions.assign_reviewer(by=reviewer, application=old, reviewer=reviewer)
    actions.recommend(by=reviewer, application=old, recommendation="approve", note="Good.")
    actions.decide(by=world["cms-approver"], application=old, decision="approve", note="Good.")
    Application.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=30), decided_at=timezone.now() - dt.timedelta(days=10)
    )
    return draft, app_y, Application.objects.get(pk=old.pk)


def _ids(client, **query):
    page = client.get(reverse("review_queue"), query)
    assert page.status_code == 200
    return [r.app.pk for r in page.context["rows"]]


def test_sorts_by_submission_and_by_days_in_review(client, world, three_cases):
    x, y, old = three_cases
    client.force_login(world["cms-analyst"])
    assert _ids(client) == [old.pk, x.pk, y.pk]  # submitted oldest first
    assert _ids(client, sort="-submitted") == [y.pk, x.pk, old.pk]
    # days in review: 12 and 3 while open; 20 for the one approved 20 days after submission
    assert _ids(client, sort="days") == [old.pk, x.pk, y.pk]
    rows = {r.app.pk: r.days for r in client.get(reverse("review_queue")).context["rows"]}
    assert rows == {x.pk: 12, y.pk: 3, old.pk: 20}


def test_filters_by_status_reviewer_type_dates_and_days(client, world, three_cases):
    x, y, old = three_cases
    client.force_login(world["cms-analyst"])
    assert _ids(client, status="open") == [x.pk, y.pk]
    assert _ids(client, status="approved") == [old.pk]
    assert _ids(client, reviewer="none") == [x.pk, y.pk]
    assert _ids(client, reviewer=world["cms-reviewer"].pk) == [old.pk]
    assert _ids(client, app_type="renewal") == []
    today = timezone.localdate()
    assert _ids(client, submitted_from=(today - dt.timedelta(days=12)).isoformat()) == [x.pk, y.pk]
    assert _ids(client, submitted_to=(today - dt.timedelta(days=12)).isoformat()) == [old.pk, x.pk]
    assert _ids(client, min_days=10) == [old.pk, x.pk]
    assert _ids(client, min_days=4, max_days=15) == [x.pk]


def test_bad_filters_say_what_is_wrong_and_show_nothing(client, world, three_cases):
    client.force_login(world["cms-analyst"])
    today = timezone.localdate()
    page = client.get(
        reverse("review_queue"), {"submitted_from": today.isoformat(), "submitted_to": "2000-01-01", "min_days": "-1"}
    )
    text = page.content.decode()
    assert page.status_code == 200 and "This date is before" in text and "Correct the filters above" in text
    assert page.context["rows"] == []


def test_the_queue_downloads_as_csv_with_the_filters_applied(client, world, three_cases):
    x, y, old = three_cases
    client.force_login(world["cms-reviewer"])
    response = client.get(reverse("review_queue"), {"status": "open", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="review-queue.csv"'
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["Application", "ACO ID", "ACO"] and [r[1] for r in table[1:]] == ["A1001", "A1002"]
    assert [r[8] for r in table[1:]] == ["12", "3"] and all(r[6] == "Unassigned" for r in table[1:])
    assert table[1][9 + 1].startswith("Assign a reviewer")
    xlsx = client.get(reverse("review_queue"), {"format": "xlsx"})
    assert xlsx["Content-Disposition"].endswith('filename="review-queue.xlsx"')


def test_bulk_assignment_assigns_each_ticked_case_with_one_audit_event_each(client, world, three_cases):
    x, y, _ = three_cases
    client.force_login(world["cms-admin"])
    reviewer = world["cms-reviewer"]
    response = client.post(
        reverse("review_queue_assign"),
        {"bulk-applications": [x.pk, y.pk], "bulk-reviewer": reviewer.pk, "next": "/cms/applications/?status=open"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/cms/applications/?status=open"
    assert "2 cases assigned to" in response.content.decode()
    assert set(Application.objects.filter(reviewer=reviewer).values_list("pk", flat=True)) >= {x.pk, y.pk}
    events = AuditEvent.objects.filter(action="application.assign", actor=world["cms-admin"])
    assert sorted(e.object_id for e in events) == sorted([str(x.pk), str(y.pk)])


def test_a_case_that_cannot_be_assigned_is_named_and_nothing_changes(client, world, three_cases):
    x, y, old = three_cases
    Application.objects.filter(pk=old.pk).update(status=Application.Status.AGREEMENT_SIGNED)  # final: no reviewer
    client.force_login(world["cms-reviewer"])
    response = client.post(
        reverse("review_queue_assign"),
        {"bulk-applications": [x.pk, y.pk, old.pk], "bulk-reviewer": world["cms-reviewer"].pk},
        follow=True,
    )
    text = response.content.decode()
    assert f"Application {old.pk} of" in text and "Nothing was assigned" in text
    assert not Application.objects.filter(pk__in=[x.pk, y.pk], reviewer__isnull=False).exists()
    assert (
        not AuditEvent.objects.filter(action="application.assign", actor=world["cms-reviewer"])
        .exclude(object_id=str(old.pk))
        .filter(object_id__in=[str(x.pk), str(y.pk)])
        .exists()
    )


def test_bulk_assignment_without_a_case_or_a_reviewer_says_so(client, world, three_cases):
    client.force_login(world["cms-admin"])
    text = client.post(reverse("review_queue_assign"), {}, follow=True).content.decode()
    assert "Tick the cases to assign." in text and "Choose the CMS Reviewer to assign." in text


def test_the_action_refuses_someone_who_may_not_assign(world, three_cases):
    x, _, _ = three_cases
    with pytest.raises(PermissionDenied):
        actions.assign_reviewer_to_many(by=world["cms-analyst"], applications=[x], reviewer=world["cms-reviewer"])
    with pytest.raises(ValidationError, match="Choose a CMS Reviewer"):
        actions.assign_reviewer_to_many(by=world["cms-admin"], applications=[x], reviewer=world["cms-analyst"])


def test_the_queue_pages_and_weighs_next_steps_only_for_the_rows_shown(client, world, three_cases, monkeypatch):
    x, y, old = three_cases
    monkeypatch.setattr(queue_views, "PAGE_SIZE", 2)
    client.force_login(world["cms-reviewer"])
    first = client.get(reverse("review_queue"))
    assert [r.app.pk for r in first.context["rows"]] == [old.pk, x.pk]
    assert "3 cases, 1–2 shown" in first.content.decode() and "page=2" in first.content.decode()
    assert first.context["rows"][1].next == ["Assign a reviewer"]
    second = client.get(reverse("review_queue"), {"sort": "submitted", "page": 2})
    assert [r.app.pk for r in second.context["rows"]] == [y.pk] and second.context["rows"][0].next
    table = list(
        csv.reader(io.StringIO(client.get(reverse("review_queue"), {"format": "csv"}).content.decode("utf-8-sig")))
    )
    assert len(table) == 4  # the download holds every row, not one page

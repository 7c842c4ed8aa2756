"""The periodic sweep, notifications and the cycle dashboard."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from acoms import demo
from acoms.applications import actions, attention, dashboard
from acoms.applications.demo import fill_and_submit
from acoms.applications.models import Application, Cycle, Noia, Rfi
from acoms.applications.sweep import sweep, sweep_task
from acoms.audit.models import AuditEvent


def _submitted(world, draft):
    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="A")
    return draft


def test_an_unassigned_case_is_reported_as_having_no_owner(world, draft):
    app = _submitted(world, draft)
    assert sweep()["no_owner"] == [app.pk]
    actions.assign_reviewer(by=world["cms-admin"], application=app, reviewer=world["cms-reviewer"])
    assert sweep()["no_owner"] == []


def test_overdue_rfis_are_marked_once_and_audited(world, draft):
    app = _submitted(world, draft)
    actions.assign_reviewer(by=world["cms-reviewer"], application=app, reviewer=world["cms-reviewer"])
    actions.issue_rfi(
        by=world["cms-reviewer"],
        application=app,
        due=timezone.localdate() + dt.timedelta(days=1),
        deficiencies=[("banking", "Wrong account.")],
    )
    Rfi.objects.update(due=timezone.localdate() - dt.timedelta(days=1))
    assert sweep()["overdue_rfis"] == [Rfi.objects.get().pk]
    assert Rfi.objects.get().status == "overdue"
    assert sweep()["overdue_rfis"] == []
    assert AuditEvent.objects.filter(action="application.rfi_overdue").count() == 1


def test_the_aco_is_reminded_once_three_days_before_the_deadline(world, draft, django_capture_on_commit_callbacks):
    app = _submitted(world, draft)
    actions.assign_reviewer(by=world["cms-reviewer"], application=app, reviewer=world["cms-reviewer"])
    actions.issue_rfi(
        by=world["cms-reviewer"],
        application=app,
        due=timezone.localdate() + dt.timedelta(days=3),
        deficiencies=[("banking", "Wrong account.")],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert (
        len(reminders) == 1
        and "aco-executive@example.org" in reminders[0].to
        and "aco-data@example.org" not in reminders[0].to
    )


def test_a_case_whose_windows_have_all_closed_has_no_available_action(world, draft):
    app = _submitted(world, draft)
    actions.assign_reviewer(by=world["cms-reviewer"], application=app, reviewer=world["cms-reviewer"])
    late = timezone.localdate() + dt.timedelta(days=365)
    assert app.pk in sweep(on=late)["no_available_action"]
    assert app.pk not in sweep()["no_available_action"]


def test_the_command_and_the_task_run_the_sweep(world, draft, settings):
    _submitted(world, draft)
    out = StringIO()
    call_command("applications", "sweep", stdout=out)
    assert "Cases with no owner: 1" in out.getvalue()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    assert sweep_task.enqueue().return_value["no_owner"] == [draft.pk]


def test_decisions_and_responses_are_emailed(world, draft, django_capture_on_commit_callbacks):
    app = _submitted(world, draft)
    actions.assign_reviewer(by=world["cms-reviewer"], application=app, reviewer=world["cms-reviewer"])
    actions.issue_rfi(
        by=world["cms-reviewer"],
        application=app,
        due=timezone.localdate() + dt.timedelta(days=5),
        deficiencies=[("banking", "Wrong account.")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.respond_rfi(by=world["aco-application"], application=app, text="Fixed.")
    assert any(
        m.subject.startswith("RFI-1 response received") and m.to == ["cms-reviewer@example.org"] for m in mail.outbox
    )
    actions.resolve_rfi(by=world["cms-reviewer"], application=app, resolution="ok")
    actions.recommend(by=world["cms-reviewer"], application=app, recommendation="deny", note="no")
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide(by=world["cms-approver"], application=app, decision="deny", note="Does not meet 425.110.")
    assert any(m.subject.startswith("Decision on your") and "Denied" in m.subject for m in mail.outbox)


def test_mail_waits_for_the_commit_and_a_rolled_back_write_sends_none(world, draft, django_capture_on_commit_callbacks):
    app = _submitted(world, draft)
    actions.assign_reviewer(by=world["cms-reviewer"], application=app, reviewer=world["cms-reviewer"])
    due = timezone.localdate() + dt.timedelta(days=5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        actions.issue_rfi(
            by=world["cms-reviewer"], application=app, due=due, deficiencies=[("banking", "Wrong account.")]
        )
        assert mail.outbox == []  # nothing leaves inside the write
    assert len(queued) == 1 and mail.outbox == []
    queued[0]()
    assert [m.subject.startswith("RFI-1") for m in mail.outbox] == [True]

    class Abort(Exception):
        pass

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        try:
            with transaction.atomic():
                actions.respond_rfi(by=world["aco-application"], application=app, text="Fixed.")
                raise Abort
        except Abort:
            pass
    assert queued == [] and mail.outbox == []
    assert Application.objects.get(pk=app.pk).status == "awaiting_response"


def test_the_noia_comparison_table_counts_by_type_with_percent_change(world):
    orgs = world["_orgs"]
    current = world["_cycle"]
    previous = Cycle.objects.create(
        agreement_start=current.agreement_start.replace(year=current.agreement_start.year - 1)
    )
    Noia.objects.create(organization=orgs["aco_x"], cycle=previous, app_type="initial")
    Noia.objects.create(organization=orgs["aco_y"], cycle=previous, app_type="renewal")
    Noia.objects.create(organization=orgs["aco_x"], cycle=current, app_type="initial")
    Noia.objects.create(organization=orgs["aco_y"], cycle=current, app_type="early_renewal")
    rows = {r["type"]: r for r in dashboard.build(current)["noia_table"]}
    assert (rows["Initial"]["previous"], rows["Initial"]["current"], rows["Initial"]["change"]) == (1, 1, "+0%")
    assert (rows["Renewal"]["current"], rows["Renewal"]["change"]) == (0, "-100%")
    assert rows["Early Renewal"]["change"] == "new"
    assert (rows["Total"]["previous"], rows["Total"]["current"]) == (2, 2)


def test_withdrawn_noias_do_not_count(world):
    Noia.objects.create(
        organization=world["_orgs"]["aco_x"], cycle=world["_cycle"], app_type="initial", status="withdrawn"
    )
    rows = {r["type"]: r for r in dashboard.build(world["_cycle"])["noia_table"]}
    assert rows["Total"]["current"] == 0


def test_the_demo_seed_is_idempotent_and_tells_a_realistic_cycle(db):

    demo.seed()
    counts = (Application.objects.count(), Noia.objects.count(), Cycle.objects.count(), AuditEvent.objects.count())
    demo.seed()
    assert (
        Application.objects.count(),
        Noia.objects.count(),
        Cycle.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert set(Application.objects.values_list("status", flat=True)) >= {
        "in_review",
        "awaiting_response",
        "recommended",
        "denied",
        "approved",
    }
    assert set(Application.objects.values_list("app_type", flat=True)) == {
        "initial",
        "reentering",
        "renewal",
        "early_renewal",
    }
    assert Noia.objects.filter(cycle__agreement_start="2026-01-01").exists()


def test_attention_lists_the_open_noia_window_and_the_unfinished_draft(world, draft):

    org = world["_orgs"]["aco_y"]
    texts = [i["text"] for i in attention.items(world["other-aco"], org)]
    assert any("Notice of Intent to Apply" in t for t in texts)
    texts = [i["text"] for i in attention.items(world["aco-executive"], draft.organization)]
    assert any("Finish your" in t for t in texts)


def test_attention_asks_for_phase2_while_its_window_is_open_until_it_is_submitted(world, draft):

    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="A")
    org = draft.organization
    assert any("Submit Phase 2" in i["text"] for i in attention.items(world["aco-executive"], org))
    draft.refresh_from_db()
    actions.submit_phase2(by=world["aco-executive"], application=draft)
    assert not any("Submit Phase 2" in i["text"] for i in attention.items(world["aco-executive"], org))

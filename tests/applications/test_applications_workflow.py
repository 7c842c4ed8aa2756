"""The transition table walked: every allowed transition succeeds for its role in its window and
writes an audit event; every other user, state and window is refused and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acoms.accounts import actions as account_actions
from acoms.accounts.roles import SYSTEM
from acoms.applications import actions, workflow
from acoms.applications.demo import fill_and_sign, fill_and_submit
from acoms.applications.models import Application, Phase, Rfi
from acoms.audit.models import AuditEvent
from acoms.participants import actions as list_actions

S = Application.Status
ACO_X = ["aco-executive", "aco-signer", "aco-application", "aco-compliance", "aco-medical", "aco-liaison", "aco-data"]
EVERYONE = [*ACO_X, "other-aco", "cms-reviewer", "cms-approver", "cms-analyst", "cms-admin", "cms-hearing"]

# Who may take each action, written out from the rights table and the separation of duties
# (the reviewer assigned is cms-reviewer; cms-approver makes the initial determination).
ALLOWED = {
    "submit": {"aco-executive", "aco-signer", "aco-application"},
    "submit_phase2": {"aco-executive", "aco-signer", "aco-application"},
    "withdraw": {"aco-executive", "aco-signer", "aco-application"},
    "respond_rfi": {"aco-executive", "aco-signer", "aco-application"},
    "request_reconsideration": {"aco-executive", "aco-signer", "aco-application"},
    "sign_agreement": {"aco-signer"},
    "issue_rfi": {"cms-reviewer"},
    "resolve_rfi": {"cms-reviewer"},
    "close_overdue_rfi": {"cms-reviewer"},
    "recommend": {"cms-reviewer"},
    "approve": {"cms-approver", "cms-hearing"},
    "deny": {"cms-approver", "cms-hearing"},
    "return_to_review": {"cms-approver", "cms-hearing"},
    "reverse_denial": {"cms-hearing"},
    "uphold_denial": {"cms-hearing"},
}
PERFORMER = {
    "submit": "aco-application",
    "submit_phase2": "aco-application",
    "withdraw": "aco-executive",
    "respond_rfi": "aco-application",
    "request_reconsideration": "aco-executive",
    "sign_agreement": "aco-signer",
    "issue_rfi": "cms-reviewer",
    "resolve_rfi": "cms-reviewer",
    "close_overdue_rfi": "cms-reviewer",
    "recommend": "cms-reviewer",
    "approve": "cms-approver",
    "deny": "cms-approver",
    "return_to_review": "cms-approver",
    "reverse_denial": "cms-hearing",
    "uphold_denial": "cms-hearing",
}


def inputs(action):
    today = timezone.localdate()
    return {
        "note": "Reasons.",
        "recommendation": "deny" if action == "recommend" else "",
        "reason": "Please reconsider.",
        "resolution": "Resolved.",
        "text": "We fixed it.",
        "due": today + dt.timedelta(days=5),
        "deficiencies": [("governance", "Add a beneficiary member.")],
    }


# The path the walk takes to reach each state (breadth-first over the table from a draft).
def _paths():
    paths, frontier = {S.DRAFT: []}, [S.DRAFT]
    while frontier:
        state = frontier.pop(0)
        for t in workflow.TRANSITIONS:
            if t.source == state and t.target not in paths and t.action != "close_overdue_rfi":
                paths[t.target] = paths[state] + [t.action]
                frontier.append(t.target)
    return paths


PATHS = _paths()


def reach(state, people, draft):
    app = draft
    for action in PATHS[state]:
        if action == "submit":
            fill_and_submit(app, editor=people["aco-application"], signer=people["aco-signer"], level="C")
            actions.assign_reviewer(by=people["cms-reviewer"], application=app, reviewer=people["cms-reviewer"])
        elif action == "recommend" and state in (S.APPROVED, S.AGREEMENT_SIGNED):
            actions.perform(
                action, by=people["cms-reviewer"], application=app, **{**inputs(action), "recommendation": "approve"}
            )
        else:
            actions.perform(action, by=people[PERFORMER[action]], application=app, **inputs(action))
        app.refresh_from_db()
    assert app.status == state
    return app


def test_every_state_is_reachable_and_every_action_appears():
    states = {t.source for t in workflow.TRANSITIONS} | {t.target for t in workflow.TRANSITIONS}
    assert states == set(PATHS)
    assert set(ALLOWED) == set(workflow.ACTIONS)


def _attempt(action, people, app, who):
    app = Application.objects.get(pk=app.pk)
    actions.perform(action, by=people[who], application=app, **inputs(action))


@pytest.mark.parametrize("t", workflow.TRANSITIONS, ids=lambda t: f"{t.source}-{t.action}")
def test_each_transition_for_its_role_only_and_audited(world, draft, t):
    people = world
    app = reach(t.source, people, draft)
    if t.action == "submit":
        fill_and_sign(app, editor=people["aco-application"], signer=people["aco-signer"])
    if t.action == "close_overdue_rfi":
        Rfi.objects.filter(application=app).update(due=timezone.localdate() - dt.timedelta(days=1))
    events_before = AuditEvent.objects.count()
    for who in EVERYONE:
        if who in ALLOWED[t.action]:
            continue
        with pytest.raises((PermissionDenied, ValidationError)):
            _attempt(t.action, people, app, who)
        assert Application.objects.get(pk=app.pk).status == t.source, who
    assert AuditEvent.objects.count() == events_before  # refusals write nothing
    fresh = Application.objects.get(pk=app.pk)
    for who in ALLOWED[t.action]:
        assert workflow.refusal(fresh, t.action, people[who]) is None, who
    _attempt(t.action, people, app, PERFORMER[t.action])
    assert Application.objects.get(pk=app.pk).status == t.target
    event = AuditEvent.objects.filter(action=f"application.{t.action}", object_id=str(app.pk)).latest("id")
    assert event.before["status"] == t.source and event.after["status"] == t.target
    assert event.actor == people[PERFORMER[t.action]]


@pytest.mark.parametrize("state", sorted(PATHS))
def test_actions_not_in_the_table_are_refused(world, draft, state):
    people = world
    app = reach(state, people, draft)
    for action in workflow.ACTIONS:
        if workflow.transition(state, action):
            continue
        with pytest.raises(ValidationError) as refused:
            _attempt(action, people, app, PERFORMER[action])
        assert "not possible while the application is" in " ".join(refused.value.messages)
        assert Application.objects.get(pk=app.pk).status == state


def _move_window(cycle, phase, days_from_today):
    """Close the window `-days` ago, or open it in `days` (0: open from today)."""
    today = timezone.localdate()
    if days_from_today < 0:
        Phase.objects.filter(cycle=cycle, phase=phase).update(
            opens=today - dt.timedelta(days=30), closes=today + dt.timedelta(days=days_from_today)
        )
    else:
        Phase.objects.filter(cycle=cycle, phase=phase).update(
            opens=today + dt.timedelta(days=days_from_today), closes=today + dt.timedelta(days=60)
        )


WINDOWED = [t for t in workflow.TRANSITIONS if t.window and t.window != "after_denial"]


@pytest.mark.parametrize("t", WINDOWED, ids=lambda t: f"{t.source}-{t.action}")
@pytest.mark.parametrize("when", ["closed", "not yet open"])
def test_outside_its_window_a_transition_is_refused_with_the_window_named(world, draft, t, when):
    people = world
    app = reach(t.source, people, draft)
    if t.action == "submit":
        fill_and_sign(app, editor=people["aco-application"], signer=people["aco-signer"])
    phase = t.window if t.window != "rfi_round" else "rfi1"
    _move_window(app.cycle, phase, -1 if when == "closed" else 3)
    with pytest.raises(ValidationError) as refused:
        _attempt(t.action, people, app, PERFORMER[t.action])
    message = " ".join(refused.value.messages)
    assert ("closed on" if when == "closed" else "opens on") in message
    assert Application.objects.get(pk=app.pk).status == t.source


def test_reconsideration_must_be_requested_within_15_days_of_the_denial(world, draft):
    app = reach(S.DENIED, world, draft)
    Application.objects.filter(pk=app.pk).update(decided_at=timezone.now() - dt.timedelta(days=16))
    with pytest.raises(ValidationError, match="within 15 days"):
        _attempt("request_reconsideration", world, app, "aco-executive")
    Application.objects.filter(pk=app.pk).update(decided_at=timezone.now() - dt.timedelta(days=14))
    _attempt("request_reconsideration", world, app, "aco-executive")
    assert Application.objects.get(pk=app.pk).status == S.RECONSIDERATION


def test_the_reviewer_never_decides_even_holding_the_approver_role(world, draft):

    people = world
    account_actions.grant_role(
        by=SYSTEM, user=people["cms-reviewer"], organization=people["_orgs"]["cms"], role="cms_approver"
    )
    people["cms-reviewer"].refresh_memberships()
    app = reach(S.RECOMMENDED, people, draft)
    with pytest.raises(PermissionDenied, match="Separation of duties"):
        actions.decide(by=people["cms-reviewer"], application=app, decision="approve", note="ok")


def test_a_response_after_the_rfi_deadline_is_refused(world, draft):
    app = reach(S.AWAITING_RESPONSE, world, draft)
    Rfi.objects.filter(application=app).update(due=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="deadline"):
        _attempt("respond_rfi", world, app, "aco-application")


def _rfi_round(app, people):
    actions.perform("issue_rfi", by=people["cms-reviewer"], application=app, **inputs("issue_rfi"))
    actions.perform("respond_rfi", by=people["aco-application"], application=app, **inputs("respond_rfi"))
    actions.perform("resolve_rfi", by=people["cms-reviewer"], application=app, **inputs("resolve_rfi"))


def test_the_phase2_rfi_follows_the_phase2_submission_and_runs_in_its_window(world, draft):
    app = reach(S.IN_REVIEW, world, draft)
    for _ in range(2):
        _rfi_round(app, world)
    assert list(app.rfis.values_list("round", flat=True)) == [1, 2]
    app = Application.objects.get(pk=app.pk)
    assert workflow.refusal(app, "issue_rfi", world["cms-reviewer"]).startswith("RFI-3 is the Phase 2 RFI")
    with pytest.raises(ValidationError, match="has not submitted Phase 2 yet"):
        actions.perform("issue_rfi", by=world["cms-reviewer"], application=app, **inputs("issue_rfi"))
    assert app.rfis.count() == 2 and Application.objects.get(pk=app.pk).status == S.IN_REVIEW
    assert "issue_rfi" not in [t.action for t in workflow.waiting(app)]  # the case waits for the ACO, not CMS
    assert "submit_phase2" in [t.action for t in workflow.available(app, world["aco-application"])]

    actions.perform("submit_phase2", by=world["aco-application"], application=app)
    app = Application.objects.get(pk=app.pk)
    _move_window(app.cycle, "phase2_rfi", -1)
    with pytest.raises(ValidationError, match="Phase 2 RFI window .* closed"):
        actions.perform("issue_rfi", by=world["cms-reviewer"], application=app, **inputs("issue_rfi"))
    _move_window(app.cycle, "phase2_rfi", 0)
    app = Application.objects.get(pk=app.pk)
    _rfi_round(app, world)
    assert list(app.rfis.values_list("round", flat=True)) == [1, 2, 3]


def test_phase2_records_the_participant_list_as_it_stands(world, draft):

    app = reach(S.IN_REVIEW, world, draft)
    py = app.cycle.agreement_start.year
    tins = sorted(list_actions.entries(app.organization, py, "participants").values_list("tin", flat=True))
    assert tins
    actions.submit_phase2(by=world["aco-executive"], application=app)
    app.refresh_from_db()
    assert app.phase2_lists == {"py": py, "participants": tins, "snf_affiliates": []}
    assert app.phase2_submitted_by == world["aco-executive"] and app.status == S.IN_REVIEW
    event = AuditEvent.objects.filter(action="application.submit_phase2", object_id=str(app.pk)).get()
    assert event.after["phase2"]["participants"] == tins
    # a later change to the live list does not change what was submitted
    list_actions.load_registry(
        by=SYSTEM, records=[{"tin": "840000017", "legal_name": "Westside Primary Care Associates"}], source="test"
    )
    list_actions.add_row(
        by=world["aco-executive"],
        aco=app.organization,
        py=py,
        kind="participants",
        raw={"tin": "840000017", "legal_name": "Westside Primary Care Associates"},
    )
    app.refresh_from_db()
    assert app.phase2_lists["participants"] == tins
    with pytest.raises(ValidationError, match="already submitted on"):
        actions.submit_phase2(by=world["aco-executive"], application=app)


def test_phase2_is_refused_while_the_list_is_not_ready_and_changes_nothing(world, draft):

    app = reach(S.IN_REVIEW, world, draft)
    py = app.cycle.agreement_start.year
    list_actions.load_registry(
        by=SYSTEM, records=[{"tin": "840000017", "legal_name": "Westside Primary Care Associates"}], source="test"
    )
    list_actions.add_row(
        by=world["aco-executive"],
        aco=app.organization,
        py=py,
        kind="participants",
        raw={"tin": "840000017", "legal_name": "Westside Primary Care Associates"},
    )  # no agreement attached
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        actions.submit_phase2(by=world["aco-executive"], application=app)
    assert "participants" in refused.value.message_dict
    assert "840000017" in " ".join(refused.value.message_dict["participants"])
    app.refresh_from_db()
    assert app.phase2_submitted_at is None and app.phase2_lists == {} and AuditEvent.objects.count() == events


@pytest.mark.parametrize("when", ["closed", "not yet open"])
def test_phase2_outside_its_window_names_the_window_and_its_dates(world, draft, when):
    app = reach(S.IN_REVIEW, world, draft)
    _move_window(app.cycle, "phase2", -1 if when == "closed" else 3)
    opens, closes = Phase.objects.filter(cycle=app.cycle, phase="phase2").values_list("opens", "closes").get()
    app = Application.objects.get(pk=app.pk)
    with pytest.raises(ValidationError) as refused:
        actions.submit_phase2(by=world["aco-application"], application=app)
    message = " ".join(refused.value.messages)
    assert "Phase 2 submission window" in message
    if when == "closed":
        assert f"closed on {closes:%B} {closes.day}, {closes.year}" in message  # "January 1, 2027", no leading zero
    else:
        assert f"opens on {opens:%B} {opens.day}, {opens.year}" in message
        assert f"{closes:%B} {closes.day}, {closes.year}" in message
    assert Application.objects.get(pk=app.pk).phase2_submitted_at is None


def test_signing_the_agreement_records_the_new_agreement(world, draft):
    app = reach(S.AGREEMENT_SIGNED, world, draft)
    agreement = app.organization.agreements.get()
    assert agreement.start == app.cycle.agreement_start and agreement.level == "C"

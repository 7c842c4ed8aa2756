"""'My cases' on the CMS home: what is assigned to me, what waits on me (new submissions, RFI responses
received, decisions, deadlines within 3 days) and the team's queues. Who may act follows the workflow:
a reviewer assigns and answers RFIs on their own cases, an approver decides recommended cases, an
analyst only reads."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from acoms.accounts import actions as account_actions
from acoms.accounts.roles import SYSTEM
from acoms.applications import actions, caseload
from acoms.applications.demo import fill_and_submit
from acoms.applications.windows import PHASES


@pytest.fixture
def cases(world, draft):
    """A1001: submitted, no reviewer. A1002: assigned to cms-reviewer, its RFI-1 answered. A1001's
    application of a second cycle: recommended, waiting for an approver; that cycle's determination
    window closes in 2 days."""
    reviewer = world["cms-reviewer"]
    org_x, org_y = world.orgs["aco_x"], world.orgs["aco_y"]
    account_actions.grant_role(by=SYSTEM, user=world["other-aco"], organization=org_y, role="authorized_to_sign")
    world["other-aco"].refresh_memberships()
    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    actions.submit_noia(by=world["other-aco"], organization=org_y, cycle=world["_cycle"], app_type="initial")
    y = actions.start_application(by=world["other-aco"], organization=org_y, cycle=world["_cycle"], app_type="initial")
    fill_and_submit(y, editor=world["other-aco"], signer=world["other-aco"], level="C")
    actions.assign_reviewer(by=reviewer, application=y, reviewer=reviewer)
    today = timezone.localdate()
    actions.issue_rfi(
        by=reviewer, application=y, deficiencies=[("banking", "Wrong bank.")], due=today + dt.timedelta(days=5)
    )
    actions.respond_rfi(by=world["other-aco"], application=y, text="Fixed.")
    windows = {p: (today - dt.timedelta(days=10), today + dt.timedelta(days=40)) for p, _ in PHASES}
    windows["determination"] = (today - dt.timedelta(days=10), today + dt.timedelta(days=2))
    later = actions.save_cycle(by=world["cms-admin"], agreement_start=dt.date(today.year + 2, 1, 1), windows=windows)
    actions.submit_noia(by=world["aco-executive"], organization=org_x, cycle=later, app_type="initial")
    r = actions.start_application(by=world["aco-executive"], organization=org_x, cycle=later, app_type="initial")
    fill_and_submit(r, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    actions.assign_reviewer(by=reviewer, application=r, reviewer=reviewer)
    actions.recommend(by=reviewer, application=r, recommendation="approve", note="Good.")
    return draft, y, r


def _waiting(user):
    return [(i.app.pk, i.reason, i.steps) for i in caseload.waiting_on(user)]


def test_a_reviewer_is_waited_on_for_the_unassigned_submission_and_the_rfi_response(world, cases):
    x, y, r = cases
    reviewer = world["cms-reviewer"]
    waiting = {pk: (reason, steps) for pk, reason, steps in _waiting(reviewer)}
    assert waiting[x.pk] == ("New submission", ["Assign a reviewer"])
    assert waiting[y.pk] == ("RFI response received", ["Resolve the RFI"])
    assert r.pk not in waiting  # recommended: the approver's move
    assert [a.pk for a in caseload.assigned_to(reviewer)] == [y.pk, r.pk]


def test_an_approver_is_waited_on_for_the_recommendation_and_its_deadline_is_soon(world, cases):
    _, _, r = cases
    approver = world["cms-approver"]
    waiting = caseload.waiting_on(approver)
    assert [(i.app.pk, i.reason) for i in waiting] == [(r.pk, "Recommendation to decide")]
    assert waiting[0].steps == ["Return to the reviewer", "Approve", "Deny"]
    assert waiting[0].due == timezone.localdate() + dt.timedelta(days=2)
    assert [i.app.pk for i in caseload.soon(waiting)] == [r.pk]  # the window closes within 3 days


def test_an_analyst_reads_the_team_queues_but_nothing_waits_on_them(world, cases):
    assert caseload.waiting_on(world["cms-analyst"]) == []
    team = {q["label"]: q["count"] for q in caseload.team_queues()}
    assert team == {
        "Unassigned, CMS to act": 1,
        "In review": 1,
        "Awaiting ACO response (RFI)": 0,
        "RFI response received": 1,
        "Recommended, awaiting decision": 1,
        "Reconsideration requested": 0,
    }
    assert [(q["label"], q["count"]) for q in caseload.reviewer_loads()] == [("Riley Reviewer", 2)]


def test_the_cms_home_shows_my_cases(client, world, cases):
    x, y, r = cases
    client.force_login(world["cms-reviewer"])
    page = client.get(reverse("cms_home")).content.decode()
    assert 'data-testid="waiting-count">2<' in page and 'data-testid="assigned-count">2<' in page
    assert "RFI response received" in page and "Resolve the RFI" in page and "Assign a reviewer" in page
    assert reverse("review_queue") + "?status=open&amp;reviewer=none" in page
    client.force_login(world["cms-approver"])
    page = client.get(reverse("cms_home")).content.decode()
    assert 'data-testid="soon"' in page and "Deadlines within 3 days" in page
    client.force_login(world["cms-analyst"])
    page = client.get(reverse("cms_home")).content.decode()
    assert "Nothing waits on you" in page and 'data-testid="soon"' not in page


def test_only_the_states_a_person_can_move_are_read(world):
    """An analyst moves no case; an approver decides recommended cases and reconsiderations; a reviewer
    issues, resolves and closes RFIs and recommends, and (as one who assigns) needs every state CMS owns."""
    assert caseload.states_to_read(world["cms-analyst"]) == set()
    assert caseload.states_to_read(world["cms-approver"]) == {"recommended", "reconsideration"}
    assert caseload.states_to_read(world["cms-reviewer"]) == {
        "in_review",
        "awaiting_response",
        "response_received",
        "recommended",
        "reconsideration",
    }

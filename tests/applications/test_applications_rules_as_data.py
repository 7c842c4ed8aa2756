"""The workflow table is complete (every step has a handler, a form and an event), refusals carry
their kind, separation of duties reads the whole case history, the checklist is the assigned
reviewer's, bank numbers are shown in full only to those who need them and never audited, and
nobody acts as "None"."""

import datetime as dt
import inspect

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from acoms.accounts import actions as account_actions
from acoms.accounts.models import User
from acoms.accounts.roles import SYSTEM, Right
from acoms.api import actions as token_actions
from acoms.applications import actions, attention, forms, workflow
from acoms.applications.demo import complete_answers, fill_and_submit
from acoms.applications.events import Event
from acoms.applications.models import Application, Rfi
from acoms.applications.sweep import sweep
from acoms.audit.models import AuditEvent
from acoms.lib.refusals import Conflict, Kind
from acoms.rules import parameters as rules_parameters

S = Application.Status


def test_every_step_has_a_handler_a_form_an_event_and_a_known_right():
    for action, step in workflow.STEPS.items():
        assert action in workflow.HANDLERS, f"{action} has no handler (@workflow.handles in actions.py)"
        assert issubclass(step.form, forms.ActionForm), action
        assert step.event == Event.of_action(action)
        assert step.right in Right
        assert step.waiting_on in (workflow.ACO, workflow.CMS, None)
        handler_inputs = set(inspect.signature(step.handler).parameters) - {"by", "application"}
        assert set(step.inputs) | set(step.fixed) == handler_inputs, action  # the table says what the handler takes
    assert {t.action for t in workflow.TRANSITIONS} == set(workflow.STEPS)


def _reviewed(world, draft, reviewer="cms-reviewer"):
    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    actions.assign_reviewer(by=world["cms-admin"], application=draft, reviewer=world[reviewer])
    return Application.objects.get(pk=draft.pk)


def test_refusals_carry_their_kind_and_the_api_maps_it(world, draft, client):
    app = Application.objects.get(pk=draft.pk)
    assert workflow.refusal_of(app, "approve", world["cms-approver"]).kind == Kind.CONFLICT
    assert workflow.refusal_of(app, "submit", world["aco-data"]).kind == Kind.FORBIDDEN
    with pytest.raises(Conflict):
        actions.perform("approve", by=world["cms-approver"], application=app, note="x")
    token = token_actions.create_token(by=world["cms-approver"], name="t")[1]
    r = client.post(
        f"/api/v1/applications/applications/{app.pk}/actions/approve",
        {"note": "x"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 409 and "not possible while the application is draft" in str(r.json())
    assert Application.objects.get(pk=app.pk).status == S.DRAFT


def test_a_recommender_never_decides_even_after_a_return_and_a_new_recommendation(world, draft):
    second = User.objects.create_user("cms-reviewer2", "r2@example.org", "x" * 16)
    account_actions.grant_role(by=SYSTEM, user=second, organization=world["_orgs"]["cms"], role="cms_reviewer")
    account_actions.grant_role(
        by=SYSTEM, user=world["cms-reviewer"], organization=world["_orgs"]["cms"], role="cms_approver"
    )
    world["cms-reviewer"].refresh_memberships()
    app = _reviewed(world, draft)
    actions.recommend(by=world["cms-reviewer"], application=app, recommendation="approve", note="Good.")
    actions.return_to_review(by=world["cms-approver"], application=app, note="Look again.")
    actions.assign_reviewer(by=world["cms-admin"], application=app, reviewer=second)
    actions.recommend(by=second, application=app, recommendation="approve", note="Good.")
    app = Application.objects.get(pk=app.pk)
    assert app.recommended_by == second and app.reviewer == second  # the last step names only the second reviewer
    with pytest.raises(PermissionDenied, match="Separation of duties"):
        actions.decide(by=world["cms-reviewer"], application=app, decision="approve", note="Self-approval.")
    assert Application.objects.get(pk=app.pk).status == S.RECOMMENDED
    actions.decide(by=world["cms-hearing"], application=app, decision="approve", note="Meets every requirement.")


def test_only_the_assigned_reviewer_records_checklist_findings(world, draft, client):
    other = User.objects.create_user("cms-reviewer2", "r2@example.org", "x" * 16)
    account_actions.grant_role(by=SYSTEM, user=other, organization=world["_orgs"]["cms"], role="cms_reviewer")
    app = _reviewed(world, draft)
    actions.review_section(by=world["cms-reviewer"], application=app, key="banking", acceptable=True, note="")
    with pytest.raises(PermissionDenied, match="assigned"):
        actions.review_section(by=other, application=app, key="banking", acceptable=False, note="Overwritten.")
    assert app.section_reviews.get(section="banking").acceptable is True
    client.force_login(other)
    response = client.post(
        reverse("application_review_section", args=[app.pk]),
        {"section": "banking", "acceptable": "no", "note": "x"},
        follow=True,
    )
    assert "Only the reviewer assigned to this application may do this" in response.content.decode()  # the refusal
    assert app.section_reviews.get(section="banking").acceptable is True


def test_bank_numbers_are_masked_except_for_those_who_need_them_and_never_audited(world, draft, client):
    answers = complete_answers(draft.organization)["banking"]
    account, routing = answers["account_number"], answers["routing_number"]
    actions.save_section(by=world["aco-application"], application=draft, key="banking", data=answers)
    for event in AuditEvent.objects.all():
        assert account not in str(event.before) + str(event.after) and routing not in str(event.before) + str(
            event.after
        )
    for row in Application.history.filter(id=draft.pk).values():  # the row history keeps no copy either
        assert account not in str(row) and routing not in str(row)
    saved = AuditEvent.objects.filter(action=Event.SECTION_SAVE).latest("id").after["answers"]
    assert saved["account_number"].endswith(account[-4:]) and saved["account_number"].startswith("•")
    url = reverse("application_section", args=[draft.pk, "banking"])
    for who, full in (
        ("aco-executive", True),
        ("aco-signer", True),
        ("aco-application", False),
        ("aco-data", False),
        ("cms-reviewer", False),
        ("cms-approver", False),
        ("cms-admin", True),
    ):
        client.force_login(world[who])
        page = client.get(url).content.decode()
        assert (account in page) is full and (routing in page) is full, who
        assert account[-4:] in page or not full, who
        token = token_actions.create_token(by=world[who], name="t")[1]
        api = client.get(
            f"/api/v1/applications/applications/{draft.pk}", headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert (api["answers"]["banking"]["account_number"] == account) is full, who


def test_nobody_is_not_an_actor(world, draft):
    with pytest.raises(TypeError, match="SYSTEM"):
        actions.submit_noia(by=None, organization=world["_orgs"]["aco_y"], cycle=world["_cycle"], app_type="initial")
    with pytest.raises(TypeError):
        actions.perform("withdraw", by=None, application=draft)
    assert Application.objects.get(pk=draft.pk).status == S.DRAFT


def test_the_agreement_term_comes_from_its_parameter_row(world, draft):
    row = rules_parameters.by_year("agreement_period", 2027)
    assert "425.200" in row["citation"] and row["value"] == 5  # 42 CFR 425.200(b)(3)-(5): five years
    assert actions.agreement_end(dt.date(2027, 1, 1)) == dt.date(2031, 12, 31)


def test_the_to_dos_follow_what_each_person_can_do(world, draft):
    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    actions.assign_reviewer(by=world["cms-admin"], application=draft, reviewer=world["cms-reviewer"])
    actions.issue_rfi(
        by=world["cms-reviewer"],
        application=draft,
        due=timezone.localdate() + dt.timedelta(days=5),
        deficiencies=[("banking", "Wrong account.")],
    )
    org = draft.organization
    assert any("Respond to RFI-1" in i["text"] for i in attention.items(world["aco-application"], org))
    assert not any(
        "Respond to RFI-1" in i["text"] for i in attention.items(world["aco-data"], org)
    )  # no right to respond
    assert all(
        "Respond" not in t.label for t in workflow.available(Application.objects.get(pk=draft.pk), world["aco-data"])
    )


def test_the_sweep_acts_as_the_system(world, draft):
    app = _reviewed(world, draft)
    actions.issue_rfi(
        by=world["cms-reviewer"],
        application=app,
        due=timezone.localdate() + dt.timedelta(days=1),
        deficiencies=[("banking", "Wrong account.")],
    )
    Rfi.objects.update(due=timezone.localdate() - dt.timedelta(days=1))
    sweep()
    event = AuditEvent.objects.get(action=Event.RFI_OVERDUE)
    assert event.actor is None and event.actor_label == "sweep"
    with pytest.raises(TypeError):
        actions.mark_overdue(by=None, rfi=Rfi.objects.get())


def test_bad_inputs_to_a_step_change_nothing(world, draft):
    app = _reviewed(world, draft)
    with pytest.raises(ValidationError):
        actions.perform("recommend", by=world["cms-reviewer"], application=app, recommendation="maybe", note="")
    assert Application.objects.get(pk=app.pk).status == S.IN_REVIEW

"""The API: the same operations as the pages, with field errors (422) for bad input."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from acoms.api import actions as token_actions
from acoms.applications.demo import PDF, complete_answers, enter_participant_list
from acoms.applications.models import Noia


@pytest.fixture
def call(client, world):
    tokens = {}

    def _call(who, method, path, body=None, **kw):
        if who not in tokens:
            tokens[who] = token_actions.create_token(by=world[who], name="t")[1]
        headers = {"Authorization": f"Bearer {tokens[who]}"}
        kwargs = {"content_type": "application/json"} if body is not None else {}
        args = (body,) if body is not None else ()
        return getattr(client, method)("/api/v1/applications" + path, *args, headers=headers, **kwargs, **kw)

    return _call


def test_the_whole_story_through_the_api(call, world):
    cycle = world["_cycle"]
    assert (
        call(
            "aco-executive", "post", "/noias", {"aco_id": "A1001", "cycle_id": cycle.pk, "app_type": "initial"}
        ).status_code
        == 201
    )
    r = call("aco-executive", "post", "/applications", {"aco_id": "A1001", "cycle_id": cycle.pk, "app_type": "initial"})
    app_id = r.json()["id"]
    for key, answers in complete_answers(world["_orgs"]["aco_x"], "C").items():
        r = call("aco-application", "put", f"/applications/{app_id}/sections/{key}", answers)
        assert r.status_code == 200, (key, r.content)
    repayment = next(s for s in r.json()["sections"] if s["key"] == "repayment")
    assert repayment["problems"] == ["Upload the executed repayment mechanism document (PDF)."]
    r = call(
        "aco-application",
        "post",
        f"/applications/{app_id}/documents",
        None,
        data={"file": SimpleUploadedFile("loc.pdf", PDF, content_type="application/pdf")},
    )
    assert r.status_code == 201
    participants = next(
        s
        for s in call("aco-application", "get", f"/applications/{app_id}").json()["sections"]
        if s["key"] == "participants"
    )
    assert not participants["complete"] and "participant list is empty" in participants["problems"][0]
    tins = enter_participant_list(world["_orgs"]["aco_x"], editor=world["aco-executive"], py=cycle.agreement_start.year)
    assert all(
        s["complete"]
        for s in call("aco-application", "get", f"/applications/{app_id}").json()["sections"]
        if s["key"] != "signature"
    )
    assert call("aco-signer", "post", f"/applications/{app_id}/sign", {"typed_name": "Sam Signer"}).status_code == 200
    assert call("aco-application", "post", f"/applications/{app_id}/actions/submit", {}).json()["status"] == "in_review"
    assert (
        call("cms-reviewer", "post", f"/applications/{app_id}/assign", {"reviewer": "cms-reviewer"}).status_code == 200
    )
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    r = call(
        "cms-reviewer",
        "post",
        f"/applications/{app_id}/actions/issue_rfi",
        {"due": due, "deficiencies": [{"section": "banking", "text": "Wrong bank."}]},
    )
    assert r.json()["status"] == "awaiting_response"
    detail = call("aco-application", "get", f"/applications/{app_id}").json()
    assert detail["available_actions"] == ["respond_rfi", "withdraw"]
    deficiency = detail["rfis"][0]["deficiencies"][0]["id"]
    call(
        "aco-application",
        "post",
        f"/applications/{app_id}/actions/respond_rfi",
        {"text": "Fixed", "responses": {str(deficiency): "ok"}},
    )
    call("cms-reviewer", "post", f"/applications/{app_id}/actions/resolve_rfi", {"resolution": "ok"})
    r = call("aco-application", "post", f"/applications/{app_id}/actions/submit_phase2", {})
    assert r.status_code == 200 and r.json()["phase2_lists"]["participants"] == tins
    r = call("aco-application", "post", f"/applications/{app_id}/actions/submit_phase2", {})
    assert r.status_code == 422 and "already submitted" in str(r.json())
    call("cms-reviewer", "post", f"/applications/{app_id}/checklist", {"section": "banking", "acceptable": True})
    call(
        "cms-reviewer",
        "post",
        f"/applications/{app_id}/actions/recommend",
        {"recommendation": "approve", "note": "good"},
    )
    r = call("cms-reviewer", "post", f"/applications/{app_id}/actions/approve", {"note": "self-approval"})
    assert r.status_code == 403
    assert (
        call("cms-approver", "post", f"/applications/{app_id}/actions/approve", {"note": "ok"}).json()["status"]
        == "approved"
    )
    assert call("aco-data", "get", f"/applications/{app_id}/letter").content.startswith(b"%PDF")
    steps = [e["action"] for e in call("aco-data", "get", f"/applications/{app_id}/timeline").json()]
    assert steps[0] == "application.start" and steps[-1] == "application.approve"
    assert call("cms-analyst", "get", f"/dashboard/{cycle.pk}").json()["applications"][0]["current"] == 1


def test_bad_section_answers_get_field_errors_and_nothing_is_saved(call, world, draft):
    r = call(
        "aco-executive",
        "put",
        f"/applications/{draft.pk}/sections/banking",
        {"routing_number": "123", "account_type": "gold"},
    )
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert "bank_name" in detail and "routing_number" in detail and "account_type" in detail
    r = call("aco-executive", "put", f"/applications/{draft.pk}/sections/governance", {"members": [{"name": ""}]})
    assert r.status_code == 422 and "members" in str(r.json()["detail"])
    draft.refresh_from_db()
    assert draft.data == {}


def test_bad_action_inputs_get_422_and_unknown_actions_404(call, world, draft):
    assert call("aco-executive", "post", f"/applications/{draft.pk}/actions/fly", {}).status_code == 404
    r = call("aco-executive", "post", f"/applications/{draft.pk}/actions/submit", {})
    assert r.status_code == 422 and "Every section must be complete" in str(r.json())
    r = call("aco-executive", "post", "/noias", {"aco_id": "A1001", "cycle_id": world["_cycle"].pk, "app_type": "x"})
    assert r.status_code == 422 and not Noia.objects.filter(app_type="x").exists()
    r = call(
        "aco-executive",
        "post",
        f"/applications/{draft.pk}/documents",
        None,
        data={"file": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert r.status_code == 422 and "PDF" in str(r.json())


def test_another_aco_cannot_see_or_touch_the_application(call, world, draft):
    assert call("other-aco", "get", f"/applications/{draft.pk}").status_code == 404
    assert call("other-aco", "put", f"/applications/{draft.pk}/sections/leadership", {}).status_code == 404
    assert (
        call(
            "other-aco", "post", "/noias", {"aco_id": "A1001", "cycle_id": world["_cycle"].pk, "app_type": "initial"}
        ).status_code
        == 404
    )


def test_cycles_are_created_by_administrators_with_every_window(call, world):
    body = {"agreement_start": "2032-01-01", "windows": {"noia": ["2031-01-01", "2031-02-01"]}}
    r = call("cms-admin", "post", "/cycles", body)
    assert r.status_code == 422 and "missing" in str(r.json())
    assert call("cms-reviewer", "post", "/cycles", body).status_code == 403

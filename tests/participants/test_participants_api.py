"""The REST API: list, upload-and-validate (and dry run), change requests and decisions."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from acoms.api import actions as token_actions
from acoms.participants.models import ChangeWindow, Participant
from participants import support as pt


def _auth(user):
    _, secret = token_actions.create_token(by=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


def test_upload_validates_and_saves(client, world):
    headers = _auth(world["aco-executive"])
    data = pt.csv_bytes(pt.PARTICIPANT_HEADER, '201234560,"Riverside Family Medicine, PC",', "1,Bad,")

    response = client.post(
        "/api/v1/participants/A1001/upload",
        {"file": SimpleUploadedFile("l.csv", data), "py": 2027, "dry_run": "true"},
        headers=headers,
    )
    body = response.json()
    assert response.status_code == 200 and body["saved"] is False and body["accepted"] == 1 and body["rejected"] == 1
    assert body["findings"][0]["code"] == "TIN_FORMAT" and not Participant.objects.filter(tin="201234560").exists()
    response = client.post(
        "/api/v1/participants/A1001/upload", {"file": SimpleUploadedFile("l.csv", data), "py": 2027}, headers=headers
    )
    assert response.json()["saved"] is True and Participant.objects.filter(tin="201234560").exists()
    rows = client.get("/api/v1/participants/A1001/lists/participants?py=2027", headers=headers).json()
    assert [r["tin"] for r in rows] == ["201234560"]


def test_unreadable_upload_is_422_with_the_message(client, world):

    response = client.post(
        "/api/v1/participants/A1001/upload",
        {"file": SimpleUploadedFile("l.csv", b"")},
        headers=_auth(world["aco-executive"]),
    )
    assert response.status_code == 422 and response.json()["detail"] == {"file": ["The file is empty."]}


def test_change_request_and_decision(client, world):
    today = dt.date.today()
    ChangeWindow.objects.create(py=2027, opens_on=today, closes_on=today)
    response = client.post(
        "/api/v1/participants/A1001/change-requests",
        content_type="application/json",
        data={
            "kind": "participants",
            "action": "add",
            "tin": "201234560",
            "legal_name": "Riverside Family Medicine, PC",
        },
        headers=_auth(world["aco-executive"]),
    )
    assert response.status_code == 201, response.content
    change_id = response.json()["id"]
    response = client.post(
        f"/api/v1/participants/change-requests/{change_id}/decide",
        content_type="application/json",
        data={"approve": "maybe"},
        headers=_auth(world["cms-approver"]),
    )
    assert response.status_code == 422
    response = client.post(
        f"/api/v1/participants/change-requests/{change_id}/decide",
        content_type="application/json",
        data={"approve": False, "reason": "Agreement unsigned"},
        headers=_auth(world["cms-approver"]),
    )
    assert response.json()["status"] == "denied"
    listed = client.get("/api/v1/participants/A1001/change-requests", headers=_auth(world["aco-medical"])).json()
    assert [(c["status"], c["reason"]) for c in listed] == [("denied", "Agreement unsigned")]


def test_bad_change_request_is_422(client, world):
    response = client.post(
        "/api/v1/participants/A1001/change-requests",
        content_type="application/json",
        data={"kind": "participants", "action": "add", "tin": "201234560"},
        headers=_auth(world["aco-executive"]),
    )
    assert response.status_code == 422 and "change window is closed" in str(response.json())

"""API errors are JSON, name the field, and are declared in the OpenAPI document; values out of
range answer 422, never 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from acoms.api import actions as token_actions
from acoms.api.main import api


@pytest.fixture
def auth(people):
    _, secret = token_actions.create_token(by=people["aco-executive"], name="errors")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def cms_auth(people):
    _, secret = token_actions.create_token(by=people["cms-admin"], name="errors")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("py", ["99999", "-1", str(2**63), "0"])
def test_an_out_of_range_performance_year_is_422_naming_py(client, auth, py):
    response = client.get(f"/api/v1/participants/A1001/lists/participants?py={py}", headers=auth)
    assert response.status_code == 422, response.content
    assert "py" in str(response.json()["detail"])


@pytest.mark.parametrize("py", ["99999", "-1", str(2**63)])
def test_an_out_of_range_year_on_upload_is_422_naming_py(client, auth, py):

    upload = SimpleUploadedFile("list.csv", b"tin,legal_name\n123456789,X\n", content_type="text/csv")
    response = client.post(
        "/api/v1/participants/A1001/upload", {"py": py, "file": upload, "dry_run": "true"}, headers=auth
    )
    assert response.status_code == 422, response.content
    assert "py" in str(response.json()["detail"])


@pytest.mark.parametrize(
    "path,field",
    [
        (f"/api/v1/applications/dashboard/{10**20}", "cycle_id"),
        (f"/api/v1/applications/applications/{2**63}", "app_id"),
        (f"/api/v1/applications/applications?cycle_id={10**20}", "cycle_id"),
        (f"/api/v1/participants/change-requests/{2**64}/decide", "change_id"),
    ],
)
def test_an_id_beyond_64_bits_is_422_naming_the_field(client, cms_auth, path, field):
    if path.endswith("decide"):
        body = {"approve": True, "reason": "x"}
        response = client.post(path, body, content_type="application/json", headers=cms_auth)
    else:
        response = client.get(path, headers=cms_auth)
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"]


def test_an_unknown_api_route_answers_json_404(client, auth):
    for path in ("/api/v1/no-such-thing", "/api/v1/participants/A1001/nothing/here/", "/api/v2/"):
        response = client.get(path, headers=auth)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json"), path
        assert response.json()["detail"]


def test_every_operation_declares_its_error_responses():
    schema = api.get_openapi_schema()
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) > 10
    for path, method, op in operations:
        declared = set(op["responses"])
        assert {"403", "404", "422"} <= declared, (method, path, declared)
        if op.get("security"):
            assert "401" in declared, (method, path)
        body = op["responses"]["422"]["content"]["application/json"]["schema"]
        assert body["required"] == ["detail"]

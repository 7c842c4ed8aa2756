from django.urls import reverse

from acoms.api.models import APIToken
from acoms.audit.models import AuditEvent


def _new_token(client, user, name="integration"):
    client.force_login(user)
    response = client.post(reverse("api_tokens"), {"name": name})
    assert response.status_code == 200
    return response.context["secret"]


def test_a_token_is_shown_once_and_stored_only_as_a_digest(client, people):
    secret = _new_token(client, people["aco-data"])
    assert secret.startswith("acoms_") and len(secret) > 40
    row = APIToken.objects.get(user=people["aco-data"])
    assert secret not in (row.digest, row.hint) and row.hint == secret[:12]
    assert secret not in client.get(reverse("api_tokens")).content.decode()
    assert AuditEvent.objects.filter(action="api_token.create", actor=people["aco-data"]).exists()


def test_the_api_acts_as_the_token_owner_and_scopes_to_their_aco(client, people):
    secret = _new_token(client, people["other-aco"])
    client.logout()
    auth = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/v1/me", headers=auth).json()
    assert me["username"] == "other-aco"
    assert me["memberships"] == [
        {"organization": "Lakeshore Care Partners", "aco_id": "A1002", "role": "aco_executive"}
    ]
    assert [a["aco_id"] for a in client.get("/api/v1/acos", headers=auth).json()] == ["A1002"]


def test_a_revoked_or_wrong_token_is_refused(client, people):
    secret = _new_token(client, people["aco-executive"])
    token = APIToken.objects.get(user=people["aco-executive"])
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    client.logout()
    for value in (f"Bearer {secret}", "Bearer acoms_not-a-token", secret, ""):
        response = client.get("/api/v1/me", headers={"Authorization": value})
        assert response.status_code == 401, value


def test_a_session_alone_does_not_open_the_api(client, people):
    client.force_login(people["cms-admin"])
    assert client.get("/api/v1/me").status_code == 401


def test_a_token_needs_a_name(client, people):
    client.force_login(people["aco-medical"])
    response = client.post(reverse("api_tokens"), {"name": "  "}, follow=True)
    assert not APIToken.objects.exists()
    assert "Give the token a name" in response.content.decode()


def test_the_openapi_document_describes_token_authentication(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "ACO-MS API"
    assert any(s.get("scheme") == "bearer" for s in schema["components"]["securitySchemes"].values())

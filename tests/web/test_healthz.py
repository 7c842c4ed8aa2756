import json
import os
import subprocess
import sys


def test_healthz_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["version"]


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    # A real server process configured with a database nobody listens on (port 1).
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code); print(r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "acoms.settings",
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/acoms",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    status, body = result.stdout.strip().split("\n", 1)
    assert status == "503", result.stderr
    body = json.loads(body)
    assert body["status"] == "error"
    assert body["database"].startswith("unreachable")

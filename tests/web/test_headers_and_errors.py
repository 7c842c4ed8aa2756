"""Security headers on every dynamic response, no caching of private pages, error pages in the
site layout (500 without any request context), JSON errors under /api/, owner-only files."""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.template import loader
from django.test import Client
from django.urls import reverse

from acoms.accounts.models import OrganizationQuerySet
from acoms.api import actions as token_actions

SRC = Path(__file__).resolve().parents[2] / "src" / "acoms"


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("url_name,args", [("login", []), ("aco_home", ["A1001"]), ("api_tokens", [])])
def test_pages_carry_a_strict_csp_permissions_policy_and_no_store(client, people, url_name, args):
    client.force_login(people["aco-executive"]) if url_name != "login" else None
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == "script-src 'self'"
    assert csp["style-src"] == "style-src 'self'"
    assert csp["object-src"] == "object-src 'none'" and csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_api_answers_and_exports_are_not_stored_either(client, people):
    _, secret = token_actions.create_token(by=people["aco-executive"], name="headers")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_static_assets_stay_cacheable(client, people):
    response = Client().get("/static/acoms/acoms.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_templates_hold_no_inline_script_or_style():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|hx-on|javascript:", re.I)
    offenders = []
    for path in SRC.rglob("templates/**/*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if inline.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()[:80]}")
    assert not offenders, offenders


def test_the_500_page_uses_the_site_layout_without_a_request_context():
    page = loader.get_template("errors/500.html").render()  # no request, no context processors
    assert "usa-banner" in page and "Something went wrong" in page


def test_a_crashing_page_answers_the_500_page_in_the_layout(client, people, monkeypatch):

    def broken(self, user):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(OrganizationQuerySet, "for_user", broken)
    client.raise_request_exception = False
    client.force_login(people["aco-executive"])
    response = client.get(reverse("aco_home", args=["A1001"]))
    assert response.status_code == 500
    page = response.content.decode()
    assert "usa-banner" in page and "Something went wrong" in page and "simulated failure" not in page


def test_a_crash_under_the_api_answers_json(client, people, monkeypatch):

    monkeypatch.setattr(OrganizationQuerySet, "for_user", lambda self, user: 1 / 0)
    _, secret = token_actions.create_token(by=people["aco-executive"], name="crash")
    client.raise_request_exception = False
    response = client.get("/api/v1/acos", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 500
    assert response.json()["detail"].startswith("Server error")


def test_the_404_page_uses_the_site_layout(client, people):
    client.force_login(people["aco-executive"])
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "usa-banner" in response.content.decode() and "Page not found" in response.content.decode()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_uploaded_files_are_owner_only(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }

    storage = storages.create_storage(settings.STORAGES["default"])
    name = storage.save("participants/A1001/list.csv", ContentFile(b"tin\n123456789\n"))
    assert _mode(Path(storage.path(name))) == 0o600
    assert _mode(Path(storage.path(name)).parent) == 0o700
    assert default_storage.file_permissions_mode == 0o600


def test_the_cli_creates_the_data_folder_and_database_owner_only(tmp_path):
    data = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "ACOMS_PROFILE")}
    env.update(DATA_DIR=str(data), PYTHONPATH=str(SRC.parent))
    old = os.umask(0o022)  # a typical login shell's umask: the CLI must tighten it itself
    try:
        result = subprocess.run(
            [sys.executable, "-m", "acoms.cli", "migrate", "accounts", "--verbosity", "0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        claims = subprocess.run(
            [
                sys.executable,
                "-m",
                "acoms.cli",
                "claims",
                "synth",
                "--benes",
                "20",
                "--acos",
                "1",
                "--py",
                "2025",
                "--out",
                str(data / "claims" / "tiny"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert claims.returncode == 0, claims.stderr
    assert _mode(data) == 0o700
    assert any((data / "claims" / "tiny").rglob("*.parquet"))
    for folder in ("media", "mail", "claims", "claims/tiny"):
        assert _mode(data / folder) == 0o700, folder
    for file in ("acoms.sqlite3", "secret_key"):
        assert _mode(data / file) == 0o600, file
    for extra in data.glob("acoms.sqlite3-*"):  # WAL and shared-memory files
        assert _mode(extra) == 0o600, extra.name
    written = [p for p in data.rglob("*") if p.is_file() and "static" not in p.parts]
    assert all(_mode(p) & 0o077 == 0 for p in written), [(p.name, oct(_mode(p))) for p in written]

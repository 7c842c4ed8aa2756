import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from acoms import settings as site_settings
from acoms.config import DEMO_SECRET_KEY, build_settings, client_address, private_dir

PROD = {
    "ACOMS_PROFILE": "production",
    "SECRET_KEY": "kQ2v8-Zr0xYw3LpN9tBf_Jd6HsEa1UcMgT4oWiVnRy7Ke5XlPq",  # 50 characters, no pattern
    "ALLOWED_HOSTS": "acoms.example.org",
    "DATABASE_URL": "postgres://acoms@db.example.org:5432/acoms",
    "EMAIL_HOST": "smtp.example.org",
}


def test_demo_needs_no_configuration(tmp_path):
    s = build_settings({"DATA_DIR": str(tmp_path)})
    assert s["ACOMS_PROFILE"] == "demo"
    assert s["DEBUG"] is False
    # The demo makes its own private key (never the published one) and keeps it across restarts.
    assert s["SECRET_KEY"] != DEMO_SECRET_KEY and len(s["SECRET_KEY"]) >= 50
    assert build_settings({"DATA_DIR": str(tmp_path)})["SECRET_KEY"] == s["SECRET_KEY"]
    assert build_settings({"DATA_DIR": str(tmp_path / "other")})["SECRET_KEY"] != s["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "acoms.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] >= 5


@pytest.mark.parametrize(
    "value,expected",
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("off", False), ("", False)],
)
def test_booleans(tmp_path, value, expected):
    assert build_settings({"DATA_DIR": str(tmp_path), "DEBUG": value})["DEBUG"] is expected


@pytest.mark.parametrize(
    "env,message",
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"LOGIN_FAILURE_LIMIT": "five"}, "LOGIN_FAILURE_LIMIT='five' is not a whole number"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "outside the allowed range"),
        ({"EMAIL_PORT": "70000"}, "outside the allowed range"),
        ({"ACOMS_PROFILE": "staging"}, "ACOMS_PROFILE='staging' must be one of: demo, production"),
        ({"DATABASE_URL": "mysql://x@y/z"}, "unsupported scheme 'mysql'"),
        ({"DATABASE_URL": "postgres://user@host:5432/"}, "names no database"),
        ({"DATABASE_URL": "sqlite://relative.db"}, "sqlite:////absolute/path"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND='celery' must be one of"),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(tmp_path, env, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        build_settings({"DATA_DIR": str(tmp_path), **env})


def test_lists_and_urls(tmp_path):
    s = build_settings(
        {"DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": " a.org , b.org,,", "DATABASE_URL": "postgres://u@h:5433/acoms"}
    )
    assert s["ALLOWED_HOSTS"] == ["a.org", "b.org"]
    db = s["DATABASES"]["default"]
    assert (db["ENGINE"], db["HOST"], db["PORT"], db["NAME"]) == ("django.db.backends.postgresql", "h", 5433, "acoms")


def test_production_starts_with_proper_settings():
    s = build_settings(PROD)
    assert s["SECURE"] is True and s["DEBUG"] is False


@pytest.mark.parametrize(
    "change,message",
    [
        ({"SECRET_KEY": DEMO_SECRET_KEY}, "not the demo key"),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "at least 50 characters"),
        ({"SECRET_KEY": "a" * 50}, "too predictable"),
        ({"SECRET_KEY": "x" * 60}, "too predictable"),
        ({"SECRET_KEY": "abcdefghij" * 5}, "too predictable"),
        ({"SECRET_KEY": "abcdefghijklmnopqrstuvwxyz" * 2}, "too predictable"),
        ({"EMAIL_HOST": ""}, "EMAIL_HOST must be set"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must be set"),
    ],
)
def test_production_refuses_unsafe_settings(change, message):
    env = {**PROD, **change}
    with pytest.raises(ImproperlyConfigured, match=message):
        build_settings(env)


def test_production_server_refuses_to_start_with_the_demo_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "SECRET_KEY", "DEBUG"))}
    env.update(
        ACOMS_PROFILE="production",
        ALLOWED_HOSTS="acoms.example.org",
        DATA_DIR=str(tmp_path),
        SECRET_KEY=DEMO_SECRET_KEY,
        DATABASE_URL="postgres://acoms@127.0.0.1:1/acoms",
    )
    result = subprocess.run([sys.executable, "-m", "acoms.cli", "check"], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "production profile refuses to start" in result.stderr
    assert "not the demo key" in result.stderr


def test_passwords_are_hashed_with_argon2():
    # The test suite swaps in a fast hasher (conftest); the site itself uses Argon2 first.

    assert site_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert django_settings.SESSION_COOKIE_HTTPONLY and django_settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.parametrize("profile", ["demo", "production"])
def test_no_profile_serves_with_the_published_demo_secret_unless_debug(tmp_path, profile):
    env = {**PROD, "ACOMS_PROFILE": profile, "DATA_DIR": str(tmp_path), "SECRET_KEY": DEMO_SECRET_KEY}
    with pytest.raises(ImproperlyConfigured, match="demo key"):
        build_settings(env)
    assert build_settings({"DATA_DIR": str(tmp_path), "SECRET_KEY": DEMO_SECRET_KEY, "DEBUG": "true"})["DEBUG"]


def test_the_unset_profile_does_not_run_with_the_demo_secret(tmp_path):
    s = build_settings({"DATA_DIR": str(tmp_path)})  # ACOMS_PROFILE unset
    assert s["SECRET_KEY"] != DEMO_SECRET_KEY


@pytest.mark.parametrize(
    "meta,header,proxies,expected",
    [
        ({"REMOTE_ADDR": "10.0.0.1"}, "", 1, "10.0.0.1"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "", 1, "10.0.0.1"),  # not trusted
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "HTTP_X_FORWARDED_FOR", 1, "203.0.113.9"),
        # the client may send its own X-Forwarded-For: only the entry our proxy appended counts
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"},
            "HTTP_X_FORWARDED_FOR",
            1,
            "203.0.113.9",
        ),
        (
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9, 10.0.0.2"},
            "HTTP_X_FORWARDED_FOR",
            2,
            "203.0.113.9",
        ),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "2001:db8::1"}, "HTTP_X_REAL_IP", 1, "2001:db8::1"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-address"}, "HTTP_X_FORWARDED_FOR", 1, "10.0.0.1"),
        ({"REMOTE_ADDR": "10.0.0.1"}, "HTTP_X_FORWARDED_FOR", 1, "10.0.0.1"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxy_header_only_when_configured(meta, header, proxies, expected):
    assert client_address(meta, header, proxies) == expected


def test_the_proxy_header_setting_is_parsed(tmp_path):
    s = build_settings({"DATA_DIR": str(tmp_path), "CLIENT_IP_HEADER": "X-Forwarded-For", "TRUSTED_PROXY_COUNT": "2"})
    assert (s["CLIENT_IP_HEADER"], s["TRUSTED_PROXY_COUNT"]) == ("HTTP_X_FORWARDED_FOR", 2)
    assert build_settings({"DATA_DIR": str(tmp_path)})["CLIENT_IP_HEADER"] == ""  # off by default
    with pytest.raises(ImproperlyConfigured, match="CLIENT_IP_HEADER"):
        build_settings({"DATA_DIR": str(tmp_path), "CLIENT_IP_HEADER": "X Forwarded: For"})


def test_the_demo_writes_mail_to_an_owner_only_folder_not_the_log():

    mailer = site_settings.MAILERS["default"]
    assert "console" not in mailer["BACKEND"]
    folder = Path(mailer["OPTIONS"]["file_path"])
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_private_dir_is_tightened_but_a_shared_sticky_one_is_left_alone(tmp_path):

    mine = tmp_path / "data"
    mine.mkdir(mode=0o755)
    mine.chmod(0o755)
    assert private_dir(mine).stat().st_mode & 0o777 == 0o700
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert private_dir(shared).stat().st_mode & 0o7777 == 0o1777

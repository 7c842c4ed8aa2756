"""Settings from the environment, parsed strictly.

`build_settings(environ)` turns environment variables into Django settings. Every variable has a
zero-configuration default for the demo profile; the production profile refuses to start with
the demo secret, a short secret, DEBUG on, or no ALLOWED_HOSTS. A value that cannot be parsed
stops start-up with a message that names the variable and what it accepts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

DEMO_SECRET_KEY = "acoms-demo-secret-key-never-use-in-production-0123456789abcdefghij"
PROFILES = ("demo", "production")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse_bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use one of: true, false, 1, 0, yes, no, on, off")


def parse_int(name: str, value: str, minimum: int | None = None, maximum: int | None = None) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name}={number} is outside the allowed range {minimum}..{maximum}")
    return number


def parse_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}")
    return value


def parse_database_url(name: str, value: str, data_dir: Path) -> dict:
    if not value:
        return sqlite_database(data_dir / "acoms.sqlite3")
    scheme = urlsplit(value).scheme
    if scheme not in ("sqlite", "postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(f"{name}: unsupported scheme {scheme!r}; use sqlite:///PATH or postgres://USER@HOST:PORT/NAME")
    if scheme == "sqlite":
        path = value.split("sqlite://", 1)[1]
        if not path.startswith("/") or path == "/":
            raise ImproperlyConfigured(f"{name}={value!r}: write sqlite:////absolute/path/to/file.sqlite3")
        return sqlite_database(Path(path[1:]) if path.startswith("//") else Path(path))
    config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={value!r} names no database")
    return config


def sqlite_database(path: Path) -> dict:
    """SQLite tuned for a small server: WAL, IMMEDIATE write transactions, a busy timeout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,  # seconds: sqlite3's busy_timeout
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


def build_settings(environ: Mapping[str, str] | None = None) -> dict:
    env = dict(os.environ if environ is None else environ)
    profile = parse_choice("ACOMS_PROFILE", env.get("ACOMS_PROFILE", "demo"), PROFILES)
    production = profile == "production"

    debug = parse_bool("DEBUG", env.get("DEBUG", "false"))
    secret_key = env.get("SECRET_KEY", "" if production else DEMO_SECRET_KEY)
    hosts_default = "" if production else "127.0.0.1,localhost,[::1],testserver"
    allowed_hosts = parse_list(env.get("ALLOWED_HOSTS", hosts_default))
    data_dir = Path(env.get("DATA_DIR", "var")).expanduser().resolve()

    if production:
        problems = []
        if not secret_key or secret_key == DEMO_SECRET_KEY:
            problems.append("SECRET_KEY must be set to a private value (not the demo key)")
        elif len(secret_key) < 50:
            problems.append("SECRET_KEY must be at least 50 characters")
        if debug:
            problems.append("DEBUG must be off")
        if not allowed_hosts or "*" in allowed_hosts:
            problems.append("ALLOWED_HOSTS must list the site's host names (no '*')")
        if not env.get("DATABASE_URL"):
            problems.append("DATABASE_URL must be set")
        if problems:
            raise ImproperlyConfigured("production profile refuses to start: " + "; ".join(problems))

    return {
        "ACOMS_PROFILE": profile,
        "DEBUG": debug,
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": allowed_hosts,
        "CSRF_TRUSTED_ORIGINS": parse_list(env.get("CSRF_TRUSTED_ORIGINS", "")),
        "DATA_DIR": data_dir,
        "DATABASES": {"default": parse_database_url("DATABASE_URL", env.get("DATABASE_URL", ""), data_dir)},
        "SECURE": production,
        "EMAIL_HOST": env.get("EMAIL_HOST", ""),
        "EMAIL_PORT": parse_int("EMAIL_PORT", env.get("EMAIL_PORT", "587"), 1, 65535),
        "DEFAULT_FROM_EMAIL": env.get("DEFAULT_FROM_EMAIL", "ACO-MS <no-reply@acoms.localhost>"),
        "LOGIN_FAILURE_LIMIT": parse_int("LOGIN_FAILURE_LIMIT", env.get("LOGIN_FAILURE_LIMIT", "5"), 1, 1000),
        "LOGIN_FAILURE_WINDOW": parse_int("LOGIN_FAILURE_WINDOW", env.get("LOGIN_FAILURE_WINDOW", "900"), 1, 86400),
        "SESSION_COOKIE_AGE": parse_int("SESSION_IDLE_SECONDS", env.get("SESSION_IDLE_SECONDS", "1800"), 60, 86400),
        "TASKS_BACKEND": parse_choice(
            "TASKS_BACKEND", env.get("TASKS_BACKEND", "database"), ("database", "immediate")
        ),
    }

"""Settings from the environment, parsed strictly.

`build_settings(environ)` turns environment variables into Django settings. Every variable has a
zero-configuration default for the demo profile (which makes itself a private secret key in
DATA_DIR); the production profile refuses to start with a weak secret, DEBUG on, no ALLOWED_HOSTS,
no database or no mail server, and no profile serves with the published demo secret unless DEBUG
is on. A value that cannot be parsed stops start-up with a message that names the variable and
what it accepts.
"""

from __future__ import annotations

import ipaddress
import math
import os
import secrets
import stat
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

DEMO_SECRET_KEY = "acoms-demo-secret-key-never-use-in-production-0123456789abcdefghij"  # published: refused
SECRET_KEY_FILE = "secret_key"  # under DATA_DIR: the demo's own key, made on first start
SECRET_MIN_LENGTH = 50
SECRET_MIN_DISTINCT = 16  # Django's own generator gives about 32 distinct characters in 50
SECRET_MIN_BITS = 200  # Shannon estimate: length x bits per character of the key's own distribution
SECRET_REPEAT_LENGTH = 6  # no run of this many characters may occur twice (random keys: ~1e-8 chance)
PRIVATE_DIR_MODE = 0o700  # DATA_DIR and what holds beneficiary data: the server's user only
PRIVATE_FILE_MODE = 0o600
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
        raise ImproperlyConfigured(
            f"{name}: unsupported scheme {scheme!r}; use sqlite:///PATH or postgres://USER@HOST:PORT/NAME"
        )
    if scheme == "sqlite":
        path = value.split("sqlite://", 1)[1]
        if not path.startswith("/") or path == "/":
            raise ImproperlyConfigured(f"{name}={value!r}: write sqlite:////absolute/path/to/file.sqlite3")
        return sqlite_database(Path(path[1:]) if path.startswith("//") else Path(path))
    config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={value!r} names no database")
    return dict(config)


def private_dir(path: Path) -> Path:
    """`path` as a directory only the server's user can enter: made 0700 if missing, tightened if it is
    ours (a shared sticky directory such as /tmp, or another user's, is left alone)."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    info = path.stat()
    if info.st_uid == os.getuid() and not info.st_mode & stat.S_ISVTX:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def sqlite_database(path: Path) -> dict:
    """SQLite tuned for a small server: WAL, IMMEDIATE write transactions, a busy timeout. The file is
    made owner-only before SQLite opens it (SQLite gives its -wal and -shm files the same mode)."""
    private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,  # seconds: sqlite3's busy_timeout
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


def secret_key_problem(key: str) -> str | None:
    """Why `key` is not fit to sign sessions and reset links, or None. Besides length, the key must not
    be guessable by structure: enough distinct characters, enough estimated entropy, and no repetition
    (a key in which any 6 characters occur twice, such as 50 x "a" or "abcdefghij" x 5, is refused)."""
    if not key:
        return "SECRET_KEY must be set to a private value (not the demo key)"
    if key == DEMO_SECRET_KEY:
        return "SECRET_KEY is the published demo key: set a private value (not the demo key)"
    if len(key) < SECRET_MIN_LENGTH:
        return f"SECRET_KEY must be at least {SECRET_MIN_LENGTH} characters"
    counts = Counter(key)
    bits = -sum(n * math.log2(n / len(key)) for n in counts.values())
    grams = [key[i : i + SECRET_REPEAT_LENGTH] for i in range(len(key) - SECRET_REPEAT_LENGTH + 1)]
    repetitive = len(set(grams)) < len(grams)
    if len(counts) < SECRET_MIN_DISTINCT or bits < SECRET_MIN_BITS or repetitive:
        return (
            "SECRET_KEY is too predictable (too few distinct characters or repeated patterns); "
            "make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return None


def demo_secret_key(data_dir: Path) -> str:
    """The demo site's own random key, kept owner-only in DATA_DIR so sessions survive restarts."""
    path = private_dir(data_dir) / SECRET_KEY_FILE
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_urlsafe(50)
        handle.write(key + "\n")
    return key


def parse_header_name(name: str, value: str) -> str:
    """An HTTP header name as Django's request.META key (X-Forwarded-For -> HTTP_X_FORWARDED_FOR), or ''."""
    value = value.strip()
    if not value:
        return ""
    if not all(ch.isalnum() or ch == "-" for ch in value):
        raise ImproperlyConfigured(f"{name}={value!r} is not an HTTP header name (letters, digits and -)")
    return "HTTP_" + value.upper().replace("-", "_")


def client_address(meta: Mapping[str, str], header: str, proxies: int) -> str | None:
    """The client's IP address. Without a trusted-proxy header it is the connection's address. With
    one, it is the entry that the nearest of `proxies` trusted proxies added: the `proxies`-th from the
    right of a comma-separated list (X-Forwarded-For), since entries further left are whatever the
    client sent. A missing or malformed header falls back to the connection's address."""
    remote = meta.get("REMOTE_ADDR") or None
    if not header or header not in meta:
        return remote
    entries = [entry.strip() for entry in meta[header].split(",")]
    if len(entries) < proxies:
        return remote
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def build_settings(environ: Mapping[str, str] | None = None) -> dict:
    env = dict(os.environ if environ is None else environ)
    profile = parse_choice("ACOMS_PROFILE", env.get("ACOMS_PROFILE", "demo"), PROFILES)
    production = profile == "production"

    debug = parse_bool("DEBUG", env.get("DEBUG", "false"))
    hosts_default = "" if production else "127.0.0.1,localhost,[::1],testserver"
    allowed_hosts = parse_list(env.get("ALLOWED_HOSTS", hosts_default))
    data_dir = Path(env.get("DATA_DIR", "var")).expanduser().resolve()
    secret_key = env.get("SECRET_KEY", "")
    if not secret_key and not production:
        secret_key = demo_secret_key(data_dir)
    email_host = env.get("EMAIL_HOST", "").strip()

    if production:
        problems = []
        if secret_problem := secret_key_problem(secret_key):
            problems.append(secret_problem)
        if not email_host:
            problems.append("EMAIL_HOST must be set (password-reset and notification mail)")
        if debug:
            problems.append("DEBUG must be off")
        if not allowed_hosts or "*" in allowed_hosts:
            problems.append("ALLOWED_HOSTS must list the site's host names (no '*')")
        if not env.get("DATABASE_URL"):
            problems.append("DATABASE_URL must be set")
        if problems:
            raise ImproperlyConfigured("production profile refuses to start: " + "; ".join(problems))
    if secret_key == DEMO_SECRET_KEY and not debug:
        raise ImproperlyConfigured(
            "refusing to serve with the published demo SECRET_KEY while DEBUG is off: unset SECRET_KEY "
            "(the demo makes its own) or set a private value (not the demo key)"
        )

    return {
        "ACOMS_PROFILE": profile,
        "DEBUG": debug,
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": allowed_hosts,
        "CSRF_TRUSTED_ORIGINS": parse_list(env.get("CSRF_TRUSTED_ORIGINS", "")),
        "DATA_DIR": data_dir,
        "DATABASES": {"default": parse_database_url("DATABASE_URL", env.get("DATABASE_URL", ""), data_dir)},
        "SECURE": production,
        "EMAIL_HOST": email_host,
        "EMAIL_PORT": parse_int("EMAIL_PORT", env.get("EMAIL_PORT", "587"), 1, 65535),
        "EMAIL_HOST_USER": env.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": env.get("EMAIL_HOST_PASSWORD", ""),
        "CLIENT_IP_HEADER": parse_header_name("CLIENT_IP_HEADER", env.get("CLIENT_IP_HEADER", "")),
        "TRUSTED_PROXY_COUNT": parse_int("TRUSTED_PROXY_COUNT", env.get("TRUSTED_PROXY_COUNT", "1"), 1, 10),
        "DEFAULT_FROM_EMAIL": env.get("DEFAULT_FROM_EMAIL", "ACO-MS <no-reply@acoms.localhost>"),
        "SITE_URL": env.get("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/"),
        "LOGIN_FAILURE_LIMIT": parse_int("LOGIN_FAILURE_LIMIT", env.get("LOGIN_FAILURE_LIMIT", "5"), 1, 1000),
        "LOGIN_FAILURE_WINDOW": parse_int("LOGIN_FAILURE_WINDOW", env.get("LOGIN_FAILURE_WINDOW", "900"), 1, 86400),
        "SESSION_COOKIE_AGE": parse_int("SESSION_IDLE_SECONDS", env.get("SESSION_IDLE_SECONDS", "1800"), 60, 86400),
        "TASKS_BACKEND": parse_choice("TASKS_BACKEND", env.get("TASKS_BACKEND", "database"), ("database", "immediate")),
    }

"""A password-reset link is a credential: the demo's mail goes to an owner-only folder (never the
console or the server log), and the access log shows reset links with their token redacted."""

import datetime as dt
import logging
import os
import re
import stat
from types import SimpleNamespace

from django.urls import reverse
from gunicorn.config import Config

from acoms.config import private_dir
from acoms.web.access_log import RedactingLogger


def test_a_reset_mail_is_written_owner_only_and_not_logged(client, people, settings, tmp_path, caplog, capsys):
    folder = private_dir(tmp_path / "mail")
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    old = os.umask(0o077)  # as the CLI and the WSGI entry point set it
    try:
        with caplog.at_level(logging.DEBUG):
            response = client.post(reverse("password_reset"), {"email": "aco-compliance@example.org"})
    finally:
        os.umask(old)
    assert response.status_code == 302
    files = list(folder.iterdir())
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    link = re.search(r"/accounts/reset/[^/\s]+/[^/\s]+/", files[0].read_text()).group(0)
    out = capsys.readouterr()
    assert link not in caplog.text and link not in out.out and link not in out.err


def test_the_access_log_redacts_reset_tokens():
    logger = RedactingLogger(Config())
    token_path = "/accounts/reset/MQ/cz1k9x-0123456789abcdef/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": token_path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": token_path,
        "QUERY_STRING": "",
        "HTTP_REFERER": "https://acoms.example.org" + token_path,
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, dt.timedelta(milliseconds=5))
    for key in ("r", "U", "f"):
        assert "cz1k9x-0123456789abcdef" not in atoms[key] and "[redacted]" in atoms[key], key
    kept = {**environ, "RAW_URI": "/accounts/reset/MQ/set-password/", "PATH_INFO": "/accounts/reset/MQ/set-password/"}
    assert logger.atoms(response, SimpleNamespace(headers=[]), kept, dt.timedelta(0))["U"].endswith("/MQ/set-password/")

"""Gunicorn's access log without secrets: a password-reset link (/accounts/reset/<uid>/<token>/)
is a credential until it is used, so its token never reaches the log.

    gunicorn acoms.wsgi --access-logfile - --logger-class acoms.web.access_log.RedactingLogger
"""

import re

from gunicorn.glogging import Logger

RESET_LINK = re.compile(r"(/accounts/reset/)[^/\s?]+/(?!set-password/)[^/\s?]+/")
REDACTED = r"\1[redacted]/[redacted]/"


def redact(text: str) -> str:
    return RESET_LINK.sub(REDACTED, text) if isinstance(text, str) else text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if key in atoms:
                atoms[key] = redact(atoms[key])
        return atoms

"""Mail leaves through the task queue, after the write that caused it has committed: a slow mail
server never holds a write transaction open, and a rolled-back write sends nothing."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task


@task
def send_email(subject: str, body: str, recipients: list[str]) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def send_after_commit(subject: str, body: str, recipients: Iterable[str]) -> None:
    """Queue one e-mail for when the current transaction commits (at once outside a transaction)."""
    to = sorted(set(recipients))
    if to:
        transaction.on_commit(lambda: send_email.enqueue(subject, body, to))

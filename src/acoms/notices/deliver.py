"""The one place a person is told of an event: a notice in ACO-MS for each person and the same words by
e-mail. Callers (applications/notifications.py, accounts/actions.py) call `tell` inside the write's
transaction: the notices are rows of that transaction, so they exist exactly when the write commits, and
the e-mail is queued for after the commit (accounts.tasks.send_after_commit); a rolled-back write leaves
neither."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models.functions import Lower

from acoms.accounts.models import User
from acoms.accounts.tasks import send_after_commit

from .models import Notice


def absolute(path: str) -> str:
    """A site path as the link an e-mail carries (SITE_URL, docs/operations.md)."""
    return settings.SITE_URL.rstrip("/") + path if path else ""


def tell(
    event: str,
    subject: str,
    body: str,
    *,
    people: Iterable = (),
    addresses: Iterable[str] = (),
    path: str = "",
    notice_body: str | None = None,
) -> list[Notice]:
    """Tell `people` (users) and the owners of `addresses` (e-mail addresses, which may have no account)
    of `event`: one notice per person with an account, one e-mail to every address. `path` is the page
    of the record; the e-mail links to it. `notice_body` replaces the body in the notice when the e-mail
    carries what must not be stored (a one-time link)."""
    users = {u.pk: u for u in people if u is not None and u.pk is not None and u.is_active}
    wanted = {a.strip().lower() for a in addresses if a and a.strip()}
    if wanted:
        for user in User.objects.annotate(address=Lower("email")).filter(is_active=True, address__in=wanted):
            users.setdefault(user.pk, user)
    notices = Notice.objects.bulk_create(
        Notice(
            user=user,
            event=str(event),
            subject=subject[:300],
            body=body if notice_body is None else notice_body,
            url=path,
        )
        for user in users.values()
    )
    known = {u.email.lower() for u in users.values() if u.email}
    recipients = {u.email for u in users.values() if u.email} | {
        a.strip() for a in addresses if a and a.strip().lower() not in known
    }
    link = absolute(path)
    send_after_commit(subject, f"{body}\n\nOpen it in ACO-MS: {link}" if link else body, recipients)
    return notices

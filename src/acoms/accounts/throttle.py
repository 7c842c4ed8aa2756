"""Throttling of failed log-ins, for the site's log-in page and Django admin's alike.

Within LOGIN_FAILURE_WINDOW seconds, log-in is refused
- for one user name from one address after LOGIN_FAILURE_LIMIT failures (the usual lock),
- from one address after 4 x LIMIT failures on any names (one address guessing many accounts),
- for one user name after 4 x LIMIT failures from all addresses together (guessing spread over
  many addresses).
A refused attempt is not a failure, so one address can record at most LIMIT failures per name and
cannot lock anybody out from another address. The address is `client_ip()`: behind a reverse
proxy, configure CLIENT_IP_HEADER, or every client shares the proxy's address. Failures are rows in
the database, so every server process sees them.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from acoms.lib.text import TextError, clean_name

SPREAD_FACTOR = 4  # the address-wide and name-wide limits are this many times LOGIN_FAILURE_LIMIT


def throttle_name(username: str) -> str:
    """The key failures are counted under: the name as log-in matches it (NFKC, any case)."""
    try:
        name = clean_name(username)
    except TextError:
        name = username
    return name.lower()[:150]


def seconds_locked(username: str, ip: str | None) -> int:
    """0 when a log-in may be tried, otherwise the seconds until it may."""
    from acoms.accounts.models import LoginFailure  # noqa: PLC0415 (this module loads before the models)

    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    limit = settings.LOGIN_FAILURE_LIMIT
    recent = LoginFailure.objects.filter(at__gte=timezone.now() - window).order_by("-at")
    name = throttle_name(username)
    checks = [
        (recent.filter(username=name, ip=ip), limit),
        (recent.filter(ip=ip) if ip else recent.none(), limit * SPREAD_FACTOR),
        (recent.filter(username=name), limit * SPREAD_FACTOR),
    ]
    for failures, most in checks:
        times = list(failures.values_list("at", flat=True)[:most])
        if len(times) >= most:
            return max(1, int((times[-1] + window - timezone.now()).total_seconds()))
    return 0


def record_failure(username: str, ip: str | None) -> None:
    from acoms.accounts.models import LoginFailure  # noqa: PLC0415 (this module loads before the models)

    LoginFailure.objects.create(username=throttle_name(username), ip=ip)


def clear_failures(username: str, ip: str | None) -> None:
    """After a successful log-in: forget that name's failures from that address (not others')."""
    from acoms.accounts.models import LoginFailure  # noqa: PLC0415 (this module loads before the models)

    LoginFailure.objects.filter(username=throttle_name(username), ip=ip).delete()


def seconds_until_allowed(key: str, limit: int) -> int:
    """For attempts other than log-ins (e.g. registrations per address, `key` = "register:<ip>"):
    0 when fewer than `limit` were noted within LOGIN_FAILURE_WINDOW, else the seconds to wait.
    Keys contain ":", which no user name may, so they never mix with log-in failures."""
    from acoms.accounts.models import LoginFailure  # noqa: PLC0415 (as above: this module loads before the models)

    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    times = list(
        LoginFailure.objects.filter(username=key, at__gte=timezone.now() - window)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(times) < limit:
        return 0
    return max(1, int((times[-1] + window - timezone.now()).total_seconds()))


def note_attempt(key: str) -> None:
    """Count one attempt under `key` (without an address, so it never adds to the log-in lockout)."""
    from acoms.accounts.models import LoginFailure  # noqa: PLC0415 (as above: this module loads before the models)

    LoginFailure.objects.create(username=key, ip=None)

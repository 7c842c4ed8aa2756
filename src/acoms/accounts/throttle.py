"""Throttling of failed log-ins: after LOGIN_FAILURE_LIMIT failures for one user name (or four
times as many from one address) within LOGIN_FAILURE_WINDOW seconds, log-in is refused until the
window has passed. Failures are rows in the database, so every server process sees them."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def seconds_locked(username: str, ip: str | None) -> int:
    """0 when a log-in may be tried, otherwise the seconds until it may."""
    from acoms.accounts.models import LoginFailure

    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    since = timezone.now() - window
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username=username).order_by("-at")
    by_ip = recent.filter(ip=ip).order_by("-at") if ip else recent.none()
    for failures, limit in ((by_name, settings.LOGIN_FAILURE_LIMIT), (by_ip, settings.LOGIN_FAILURE_LIMIT * 4)):
        times = list(failures.values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            oldest_counted = times[-1]
            return max(1, int((oldest_counted + window - timezone.now()).total_seconds()))
    return 0


def clear_failures(username: str) -> None:
    from acoms.accounts.models import LoginFailure

    LoginFailure.objects.filter(username=username).delete()


def seconds_until_allowed(key: str, limit: int) -> int:
    """For attempts other than log-ins (e.g. registrations per address, `key` = "register:<ip>"):
    0 when fewer than `limit` were noted within LOGIN_FAILURE_WINDOW, else the seconds to wait.
    Keys contain ":", which no user name may, so they never mix with log-in failures."""
    from acoms.accounts.models import LoginFailure  # noqa: PLC0415 (as above: this module loads before the models)

    window = timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    times = list(LoginFailure.objects.filter(username=key, at__gte=timezone.now() - window)
                 .order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return 0
    return max(1, int((times[-1] + window - timezone.now()).total_seconds()))


def note_attempt(key: str) -> None:
    """Count one attempt under `key` (without an address, so it never adds to the log-in lockout)."""
    from acoms.accounts.models import LoginFailure  # noqa: PLC0415 (as above: this module loads before the models)

    LoginFailure.objects.create(username=key, ip=None)

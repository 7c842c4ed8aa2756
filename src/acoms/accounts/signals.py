"""Log-ins, log-outs and failed log-ins are audit events; failures also feed the throttle."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from acoms.accounts.throttle import clear_failures, record_failure
from acoms.audit.events import client_ip, record


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    ip = client_ip(request)
    clear_failures(user.get_username(), ip)
    record("auth.login", by=user, obj=user, ip=ip)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record("auth.logout", by=user, obj=user, ip=client_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    ip = client_ip(request)
    record_failure(username, ip)
    record("auth.login_failed", label=username, ip=ip)

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from acoms.accounts.throttle import seconds_locked
from acoms.audit.events import client_ip


class ThrottledLoginMixin:
    """Refuses a log-in while the throttle holds (accounts/throttle.py), before the password is checked."""

    throttled = False

    def clean(self):
        username = (self.cleaned_data.get("username") or "")[:150]
        wait = seconds_locked(username, client_ip(self.request))
        if wait:
            self.throttled = True
            minutes = (wait + 59) // 60
            raise forms.ValidationError(
                f"Too many failed log-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}, "
                "or reset your password.",
                code="throttled",
            )
        return super().clean()


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from acoms.accounts.throttle import seconds_locked
from acoms.audit.events import client_ip


class ThrottledAuthenticationForm(AuthenticationForm):
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

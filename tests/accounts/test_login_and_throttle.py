import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from acoms.accounts.models import LoginFailure
from acoms.audit.models import AuditEvent

PASSWORD = "aco-ms-demo-2026"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_an_aco_user_logs_in_and_lands_on_the_aco_home(client, people):
    response = login(client, "aco-executive", PASSWORD)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("aco_home", args=["A1001"])
    assert b"Sunrise Health ACO" in response.content
    assert AuditEvent.objects.filter(action="auth.login", actor=people["aco-executive"]).count() == 1


def test_a_wrong_password_is_refused_and_audited(client, people):
    response = login(client, "aco-executive", "wrong-password")
    assert response.status_code == 200
    assert b"Please enter a correct" in response.content
    assert AuditEvent.objects.filter(action="auth.login_failed", actor_label="aco-executive").count() == 1


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert login(client, "aco-signer", "guess").status_code == 200
    response = login(client, "aco-signer", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed log-ins" in response.content
    assert "_auth_user_id" not in client.session
    # Another user is not locked by these failures.
    assert login(client, "aco-data", PASSWORD).status_code == 302


def test_the_lock_ends_when_the_window_passes(client, people, settings):

    settings.LOGIN_FAILURE_LIMIT = 2
    login(client, "aco-medical", "guess")
    login(client, "aco-medical", "guess")
    assert login(client, "aco-medical", PASSWORD).status_code == 429

    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW + 1))
    assert login(client, "aco-medical", PASSWORD).status_code == 302


def test_logout_ends_the_session_and_is_audited(client, people):
    login(client, "aco-data", PASSWORD)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=people["aco-data"]).exists()


def test_password_reset_by_email(client, people):
    response = client.post(reverse("password_reset"), {"email": "aco-compliance@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "a-much-better-passphrase-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert login(client, "aco-compliance", new).status_code == 302


@pytest.mark.parametrize("weak", ["short1", "12345678901234", "password12345"])
def test_password_reset_rejects_weak_passwords(client, people, weak):
    client.post(reverse("password_reset"), {"email": "aco-liaison@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": weak, "new_password2": weak})
    assert response.status_code == 200
    assert login(client, "aco-liaison", PASSWORD).status_code == 302


def test_unknown_email_sends_nothing_and_says_the_same(client, people):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []

"""One log-in throttle for the site and Django admin, keyed per user name and address; user names
normalized (NFKC, no invisible characters) and unique regardless of case on every path."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from acoms.accounts.models import LoginFailure, User

PASSWORD = "aco-ms-demo-2026"


def site_login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def admin_login(client, username, password, **extra):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": reverse("admin:index")}, **extra
    )


def test_admin_login_is_throttled_like_the_site_login(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        assert admin_login(client, "cms-admin", "guess").status_code == 200
    response = admin_login(client, "cms-admin", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed log-ins" in response.content
    assert "_auth_user_id" not in client.session


def test_failures_on_either_page_count_towards_one_throttle(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 4
    for _ in range(2):
        site_login(client, "cms-admin", "guess")
        admin_login(client, "cms-admin", "guess")
    assert site_login(client, "cms-admin", PASSWORD).status_code == 429
    assert admin_login(client, "cms-admin", PASSWORD).status_code == 429


def test_a_success_on_the_admin_page_does_not_reset_a_lock(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    site_login(client, "cms-admin", "guess")
    site_login(client, "cms-admin", "guess")
    assert admin_login(client, "cms-admin", PASSWORD).status_code == 429
    assert LoginFailure.objects.filter(username="cms-admin").count() == 2


def test_one_address_cannot_lock_an_account_out_for_other_addresses(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    attacker = {"REMOTE_ADDR": "198.51.100.66"}
    for _ in range(10):  # the attacker keeps trying; refused attempts are not counted
        site_login(client, "aco-signer", "guess", **attacker)
    assert site_login(client, "aco-signer", PASSWORD, **attacker).status_code == 429
    assert LoginFailure.objects.filter(username="aco-signer").count() == 3
    assert site_login(client, "aco-signer", PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 302


def test_an_address_guessing_many_accounts_is_stopped(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    attacker = {"REMOTE_ADDR": "198.51.100.67"}
    names = ["aco-executive", "aco-application", "aco-compliance", "aco-medical"]
    for name in names:
        site_login(client, name, "guess", **attacker)
        site_login(client, name, "guess", **attacker)
    # 4 x 2 failures from one address: that address is locked for every name, others are not
    assert site_login(client, "aco-data", PASSWORD, **attacker).status_code == 429
    assert site_login(client, "aco-data", PASSWORD, REMOTE_ADDR="192.0.2.11").status_code == 302


def test_behind_a_proxy_the_lock_follows_the_configured_client_header(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = "10.0.0.5"  # every request arrives from the reverse proxy
    for _ in range(2):
        site_login(client, "aco-liaison", "guess", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.70")
    assert (
        site_login(client, "aco-liaison", PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.70").status_code
        == 429
    )
    # a client that forges the header cannot choose its address: the proxy's entry is the last one
    assert (
        site_login(
            client, "aco-liaison", PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.70"
        ).status_code
        == 429
    )
    assert (
        site_login(client, "aco-liaison", PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.12").status_code
        == 302
    )
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"198.51.100.70"}


def test_failures_typed_in_another_case_or_width_count_for_the_same_name(client, people, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for typed in ("AcO-DaTa", "ａｃｏ-ｄａｔａ", "aco-data"):
        site_login(client, typed, "guess")
    assert site_login(client, "aco-data", PASSWORD).status_code == 429


@pytest.mark.parametrize("lookalike", ["ｃｍｓ-admin", "CMS-Admin", "cms-ADMIN"])
def test_a_lookalike_of_an_existing_user_name_cannot_be_created(people, lookalike):
    with pytest.raises(ValidationError, match="taken"):
        User.objects.create_user(lookalike, email="lookalike@example.org", password="x" * 20)
    user = User(username=lookalike, email="lookalike2@example.org")
    with pytest.raises(ValidationError, match="taken"):
        user.save()
    assert User.objects.filter(username__iexact="cms-admin").count() == 1


@pytest.mark.parametrize("name", ["cms\u200b-admin", "admin\u202e", "new\u0007user"])
def test_a_user_name_with_invisible_or_control_characters_is_refused(db, name):
    with pytest.raises(ValidationError, match="invisible or control character"):
        User.objects.create_user(name, email="x@example.org", password="x" * 20)
    assert not User.objects.exists()


def test_a_full_width_name_is_stored_in_its_plain_form_and_logs_in_either_way(client, db):
    user = User.objects.create_user("ｊｏｒｄａｎ", email="j@example.org", password=PASSWORD)
    assert user.username == "jordan"
    assert site_login(client, "ＪＯＲＤＡＮ", PASSWORD).status_code == 302


def test_registration_refuses_a_full_width_imitation_of_a_cms_user_name(client, people):
    response = client.post(
        reverse("aco_register"),
        {
            "first_name": "Eve",
            "last_name": "Mallory",
            "email": "eve@example.org",
            "username": "ｃｍｓ-admin",
            "password": "a-long-enough-passphrase-42",
            "aco_name": "Imitation ACO",
            "legal_name": "Imitation ACO, LLC",
            "tin": "123456780",
            "address": "1 Fake Street",
        },
    )
    assert response.status_code == 200
    assert "taken" not in response.content.decode()  # registration never says which names exist (issue 9)
    assert not User.objects.filter(email="eve@example.org").exists()
    assert User.objects.filter(username__iexact="cms-admin").count() == 1


def test_the_database_refuses_two_names_differing_only_in_case(people):

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(username="Aco-Data", email="dup@example.org")])  # bulk_create skips save()

"""The notification centre: each person reads and marks only their own notices, on the page and through
the API; a notice is written with its e-mail, from one place, and neither survives a rolled-back write."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from acoms.api import actions as token_actions
from acoms.notices.deliver import tell
from acoms.notices.models import Notice


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://acoms.example.gov"


def test_tell_writes_one_notice_per_person_and_mails_them_with_a_link(people, django_capture_on_commit_callbacks):
    executive, signer = people["aco-executive"], people["aco-signer"]
    with django_capture_on_commit_callbacks(execute=True):
        tell("test.event", "Subject", "Body.", people=[executive, signer, executive], path="/applications/7/")
    assert sorted(Notice.objects.values_list("user__username", flat=True)) == ["aco-executive", "aco-signer"]
    (message,) = mail.outbox
    assert sorted(message.to) == ["aco-executive@example.org", "aco-signer@example.org"]
    assert message.body == "Body.\n\nOpen it in ACO-MS: https://acoms.example.gov/applications/7/"
    assert Notice.objects.filter(url="/applications/7/", read_at__isnull=True).count() == 2


def test_an_address_with_an_account_gets_a_notice_and_one_without_only_the_mail(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell(
            "test.event",
            "S",
            "B with a secret link",
            addresses=["ACO-Data@Example.org", "nobody@example.org"],
            notice_body="B without it",
        )
    (notice,) = Notice.objects.all()
    assert notice.user == people["aco-data"] and notice.body == "B without it"
    assert sorted(mail.outbox[0].to) == ["aco-data@example.org", "nobody@example.org"]  # one mail per mailbox


def test_a_rolled_back_write_leaves_neither_notice_nor_mail(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                tell("test.event", "S", "B", people=[people["aco-executive"]])
                raise RuntimeError("the write fails")
        except RuntimeError:
            pass
    assert not Notice.objects.exists() and not mail.outbox


def test_the_page_lists_only_my_notices_and_marks_them_read(client, people):
    mine = tell("test.event", "Mine", "B", people=[people["aco-executive"]], path="/aco/A1001/")[0]
    theirs = tell("test.event", "Theirs", "B", people=[people["other-aco"]])[0]
    client.force_login(people["aco-executive"])
    page = client.get(reverse("notice_list")).content.decode()
    assert "Mine" in page and "Theirs" not in page and 'data-testid="notice-unread">1<' in page
    assert client.post(reverse("notice_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = client.post(reverse("notice_read", args=[mine.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/aco/A1001/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    page = client.get(reverse("notice_list")).content.decode()
    assert 'data-testid="notice-unread"' not in page and "You have no unread notices" in page
    assert "No unread notices." in client.get(reverse("notice_list") + "?show=unread").content.decode()


def test_mark_all_read_touches_only_my_notices(client, people):
    tell("test.event", "One", "B", people=[people["aco-executive"]])
    tell("test.event", "Two", "B", people=[people["aco-executive"], people["other-aco"]])
    client.force_login(people["aco-executive"])
    response = client.post(reverse("notice_read_all"), follow=True)
    assert "2 notices marked read." in response.content.decode()
    assert Notice.objects.unread().get().user == people["other-aco"]


def test_a_redirect_after_marking_read_stays_on_the_site(client, people):
    (notice,) = tell("test.event", "S", "B", people=[people["aco-executive"]])
    client.force_login(people["aco-executive"])
    response = client.post(reverse("notice_read", args=[notice.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notice_list")


def test_the_api_lists_my_notices_and_marks_one_read(client, people):
    tell("test.event", "Older", "B", people=[people["aco-executive"]])
    (newer,) = tell("test.event", "Newer", "B", people=[people["aco-executive"]], path="/x/")
    (theirs,) = tell("test.event", "Theirs", "B", people=[people["other-aco"]])
    _, secret = token_actions.create_token(by=people["aco-executive"], name="t")
    auth = {"Authorization": f"Bearer {secret}"}
    listed = client.get("/api/v1/notices/", headers=auth).json()
    assert [n["subject"] for n in listed] == ["Newer", "Older"] and not any(n["read"] for n in listed)
    assert client.post(f"/api/v1/notices/{theirs.pk}/read", headers=auth).status_code == 404
    read = client.post(f"/api/v1/notices/{newer.pk}/read", headers=auth).json()
    assert read["read"] is True and read["url"] == "/x/"
    assert [n["subject"] for n in client.get("/api/v1/notices/?unread=true", headers=auth).json()] == ["Older"]
    assert client.post("/api/v1/notices/read-all", headers=auth).json() == {"marked_read": 1}
    assert client.get("/api/v1/notices/?limit=0", headers=auth).status_code == 422

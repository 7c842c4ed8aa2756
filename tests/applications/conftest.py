import datetime as dt

import pytest
from django.utils import timezone

from acoms.accounts import actions as account_actions
from acoms.accounts.models import User
from acoms.accounts.roles import SYSTEM
from acoms.applications import actions
from acoms.applications.windows import PHASES


@pytest.fixture
def world(people):
    """People (plus a second Approver for reconsiderations) and a cycle with every window open."""

    hearing = User.objects.create_user(
        "cms-hearing", "cms-hearing@example.org", "x" * 16, first_name="Hadley", last_name="Hearing"
    )
    account_actions.grant_role(by=SYSTEM, user=hearing, organization=people["_orgs"]["cms"], role="cms_approver")
    people["cms-hearing"] = hearing
    today = timezone.localdate()
    people["_cycle"] = actions.save_cycle(
        by=people["cms-admin"],
        agreement_start=dt.date(today.year + 1, 1, 1),
        name="Test cycle",
        windows={p: (today - dt.timedelta(days=10), today + dt.timedelta(days=40)) for p, _ in PHASES},
    )
    return people


@pytest.fixture
def draft(world):

    org = world["_orgs"]["aco_x"]
    actions.submit_noia(by=world["aco-executive"], organization=org, cycle=world["_cycle"], app_type="initial")
    return actions.start_application(
        by=world["aco-executive"], organization=org, cycle=world["_cycle"], app_type="initial"
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to a temporary directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Mail leaves through the task queue after the commit; here the queue runs each task at once
    (tests wrap the writes in django_capture_on_commit_callbacks(execute=True) to commit them)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def world(people):
    """People (plus a second Approver for reconsiderations) and a cycle with every window open."""
    from acoms.accounts import actions as account_actions
    from acoms.accounts.models import User
    from acoms.applications import actions
    from acoms.applications.windows import PHASES

    hearing = User.objects.create_user("cms-hearing", "cms-hearing@example.org", "x" * 16, first_name="Hadley", last_name="Hearing")
    account_actions.grant_role(by=None, user=hearing, organization=people["_orgs"]["cms"], role="cms_approver")
    people["cms-hearing"] = hearing
    today = timezone.localdate()
    people["_cycle"] = actions.save_cycle(
        by=people["cms-admin"], agreement_start=dt.date(today.year + 1, 1, 1), name="Test cycle",
        windows={p: (today - dt.timedelta(days=10), today + dt.timedelta(days=40)) for p, _ in PHASES})
    return people


@pytest.fixture
def draft(world):
    from acoms.applications import actions

    org = world["_orgs"]["aco_x"]
    actions.submit_noia(by=world["aco-executive"], organization=org, cycle=world["_cycle"], app_type="initial")
    return actions.start_application(by=world["aco-executive"], organization=org, cycle=world["_cycle"], app_type="initial")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded documents go to a temporary directory."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": tmp_path / "media"}}}

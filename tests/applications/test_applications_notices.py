"""The ACO is told (a notice and an e-mail) when its application is submitted, when CMS issues an RFI and
when CMS decides; the reviewer when the ACO responds. Who is told follows the contact types of
42 CFR 425 contacts in accounts/roles.py: an RFI goes to those who may answer it (ACO Executive,
Authorized to Sign, Application Contact), a submission and a decision to every contact."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from acoms.applications import actions
from acoms.applications.demo import fill_and_submit
from acoms.notices.models import Notice

EVERY_CONTACT = [
    "aco-application",
    "aco-compliance",
    "aco-data",
    "aco-executive",
    "aco-liaison",
    "aco-medical",
    "aco-signer",
]
WHO_ANSWERS_RFIS = ["aco-application", "aco-executive", "aco-signer"]


def _told(event):
    return sorted(Notice.objects.filter(event=event).values_list("user__username", flat=True))


def test_submission_rfi_response_and_decision_each_tell_their_people(
    world, draft, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://acoms.example.gov"
    page = reverse("application_detail", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    assert _told("application.submit") == EVERY_CONTACT
    submitted = next(m for m in mail.outbox if "is submitted" in m.subject)
    assert f"https://acoms.example.gov{page}" in submitted.body
    assert Notice.objects.filter(event="application.submit", url=page).count() == 7

    reviewer = world["cms-reviewer"]
    actions.assign_reviewer(by=reviewer, application=draft, reviewer=reviewer)
    due = timezone.localdate() + dt.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        actions.issue_rfi(by=reviewer, application=draft, deficiencies=[("banking", "Wrong bank.")], due=due)
    assert _told("application.issue_rfi") == WHO_ANSWERS_RFIS
    rfi_mail = next(m for m in mail.outbox if m.subject.startswith("RFI-1 on your"))
    assert "- Banking (EFT): Wrong bank." in rfi_mail.body and "- banking:" not in rfi_mail.body
    assert f"{due:%B} {due.day}, {due.year}" in rfi_mail.subject  # a long date, not 2027-01-05

    with django_capture_on_commit_callbacks(execute=True):
        actions.respond_rfi(by=world["aco-application"], application=draft, text="Fixed the bank.")
    assert _told("application.respond_rfi") == ["cms-reviewer"]
    actions.resolve_rfi(by=reviewer, application=draft, resolution="Fixed.")
    actions.recommend(by=reviewer, application=draft, recommendation="deny", note="Deficient.")
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide(by=world["cms-approver"], application=draft, decision="deny", note="Deficient.")
    assert _told("application.deny") == EVERY_CONTACT
    assert any(m.subject.endswith(": Denied") for m in mail.outbox)


def test_a_refused_submission_tells_nobody(world, draft, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="Every section must be complete"),
    ):
        actions.submit(by=world["aco-executive"], application=draft)  # nothing is filled in
    assert not Notice.objects.exists() and not mail.outbox

"""E-mails of the application workflow, one per event (RFI issued, response received, deadline
soon, decisions, reconsideration requested). `notify` is called inside the action's transaction
and only queues the mail: it leaves through the task queue after the commit (accounts.tasks)."""

from __future__ import annotations

from collections.abc import Callable

from acoms.accounts.models import Membership
from acoms.accounts.roles import RIGHTS, Right
from acoms.accounts.tasks import send_after_commit

from .events import Event


def aco_recipients(organization, right=Right.RESPOND_RFI) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(
                organization=organization, active=True, role__in=RIGHTS[right], user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


Mail = tuple[str, str, list[str]]  # subject, body, recipients


def _rfi_issued(rfi, application) -> Mail:
    app = rfi.application
    lines = "\n".join(f"- {d.section}: {d.text}" for d in rfi.deficiencies.all())
    return (
        f"RFI-{rfi.round} on your {app.cycle} application — respond by {rfi.due:%B %d, %Y}",
        f"CMS issued a request for information on the application of {app.organization.name} "
        f"({app.organization.aco_id}).\n\n"
        f"Deficiencies:\n{lines}\n\nRespond in ACO-MS by {rfi.due:%B %d, %Y}.",
        aco_recipients(app.organization),
    )


def _rfi_responded(rfi, application) -> Mail:
    app = rfi.application
    return (
        f"RFI-{rfi.round} response received from {app.organization.aco_id}",
        f"{app.organization.name} responded to RFI-{rfi.round} on application {app.pk}.",
        [app.reviewer.email] if app.reviewer and app.reviewer.email else [],
    )


def _deadline_soon(rfi, application) -> Mail:
    app = rfi.application
    return (
        f"Reminder: RFI-{rfi.round} response due {rfi.due:%B %d, %Y}",
        f"The response of {app.organization.name} to RFI-{rfi.round} is due on {rfi.due:%B %d, %Y}.",
        aco_recipients(app.organization),
    )


def _decision(rfi, application) -> Mail:
    status = application.get_status_display()
    return (
        f"Decision on your {application.cycle} application: {status}",
        f"CMS has decided the application of {application.organization.name} "
        f"({application.organization.aco_id}): {status}.\n"
        "The decision letter is available in ACO-MS.",
        aco_recipients(application.organization, Right.VIEW_ACO),
    )


def _reconsideration_requested(rfi, application) -> Mail:
    recipients = [u.email for u in (application.decided_by,) if u is not None and u.email]
    return (
        f"Reconsideration requested by {application.organization.aco_id}",
        f"{application.organization.name} requested reconsideration of the denial of application {application.pk}.",
        recipients,
    )


MAILS: dict[Event, Callable[..., Mail]] = {
    Event.ISSUE_RFI: _rfi_issued,
    Event.RESPOND_RFI: _rfi_responded,
    Event.RFI_REMINDER: _deadline_soon,
    Event.APPROVE: _decision,
    Event.DENY: _decision,
    Event.REVERSE_DENIAL: _decision,
    Event.UPHOLD_DENIAL: _decision,
    Event.REQUEST_RECONSIDERATION: _reconsideration_requested,
}


def notify(event: Event, *, rfi=None, application=None) -> None:
    """Queue the e-mail of `event` for after the commit (no mail when the write rolls back)."""
    subject, body, recipients = MAILS[event](rfi, application)
    send_after_commit(subject, body, recipients)

"""Email notifications: RFIs issued, responses received, deadlines in 3 days, decisions.
The demo uses the console email backend; tests read django.core.mail.outbox."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from acoms.accounts.models import Membership
from acoms.accounts.roles import RIGHTS, Right


def aco_recipients(organization, right=Right.RESPOND_RFI) -> list[str]:
    return sorted(set(
        Membership.objects.filter(organization=organization, active=True, role__in=RIGHTS[right], user__is_active=True)
        .exclude(user__email="").values_list("user__email", flat=True)))


log = logging.getLogger(__name__)


def _send(subject, body, recipients):
    """Send, but never let a mail outage undo the recorded step: the failure is logged."""
    if not recipients:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # noqa: BLE001 - SMTP errors vary by backend
        log.exception("could not send %r to %d recipient(s)", subject, len(recipients))


def rfi_issued(rfi):
    app = rfi.application
    lines = "\n".join(f"- {d.section}: {d.text}" for d in rfi.deficiencies.all())
    _send(f"RFI-{rfi.round} on your {app.cycle} application — respond by {rfi.due:%B %d, %Y}",
          f"CMS issued a request for information on the application of {app.organization.name} ({app.organization.aco_id}).\n\n"
          f"Deficiencies:\n{lines}\n\nRespond in ACO-MS by {rfi.due:%B %d, %Y}.", aco_recipients(app.organization))


def rfi_responded(rfi):
    app = rfi.application
    _send(f"RFI-{rfi.round} response received from {app.organization.aco_id}",
          f"{app.organization.name} responded to RFI-{rfi.round} on application {app.pk}.",
          [app.reviewer.email] if app.reviewer and app.reviewer.email else [])


def deadline_soon(rfi):
    app = rfi.application
    _send(f"Reminder: RFI-{rfi.round} response due {rfi.due:%B %d, %Y}",
          f"The response of {app.organization.name} to RFI-{rfi.round} is due on {rfi.due:%B %d, %Y}.",
          aco_recipients(app.organization))


def decision(application):
    status = application.get_status_display()
    _send(f"Decision on your {application.cycle} application: {status}",
          f"CMS has decided the application of {application.organization.name} ({application.organization.aco_id}): {status}.\n"
          "The decision letter is available in ACO-MS.", aco_recipients(application.organization, Right.VIEW_ACO))


def reconsideration_requested(application):
    recipients = [u.email for u in (application.decided_by,) if u is not None and u.email]
    _send(f"Reconsideration requested by {application.organization.aco_id}",
          f"{application.organization.name} requested reconsideration of the denial of application {application.pk}.", recipients)

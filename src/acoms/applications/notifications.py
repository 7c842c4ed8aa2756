"""What people are told of the application workflow, one message per event (submitted, RFI issued,
response received, deadline soon, decisions, reconsideration requested). `notify` is called inside the
action's transaction: through `acoms.notices.deliver.tell` each person gets a notice in ACO-MS and the
same words by e-mail, which leaves through the task queue after the commit (accounts.tasks). Messages
use words (section titles, statuses, long dates) and link to the application's page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from acoms.accounts.models import Membership, User
from acoms.accounts.roles import RIGHTS, Right
from acoms.lib.formats import long_date
from acoms.notices.deliver import tell

from . import sections
from .events import Event


def aco_people(organization, right=Right.RESPOND_RFI) -> list[User]:
    """The ACO's active contacts whose contact type holds `right` (who must act or be told)."""
    ids = Membership.objects.filter(
        organization=organization, active=True, role__in=RIGHTS[right], user__is_active=True
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


@dataclass
class Message:
    subject: str
    body: str
    people: list = field(default_factory=list)


def _section_title(key: str) -> str:
    section = sections.BY_KEY.get(key)
    return section.title if section else key


def _name(app) -> str:
    return f"{app.organization.name} ({app.organization.aco_id})"


def _submitted(rfi, application) -> Message:
    app = application
    return Message(
        f"Your {app.cycle} application is submitted",
        f"The {app.get_app_type_display().lower()} application of {_name(app)} was submitted to CMS on "
        f"{long_date(app.submitted_at)}. CMS reviews it now; you are told here and by e-mail when CMS asks "
        "for more information or decides.",
        aco_people(app.organization, Right.VIEW_ACO),
    )


def _rfi_issued(rfi, application) -> Message:
    app = rfi.application
    lines = "\n".join(f"- {_section_title(d.section)}: {d.text}" for d in rfi.deficiencies.all())
    return Message(
        f"RFI-{rfi.round} on your {app.cycle} application — respond by {long_date(rfi.due)}",
        f"CMS issued a request for information on the application of {_name(app)}.\n\n"
        f"Deficiencies:\n{lines}\n\nRespond in ACO-MS by {long_date(rfi.due)}.",
        aco_people(app.organization),
    )


def _rfi_responded(rfi, application) -> Message:
    app = rfi.application
    return Message(
        f"RFI-{rfi.round} response received from {app.organization.aco_id}",
        f"{_name(app)} responded to RFI-{rfi.round} on application {app.pk} ({app.cycle}). "
        "The application waits for you to resolve the RFI.",
        [app.reviewer] if app.reviewer else [],
    )


def _deadline_soon(rfi, application) -> Message:
    app = rfi.application
    return Message(
        f"Reminder: RFI-{rfi.round} response due {long_date(rfi.due)}",
        f"The response of {app.organization.name} to RFI-{rfi.round} on its {app.cycle} application is due "
        f"on {long_date(rfi.due)}.",
        aco_people(app.organization),
    )


def _decision(rfi, application) -> Message:
    status = application.get_status_display()
    return Message(
        f"Decision on your {application.cycle} application: {status}",
        f"CMS has decided the application of {_name(application)}: {status}.\n"
        "The decision letter is available in ACO-MS.",
        aco_people(application.organization, Right.VIEW_ACO),
    )


def _reconsideration_requested(rfi, application) -> Message:
    return Message(
        f"Reconsideration requested by {application.organization.aco_id}",
        f"{application.organization.name} requested reconsideration of the denial of application {application.pk}.",
        [application.decided_by] if application.decided_by else [],
    )


MESSAGES: dict[Event, Callable[..., Message]] = {
    Event.SUBMIT: _submitted,
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
    """Tell the people of `event` (a notice now, in the write's transaction; the e-mail after the commit)."""
    message = MESSAGES[event](rfi, application)
    app = application if application is not None else rfi.application
    tell(
        event,
        message.subject,
        message.body,
        people=message.people,
        path=reverse("application_detail", args=[app.pk]),
    )

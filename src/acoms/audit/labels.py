"""The audit log's vocabulary: each event code with the words a person reads ("Application
submitted", not `application.submit`). Apps whose events are enums register their labels with the
enum (`applications.events.LABELS`, from its AppConfig.ready); the events the other
apps name (by enum or string) are labelled here. The timeline, the audit log page, the API and the
e-mails read `label()`; an unknown code still reads as words."""

from __future__ import annotations

from collections.abc import Mapping

_LABELS: dict[str, str] = {
    "auth.login": "Signed in",
    "auth.logout": "Signed out",
    "auth.login_failed": "Failed sign-in",
    "organization.create": "Organization created",
    "organization.register": "ACO registered",
    "membership.grant": "Contact role granted",
    "membership.revoke": "Contact role removed",
    "registration.request": "Registration requested",
    "user.register": "Account created",
    "invitation.send": "Invitation sent",
    "invitation.accept": "Invitation accepted",
    "api_token.create": "API token created",
    "api_token.revoke": "API token revoked",
    "participants.upload": "Participant list uploaded",
    "participants.add_row": "List row added",
    "participants.remove_row": "List row removed",
    "participants.carry_forward": "List carried forward from the previous year",
    "participants.attach_agreement": "Participant agreement attached",
    "participants.open_change_window": "Change window opened",
    "participants.reschedule_change_window": "Change window rescheduled",
    "participants.close_change_window": "Change window closed",
    "participants.change_request": "Change requested",
    "participants.change_approved": "Change request approved",
    "participants.change_denied": "Change request denied",
    "participants.certify": "List certified",
    "participants.load_registry": "Enrollment registry loaded",
    "participants.estimate_start": "Beneficiary estimate started",
    "participants.estimate_abandoned": "Beneficiary estimate abandoned",
    "performance.run_create": "Performance run created",
    "performance.run_rerun": "Performance run started again",
    "performance.run_cancel": "Performance run cancelled",
    "performance.run_supersede": "Performance run superseded",
    "performance.run_publish": "Performance results published",
    "performance.datahub_download": "Data hub file downloaded",
}


def register(labels: Mapping[str, str]) -> None:
    """Add an app's event labels (its enum's values → words)."""
    _LABELS.update({str(code): text for code, text in labels.items()})


def label(code: str) -> str:
    """The words of an event code; an unregistered code reads as its words ("Records: merge rows")."""
    if code in _LABELS:
        return _LABELS[code]
    area, _, rest = code.partition(".")
    words = (rest or area).replace("_", " ").replace(".", " ")
    return f"{area.replace('_', ' ').capitalize()}: {words}" if rest else words.capitalize()


def known() -> dict[str, str]:
    return dict(_LABELS)

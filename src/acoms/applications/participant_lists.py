"""What an application sees of the ACO's participant and SNF affiliate lists (the participants
app's registry), read-only: the lists in force in the agreement's first performance year, checked
by the participants app's own validation rules. The participant list section and the Phase 2
submission use this; nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from acoms.lib.formats import counted
from acoms.participants import actions as participant_lists
from acoms.participants.codes import ERROR
from acoms.participants.context import context_for
from acoms.participants.layouts import LAYOUTS
from acoms.participants.validation import validate

KINDS = ("participants", "providers", "snf")
NO_AGREEMENT = "NO_AGREEMENT"
ORDER = {"participants": ("tin",), "providers": ("tin", "npi"), "snf": ("ccn",)}


def first_py(application) -> int:
    """The agreement's first performance year (a performance year is a calendar year, §425.200(c))."""
    return application.cycle.agreement_start.year


@dataclass
class ListState:
    kind: str
    rows: list = field(default_factory=list)  # the list entries in force
    findings: list = field(default_factory=list)  # the participants app's findings on them, as they stand

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def errors(self) -> list:
        return [f for f in self.findings if f["severity"] == ERROR]

    @property
    def missing_agreements(self) -> list:
        return [f for f in self.findings if f["code"] == NO_AGREEMENT]

    @property
    def other_warnings(self) -> list:
        return [f for f in self.findings if f["severity"] != ERROR and f["code"] != NO_AGREEMENT]


def list_state(aco, py: int, kind: str) -> ListState:
    entries = list(participant_lists.entries(aco, py, kind).order_by(*ORDER[kind]))
    if not entries:
        return ListState(kind)
    report = validate(
        LAYOUTS[kind],
        [(i, participant_lists.as_raw_row(kind, e)) for i, e in enumerate(entries, 2)],
        context_for(aco, py, kind),
    )
    return ListState(kind, entries, report.findings)


def summary(application) -> dict:
    """Live counts for the section page: participants, providers/suppliers, SNF affiliates, findings."""
    py = first_py(application)
    states = {kind: list_state(application.organization, py, kind) for kind in KINDS}
    return {
        "py": py,
        "url": list_url(application),
        "states": states,
        "participants": states["participants"].count,
        "providers": states["providers"].count,
        "snf": states["snf"].count,
        "errors": sum(len(s.errors) for s in states.values()),
        "warnings": sum(len(s.findings) - len(s.errors) for s in states.values()),
        "missing_agreements": sum(len(s.missing_agreements) for s in states.values()),
    }


def _listed(findings, limit=3) -> str:
    shown = "; ".join(f"{f['field']}: {f['message']}" for f in findings[:limit])
    return shown + (f"; and {len(findings) - limit} more" if len(findings) > limit else "")


def participant_problems(application, state: ListState | None = None) -> list[str]:
    """Why the participant list is not ready for the application: empty, rows with error findings,
    participants without their signed participant agreement (§425.116, §425.118)."""
    py = first_py(application)
    state = state or list_state(application.organization, py, "participants")
    if not state.count:
        return [
            f"The PY{py} participant list is empty: add at least one ACO participant (TIN) on the participant list page."
        ]
    problems = []
    if state.errors:
        problems.append(
            f"{counted(len(state.errors), 'error finding')} on the PY{py} participant list: {_listed(state.errors)}."
        )
    if state.missing_agreements:
        tins = ", ".join(sorted({state.rows[f["row"] - 2].tin for f in state.missing_agreements}))
        problems.append(
            f"{counted(len(state.missing_agreements), 'participant')} without a signed participant agreement attached "
            f"(42 CFR 425.116): {tins}."
        )
    return problems


def snf_problems(application, state: ListState | None = None) -> list[str]:
    """For the SNF 3-day rule waiver: at least one SNF affiliate on the list, none with error
    findings, each with its SNF affiliate agreement (§425.612(a)(1))."""
    py = first_py(application)
    state = state or list_state(application.organization, py, "snf")
    if not state.count:
        return [
            f"The SNF 3-day rule waiver needs at least one SNF affiliate on the PY{py} SNF affiliate list "
            "(42 CFR 425.612(a)(1)); add them on the participant list page."
        ]
    problems = []
    if state.errors:
        problems.append(
            f"{counted(len(state.errors), 'error finding')} on the PY{py} SNF affiliate list: {_listed(state.errors)}."
        )
    if state.missing_agreements:
        problems.append(
            f"{counted(len(state.missing_agreements), 'SNF affiliate')} without a signed SNF affiliate agreement attached "
            "(42 CFR 425.612(a)(1)(ii))."
        )
    return problems


def snapshot(application, with_snf: bool) -> dict:
    """The lists as they stand, recorded on the application at Phase 2: participant TINs (and SNF
    affiliate CCNs when the waiver is requested) for the first performance year."""
    aco, py = application.organization, first_py(application)
    return {
        "py": py,
        "participants": sorted(participant_lists.entries(aco, py, "participants").values_list("tin", flat=True)),
        "snf_affiliates": sorted(participant_lists.entries(aco, py, "snf").values_list("ccn", flat=True))
        if with_snf
        else [],
    }


def list_url(application) -> str | None:
    try:
        return reverse("participant_list", args=[application.organization.aco_id]) + f"?py={first_py(application)}"
    except NoReverseMatch:
        return None

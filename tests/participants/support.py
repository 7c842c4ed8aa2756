"""Constants and helpers of the participant list tests (imported as `participants.support`): the enrollment
registry, A1002 holding two TINs and A1001's agreements, as `golden_context()` for the pure validation tests."""

import datetime as dt

from acoms.applications.models import Cycle
from acoms.participants.validation import Context

TIN_NAMES = {
    "201234560": "Riverside Family Medicine, PC",
    "371234561": "Harbor Clinic LLC",
    "300000019": "Valley Cardiology, LLC",
    "260000001": "Shared Primary Care",
}
PRIMARY_CARE = {"201234560", "371234561", "260000001"}
NPIS = {
    "1234567893": {"201234560": "Jane Rivera"},
    "2000000010": {"201234560": "Wei Nguyen", "371234561": "Wei Nguyen"},
}
CCN_NAMES = {
    "365012": "Maple Grove Nursing Center",
    "145103": "Lakeshore Skilled Nursing",
    "36Z001": "Buckeye Critical Access Hospital",
    "235003": "Great Lakes Care Center",
}
OTHER_ACO = {"260000001": "A1002", "300000019": "A1002"}
AGREEMENTS = {"201234560", "365012", "145103", "36Z001"}
PARTICIPANT_TINS = {"201234560", "371234561"}
PDF = b"%PDF-1.4\n% test agreement\n%%EOF\n"


def golden_context() -> Context:
    return Context(
        py=2027,
        tin_names=dict(TIN_NAMES),
        primary_care_tins=set(PRIMARY_CARE),
        npi_tins={k: dict(v) for k, v in NPIS.items()},
        ccn_names=dict(CCN_NAMES),
        other_aco_tins=dict(OTHER_ACO),
        participant_tins=set(PARTICIPANT_TINS),
        agreements=set(AGREEMENTS),
    )


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


PARTICIPANT_HEADER = "Participant TIN,Participant Legal Business Name,CCNs"
PROVIDER_HEADER = "Billing TIN,Individual NPI,Provider Name"
SNF_HEADER = "SNF CCN,SNF Legal Business Name,Overall Star Rating"


PROGRAM_START = 2027  # the test cycle's agreement period covers PY2027-PY2031 (five years)


def open_cycle(start: int = PROGRAM_START):
    """An application cycle whose agreement period starts in `start`: the years the program has."""

    return Cycle.objects.get_or_create(agreement_start=dt.date(start, 1, 1), defaults={"name": f"PY{start} cycle"})[0]

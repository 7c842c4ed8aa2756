"""A small world for participant list tests: the enrollment registry, A1002 holding two TINs,
and A1001's agreements — the same facts as `golden_context()` for the pure validation tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from acoms.accounts.roles import SYSTEM
from acoms.participants import actions
from acoms.participants.layouts import LAYOUTS
from acoms.participants.reader import Parsed
from participants.support import (
    AGREEMENTS,
    CCN_NAMES,
    NPIS,
    OTHER_ACO,
    PDF,
    PRIMARY_CARE,
    PROGRAM_START,
    TIN_NAMES,
    open_cycle,
)


@pytest.fixture
def world(people, settings, tmp_path):
    """The golden context in the database: registry, A1002's PY2027 list, A1001's agreements, and an
    application cycles starting in 2026 and 2027 (so PY2026-PY2031 are years of the program)."""

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    records = [{"tin": t, "legal_name": n, "bills_primary_care": t in PRIMARY_CARE} for t, n in TIN_NAMES.items()]
    records += [{"tin": t, "npi": npi, "legal_name": n} for npi, tins in NPIS.items() for t, n in tins.items()]
    records += [{"ccn": c, "legal_name": n} for c, n in CCN_NAMES.items()]
    actions.load_registry(by=SYSTEM, records=records, source="test")
    orgs = people["_orgs"]
    open_cycle(PROGRAM_START - 1)
    open_cycle()
    for identifier in AGREEMENTS:
        actions.attach_agreement(
            by=people["aco-executive"],
            aco=orgs["aco_x"],
            identifier=identifier,
            upload=SimpleUploadedFile(f"{identifier}.pdf", PDF),
        )
    for tin in OTHER_ACO:
        actions.attach_agreement(
            by=people["other-aco"], aco=orgs["aco_y"], identifier=tin, upload=SimpleUploadedFile(f"{tin}.pdf", PDF)
        )
    layout = LAYOUTS["participants"]
    rows = [
        (2, {"tin": "260000001", "legal_name": TIN_NAMES["260000001"], "ccns": ""}),
        (3, {"tin": "300000019", "legal_name": TIN_NAMES["300000019"], "ccns": ""}),
    ]
    actions.save_list(
        by=people["other-aco"], aco=orgs["aco_y"], py=2027, parsed=Parsed(layout, rows), filename="y.csv", data=b"y"
    )
    return people

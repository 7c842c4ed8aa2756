"""The demo data: certified lists for both ACOs, an open change window; running it twice changes nothing."""

import datetime as dt

import pytest

from acoms import demo
from acoms.audit.models import AuditEvent
from acoms.participants import actions
from acoms.participants import demo as participants_demo
from acoms.participants.models import (
    Certification,
    ChangeRequest,
    ChangeWindow,
    EnrollmentRecord,
    Participant,
    Provider,
    SNFAffiliate,
)
from participants import support as pt


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    return tmp_path


def _state():
    return [
        m.objects.count()
        for m in (Participant, Provider, SNFAffiliate, EnrollmentRecord, Certification, ChangeWindow, AuditEvent)
    ]


def test_demo_seed_is_complete_and_idempotent(db, data_dir):
    pt.open_cycle(dt.date.today().year)  # the applications demo's cycles come first
    orgs = demo.seed_people()
    participants_demo.seed(orgs)
    first = _state()
    participants_demo.seed(orgs)
    assert _state() == first
    certs = Certification.objects.all()
    assert {c.organization.aco_id for c in certs} == {"A1001", "A1002"} and all(c.is_intact() for c in certs)
    assert all(len(c.rows["participants"]) >= 4 and c.rows["snf"] for c in certs)
    for cert in certs:  # next year's list starts from this year's, for the open change window
        next_year = actions.snapshot_rows(cert.organization, cert.py + 1)
        expected = dict(cert.rows)
        if cert.organization.aco_id == "A1002":  # less the SNF affiliate whose deletion CMS approved
            expected["snf"] = [row for row in cert.rows["snf"] if row["ccn"] != participants_demo.SNFS["A1002"][0][0]]
        assert next_year == expected
    changes = ChangeRequest.objects.order_by("organization__aco_id", "pk")
    assert [(c.organization.aco_id, c.action, c.status) for c in changes] == [
        ("A1001", "add", "pending"),
        ("A1002", "delete", "approved"),
        ("A1002", "delete", "denied"),
    ]
    assert actions.open_window() is not None
    assert (data_dir / "claims" / participants_demo.DATASET / "participants.csv").exists()

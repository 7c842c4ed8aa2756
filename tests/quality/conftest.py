import datetime as dt

import pytest
from django.utils import timezone

from acoms.quality.models import ReportingPeriod

PY = 2026


@pytest.fixture
def open_py(db):
    """PY2026 open for 30 more days, whatever today's date (CMS's deadline for the year)."""
    ReportingPeriod.objects.update_or_create(py=PY, defaults={"deadline": timezone.localdate() + dt.timedelta(days=30)})
    return PY


@pytest.fixture
def aco(people, open_py):
    return people.orgs["aco_x"]

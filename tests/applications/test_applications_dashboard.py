"""The cycle dashboard's charts and downloads, against hand-counted rows: NOIAs and applications by type in every
cycle, days in review per reviewer, participant TINs per ACO over performance years."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from acoms.accounts.models import User
from acoms.applications import actions, dashboard
from acoms.applications.models import Application, Noia
from acoms.applications.windows import PHASES
from acoms.participants.models import Participant


@pytest.fixture
def cycles(world):
    """Two past cycles before the world's (next January's): NOIAs hand-placed by type."""
    today = timezone.localdate()
    windows = {p: (today - dt.timedelta(days=400), today - dt.timedelta(days=380)) for p, _ in PHASES}
    first = actions.save_cycle(
        by=world["cms-admin"], agreement_start=dt.date(today.year - 1, 1, 1), name="Cycle A", windows=windows
    )
    second = actions.save_cycle(
        by=world["cms-admin"], agreement_start=dt.date(today.year, 1, 1), name="Cycle B", windows=windows
    )
    x, y = world.orgs["aco_x"], world.orgs["aco_y"]
    Noia.objects.create(organization=x, cycle=first, app_type="initial")
    Noia.objects.create(organization=y, cycle=first, app_type="renewal")
    Noia.objects.create(organization=x, cycle=second, app_type="early_renewal")
    Noia.objects.create(organization=y, cycle=second, app_type="renewal", status=Noia.Status.WITHDRAWN)
    Noia.objects.create(organization=x, cycle=world["_cycle"], app_type="initial")
    Noia.objects.create(organization=y, cycle=world["_cycle"], app_type="reentering")
    return first, second, world["_cycle"]


def test_noias_by_type_in_every_cycle_oldest_first_withdrawn_left_out(cycles):
    rows = dashboard.trend_charts(cycles[2])["noia_trend"].rows
    assert [(r["cycle"], r["type"], r["count"]) for r in rows] == [
        ("Cycle A", "Initial", 1),
        ("Cycle A", "Renewal", 1),
        ("Cycle A", "Early Renewal", 0),
        ("Cycle B", "Initial", 0),
        ("Cycle B", "Renewal", 0),
        ("Cycle B", "Early Renewal", 1),
        ("Test cycle", "Initial", 2),  # a re-entering ACO applies on the initial application
        ("Test cycle", "Renewal", 0),
        ("Test cycle", "Early Renewal", 0),
    ]


def test_days_in_review_average_from_submission_to_decision_or_today(world):
    cycle, reviewer = world["_cycle"], world["cms-reviewer"]
    now = timezone.now()
    x, y = world.orgs["aco_x"], world.orgs["aco_y"]
    open_case = Application.objects.create(organization=x, cycle=cycle, app_type="initial", status="in_review")
    decided = Application.objects.create(organization=y, cycle=cycle, app_type="renewal", status="approved")
    Application.objects.filter(pk=open_case.pk).update(reviewer=reviewer, submitted_at=now - dt.timedelta(days=10))
    Application.objects.filter(pk=decided.pk).update(
        reviewer=reviewer, submitted_at=now - dt.timedelta(days=21), decided_at=now - dt.timedelta(days=5)
    )
    rows = dashboard.days_in_review(cycle)
    assert rows == [{"reviewer": reviewer.get_full_name(), "cases": 2, "days": 13}]  # (10 + 16) / 2


def test_participant_tins_per_aco_per_year(world):
    x, y = world.orgs["aco_x"], world.orgs["aco_y"]
    for py, tins in ((2027, ("201234560", "371234561", "300000019")), (2028, ("201234560", "371234561"))):
        for tin in tins:
            Participant.objects.create(organization=x, py=py, tin=tin, legal_name=tin)
    Participant.objects.create(organization=y, py=2027, tin="260000001", legal_name="Shared Primary Care")
    assert dashboard.participants_per_aco() == [
        {"aco": "A1001", "py": "PY2027", "participants": 3},
        {"aco": "A1001", "py": "PY2028", "participants": 2},
        {"aco": "A1002", "py": "PY2027", "participants": 1},
    ]


def test_the_charts_are_on_the_page_with_a_download_beside_each_table(client, cycles):
    client.force_login(User.objects.get(username="cms-analyst"))
    page = client.get(reverse("cycle_dashboard_for", args=[cycles[2].pk])).content.decode()
    for key in ("noias-by-cycle", "applications-by-cycle"):
        assert f'data-chart="{key}-spec"' in page
    for table in ("noias", "noias-by-cycle", "applications", "applications-by-cycle", "reviewers"):
        assert reverse("cycle_dashboard_download", args=[cycles[2].pk, table]) + "?format=csv" in page


def test_a_dashboard_table_downloads_as_csv_and_xlsx(client, cycles):
    client.force_login(User.objects.get(username="cms-reviewer"))
    url = reverse("cycle_dashboard_download", args=[cycles[2].pk, "noias-by-cycle"])
    response = client.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Application cycle", "Application type", "Notices of intent"]
    assert ["Test cycle", "Initial", "2"] in rows and len(rows) == 10
    noias = client.get(reverse("cycle_dashboard_download", args=[cycles[2].pk, "noias"]), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(noias.streaming_content)))["NOIAs by type"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Application type", "Cycle B", "Test cycle", "% change"]
    assert values[-1] == ["Total", 1, 2, 100]
    assert client.get(reverse("cycle_dashboard_download", args=[cycles[2].pk, "nothing"])).status_code == 404

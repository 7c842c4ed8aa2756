"""The assignment estimate against the minimum of 42 CFR 425.110(a)(1) (5,000 assigned beneficiaries) on the ACO
home and the estimate page, and its per-TIN table as CSV and XLSX."""

import csv
import io
import json

import openpyxl
from django.urls import reverse
from django.utils import timezone

from acoms.participants.models import EstimateRun
from acoms.participants.reference import MINIMUM_ASSIGNED


def _run(people, per_tin):
    return EstimateRun.objects.create(
        organization=people.orgs["aco_x"],
        py=2027,
        created_by=people["aco-signer"],
        status=EstimateRun.Status.DONE,
        dataset="claims-2026",
        per_tin=per_tin,
        total=sum(v["beneficiaries"] for v in per_tin.values()),
        finished_at=timezone.now(),
    )


SMALL = {
    "201234560": {"name": "Riverside Family Medicine, PC", "beneficiaries": 1200},
    "371234561": {"name": "Harbor Clinic LLC", "beneficiaries": 3000},
}


def test_the_minimum_is_the_regulations_5000():
    assert MINIMUM_ASSIGNED == 5000  # 42 CFR 425.110(a)(1)


def test_the_aco_home_draws_the_estimate_against_the_minimum_and_flags_a_shortfall(client, people):
    run = _run(people, SMALL)
    client.force_login(people["aco-data"])
    page = client.get(reverse("aco_home", args=["A1001"])).content.decode()
    assert 'data-testid="estimate-below-minimum"' in page
    assert "4,200 beneficiaries, is below the 5,000" in page
    spec = json.loads(page.split(f'id="estimate-{run.pk}-spec" type="application/json">')[1].split("</script>")[0])
    rule = spec["layer"][1]
    assert rule["data"]["values"][0]["value"] == 5000
    assert spec["data"]["values"] == [{"list": "PY2027 participant list", "beneficiaries": 4200}]


def test_an_estimate_above_the_minimum_is_not_flagged(client, people):
    _run(people, {**SMALL, "300000019": {"name": "Valley Cardiology, LLC", "beneficiaries": 2000}})
    client.force_login(people["aco-data"])
    page = client.get(reverse("aco_home", args=["A1001"])).content.decode()
    assert 'data-testid="estimate-summary"' in page and 'data-testid="estimate-below-minimum"' not in page


def test_without_an_estimate_the_home_says_how_to_get_one(client, people):
    client.force_login(people["aco-data"])
    page = client.get(reverse("aco_home", args=["A1001"])).content.decode()
    assert "No assignment estimate yet" in page


def test_the_per_tin_estimate_downloads_most_beneficiaries_first(client, people):
    run = _run(people, SMALL)
    client.force_login(people["aco-executive"])
    url = reverse("participant_estimate_download", args=["A1001", run.pk])
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode("utf-8-sig"))))
    assert rows == [
        ["TIN", "Legal business name", "Beneficiaries"],
        ["371234561", "Harbor Clinic LLC", "3000"],
        ["201234560", "Riverside Family Medicine, PC", "1200"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content))).active
    assert [c.value for c in list(sheet.iter_rows())[1]] == ["371234561", "Harbor Clinic LLC", 3000]
    page = client.get(reverse("participant_estimate", args=["A1001", run.pk])).content.decode()
    assert url + "?format=xlsx" in page and f'data-chart="estimate-{run.pk}-spec"' in page

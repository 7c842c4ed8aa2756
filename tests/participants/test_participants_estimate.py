"""The per-TIN assignment estimate: a background task running the analytics engine on the
latest claims dataset, with progress and a warning below 5,000 beneficiaries."""

import csv

import pytest
from django.urls import reverse

from acoms.analytics import assignment
from acoms.analytics.loaders import synthetic
from acoms.participants import actions
from acoms.participants.models import EstimateRun, Participant


@pytest.fixture
def immediate(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):

    root = tmp_path_factory.mktemp("claims-root")
    synthetic.generate(root / "claims" / "small", benes=3000, acos=2, py=2025, seed=3)
    return root


def _list_a1001(dataset_root, aco):
    rows = list(csv.DictReader((dataset_root / "claims" / "small" / "participants.csv").open()))
    tins = sorted({r["tin"] for r in rows if r["aco_id"] == "A1001" and not r["end_date"]})
    for tin in tins:
        Participant.objects.create(organization=aco, tin=tin, legal_name=f"Practice {tin}", py=2027)
    return tins


def test_estimate_runs_in_the_background_and_matches_the_engine(
    people, immediate, dataset, settings, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = dataset
    aco = people["_orgs"]["aco_x"]
    tins = _list_a1001(dataset, aco)
    with django_capture_on_commit_callbacks(execute=True):
        run = actions.start_estimate(by=people["aco-executive"], aco=aco, py=2027)
    run.refresh_from_db()
    assert run.status == "done" and run.progress == 100 and run.dataset == "small"
    assert sorted(run.per_tin) == tins and 0 < run.total < 5000
    assert max(v["beneficiaries"] for v in run.per_tin.values()) <= run.total

    path = dataset / "mine.csv"
    path.write_text("aco_id,tin,ccn,start_date,end_date\n" + "".join(f"A1001,{t},,2024-01-01,\n" for t in tins))
    result = assignment.run(dataset / "claims" / "small", participants=path, py=2025, check_keys=False)
    assert run.total == result["assignment"].column("aco_id").to_pylist().count("A1001")

    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(people["aco-medical"])
    page = client.get(reverse("participant_estimate", args=["A1001", run.pk])).content.decode()
    assert "below the 5,000 beneficiaries" in page and str(run.total) in page


def test_without_a_claims_dataset_the_run_fails_with_a_message(people, immediate, django_capture_on_commit_callbacks):
    aco = people["_orgs"]["aco_x"]
    Participant.objects.create(organization=aco, tin="201234560", legal_name="R", py=2027)
    with django_capture_on_commit_callbacks(execute=True):
        run = actions.start_estimate(by=people["aco-executive"], aco=aco, py=2027)
    run.refresh_from_db()
    assert run.status == "failed" and "No claims dataset" in run.message


def test_progress_is_shown_while_running(client, people):
    run = EstimateRun.objects.create(
        organization=people["_orgs"]["aco_x"],
        py=2027,
        created_by=people["aco-executive"],
        status="running",
        progress=55,
        message="assigning each TIN on its own",
    )
    client.force_login(people["aco-executive"])
    response = client.get(reverse("participant_estimate", args=["A1001", run.pk]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'value="55"' in html and 'hx-trigger="every 2s"' in html and "<h1>" not in html

"""A run end to end on the immediate task backend: stages, stored results equal to the engine's own
files, owner-only folders, publication and the Data Hub as each kind of user; a second run of the same
year supersedes the first; a rerun replaces results without duplicates."""

import csv
import io
import stat
import zipfile

import pyarrow.parquet as pq
import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from acoms.api import actions as token_actions
from acoms.audit.models import AuditEvent
from acoms.performance import actions
from acoms.performance.models import STAGES, AcoResult, Deliverable
from acoms.performance.runner import run_dir


def _create(people, claims, capture):
    with capture(execute=True):
        run = actions.create_run(
            by=people["cms-analyst"], data_dir=str(claims["data"]), py=2026, agreements=str(claims["agreements"])
        )
    run.refresh_from_db()
    return run


def _auth(user):
    _, secret = token_actions.create_token(by=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.timeout(900)
def test_run_publish_and_data_hub(people, immediate, claims, client, django_capture_on_commit_callbacks):
    run = _create(people, claims, django_capture_on_commit_callbacks)
    assert run.status == "done", run.log
    stages = list(run.stages.all())
    assert [s.name for s in stages] == list(STAGES)
    assert all(s.status == "done" and s.started_at and s.finished_at >= s.started_at for s in stages)
    assert len(run.dataset_sha256) == 64 and run.manifest["engine"] == "duckdb" and run.engine == "duckdb"

    folder = run_dir(run)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    fe = folder / "fe"
    assert stat.S_IMODE((fe / "fe_settlement.parquet").stat().st_mode) == 0o600
    settlement = {r["aco_id"]: r for r in pq.read_table(fe / "fe_settlement.parquet").to_pylist()}
    update = {r["aco_id"]: r for r in pq.read_table(fe / "fe_update.parquet").to_pylist()}
    results = {r.aco_id: r for r in AcoResult.objects.filter(run=run)}
    assert set(results) == set(settlement) == {"A1001", "A1002"}
    for aco_id, r in results.items():
        assert r.earned == settlement[aco_id]["earn_save_loss"] and r.savings_rate == settlement[aco_id]["savings_rate"]
        assert r.assigned == update[aco_id]["n_ab"] and r.benchmark == update[aco_id]["ub_total"]
    assert results["A1001"].organization == people["_orgs"]["aco_x"]

    # before publication: the review page for CMS, nothing for the ACO
    client.force_login(people["cms-analyst"])
    page = client.get(f"/performance/runs/{run.pk}/").content.decode()
    assert "National totals" in page and "Distribution of savings rates" in page and "first finished run" in page
    client.force_login(people["aco-data"])
    assert "No deliverables yet" in client.get("/aco/A1001/datahub/").content.decode()
    assert not Deliverable.objects.visible_to(people["aco-data"]).exists()

    client.force_login(people["cms-analyst"])
    assert client.post(f"/performance/runs/{run.pk}/publish/").status_code == 302
    run.refresh_from_db()
    assert run.publication == "published"
    files = {d.kind: d for d in Deliverable.objects.filter(run=run, organization=people["_orgs"]["aco_x"])}
    assert set(files) == {"AALR", "BNEX", "BNMRK", "AEXPU", "FRP", "STLMT"}
    assert files["AALR"].file_name.startswith("P.A1001.ACO.AALR.Y2026.D") and files["AALR"].type_code == "129"

    # the data contact lists and downloads them; the ALR has one row per beneficiary assigned in PY2026
    client.force_login(people["aco-data"])
    page = client.get("/aco/A1001/datahub/?year=2026").content.decode()
    assert all(d.file_name in page for d in files.values())
    response = client.get(f"/aco/A1001/datahub/{files['AALR'].pk}/")
    assert response.status_code == 200 and files["AALR"].file_name in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        name = next(n for n in z.namelist() if n.endswith("_1-1.csv"))
        rows = list(csv.DictReader(io.StringIO(z.read(name).decode())))
    population = pq.read_table(fe / "fe_population.parquet").to_pylist()
    expected = sorted(
        r["bene_id"]
        for r in population  # A1001's agreement: retrospective assignment
        if r["year"] == 2026 and r["aco_id"] == "A1001" and r["method"] == "retrospective"
    )
    assert sorted(r["BENE_MBI_ID"] for r in rows) == expected and expected
    assert {r["ASSIGNMENT_TYPE"] for r in rows} == {"RETROSPECTIVE"}
    event = AuditEvent.objects.filter(action="performance.datahub_download").latest("pk")
    assert expected[0] not in str(event.__dict__)  # the audit names the file, never a beneficiary

    frp = load_workbook(io.BytesIO(b"".join(client.get(f"/aco/A1001/datahub/{files['FRP'].pk}/").streaming_content)))
    sheet = {row[0].value: row[1].value for row in frp["Settlement"].iter_rows(min_row=2)}
    assert sheet["earn_save_loss"] == pytest.approx(settlement["A1001"]["earn_save_loss"])
    assert any("425." in (c.value or "") for c in frp["Explanation and citations"]["A"])

    # the liaison has no data right: no beneficiary-level file; another ACO gets 404
    client.force_login(people["aco-liaison"])
    page = client.get("/aco/A1001/datahub/").content.decode()
    assert files["AALR"].file_name not in page and files["FRP"].file_name in page
    assert client.get(f"/aco/A1001/datahub/{files['AALR'].pk}/").status_code == 403
    client.force_login(people["other-aco"])
    assert client.get(f"/aco/A1001/datahub/{files['FRP'].pk}/").status_code == 404
    assert client.get(f"/aco/A1002/datahub/{files['FRP'].pk}/").status_code == 404

    # the API: list and download with a token
    headers = _auth(people["aco-data"])
    listed = client.get("/api/v1/performance/datahub/A1001?year=2026", headers=headers).json()
    assert {f["type_code"] for f in listed} == {"114", "115", "120", "125", "129"}
    got = client.get(f"/api/v1/performance/datahub/A1001/files/{files['AEXPU'].pk}", headers=headers)
    assert got.status_code == 200 and len(b"".join(got.streaming_content)) == files["AEXPU"].size
    assert (
        client.get(
            f"/api/v1/performance/datahub/A1001/files/{files['AEXPU'].pk}", headers=_auth(people["other-aco"])
        ).status_code
        == 404
    )

    with pytest.raises(ValidationError):
        actions.rerun(by=people["cms-analyst"], run=run)  # published: immutable

    # a second run of the year: same data, no differences; rerun replaces its results; publish supersedes
    second = _create(people, claims, django_capture_on_commit_callbacks)
    assert second.status == "done", second.log
    with django_capture_on_commit_callbacks(execute=True):
        actions.rerun(by=people["cms-analyst"], run=second)
    second.refresh_from_db()
    assert second.status == "done" and AcoResult.objects.filter(run=second).count() == 2
    assert [r.earned for r in AcoResult.objects.filter(run=second)] == pytest.approx(
        [results[a].earned for a in sorted(results)], abs=0.005
    )
    client.force_login(people["cms-analyst"])
    page = client.get(f"/performance/runs/{second.pk}/").content.decode()
    assert f"run {run.pk}</a>" in page and "No differences." in page
    actions.publish_run(by=people["cms-analyst"], run=second)
    run.refresh_from_db()
    assert run.publication == "superseded" and run.superseded_by == second
    client.force_login(people["aco-data"])
    page = client.get("/aco/A1001/datahub/").content.decode()
    assert page.count("(superseded)") == 6 and len(Deliverable.objects.visible_to(people["aco-data"])) == 12

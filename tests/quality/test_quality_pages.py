"""The ACO's quality pages and API, CMS's status and national views, on the hand-worked PY2026 ACO."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from acoms.accounts.roles import SYSTEM
from acoms.api import actions as tokens
from acoms.quality import actions, attention, reporting, scoring
from acoms.quality.models import Submission

from . import golden

PY = 2026


def report_golden(people, aco):
    for row in golden.MEASURES:
        actions.save_measure(by=people["aco-data"], aco=aco, py=PY, figures=reporting.MeasureFigures(*row))
    actions.save_cahps(by=people["aco-data"], aco=aco, py=PY, scores=golden.CAHPS)
    pi = "tin,eligible_clinicians,pi_score\n" + "".join(f"{t},{n},{s}\n" for t, n, s in golden.PI)
    actions.upload_file(by=people["aco-data"], aco=aco, py=PY, kind="pi", data=pi.encode())
    actions.set_cms_inputs(by=SYSTEM, aco=aco, py=PY, **golden.CLAIMS)


def test_the_golden_aco_scores_as_worked_by_hand(people, aco):
    report_golden(people, aco)
    r = scoring.score_aco(aco, PY)
    q = r.score
    assert {m.measure_id: m.points for m in q.measures} == {
        "001": 6.0,
        "112": 6.0,
        "113": 8.0,
        "134": 6.0,
        "236": 7.0,
        "321": 5.0,
        "479": 6.0,
        "484": 6.0,
    }
    assert q.score == pytest.approx(golden.SCORE)
    assert (q.met_qps, q.met_alt_qps) == (False, True)
    assert scoring.gap_to_standard(q) == pytest.approx(golden.GAP)
    assert r.apm.promoting_interoperability == pytest.approx(golden.PI_SCORE)
    assert r.apm.final_score == pytest.approx(golden.FINAL)
    assert r.apm.adjustment == pytest.approx(golden.ADJUSTMENT)


def test_the_quality_page_says_what_would_change_the_outcome(client, people, aco):
    report_golden(people, aco)
    client.force_login(people["aco-compliance"])
    page = client.get(f"/aco/A1001/quality/{PY}/").content.decode()
    assert page.count("<h1") == 1
    assert "Meets the alternative quality performance standard" in page
    assert (
        f"{golden.GAP:.2f} points to the 40th percentile (73.85) of MIPS Quality scores: {golden.MEASURE_POINTS:.2f} more measure achievement points"
        in page
    )
    assert "Each measure achievement point adds 1.25 points" in page
    assert "70.75" in page and "negative adjustment" in page
    assert 'id="chart-measure-points"' in page or "measure-points" in page
    download = client.get(f"/aco/A1001/quality/{PY}/download/?format=csv").content.decode("utf-8-sig")
    assert download.splitlines()[0] == "ACO ID,PY,Measure,Collection type,Rate,Decile,Points,Status"
    assert "A1001,2026,113,Medicare CQM,70.00,8,8.0,Scored" in download
    assert "Quality score,,62.5" in download


def test_the_report_page_saves_a_measure_and_shows_the_warning(client, people, aco):
    client.force_login(people["aco-data"])
    form = {
        "measure_id": "236",
        "collection": "eCQM",
        "eligible_population": 200,
        "denominator": 140,
        "exclusions": 0,
        "exceptions": 0,
        "numerator": 100,
    }
    response = client.post(f"/aco/A1001/quality/{PY}/report/", form, follow=True)
    page = response.content.decode()
    assert "Measure 236 (eCQM) saved." in page and "Data completeness is 70.0%, below 75%" in page
    form["numerator"] = 141
    page = client.post(f"/aco/A1001/quality/{PY}/report/", form).content.decode()
    assert "The numerator (141) is larger than the denominator" in page
    assert Submission.objects.get(organization=aco).measures.get().numerator == 100


def test_an_upload_error_names_the_rows_and_saves_nothing(client, people, aco):
    client.force_login(people["aco-data"])
    bad = golden.measures_csv() + b"113,Medicare CQM,10,20,0,0,1\n"
    file = SimpleUploadedFile("m.csv", bad, content_type="text/csv")
    page = client.post(f"/aco/A1001/quality/{PY}/report/upload/measures/", {"file": file}, follow=True).content.decode()
    assert (
        "Nothing was saved" in page
        and "Row 7: The denominator (20) is larger than the eligible population (10)." in page
    )
    assert not Submission.objects.filter(organization=aco, measures__isnull=False).exists()


def test_cms_sees_who_has_reported(client, people, aco):
    report_golden(people, aco)
    actions.attest(by=people["aco-signer"], aco=aco, py=PY)
    client.force_login(people["cms-reviewer"])
    page = client.get(f"/quality/{PY}/reporting/").content.decode()
    assert 'data-testid="count-attested">1<' in page
    assert "In progress" not in page.split("<tbody>")[1].split("A1002")[0]
    _, key = tokens.create_token(by=people["cms-reviewer"], name="t")
    api = client.get(f"/api/v1/quality/reporting/{PY}", headers={"Authorization": f"Bearer {key}"})
    states = {r["aco_id"]: r["state"] for r in api.json()}
    assert states["A1001"] == "Attested" and states["A1002"] == "Not started"
    national = client.get(f"/quality/{PY}/").content.decode()
    assert 'data-testid="met-alt-qps">1<' in national and 'data-testid="met-qps">0<' in national


def test_the_api_reports_and_attests(client, people, aco):
    _, data_key = tokens.create_token(by=people["aco-data"], name="t")
    _, signer_key = tokens.create_token(by=people["aco-signer"], name="t")
    url = f"/api/v1/quality/A1001/{PY}"
    body = {"measure_id": "236", "collection": "eCQM", "eligible_population": 100, "denominator": 100, "numerator": 101}
    h = {"Authorization": f"Bearer {data_key}"}
    refused = client.put(url + "/measures", body, content_type="application/json", headers=h)
    assert refused.status_code == 422 and "numerator" in str(refused.json())
    body["numerator"] = 70
    assert client.put(url + "/measures", body, content_type="application/json", headers=h).json() == {
        "saved": 1,
        "warnings": [],
    }
    attested = client.post(url + "/attest", headers={"Authorization": f"Bearer {signer_key}"})
    assert attested.status_code == 200 and attested.json()["attested"] is True
    again = client.post(url + "/attest", headers={"Authorization": f"Bearer {signer_key}"})
    assert again.status_code == 409
    got = client.get(url, headers=h).json()
    assert got["measures"][0]["performance_rate"] == 70.0 and got["deadline"]
    score = client.get(url + "/score", headers=h).json()
    assert score["measures"][0]["measure_id"] == "001" and score["quality_score"] is not None


def test_needs_your_attention_asks_to_report_then_to_attest(people, aco):
    assert attention.items(people["aco-data"], aco)[0]["text"] == f"Report the PY{PY} quality measures"
    assert attention.items(people["aco-signer"], aco) == []
    actions.save_measure(by=people["aco-data"], aco=aco, py=PY, figures=reporting.MeasureFigures(*golden.MEASURES[0]))
    assert attention.items(people["aco-data"], aco) == []
    assert attention.items(people["aco-signer"], aco)[0]["text"] == f"Attest the PY{PY} quality submission"
    actions.attest(by=people["aco-signer"], aco=aco, py=PY)
    assert attention.items(people["aco-signer"], aco) == []


@pytest.mark.parametrize("py", [2024, 2025, 2026])
def test_every_reporting_year_has_its_pages(client, people, py):
    client.force_login(people["cms-admin"])
    for url in (
        f"/aco/A1001/quality/{py}/",
        f"/aco/A1001/quality/{py}/report/",
        f"/quality/{py}/",
        f"/quality/{py}/reporting/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/aco/A1001/quality/2019/").status_code == 404  # no reporting year

"""The ACO's performance dashboard and beneficiary explanation page on a published run whose `fe_*` and
`pe_*` files are the session's engine output (conftest `fe_dir`): figures against the engine's tables and
the claims read directly, own-ACO-only access, the beneficiary never in a URL or an audit event."""

import datetime as dt
import shutil

import pyarrow.parquet as pq
import pytest

from acoms.audit.models import AuditEvent
from acoms.performance.models import AcoResult, Run
from acoms.performance.runner import _results, run_dir

URL = "/aco/A1001/performance/beneficiary/"


@pytest.fixture
def published(people, immediate, claims, fe_dir):
    run = Run.objects.create(
        py=2026,
        data_dir=str(claims["data"]),
        agreements=str(claims["agreements"]),
        status=Run.Status.DONE,
        publication=Run.Publication.PUBLISHED,
        published_at=dt.datetime(2027, 6, 1, tzinfo=dt.UTC),
    )
    shutil.copytree(fe_dir, run_dir(run) / "fe")
    AcoResult.objects.bulk_create(_results(run, run_dir(run) / "fe"))
    return run


def _population(fe_dir, aco="A1001"):
    rows = pq.read_table(fe_dir / "fe_population.parquet").to_pylist()
    return {
        r["bene_id"]: r for r in rows if r["year"] == 2026 and r["method"] == "retrospective" and r["aco_id"] == aco
    }


def test_dashboard_charts_show_the_runs_figures(published, people, client, claims, fe_dir):
    client.force_login(people["aco-liaison"])  # any A1001 contact sees the ACO-level dashboard
    response = client.get("/aco/A1001/performance/")
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<h1") == 1
    charts = {c.key: c for c in response.context["charts"]}
    assert set(charts) == {"assigned", "spending", "savings", "quality"}
    # Q4: assigned beneficiaries with a month of Part A and B and no group health plan in Oct-Dec 2026
    assigned = set(_population(fe_dir))
    enrolled = {
        r["bene_id"]
        for r in pq.read_table(claims["data"] / "enrollment.parquet").to_pylist()
        if r["bene_id"] in assigned
        and r["month"] >= dt.date(2026, 10, 1)
        and r["month"].year == 2026
        and r["part_a"]
        and r["part_b"]
        and not r["ghp"]
    }
    q4 = sum(r["count"] for r in charts["assigned"].rows if r["quarter"] == "Q4 2026")
    assert q4 == len(enrolled) and q4 > 0
    update_type = [r for r in pq.read_table(fe_dir / "fe_update_type.parquet").to_pylist() if r["aco_id"] == "A1001"]
    benchmarks = sorted(r["amount"] for r in charts["spending"].rows if r["what"] == "Benchmark")
    assert benchmarks == pytest.approx(sorted(r["ub"] for r in update_type))
    settlement = [r for r in pq.read_table(fe_dir / "fe_settlement.parquet").to_pylist() if r["aco_id"] == "A1001"][0]
    assert charts["savings"].rows[0]["rate"] == pytest.approx(settlement["savings_rate"])
    assert charts["quality"].rows[0]["score"] == pytest.approx(0.80)  # the agreements file's quality score 80
    assert "Savings rate against the minimum savings and loss rates" in page and "MSR/MLR band" in page
    assert "second performance year" in page  # one year only: no trend yet
    client.force_login(people["other-aco"])
    assert client.get("/aco/A1001/performance/").status_code == 404


def test_the_explanation_of_an_assigned_beneficiary(published, people, client, fe_dir):
    step1 = sorted(b for b, r in _population(fe_dir).items() if r["step"] == "step1")[0]
    client.force_login(people["aco-data"])
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"result": AcoResult.objects.get(run=published, aco_id="A1001").pk, "mbi": step1})
    page = response.content.decode()
    assert "Assigned to this ACO in step 1" in page and "425.402(b)(3)" in page
    assert "This ACO (A1001)" in page and 'data-testid="competitors"' in page
    event = AuditEvent.objects.filter(action="performance.beneficiary_explained").latest("pk")
    assert step1 not in str(event.__dict__) and step1 not in response.request["PATH_INFO"]


def test_another_acos_beneficiary_or_a_bad_identifier_is_refused(published, people, client, fe_dir):
    ours = set(_population(fe_dir))
    explained = pq.read_table(fe_dir / "pe_explanation.parquet").to_pylist()
    competed = {r["bene_id"] for r in explained if r["entity_id"] == "A1001"}
    theirs = sorted(set(_population(fe_dir, "A1002")) - ours - competed)[0]
    result = AcoResult.objects.get(run=published, aco_id="A1001").pk
    client.force_login(people["aco-data"])
    page = client.post(URL, {"result": result, "mbi": theirs}).content.decode()
    assert "not one of your beneficiaries" in page and 'data-testid="explanation"' not in page
    page = client.post(URL, {"result": result, "mbi": "hello"}).content.decode()
    assert "Enter an MBI of 11 characters" in page
    assert not AuditEvent.objects.filter(action="performance.beneficiary_explained").exists()
    client.force_login(people["aco-liaison"])  # no data right
    assert client.post(URL, {"result": result, "mbi": sorted(ours)[0]}).status_code == 403
    client.force_login(people["cms-analyst"])  # CMS may explain anyone's
    page = client.post(URL, {"result": result, "mbi": theirs}).content.decode()
    assert 'data-testid="explanation"' in page and "another ACO" in page


def test_care_lists_rank_by_risk_and_spending_and_downloads_are_audited(published, people, client, claims, fe_dir):
    assigned = set(_population(fe_dir))
    risk, spending = {}, {}
    cells = pq.read_table(fe_dir / "fe_bene_year_type.parquet").to_pylist()
    scores = {
        (r["bene_id"], r["year"], r["enrollment_type"]): r["hcc_score"]
        for r in pq.read_table(fe_dir / "fe_risk.parquet").to_pylist()
    }
    weight = {}
    for c in cells:
        if c["bene_id"] in assigned and c["year"] == 2026:
            key = c["bene_id"]
            score = scores.get((key, 2026, c["enrollment_type"]))
            risk[key] = risk.get(key, 0.0) + (score or 0.0) * c["person_years"]
            weight[key] = weight.get(key, 0.0) + c["person_years"]
            spending[key] = spending.get(key, 0.0) + c["exp"]
    top_risk = max(risk, key=lambda b: (risk[b] / weight[b], b))
    top_spend = max(spending, key=lambda b: spending[b])
    client.force_login(people["aco-data"])
    response = client.get("/aco/A1001/performance/care/?sort=risk")
    assert response.status_code == 200 and response.context["total"] == len(risk)
    assert response.context["rows"][0][0] == top_risk
    rows = client.get("/aco/A1001/performance/care/?sort=spending").context["rows"]
    assert rows[0][0] == top_spend and rows[0][3] == pytest.approx(round(spending[top_spend], 2))
    # admissions counted from the claims directly: distinct inpatient claims starting in 2026
    inpatient = {}
    for r in pq.read_table(claims["data"] / "claim_line.parquet").to_pylist():
        if r["claim_type"] == "inpatient" and r["claim_start_date"].year == 2026 and r["bene_id"] in assigned:
            inpatient.setdefault(r["bene_id"], set()).add(r["claim_id"])
    admitted = client.get("/aco/A1001/performance/care/?admitted=1").context["rows"]
    assert {r[0]: r[5] for r in admitted} == {b: len(c) for b, c in inpatient.items()}
    download = client.get("/aco/A1001/performance/care/?sort=spending&format=csv")
    body = download.content.decode("utf-8-sig").splitlines()
    assert download["Content-Disposition"].endswith('.csv"') and len(body) == len(risk) + 1
    event = AuditEvent.objects.filter(action="performance.care_list_download").latest("pk")
    assert event.after["rows"] == len(risk) and top_spend not in str(event.__dict__)
    client.force_login(people["cms-analyst"])
    assert client.get("/aco/A1001/performance/care/").status_code == 403


def test_care_list_filters_by_enrollment_type_and_ed_visits(published, people, client, fe_dir):
    cells = [c for c in pq.read_table(fe_dir / "fe_bene_year_type.parquet").to_pylist() if c["year"] == 2026]
    assigned = set(_population(fe_dir))
    main_type = {}
    for c in sorted(cells, key=lambda c: c["person_years"]):
        if c["bene_id"] in assigned:
            main_type[c["bene_id"]] = c["enrollment_type"]
    client.force_login(people["aco-data"])
    rows = client.get("/aco/A1001/performance/care/?type=DIS").context["rows"]
    assert {r[0] for r in rows} == {b for b, t in main_type.items() if t == "DIS"} and rows
    assert {r[1] for r in rows} == {"Disabled"}
    assert all(r[4] >= 1 for r in client.get("/aco/A1001/performance/care/?min_ed=1").context["rows"])

"""`acoms puf publish`: the results PUF read back by the project's PUF reader with the engine's figures,
the ACO, participant, SNF and county files with CMS's columns, small cells suppressed, and the CMS button."""

import csv
import io
import zipfile

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command

from acoms.participants.models import Certification
from acoms.performance import puf
from acoms.rules.puf import read_results

from .test_performance_pages import published  # noqa: F401 (the published run fixture)


def _csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def lists(people):
    Certification.objects.create(
        organization=people["_orgs"]["aco_x"],
        py=2026,
        content_hash="0" * 64,
        rows={
            "participants": [
                {"tin": "200000005", "legal_name": "Beta Clinic LLC", "ccns": []},
                {"tin": "200000006", "legal_name": "Alpha Health PC", "ccns": []},
            ],
            "providers": [],
            "snf": [{"ccn": "105001", "name": "Sunny Shores SNF", "stars": 4}],
        },
    )


def test_publish_writes_every_file_and_the_results_read_back_identical(published, lists, tmp_path, fe_dir):  # noqa: F811
    out = tmp_path / "puf"
    call_command("puf_publish", "--run", str(published.pk), "--out", str(out))
    names = puf.file_names(2026)
    assert sorted(p.name for p in out.iterdir()) == sorted(names.values())

    back = {r.aco_id: r for r in read_results(out / names["results"], 2026).records}
    engine = {r["ACO_ID"]: r for r in pq.read_table(fe_dir / "fe_puf.parquet").to_pylist()}
    assert set(back) == set(engine) == {"A1001", "A1002"}
    for aco_id, e in engine.items():
        x, p = back[aco_id].inputs, back[aco_id].published
        assert x.n_ab == e["N_AB"]
        assert (x.benchmark_total, x.expenditure_total) == (e["ABtotBnchmk"], e["ABtotExp"])
        assert p.earn_save_loss == e["EarnSaveLoss"] and p.gen_save_loss == e["GenSaveLoss"]
        assert p.savings_rate == pytest.approx(e["Sav_rate"] / 100, abs=1e-12)
        assert p.msr == pytest.approx(e["MinSavPerc"] / 100, abs=1e-12)
    assert back["A1001"].inputs.track == "E" and back["A1001"].inputs.quality_score == pytest.approx(0.80)
    assert back["A1002"].inputs.track == "A"

    orgs = {r["ACO_ID"]: r for r in _csv(out / names["organizations"])}
    assert orgs["A1001"]["Retrospective_Assignment"] == "1" and orgs["A1002"]["Prospective_Assignment"] == "1"
    assert orgs["A1001"]["BASIC_Track_Level"] == "E" and orgs["A1001"]["N_AB"] == str(engine["A1001"]["N_AB"])
    participants = _csv(out / names["participants"])
    assert [r["Par_LBN"] for r in participants] == ["Alpha Health PC", "Beta Clinic LLC"]
    assert "200000005" not in (out / names["participants"]).read_text()  # names only, no TIN
    assert [r["Aff_LBN"] for r in _csv(out / names["snf"])] == ["Sunny Shores SNF"]
    assert "105001" not in (out / names["snf"]).read_text()  # no CCN

    # county: beneficiaries by the county of their last PY month (engine cells), 1-10 suppressed
    cells = pq.read_table(fe_dir / "fe_bene_year_type.parquet").to_pylist()
    county = {c["bene_id"]: c["county_fips"] for c in cells if c["year"] == 2026}
    population = pq.read_table(fe_dir / "fe_population.parquet").to_pylist()
    counts = {}
    for r in population:
        if r["year"] == 2026 and r["aco_id"] == "A1001" and r["method"] == "retrospective":
            counts[county[r["bene_id"]]] = counts.get(county[r["bene_id"]], 0) + 1
    rows = {r["State_ID"] + r["County_ID"]: r for r in _csv(out / names["county"]) if r["ACO_ID"] == "A1001"}
    assert set(rows) == set(counts)
    for fips, n in counts.items():
        expected = "*" if n <= 10 else str(n)
        assert rows[fips]["Tot_AB"] == expected
        if n <= 10:
            assert rows[fips]["Tot_AB_Psn_Yrs"] == "*" and rows[fips]["AB_Psn_Yrs_AGND"] == "*"
    assert counts

    dictionary = _csv(out / names["dictionary"])
    for key in ("results", "organizations", "participants", "snf", "county"):
        with open(out / names[key], newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        described = {r["column"] for r in dictionary if r["file"] == names[key]}
        assert set(header) == described and all(r["meaning"] for r in dictionary if r["file"] == names[key])


def test_the_cms_button_downloads_the_files_as_a_zip(published, people, client):  # noqa: F811
    client.force_login(people["cms-analyst"])
    assert "Download the public-use files" in client.get(f"/performance/runs/{published.pk}/").content.decode()
    response = client.post(f"/performance/runs/{published.pk}/puf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        assert sorted(z.namelist()) == sorted(puf.file_names(2026).values())
    client.force_login(people["aco-executive"])
    assert client.post(f"/performance/runs/{published.pk}/puf/").status_code == 403


def test_counts_of_one_to_ten_are_suppressed():
    by_type = {"ESRD": 0.0, "DIS": 2.5, "AGDU": 1.0, "AGND": 7.25}
    assert puf.public_figures(10, by_type) == ["*"] * 6
    assert puf.public_figures(1, by_type) == ["*"] * 6
    assert puf.public_figures(11, by_type) == [0.0, 2.5, 1.0, 7.25, 10.75, 11]

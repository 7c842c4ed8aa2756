"""The Data Hub files' content, checked against the engine's own tables and the claims read directly
(DuckDB SQL over the dataset, not the code under test): ALR tables 1-1, 1-2, 1-4, 1-5, 1-6, the
beneficiary exclusion file, the FRP and benchmark workbooks (every field explained and cited) and the
settlement letter."""

import csv
import datetime as dt
import io

import defusedxml.ElementTree as ET
import duckdb
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from acoms.analytics.parameters import primary_care_codes
from acoms.performance import alr, deliverables, exclusions, frp, letter
from acoms.performance.models import AcoResult, Run

ACO, PY = "A1001", 2026  # A1001's agreement: retrospective assignment (conftest AGREEMENTS)


def _csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def _population(fe, year, method="retrospective", aco=ACO):
    rows = pq.read_table(fe / "fe_population.parquet").to_pylist()
    return {r["bene_id"]: r for r in rows if r["year"] == year and r["method"] == method and r["aco_id"] == aco}


@pytest.fixture(scope="module")
def tables(claims, fe_dir):
    return {k: _csv(v) for k, v in alr.tables(str(claims["data"]), fe_dir, ACO, PY, "retrospective").items()}


def test_the_alr_zip_has_each_table_with_cms_column_names(claims, fe_dir, tables):
    assert set(tables) == {"1-1", "1-2", "1-4", "1-5", "1-6"}
    text = alr.tables(str(claims["data"]), fe_dir, ACO, PY, "retrospective")
    assert text["1-2"].splitlines()[0] == "BENE_MBI_ID,BENE_SEX_CD,BENE_BRTH_DT,BENE_DEATH_DT,MASTER_ID,B_EM_LINE_CNT_T"
    assert text["1-5"].splitlines()[0].endswith("PLUR_R05,AB_R01,HMO_R03,NO_US_R02,MDM_R04,NOFND_R06")
    assert {r["BENE_MBI_ID"] for r in tables["1-1"]} == set(_population(fe_dir, PY))
    assert all(len(r["BENE_BRTH_DT"]) == 10 and r["BENE_BRTH_DT"][2] == "/" for r in tables["1-1"])


def test_table_1_2_counts_the_primary_care_lines_billed_under_each_participant_tin(claims, fe_dir, tables):
    data = claims["data"]
    codes = sorted(primary_care_codes(PY))
    assigned = sorted(_population(fe_dir, PY))
    expected = {
        (b, tin): n
        for b, tin, n in duckdb.execute(
            f"""select c.bene_id, c.billing_tin, count(*) from '{data}/claim_line.parquet' c
                join read_csv('{data}/participants.csv', all_varchar=true) p
                  on p.tin = c.billing_tin and p.aco_id = ? and (p.ccn is null or p.ccn = '')
                where c.claim_type = 'carrier' and c.service_date between date '2026-01-01' and date '2026-12-31'
                  and c.hcpcs_code in (select unnest(?)) and c.bene_id in (select unnest(?))
                group by all""",
            [ACO, codes, assigned],
        ).fetchall()
    }
    got = {(r["BENE_MBI_ID"], r["MASTER_ID"]): int(r["B_EM_LINE_CNT_T"]) for r in tables["1-2"]}
    assert got == expected and len(got) > 20
    by_npi = {}
    for r in tables["1-4"]:
        key = (r["BENE_MBI_ID"], r["MASTER_ID"])
        by_npi[key] = by_npi.get(key, 0) + int(r["PCS_COUNT"])
    assert by_npi == expected


def test_turnover_lists_last_years_beneficiaries_not_assigned_now_with_one_reason_each(claims, fe_dir, tables):
    lost = set(_population(fe_dir, PY - 1)) - set(_population(fe_dir, PY))
    rows = {r["BENE_MBI_ID"]: r for r in tables["1-5"]}
    assert set(rows) == lost and lost
    for r in rows.values():
        assert sum(int(r[f]) for f in alr.TURNOVER_FLAGS) == 1
    data = claims["data"]
    ghp = {
        b
        for (b,) in duckdb.execute(
            f"select distinct bene_id from '{data}/enrollment.parquet' where ghp and year(month) = {PY}"
        ).fetchall()
    }
    hmo = {b for b, r in rows.items() if r["HMO_R03"] == "1"}
    assert hmo <= ghp
    # lost plurality: still an assignable beneficiary of the PY (in the engine's population), not ours
    population = pq.read_table(fe_dir / "fe_population.parquet").to_pylist()
    assignable = {r["bene_id"] for r in population if r["year"] == PY and r["method"] == "retrospective"}
    assert {b for b, r in rows.items() if r["PLUR_R05"] == "1"} == lost & assignable


def test_table_1_6_lists_the_voluntarily_aligned(fe_dir, tables):
    aligned = {b for b, r in _population(fe_dir, PY).items() if r["step"] == "voluntary"}
    assert {r["BENE_MBI_ID"] for r in tables["1-6"]} == aligned
    assert {r["VA_SELECTION_ONLY"] for r in tables["1-6"]} <= {"0", "1"}


def test_the_exclusion_file_lists_assigned_beneficiaries_who_died(claims, fe_dir):
    xml = exclusions.bnex(str(claims["data"]), fe_dir, ACO, PY, "retrospective", dt.datetime(2027, 3, 5))
    root = ET.fromstring(xml)
    assert (
        root.find("Header/PERFORMANCEYEAR").text == "2026" and root.find("Header/FILECREATIONDATE").text == "20270305"
    )
    listed = {b.find("MBI").text: b for b in root.iter("Beneficiary")}
    died = {
        b
        for (b,) in duckdb.execute(
            f"select bene_id from '{claims['data']}/beneficiary.parquet' where death_date <= date '2026-12-31'"
        ).fetchall()
    }
    assert set(listed) == died & set(_population(fe_dir, PY)) and listed
    assert {b.find("BENEEXCREASONS").text for b in listed.values()} == {"BD"}
    assert all(len(b.find("DOB").text) == 8 for b in listed.values())


def _result(fe_dir):
    s = pq.read_table(fe_dir / "fe_settlement.parquet").to_pylist()[0]
    u = pq.read_table(fe_dir / "fe_update.parquet").to_pylist()[0]
    run = Run(pk=7, py=PY, code_version="abc")
    result = AcoResult(
        aco_id=s["aco_id"],
        assigned=u["n_ab"],
        benchmark=u["ub_total"],
        expenditures=u["exp_total"],
        gross_savings=s["gross_savings"],
        savings_rate=s["savings_rate"],
        msr=s["msr"],
        mlr=s["mlr"],
        earned=s["earn_save_loss"],
        outcome=s["outcome"],
        explain=s["explain"],
    )
    return run, result, s


def test_the_frp_holds_every_intermediate_table_each_field_explained_and_cited(fe_dir):
    run, result, settlement = _result(fe_dir)
    wb = load_workbook(io.BytesIO(deliverables._frp(run, result, fe_dir)))
    # every table the engine writes is in the workbook, except the beneficiary-level and national ones
    written = {p.stem for p in fe_dir.glob("fe_*.parquet")}
    not_in_frp = {"fe_population", "fe_bene_year_type", "fe_risk", "fe_county", "fe_puf", "fe_parameters"}
    assert written - not_in_frp == set(frp.TABLES)
    for sheet, _grain, citation in frp.TABLES.values():
        assert sheet in wb.sheetnames and "425." in citation
    fields = {(r[0].value, r[1].value): (r[2].value, r[3].value) for r in wb["Field dictionary"].iter_rows(min_row=2)}
    for table in frp.TABLES:
        for column in pq.read_schema(fe_dir / f"{table}.parquet").names:
            meaning, citation = fields[(table, column)]
            assert meaning and citation, (table, column)
    sheet = {r[0].value: r[1].value for r in wb["Settlement"].iter_rows(min_row=2)}
    assert sheet["earn_save_loss"] == pytest.approx(settlement["earn_save_loss"])
    assert len(list(wb["Parameters"].iter_rows(min_row=2))) == pq.read_table(fe_dir / "fe_parameters.parquet").num_rows
    bnmrk = load_workbook(io.BytesIO(deliverables._bnmrk(run, result, fe_dir)))
    hist = {r[0].value: r[1].value for r in bnmrk["Historical benchmark"].iter_rows(min_row=2)}
    expected = pq.read_table(fe_dir / "fe_hist.parquet").to_pylist()[0]["hist_bnchmk"]
    assert hist["hist_bnchmk"] == pytest.approx(expected)


def test_the_settlement_letter_states_the_result(fe_dir):
    run, result, settlement = _result(fe_dir)
    pdf = letter.settlement_letter(run, result)
    assert pdf.startswith(b"%PDF")
    document = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text().split()) for page in document.pages)
    amount = f"{abs(settlement['earn_save_loss']):,.2f}"
    assert "Settlement for Performance Year 2026" in text and amount in text and "425.605" in text
    assert "/StructTreeRoot" in document.trailer["/Root"]  # tagged, like every letter

"""Quality ID 479 (crude HWR) from a hand-made claims dataset, on DuckDB and PySpark.

PY2023. Every beneficiary is born 1950-01-01 (73), female, not dual, enrolled in Parts A and B 2022-2025
unless the case says otherwise. Acute CCNs: 050001 (short-term), 051300 (CAH); 053025 is a rehabilitation
hospital (not acute). Worked by hand:

| bene | ACO | stays | counts as |
|---|---|---|---|
| b1 | A1 | 03-01..03-05, 03-20..03-25 (050001) | 2 index stays; the first readmitted (15 days) |
| b2 | A1 | 06-01..06-04, 07-14..07-16 | 2 index stays, no readmission (40 days) |
| b3 | A1 | born 1960 | not 65: none |
| b4 | A1 | 05-01..05-05, died 05-05 | died in hospital: none |
| b5 | A1 | 08-01..08-03 (050001) then 08-03..08-10 (051300) | the first is a transfer; 1 index stay |
| b6 | A1 | enrolled from 2023-01, stay 04-01..04-03 | no 12-month look-back: none |
| b7 | A1 | 09-01..09-05, GHP (MA) in 2023-09 | not enrolled after discharge: none |
| b8 | A1 | 053025 rehabilitation stay | not acute: none |
| b9 | A1 | 2022-12-18..12-20, 2023-01-05..01-07 | the 2022 stay is PY2022's (readmitted); 1 index stay, no outcome |
| b10 | A2 | 10-01..10-03, 10-10..10-12 | 2 index stays, the first readmitted |

A1: 6 index stays, 1 readmission; A2: 2 stays, 1 readmission. Reference: 8 stays, 2 readmissions (0.25).
"""

import datetime as dt

import pyarrow as pa
import pytest

from acoms.analytics import dataset
from acoms.analytics import engine as eng
from acoms.analytics.quality import hwr, risk
from analytics.claims import Claims


def build(tmp_path, b10_sex="F"):
    c = Claims()
    for b in ("b1", "b2", "b3", "b4", "b5", "b7", "b8", "b9", "b10"):
        c.bene(b, death="2023-05-05" if b == "b4" else None, ghp={"2023-09": True} if b == "b7" else False)
    c.bene("b6", start="2023-01")
    for row in c.benes:
        if row["bene_id"] == "b3":
            row["birth_date"] = dt.date(1960, 1, 1)
        if row["bene_id"] == "b10":
            row["sex"] = b10_sex

    def stay(bene, start, end, ccn="050001"):
        c.claim(bene, start, [("", 1000)], claim_type="inpatient", end=end, ccn=ccn, bill_type="111")

    stay("b1", "2023-03-01", "2023-03-05")
    stay("b1", "2023-03-20", "2023-03-25")
    stay("b2", "2023-06-01", "2023-06-04")
    stay("b2", "2023-07-14", "2023-07-16")
    stay("b3", "2023-02-01", "2023-02-03")
    stay("b4", "2023-05-01", "2023-05-05")
    stay("b5", "2023-08-01", "2023-08-03")
    stay("b5", "2023-08-03", "2023-08-10", ccn="051300")
    stay("b6", "2023-04-01", "2023-04-03")
    stay("b7", "2023-09-01", "2023-09-05")
    stay("b8", "2023-02-01", "2023-02-09", ccn="053025")
    stay("b9", "2022-12-18", "2022-12-20")
    stay("b9", "2023-01-05", "2023-01-07")
    stay("b10", "2023-10-01", "2023-10-03")
    stay("b10", "2023-10-10", "2023-10-12")
    return c.write(tmp_path / "claims")


def assigned(con):
    benes = ["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10"]
    return eng.from_arrow(con, pa.table({"bene_id": benes, "aco_id": ["A1"] * 9 + ["A2"]}), "hwr_assigned")


def tables(con, root):
    return dataset.open_dataset(root).tables(con)


def test_index_stays_and_outcomes(engine, tmp_path):
    t = tables(engine, build(tmp_path))
    rows = eng.to_arrow(hwr.index_stays(t, 2023)).to_pylist()
    got = sorted((r["bene_id"], r["admit"].isoformat(), r["outcome"]) for r in rows)
    assert got == [
        ("b1", "2023-03-01", 1),
        ("b1", "2023-03-20", 0),
        ("b10", "2023-10-01", 1),
        ("b10", "2023-10-10", 0),
        ("b2", "2023-06-01", 0),
        ("b2", "2023-07-14", 0),
        ("b5", "2023-08-03", 0),
        ("b9", "2023-01-05", 0),
    ]
    assert {r["age_band"] for r in rows} == {"65-74"}


def test_observed_and_stand_in_standardization(engine, tmp_path):
    t = tables(engine, build(tmp_path))
    out = {
        r["aco_id"]: r
        for r in eng.to_arrow(hwr.observed_by_aco(hwr.index_stays(t, 2023), assigned(engine))).to_pylist()
    }
    a1, a2 = out["A1"], out["A2"]
    assert (a1["index_stays"], a1["observed"], a2["index_stays"], a2["observed"]) == (6, 1, 2, 1)
    assert a1["observed_rate"] == pytest.approx(1 / 6)
    # one stratum: expected 6 x 0.25 = 1.5 and 2 x 0.25 = 0.5; standardized = observed / expected x 0.25
    assert a1["expected"] == pytest.approx(1.5) and a1["standardized_rate"] == pytest.approx(1 / 1.5 * 0.25)
    assert a2["standardized_rate"] == pytest.approx(0.5)
    assert a1["method"] == risk.STAND_IN_LABEL and "crude" in a1["measure_label"]
    assert a1["meets_case_minimum"] is False  # 200 index stays


def test_strata_change_the_expected_count(engine, tmp_path):
    # b10 male: stratum F = 6 stays / 1 readmission, M = 2 / 1; each ACO's expected = its observed -> 0.25
    t = tables(engine, build(tmp_path, b10_sex="M"))
    out = {
        r["aco_id"]: r
        for r in eng.to_arrow(hwr.observed_by_aco(hwr.index_stays(t, 2023), assigned(engine))).to_pylist()
    }
    assert out["A1"]["expected"] == pytest.approx(1.0) and out["A1"]["standardized_rate"] == pytest.approx(0.25)
    assert out["A2"]["standardized_rate"] == pytest.approx(0.25)


def test_a_logistic_model_with_given_coefficients_plugs_in(engine, tmp_path):
    # logit 0 for everyone: expected 0.5 per stay; A1 6 stays -> 3.0, A2 2 stays -> 1.0
    t = tables(engine, build(tmp_path))
    model = risk.LogisticModel({"intercept": 0.0, "sex=M": 5.0}, "test coefficients")
    out = {
        r["aco_id"]: r
        for r in eng.to_arrow(hwr.observed_by_aco(hwr.index_stays(t, 2023), assigned(engine), model)).to_pylist()
    }
    assert out["A1"]["expected"] == pytest.approx(3.0) and out["A2"]["expected"] == pytest.approx(1.0)
    assert (
        out["A1"]["standardized_rate"] == pytest.approx(1 / 3.0 * 0.25) and out["A1"]["method"] == "test coefficients"
    )

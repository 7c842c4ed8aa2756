"""Quality ID 484 (crude MCC admissions) from a hand-made claims dataset, on DuckDB and PySpark.

PY2023; conditions from the diagnoses of 2022 claims (V28 HCCs standing in for the CCW lists:
I214 AMI 228, E119 diabetes 38, I5022 heart failure 226, N184 CKD 327, J449 COPD 280, F331 depression 155,
I639 stroke 249, G309 dementia 127, I4891 arrhythmia 238). Everyone born 1950-01-01 (73), female, not dual,
enrolled in Parts A and B 2022-2025 unless said. Acute CCN 050001; 053025 is a rehabilitation hospital.

| bene | ACO | 2022 conditions | PY2023 | at-risk days | admissions |
|---|---|---|---|---|---|
| m1 | A1 | AMI, diabetes | stays 03-01..03-05, 06-10..06-11 | 365 - 5 - 2 = 358 | 2 |
| m2 | A1 | HF, CKD, COPD | - | 365 | 0 |
| m3 | A1 | diabetes only | one condition: out | | |
| m4 | A1 | depression, stroke | died 06-30; stay 06-01..06-03 | 181 - 3 = 178 | 1 |
| m5 | A1 | dementia, arrhythmia | MA (GHP) in 2022-05: out | | |
| m6 | A1 | AMI, diabetes | hospice claim 2022-11: out | | |
| m7 | A1 | AMI, diabetes | hospice from 10-01 | 01-01..09-30 = 273 | 0 |
| m8 | A1 | AMI, diabetes | born 1960: out | | |
| m9 | A2 | AMI, diabetes | stay 2022-12-28..2023-01-03; rehab stay 02-01..02-02 | 365 - 3 = 362 | 0 |
| m10 | A2 | AMI, diabetes | stay 04-01..04-04 | 365 - 4 = 361 | 1 |
| m11 | A2 | AMI, diabetes on a 2023 claim | no prior-year conditions: out | | |

A1: 4 patients, 3 admissions over 1,174 days; A2: 2 patients, 1 admission over 723 days (a year = 365.25 days).
"""

import datetime as dt
import math

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from acoms.analytics import dataset
from acoms.analytics import engine as eng
from acoms.analytics.quality import mcc, risk
from analytics.claims import Claims

YEAR = 365.25
DX = {
    "m1": ["I214", "E119"],
    "m2": ["I5022", "N184", "J449"],
    "m3": ["E119"],
    "m4": ["F331", "I639"],
    "m5": ["G309", "I4891"],
    "m6": ["I214", "E119"],
    "m7": ["I214", "E119"],
    "m8": ["I214", "E119"],
    "m9": ["I214", "E119"],
    "m10": ["I214", "E119"],
}


class WithDiagnoses(Claims):
    def __init__(self):
        super().__init__()
        self.diagnoses = []

    def diagnose(self, bene, date, codes):
        cid = self.claim(bene, date, [("99213", 100)])
        for n, code in enumerate(codes, 1):
            self.diagnoses.append({"claim_id": cid, "bene_id": bene, "diagnosis_sequence": n, "diagnosis_code": code})

    def write(self, root):
        def table(name, rows):
            return pa.Table.from_pylist(rows, schema=dataset.arrow_schema(name))

        tables = {
            "beneficiary": table("beneficiary", self.benes),
            "enrollment": table("enrollment", self.enroll),
            "claim_line": table("claim_line", self.lines),
            "claim_diagnosis": table("claim_diagnosis", self.diagnoses),
            "provider": table("provider", self.providers),
            "voluntary_alignment": table("voluntary_alignment", self.designations),
        }
        dataset.write_dataset(tables, root)
        pacsv.write_csv(table("participants", self.participants), root / "participants.csv")
        return root


def build(tmp_path, m10_sex="F"):
    c = WithDiagnoses()
    for b in [f"m{i}" for i in range(1, 12)]:
        c.bene(b, death="2023-06-30" if b == "m4" else None, ghp={"2022-05": True} if b == "m5" else False)
    for row in c.benes:
        if row["bene_id"] == "m8":
            row["birth_date"] = dt.date(1960, 1, 1)
        if row["bene_id"] == "m10":
            row["sex"] = m10_sex
    for bene, codes in DX.items():
        c.diagnose(bene, "2022-04-15", codes)
    c.diagnose("m11", "2023-04-15", ["I214", "E119"])

    def stay(bene, start, end, ccn="050001"):
        c.claim(bene, start, [("", 1000)], claim_type="inpatient", end=end, ccn=ccn, bill_type="111")

    stay("m1", "2023-03-01", "2023-03-05")
    stay("m1", "2023-06-10", "2023-06-11")
    stay("m4", "2023-06-01", "2023-06-03")
    stay("m9", "2022-12-28", "2023-01-03")
    stay("m9", "2023-02-01", "2023-02-02", ccn="053025")
    stay("m10", "2023-04-01", "2023-04-04")
    c.claim("m6", "2022-11-01", [("", 500)], claim_type="hospice", end="2022-11-30", ccn="051500", bill_type="811")
    c.claim("m7", "2023-10-01", [("", 500)], claim_type="hospice", end="2023-10-31", ccn="051500", bill_type="811")
    return c.write(tmp_path / "claims")


def assigned(con):
    benes = [f"m{i}" for i in range(1, 12)]
    return eng.from_arrow(con, pa.table({"bene_id": benes, "aco_id": ["A1"] * 8 + ["A2"] * 3}), "mcc_assigned")


def people(con, root):
    return mcc.persons(con, dataset.open_dataset(root).tables(con), 2023)


def test_cohort_admissions_and_time_at_risk(engine, tmp_path):
    rows = eng.to_arrow(people(engine, build(tmp_path))).to_pylist()
    got = sorted((r["bene_id"], r["outcome"], round(r["exposure"] * YEAR), r["n_conditions"]) for r in rows)
    assert got == [
        ("m1", 2, 358, 2),
        ("m10", 1, 361, 2),
        ("m2", 0, 365, 3),
        ("m4", 1, 178, 2),
        ("m7", 0, 273, 2),
        ("m9", 0, 362, 2),
    ]


def test_observed_rate_per_100_person_years_and_the_stand_in(engine, tmp_path):
    p = people(engine, build(tmp_path))
    out = {r["aco_id"]: r for r in eng.to_arrow(mcc.observed_by_aco(p, assigned(engine))).to_pylist()}
    a1, a2 = out["A1"], out["A2"]
    assert (a1["patients"], a1["observed"], a2["patients"], a2["observed"]) == (4, 3, 2, 1)
    assert a1["person_years"] == pytest.approx(1174 / YEAR)
    assert a1["observed_rate"] == pytest.approx(3 / (1174 / YEAR) * 100)
    assert a2["observed_rate"] == pytest.approx(1 / (723 / YEAR) * 100)
    # one stratum: expected = exposure x the reference rate, so standardized = observed
    assert a1["reference_rate"] == pytest.approx(4 / (1897 / YEAR) * 100)
    assert a1["standardized_rate"] == pytest.approx(a1["observed_rate"])
    assert a1["method"] == risk.RATE_STAND_IN_LABEL and "crude 484" in a1["measure_label"]
    assert a1["meets_case_minimum"] is False  # 18 patients (quality_scoring.csv)


def test_strata_change_the_expected_count(engine, tmp_path):
    # m10 male: stratum F = 3 admissions over 1,536 days, M = 1 over 361 days
    p = people(engine, build(tmp_path, m10_sex="M"))
    out = {r["aco_id"]: r for r in eng.to_arrow(mcc.observed_by_aco(p, assigned(engine))).to_pylist()}
    f_rate, m_rate = 3 / (1536 / YEAR), 1 / (361 / YEAR)
    expected_a2 = 362 / YEAR * f_rate + 361 / YEAR * m_rate
    assert out["A2"]["expected"] == pytest.approx(expected_a2)
    reference = 4 / (1897 / YEAR) * 100
    assert out["A2"]["standardized_rate"] == pytest.approx(1 / expected_a2 * reference)
    assert out["A1"]["expected"] == pytest.approx(1174 / YEAR * f_rate)


def test_a_model_with_given_coefficients_plugs_in(engine, tmp_path):
    # log-rate per person-year: intercept ln(0.5), +ln(2) for men (m10). Expected by hand:
    # A1 = 1174 days x 0.5 / year; A2 = 362 days x 0.5 + 361 days x 1.0 (per year of 365.25 days)
    p = people(engine, build(tmp_path, m10_sex="M"))
    model = risk.PoissonRateModel({"intercept": math.log(0.5), "sex=M": math.log(2)}, "test coefficients")
    out = {r["aco_id"]: r for r in eng.to_arrow(mcc.observed_by_aco(p, assigned(engine), model)).to_pylist()}
    assert out["A1"]["expected"] == pytest.approx(1174 / YEAR * 0.5)
    assert out["A2"]["expected"] == pytest.approx(362 / YEAR * 0.5 + 361 / YEAR * 1.0)
    assert out["A2"]["method"] == "test coefficients"
    with pytest.raises(ValueError, match="no column 'race'"):
        risk.PoissonRateModel({"race=1": 0.1}, "x").expected(p)

"""Who enters assignment step 3 (PY2025+): the two readings of 42 CFR 425.402(b)(1)/(b)(5) (docs/assignment.md, 8a).

The worked beneficiary is in ACO A1002's pre-step pool (an A1002 family physician, $50, 2025), and had an A1001 NP
visit ($300, 2025) and an A1001 family physician visit in 2024 ($40). Step 1: PCP+NPP charges A1001 $300 > A1002 $50,
but A1001 has no physician service in the window, so the plurality ACO does not qualify and step 1 assigns nobody.
- per_aco (default): the beneficiary is not in A1001's pool, so step 3 considers it for A1001: A1001 NPP in the
  window, A1001 physician in the expanded window; expanded-window charges A1001 $340 > A1002 $50 -> A1001, step 3.
- any_aco: the beneficiary is in some ACO's pool (A1002's), so it never reaches step 3 -> not assigned.
Worked by hand from the regulation; not from running the code.
"""

import dataclasses
from decimal import Decimal as D

import pytest

from acoms.analytics import assignment, dataset, parameters
from acoms.analytics import engine as eng
from analytics.claims import Claims

ACO1, ACO2, T1, T2 = "A1001", "A1002", "111111111", "222222222"
PCP1, NP1, PCP2 = "1000000001", "1000000002", "1000000011"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    c = Claims()
    for npi, tin, spec in ((PCP1, T1, "08"), (NP1, T1, "50"), (PCP2, T2, "11")):
        c.provider(npi, tin, spec)
    c.participant(ACO1, T1)
    c.participant(ACO2, T2)

    def visit(b, npi, tin, amount, date):
        c.claim(b, date, [("99213", amount)], tin=tin, npi=npi, specialty={PCP1: "08", NP1: "50", PCP2: "11"}[npi])

    c.bene("Y_POOL_X_NPP")
    visit("Y_POOL_X_NPP", PCP2, T2, 50, "2025-02-01")
    visit("Y_POOL_X_NPP", NP1, T1, 300, "2025-03-01")
    visit("Y_POOL_X_NPP", PCP1, T1, 40, "2024-05-01")
    c.bene("NO_POOL_STEP3")  # the S3_WIN pattern: both readings assign it in step 3
    visit("NO_POOL_STEP3", NP1, T1, 100, "2025-03-01")
    visit("NO_POOL_STEP3", PCP1, T1, 50, "2024-05-01")
    return c.write(tmp_path_factory.mktemp("step3") / "claims")


def _assign(data, population):
    con = eng.connect("duckdb")
    ds = dataset.open_dataset(data)
    t = ds.tables(con, dataset.read_participants(data / "participants.csv"))
    p = dataclasses.replace(parameters.for_year(2025), step3_population=population)
    out = eng.to_arrow(assignment.assign(con, t, p).assignment).to_pylist()
    return {r["bene_id"]: (r["aco_id"], r["step"], D(str(r["allowed_amount"])).quantize(D("0.01"))) for r in out}


def test_default_reading_is_per_aco():
    assert parameters.for_year(2025).step3_population == "per_aco"
    assert parameters.for_year(2024).step3 is False


def test_per_aco_retries_a_beneficiary_of_another_acos_pool_in_step_3(data):
    got = _assign(data, "per_aco")
    assert got["Y_POOL_X_NPP"] == (ACO1, "step3", D("340.00"))
    assert got["NO_POOL_STEP3"] == (ACO1, "step3", D("150.00"))


def test_any_aco_keeps_a_pooled_beneficiary_out_of_step_3(data):
    got = _assign(data, "any_aco")
    assert got["Y_POOL_X_NPP"] == (None, "none", D("0.00"))
    assert got["NO_POOL_STEP3"] == (ACO1, "step3", D("150.00"))


def test_an_unknown_reading_is_refused(monkeypatch):
    monkeypatch.setattr(parameters, "value", lambda name, py: "everyone" if name == "step3_population" else "0")
    with pytest.raises(parameters.ParameterError, match="step3_population"):
        parameters._step3_population(2025)

"""The synthetic generator covers every case the rules distinguish; both engines agree on it."""

import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from acoms.analytics import assignment, dataset
from acoms.analytics import engine as eng
from acoms.analytics.loaders.synthetic import generate


@pytest.fixture(scope="session")
def synth5k(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "d5k"
    generate(out, benes=5000, acos=4, py=2025, seed=7)
    return out


def test_generator_writes_a_valid_dataset_with_every_case(synth5k):
    dataset.open_dataset(synth5k)
    cl = pq.read_table(synth5k / "claim_line.parquet")
    en = pq.read_table(synth5k / "enrollment.parquet")
    pv = pq.read_table(synth5k / "provider.parquet")
    part = pacsv.read_csv(
        synth5k / "participants.csv",
        convert_options=pacsv.ConvertOptions(column_types={"tin": "string", "ccn": "string"}, strings_can_be_null=True),
    )
    bills = set(pc.unique(cl["bill_type_code"].drop_null()).to_pylist())
    assert {"771", "711", "851", "131"} <= bills  # FQHC, RHC, method II CAH, ETA/hospital outpatient
    specs = set(pv["specialty_code"].to_pylist())
    assert {"08", "11"} & specs and {"50", "97"} <= specs and {"06", "29"} & specs and {"02", "30"} & specs
    codes = set(pc.unique(cl["hcpcs_code"].drop_null()).to_pylist())
    assert {"99442", "G0556", "98016", "99354", "99308", "99497"} <= codes  # PHE, later-year, add-on, settings
    assert pc.any(pc.invert(en["part_b"])).as_py() and pc.any(en["ghp"]).as_py()
    assert "99999" in en["county_fips"].to_pylist() and en["other_initiative"].null_count < en.num_rows
    assert pq.read_table(synth5k / "beneficiary.parquet")["death_date"].null_count < 5000
    assert pq.read_table(synth5k / "voluntary_alignment.parquet").num_rows > 0
    tins = part.filter(pc.is_null(part["ccn"]))["tin"].to_pylist()
    assert any(tins.count(t) > 1 for t in tins)  # a TIN on two ACOs' lists
    assert part["ccn"].null_count < part.num_rows  # CCNs under participant TINs
    assert set(pc.unique(cl["claim_type"]).to_pylist()) >= {"carrier", "outpatient", "snf", "inpatient", "dme"}


def test_generator_is_deterministic(tmp_path):
    generate(tmp_path / "a", 300, 2, 2025, seed=3)
    generate(tmp_path / "b", 300, 2, 2025, seed=3)
    for name in ("claim_line", "enrollment", "provider"):
        assert pq.read_table(tmp_path / "a" / f"{name}.parquet").equals(
            pq.read_table(tmp_path / "b" / f"{name}.parquet")
        )


def test_synthetic_assignment_reaches_every_step(synth5k):
    res = assignment.run(synth5k, py=2025)
    steps = set(res["assignment"]["step"].to_pylist())
    assert steps == {"step1", "step2", "step3", "voluntary", "none"}


@pytest.mark.spark
def test_duckdb_and_pyspark_outputs_are_identical_on_20k_beneficiaries(tmp_path_factory):
    data = tmp_path_factory.mktemp("parity") / "d20k"
    generate(data, benes=20_000, acos=6, py=2025, seed=11)
    out = {}
    for name in ("duckdb", "pyspark"):
        res = assignment.run(data, py=2025, con=eng.connect(name), check_keys=False)
        out[name] = res
    for table in ("assignment", "explanation", "ineligible"):
        a, b = out["duckdb"][table], out["pyspark"][table]
        assert a.num_rows > 0
        assert a.schema.names == b.schema.names
        assert a.to_pylist() == b.to_pylist(), table

"""CCLF loader: round trip from a synthetic dataset, final action, duplicates, MBI cross-reference,
errors with file and line, and the BCDA synthetic CCLF samples."""

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from acoms.analytics import assignment, dataset
from acoms.analytics.loaders import cclf
from acoms.analytics.loaders.synthetic import generate
from analytics import cclf_writer

BCDA = Path(__file__).parents[1] / "data" / "cclf" / "bcda_test_dev"
INSTITUTIONAL = ["outpatient", "inpatient", "snf", "hha", "hospice"]


def _sorted(t):
    return t.sort_by([("claim_id", "ascending"), ("claim_line_number", "ascending")])


@pytest.fixture(scope="module")
def roundtrip(tmp_path_factory):
    root = tmp_path_factory.mktemp("cclf")
    generate(root / "synth", 600, 3, 2025, seed=5)
    cclf_writer.write_from_dataset(root / "synth", root / "files")
    cclf.load(root / "files", root / "loaded")
    return root


def test_round_trip_reproduces_claim_lines(roundtrip):
    a = _sorted(pq.read_table(roundtrip / "synth" / "claim_line.parquet"))
    b = _sorted(pq.read_table(roundtrip / "loaded" / "claim_line.parquet"))
    inst = pc.is_in(a["claim_type"], value_set=pa.array(INSTITUTIONAL))
    # CCLF2 has no allowed amount or line specialty: paid stands in, specialty is blank
    expected = a.set_column(
        a.schema.get_field_index("allowed_amount"),
        "allowed_amount",
        pc.if_else(inst, a["paid_amount"], a["allowed_amount"]),
    )
    expected = expected.set_column(
        expected.schema.get_field_index("rendering_specialty_code"),
        "rendering_specialty_code",
        pc.if_else(inst, pa.scalar(None, pa.string()), a["rendering_specialty_code"]),
    )
    assert b.num_rows == a.num_rows
    for col in a.column_names:
        assert b[col].to_pylist() == expected[col].to_pylist(), col


def test_round_trip_reproduces_beneficiaries_and_part_a_diagnoses(roundtrip):
    a = pq.read_table(roundtrip / "synth" / "beneficiary.parquet").sort_by("bene_id")
    b = pq.read_table(roundtrip / "loaded" / "beneficiary.parquet").sort_by("bene_id")
    assert a.select(["bene_id", "birth_date", "death_date", "sex", "race"]).equals(
        b.select(["bene_id", "birth_date", "death_date", "sex", "race"])
    )
    dataset.open_dataset(roundtrip / "loaded")


def test_round_trip_assignment_matches_with_the_original_registry(roundtrip):
    """Carrier-only assignment inputs survive the trip: same result when the original enrollment,
    registry and lists are used with the loaded claims (Part A allowed = paid changes CCN lines only)."""
    loaded = roundtrip / "loaded"
    for name in ("enrollment", "provider"):
        pq.write_table(pq.read_table(roundtrip / "synth" / f"{name}.parquet"), loaded / f"{name}.parquet")
    a = assignment.run(roundtrip / "synth", roundtrip / "synth" / "participants.csv", 2025)["assignment"]
    b = assignment.run(loaded, roundtrip / "synth" / "participants.csv", 2025)["assignment"]
    cl = pq.read_table(roundtrip / "synth" / "claim_line.parquet")
    ccn_benes = set(pc.filter(cl["bene_id"], pc.equal(cl["claim_type"], "outpatient")).to_pylist())
    va = pq.read_table(roundtrip / "synth" / "voluntary_alignment.parquet")["bene_id"].to_pylist()
    keep = lambda t: [r for r in t.to_pylist() if r["bene_id"] not in ccn_benes and r["bene_id"] not in va]  # noqa: E731
    assert keep(a) == keep(b) and len(keep(a)) > 100


def _b_line(cid, line, mbi, ctl, adj, eff, allowed, hcpcs="99213"):
    return {
        "CUR_CLM_UNIQ_ID": cid,
        "CLM_LINE_NUM": str(line),
        "BENE_MBI_ID": mbi,
        "CLM_TYPE_CD": "71",
        "CLM_FROM_DT": "2025-01-05",
        "CLM_THRU_DT": "2025-01-05",
        "CLM_PRVDR_SPCLTY_CD": "08",
        "CLM_POS_CD": "11",
        "CLM_LINE_FROM_DT": "2025-01-05",
        "CLM_LINE_HCPCS_CD": hcpcs,
        "CLM_LINE_CVRD_PD_AMT": str(allowed * 0.8),
        "CLM_RNDRG_PRVDR_TAX_NUM": "111111111",
        "RNDRG_PRVDR_NPI_NUM": "1000000001",
        "CLM_ADJSMT_TYPE_CD": adj,
        "CLM_EFCTV_DT": eff,
        "CLM_CNTL_NUM": ctl,
        "CLM_LINE_ALOWD_CHRG_AMT": f"{allowed:.2f}",
    }


def _write(path, kind, rows):
    cols = {k: pa.array([r[k] for r in rows], pa.string()) for k in rows[0]}
    path.write_text("".join(r + "\n" for r in cclf_writer.format_records(kind, cols)))


def test_final_action_duplicates_and_mbi_crosswalk(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    monthly = [
        _b_line("0000000000001", 1, "1AA0AA0AA01", "C1", "0", "2025-01-10", 100),
        _b_line("0000000000002", 1, "1AA0AA0AA01", "C1", "1", "2025-02-01", 100),  # cancels C1
        _b_line("0000000000003", 1, "1AA0AA0AA02", "C2", "0", "2025-01-10", 100),
        _b_line("0000000000004", 1, "1AA0AA0AA09", "C2", "2", "2025-02-15", 80),
    ]  # adjusts C2 (old MBI)
    _write(src / "P.A9999.ACO.ZC5Y25.D250301.T0000000", "5", monthly)
    _write(src / "P.A9999.ACO.ZC5R25.D250601.T0000000", "5", monthly[2:])  # run-out repeats C2
    (src / "P.A9999.ACO.ZC9Y25.D250301.T0000000").write_text(
        "".join(
            r + "\n"
            for r in cclf_writer.format_records(
                "9",
                {
                    "HICN_MBI_XREF_IND": pa.array(["M"]),
                    "CRNT_NUM": pa.array(["1AA0AA0AA02"]),
                    "PRVS_NUM": pa.array(["1AA0AA0AA09"]),
                    "PRVS_ID_EFCTV_DT": pa.array(["2024-01-01"]),
                    "PRVS_ID_OBSLT_DT": pa.array(["2024-12-31"]),
                },
            )
        )
    )
    cclf.load(src, tmp_path / "out")
    lines = pq.read_table(tmp_path / "out" / "claim_line.parquet").to_pylist()
    assert [(r["claim_id"], r["bene_id"], r["allowed_amount"], r["billing_tin"]) for r in lines] == [
        ("0000000000004", "1AA0AA0AA02", Decimal("80.00"), "111111111")
    ]


def test_truncated_record_names_file_and_line_and_writes_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    rows = [_b_line("0000000000001", 1, "1AA0AA0AA01", "C1", "0", "2025-01-10", 100)] * 2
    name = "P.A9999.ACO.ZC5Y25.D250301.T0000000"
    _write(src / name, "5", rows)
    text = (src / name).read_text().splitlines()
    (src / name).write_text(text[0] + "\n" + text[1][:200] + "\n")
    with pytest.raises(cclf.CCLFError, match=rf"{name} line 2: record length 200, expected 388"):
        cclf.load(src, tmp_path / "out")
    assert not (tmp_path / "out").exists() and [p.name for p in tmp_path.iterdir()] == ["in"]


def test_bad_date_names_field_file_and_line(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    rows = [
        _b_line("0000000000001", 1, "1AA0AA0AA01", "C1", "0", "2025-01-10", 100),
        _b_line("0000000000002", 1, "1AA0AA0AA01", "C2", "0", "2025-13-45", 100),
    ]
    _write(src / "ZC5", "5", rows)
    message = r"ZC5 line 2: CLM_EFCTV_DT \(columns 152-161\) has bad value '2025-13-45'"
    with pytest.raises(cclf.CCLFError, match=message):
        cclf.load(src, tmp_path / "out")


def test_bcda_minimal_sample_is_rejected_strictly_with_file_and_line(tmp_path):
    with pytest.raises(cclf.CCLFError, match=r"ZC9 line 1: record length 43, expected 55"):
        cclf.load(BCDA, tmp_path / "out")


def test_bcda_minimal_sample_loads_leniently(tmp_path):
    summary = cclf.load(BCDA, tmp_path / "out", lenient=True)
    bene = pq.read_table(tmp_path / "out" / "beneficiary.parquet")
    expected = [line[:11] for line in (BCDA / "ZC8").read_text().splitlines()]
    assert sorted(bene["bene_id"].to_pylist()) == sorted(expected) and len(expected) == 40
    assert bene["birth_date"].null_count == 40  # 'xxxxxxx' filler is not a date
    assert summary["xref"] == 2
    xref = cclf.read_xref(BCDA, lenient=True)
    assert xref == {"203031401A": "203031401M", "203031402B": "20303140244"}
    dataset.open_dataset(tmp_path / "out")


def test_reading_in_small_blocks_gives_the_same_dataset(roundtrip, tmp_path):
    # 5,000-byte blocks split the files into many pieces, most ending inside what would be the next record
    cclf.load(roundtrip / "files", tmp_path / "whole")  # not roundtrip/loaded: another test replaces tables there
    cclf.load(roundtrip / "files", tmp_path / "small", block_bytes=5000)
    for name in ("claim_line", "beneficiary", "enrollment", "claim_diagnosis", "provider"):
        a = pq.read_table(tmp_path / "whole" / f"{name}.parquet")
        b = pq.read_table(tmp_path / "small" / f"{name}.parquet")
        keys = [(c, "ascending") for c in a.column_names]
        assert a.num_rows == b.num_rows > 0, name
        assert a.sort_by(keys).equals(b.sort_by(keys)), name


def test_a_bad_record_in_a_later_block_is_named_by_its_line_in_the_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    rows = [_b_line(f"{n:013d}", 1, "1AA0AA0AA01", f"C{n}", "0", "2025-01-10", 100) for n in range(1, 31)]
    rows[26]["CLM_EFCTV_DT"] = "2025-02-30"
    _write(src / "ZC5", "5", rows)
    with pytest.raises(cclf.CCLFError, match=r"ZC5 line 27: CLM_EFCTV_DT \(columns 152-161\) has bad value"):
        cclf.load(src, tmp_path / "out", block_bytes=1000)  # about two records a block

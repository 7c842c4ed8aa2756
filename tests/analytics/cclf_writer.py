"""Writing CCLF fixed-width files from a claims dataset (test support: round trips and the CCLF benchmark).

Imported as `analytics.cclf_writer`. The layouts are the loader's (`acoms.analytics.loaders.cclf.LAYOUTS`), so a
file written here is read back field by field. Records are built with pyarrow kernels and the claim lines are
read a row group at a time, so a national-size dataset is written without one Python object per record.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from acoms.analytics.loaders.cclf import LAYOUTS

TYPE_CODES = {
    "hha": "10",
    "snf": "20",
    "outpatient": "40",
    "hospice": "50",
    "inpatient": "60",
    "carrier": "71",
    "dme": "81",
}
INSTITUTIONAL = ["outpatient", "inpatient", "snf", "hha", "hospice"]
RIGHT_ALIGNED = ("money", "int")


def _constant(text: str, n: int) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([text])).cast(pa.string())


def _records(kind: str, columns: dict[str, pa.Array]) -> pa.Array:
    """Fixed-width records of CCLF`kind`, each ending in a newline, from columns named as in the layout."""
    layout = LAYOUTS[kind]
    n = len(next(iter(columns.values())))
    pieces, pos = [], 1
    for name, (a, b) in sorted(layout.fields.items(), key=lambda kv: kv[1][0]):
        if a > pos:
            pieces.append(_constant(" " * (a - pos), n))
        col = columns.get(name)
        width = b - a + 1
        col = _constant("", n) if col is None else pc.fill_null(pc.cast(col, pa.string()), "")
        right = layout.field_type(name) in RIGHT_ALIGNED or name == "CUR_CLM_UNIQ_ID"
        pad = pc.utf8_lpad if right else pc.utf8_rpad
        pieces.append(pc.utf8_slice_codeunits(pad(col, width, " "), 0, width))
        pos = b + 1
    pieces.append(_constant(" " * (layout.length - pos + 1) + "\n", n))
    return pc.binary_join_element_wise(*pieces, "")


def format_records(kind: str, columns: dict[str, pa.Array]) -> list[str]:
    """The records as strings without their newline (for small hand-made files)."""
    return [r[:-1] for r in _records(kind, columns).to_pylist()]


def _write(f: BinaryIO, kind: str, columns: dict[str, pa.Array]) -> None:
    if len(next(iter(columns.values()))) == 0:
        return
    records = _records(kind, columns)
    for chunk in records.chunks if isinstance(records, pa.ChunkedArray) else [records]:
        offsets = np.frombuffer(chunk.buffers()[1], np.int32)[chunk.offset : chunk.offset + len(chunk) + 1]
        if len(chunk):
            f.write(memoryview(chunk.buffers()[2])[offsets[0] : offsets[-1]])


def _with_type_code(lines: pa.Table) -> pa.Table:
    codes = pa.array(list(TYPE_CODES), pa.string())
    values = pa.array(list(TYPE_CODES.values()), pa.string())
    return lines.append_column("type_cd", values.take(pc.index_in(lines["claim_type"], value_set=codes)))


def _part_a(inst: pa.Table) -> tuple[dict[str, pa.Array], dict[str, pa.Array]]:
    first = inst.filter(pc.equal(inst["claim_line_number"], 1))
    bill = first["bill_type_code"]
    header = {
        "CUR_CLM_UNIQ_ID": first["claim_id"],
        "PRVDR_OSCAR_NUM": first["ccn"],
        "BENE_MBI_ID": first["bene_id"],
        "CLM_TYPE_CD": first["type_cd"],
        "CLM_FROM_DT": first["claim_start_date"],
        "CLM_THRU_DT": first["claim_end_date"],
        "CLM_BILL_FAC_TYPE_CD": pc.utf8_slice_codeunits(bill, 0, 1),
        "CLM_BILL_CLSFCTN_CD": pc.utf8_slice_codeunits(bill, 1, 2),
        "CLM_BILL_FREQ_CD": pc.utf8_slice_codeunits(bill, 2, 3),
        "ATNDG_PRVDR_NPI_NUM": first["rendering_npi"],
        "CLM_ADJSMT_TYPE_CD": _constant("0", first.num_rows),
        "CLM_EFCTV_DT": first["claim_end_date"],
        "CLM_OPRTNL_IME_AMT": first["ime_amount"],
        "CLM_OPRTNL_DSPRPRTNT_AMT": first["dsh_amount"],
        "CLM_CNTL_NUM": first["claim_id"],
    }
    lines = {
        "CUR_CLM_UNIQ_ID": inst["claim_id"],
        "CLM_LINE_NUM": inst["claim_line_number"],
        "BENE_MBI_ID": inst["bene_id"],
        "CLM_TYPE_CD": inst["type_cd"],
        "CLM_LINE_FROM_DT": inst["service_date"],
        "CLM_LINE_PROD_REV_CTR_CD": inst["revenue_center_code"],
        "CLM_LINE_INSTNL_REV_CTR_DT": inst["service_date"],
        "CLM_LINE_HCPCS_CD": inst["hcpcs_code"],
        "PRVDR_OSCAR_NUM": inst["ccn"],
        "CLM_FROM_DT": inst["claim_start_date"],
        "CLM_THRU_DT": inst["claim_end_date"],
        "CLM_LINE_CVRD_PD_AMT": inst["paid_amount"],
    }
    return header, lines


def _part_b(b: pa.Table, kind: str) -> dict[str, pa.Array]:
    cols = {
        "CUR_CLM_UNIQ_ID": b["claim_id"],
        "CLM_LINE_NUM": b["claim_line_number"],
        "BENE_MBI_ID": b["bene_id"],
        "CLM_TYPE_CD": b["type_cd"],
        "CLM_FROM_DT": b["claim_start_date"],
        "CLM_THRU_DT": b["claim_end_date"],
        "CLM_POS_CD": b["place_of_service_code"],
        "CLM_LINE_FROM_DT": b["service_date"],
        "CLM_LINE_HCPCS_CD": b["hcpcs_code"],
        "CLM_LINE_CVRD_PD_AMT": b["paid_amount"],
        "CLM_ADJSMT_TYPE_CD": _constant("0", b.num_rows),
        "CLM_EFCTV_DT": b["claim_end_date"],
        "CLM_CNTL_NUM": b["claim_id"],
        "CLM_LINE_ALOWD_CHRG_AMT": b["allowed_amount"],
    }
    if kind == "5":
        cols.update(
            {
                "CLM_PRVDR_SPCLTY_CD": b["rendering_specialty_code"],
                "RNDRG_PRVDR_NPI_NUM": b["rendering_npi"],
                "CLM_RNDRG_PRVDR_TAX_NUM": b["billing_tin"],
            }
        )
    else:
        cols["PAYTO_PRVDR_NPI_NUM"] = b["rendering_npi"]
    return cols


def write_from_dataset(src: str | Path, out: str | Path) -> dict[str, Path]:
    """Write CCLF1/2/4/5/6/8 files from a claims dataset (allowed charges of Part A lines are lost)."""
    src, out = Path(src), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {kind: out / f"P.A9999.ACO.ZC{kind}Y25.D250101.T0000000" for kind in "124568"}
    files = {kind: path.open("wb") for kind, path in paths.items()}
    try:
        part_a_claims = []
        for batch in pq.ParquetFile(src / "claim_line.parquet").iter_batches(batch_size=1 << 20):
            lines = _with_type_code(pa.Table.from_batches([batch]))
            inst = lines.filter(pc.is_in(lines["claim_type"], value_set=pa.array(INSTITUTIONAL)))
            header, revenue = _part_a(inst)
            _write(files["1"], "1", header)
            _write(files["2"], "2", revenue)
            part_a_claims.append(header["CUR_CLM_UNIQ_ID"])
            for kind, claim_type in (("5", "carrier"), ("6", "dme")):
                _write(files[kind], kind, _part_b(lines.filter(pc.equal(lines["claim_type"], claim_type)), kind))
        chunks = [chunk for column in part_a_claims for chunk in column.chunks]
        claims = pa.concat_arrays(chunks) if chunks else pa.array([], pa.string())
        for batch in pq.ParquetFile(src / "claim_diagnosis.parquet").iter_batches(batch_size=1 << 20):
            dx = pa.Table.from_batches([batch])
            dx = dx.filter(pc.is_in(dx["claim_id"], value_set=claims))
            _write(
                files["4"],
                "4",
                {
                    "CUR_CLM_UNIQ_ID": dx["claim_id"],
                    "BENE_MBI_ID": dx["bene_id"],
                    "CLM_VAL_SQNC_NUM": dx["diagnosis_sequence"],
                    "CLM_DGNS_CD": dx["diagnosis_code"],
                },
            )
        for batch in pq.ParquetFile(src / "beneficiary.parquet").iter_batches(batch_size=1 << 20):
            bn = pa.Table.from_batches([batch])
            sex = pc.if_else(pc.equal(bn["sex"], "M"), "1", pc.if_else(pc.equal(bn["sex"], "F"), "2", "0"))
            _write(
                files["8"],
                "8",
                {
                    "BENE_MBI_ID": bn["bene_id"],
                    "BENE_DOB": bn["birth_date"],
                    "BENE_SEX_CD": sex,
                    "BENE_RACE_CD": bn["race"],
                    "BENE_DEATH_DT": bn["death_date"],
                },
            )
    finally:
        for f in files.values():
            f.close()
    return paths

"""CMS Claim and Claim Line Feed (CCLF) fixed-width files -> claims dataset.

Layouts are CCLF Information Packet v36 (positions 1-based and inclusive); only the fields the claims contract
needs are listed, one `Layout` per file kind. Reads CCLF1/2/4 (Part A header, revenue center, diagnoses), CCLF5
(Part B physician lines), CCLF6 (DME), CCLF8 (demographics) and CCLF9 (MBI cross-reference).

Streaming and set-based: each file is read in blocks of whole records, each block parsed with pyarrow kernels
(no Python object per record) and spilled to Parquet; the rest is SQL on DuckDB over those files, with a memory
limit and disk spilling, and the dataset is written from DuckDB's result batches. Memory does not grow with
the size of the files.

Final action: records repeated across monthly and run-out files (same record key) are kept once (latest file);
claims are grouped into families by original claim control number (Part A) or claim control number (Part B);
the latest version by effective date wins and a family whose latest version is a cancellation (adjustment type
1) is dropped.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..dataset import write_dataset

BLOCK_BYTES = 32 << 20  # bytes of a file parsed at a time
MEMORY_LIMIT = "1GB"  # DuckDB's working memory; beyond it, it spills to disk
SPILL_ORDER = "125648"  # the order files are checked in, after CCLF9 (read on its own, first)


@dataclass(frozen=True)
class Layout:
    """One CCLF file kind: record length, the fields read, the fields that may not be blank, and the key of a
    record repeated across files (the latest file's copy is kept)."""

    kind: str
    title: str
    length: int
    fields: dict[str, tuple[int, int]]
    required: tuple[str, ...]
    record_key: tuple[str, ...]

    def field_type(self, name: str) -> str:
        if name.endswith(("_DT", "_DOB")):
            return "date"
        if name.endswith("_AMT"):
            return "money"
        return "int" if name in ("CLM_LINE_NUM", "CLM_VAL_SQNC_NUM") else "text"


_CLAIM = ("CUR_CLM_UNIQ_ID", "BENE_MBI_ID")
LAYOUTS: dict[str, Layout] = {
    layout.kind: layout
    for layout in (
        Layout(
            "1",
            "Part A claims header",
            437,
            {
                "CUR_CLM_UNIQ_ID": (1, 13),
                "PRVDR_OSCAR_NUM": (14, 19),
                "BENE_MBI_ID": (20, 30),
                "CLM_TYPE_CD": (42, 43),
                "CLM_FROM_DT": (44, 53),
                "CLM_THRU_DT": (54, 63),
                "CLM_BILL_FAC_TYPE_CD": (64, 64),
                "CLM_BILL_CLSFCTN_CD": (65, 65),
                "CLM_PMT_AMT": (82, 98),
                "ATNDG_PRVDR_NPI_NUM": (129, 138),
                "CLM_ADJSMT_TYPE_CD": (149, 150),
                "CLM_EFCTV_DT": (151, 160),
                "CLM_BILL_FREQ_CD": (186, 186),
                "CLM_OPRTNL_IME_AMT": (219, 240),
                "CLM_OPRTNL_DSPRPRTNT_AMT": (271, 292),
                "CLM_CNTL_NUM": (353, 392),
                "CLM_ORG_CNTL_NUM": (393, 432),
            },
            _CLAIM,
            ("CUR_CLM_UNIQ_ID",),
        ),
        Layout(
            "2",
            "Part A revenue center detail",
            199,
            {
                "CUR_CLM_UNIQ_ID": (1, 13),
                "CLM_LINE_NUM": (14, 23),
                "BENE_MBI_ID": (24, 34),
                "CLM_TYPE_CD": (46, 47),
                "CLM_LINE_FROM_DT": (48, 57),
                "CLM_LINE_PROD_REV_CTR_CD": (68, 71),
                "CLM_LINE_INSTNL_REV_CTR_DT": (72, 81),
                "CLM_LINE_HCPCS_CD": (82, 86),
                "PRVDR_OSCAR_NUM": (98, 103),
                "CLM_FROM_DT": (104, 113),
                "CLM_THRU_DT": (114, 123),
                "CLM_LINE_CVRD_PD_AMT": (148, 164),
            },
            _CLAIM,
            ("CUR_CLM_UNIQ_ID", "CLM_LINE_NUM"),
        ),
        Layout(
            "4",
            "Part A diagnosis codes",
            112,
            {
                "CUR_CLM_UNIQ_ID": (1, 13),
                "BENE_MBI_ID": (14, 24),
                "CLM_TYPE_CD": (36, 37),
                "CLM_VAL_SQNC_NUM": (39, 40),
                "CLM_DGNS_CD": (41, 47),
            },
            ("CUR_CLM_UNIQ_ID",),
            ("CUR_CLM_UNIQ_ID", "CLM_VAL_SQNC_NUM"),
        ),
        Layout(
            "5",
            "Part B physicians",
            388,
            {
                "CUR_CLM_UNIQ_ID": (1, 13),
                "CLM_LINE_NUM": (14, 23),
                "BENE_MBI_ID": (24, 34),
                "CLM_TYPE_CD": (46, 47),
                "CLM_FROM_DT": (48, 57),
                "CLM_THRU_DT": (58, 67),
                "CLM_PRVDR_SPCLTY_CD": (73, 74),
                "CLM_POS_CD": (76, 77),
                "CLM_LINE_FROM_DT": (78, 87),
                "CLM_LINE_HCPCS_CD": (98, 102),
                "CLM_LINE_CVRD_PD_AMT": (103, 117),
                "CLM_RNDRG_PRVDR_TAX_NUM": (126, 135),
                "RNDRG_PRVDR_NPI_NUM": (136, 145),
                "CLM_ADJSMT_TYPE_CD": (150, 151),
                "CLM_EFCTV_DT": (152, 161),
                "CLM_CNTL_NUM": (172, 211),
                "CLM_LINE_ALOWD_CHRG_AMT": (223, 239),
            },
            _CLAIM,
            ("CUR_CLM_UNIQ_ID", "CLM_LINE_NUM"),
        ),
        Layout(
            "6",
            "Part B DME",
            247,
            {
                "CUR_CLM_UNIQ_ID": (1, 13),
                "CLM_LINE_NUM": (14, 23),
                "BENE_MBI_ID": (24, 34),
                "CLM_TYPE_CD": (46, 47),
                "CLM_FROM_DT": (48, 57),
                "CLM_THRU_DT": (58, 67),
                "CLM_POS_CD": (69, 70),
                "CLM_LINE_FROM_DT": (71, 80),
                "CLM_LINE_HCPCS_CD": (91, 95),
                "CLM_LINE_CVRD_PD_AMT": (96, 110),
                "PAYTO_PRVDR_NPI_NUM": (112, 121),
                "CLM_ADJSMT_TYPE_CD": (136, 137),
                "CLM_EFCTV_DT": (138, 147),
                "CLM_CNTL_NUM": (158, 197),
                "CLM_LINE_ALOWD_CHRG_AMT": (209, 225),
            },
            _CLAIM,
            ("CUR_CLM_UNIQ_ID", "CLM_LINE_NUM"),
        ),
        Layout(
            "8",
            "beneficiary demographics",
            549,
            {
                "BENE_MBI_ID": (1, 11),
                "BENE_FIPS_STATE_CD": (23, 24),
                "BENE_FIPS_CNTY_CD": (25, 27),
                "BENE_DOB": (33, 42),
                "BENE_SEX_CD": (43, 43),
                "BENE_RACE_CD": (44, 44),
                "BENE_MDCR_STUS_CD": (48, 49),
                "BENE_DUAL_STUS_CD": (50, 51),
                "BENE_DEATH_DT": (52, 61),
                "BENE_PART_A_ENRLMT_BGN_DT": (169, 178),
                "BENE_PART_B_ENRLMT_BGN_DT": (179, 188),
            },
            ("BENE_MBI_ID",),
            ("BENE_MBI_ID",),
        ),
        Layout(
            "9",
            "beneficiary identifier cross-reference",
            55,
            {
                "HICN_MBI_XREF_IND": (1, 1),
                "CRNT_NUM": (2, 12),
                "PRVS_NUM": (13, 23),
                "PRVS_ID_EFCTV_DT": (24, 33),
                "PRVS_ID_OBSLT_DT": (34, 43),
            },
            ("CRNT_NUM", "PRVS_NUM"),
            ("PRVS_NUM",),
        ),
    )
}
CLAIM_TYPES = {
    "10": "hha",
    "20": "snf",
    "30": "snf",
    "40": "outpatient",
    "50": "hospice",
    "60": "inpatient",
    "61": "inpatient",
    "71": "carrier",
    "72": "carrier",
    "81": "dme",
    "82": "dme",
}
_FILE_RE = re.compile(r"(?:ZC|CCLF)([0-9AB])(?![0-9A-Z])|(?:ZC|CCLF)([0-9AB])[YR]", re.I)
_NULL = pa.scalar(None, pa.string())


class CCLFError(ValueError):
    """A bad or truncated CCLF record; names the file and line."""


def file_kind(path: Path) -> str | None:
    m = _FILE_RE.search(path.name)
    return (m.group(1) or m.group(2)).upper() if m else None


# ---- reading: blocks of whole records, parsed with pyarrow kernels ---------------------------------------------
def _blocks(path: Path, block_bytes: int) -> Iterator[bytes]:
    """The file in blocks that end at a record boundary (the last may lack its newline)."""
    with path.open("rb") as f:
        rest = b""
        while chunk := f.read(block_bytes):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                yield data[:cut]
        if rest:
            yield rest


def _records(data: bytes, path: Path, layout: Layout, first_line: int, lenient: bool) -> pa.StringArray:
    """The records of a block as strings (each may keep its line terminator: fields are sliced by position)."""
    buf = np.frombuffer(data, np.uint8)
    newlines = np.flatnonzero(buf == 10)
    ends = newlines if data.endswith(b"\n") else np.append(newlines, len(buf))
    starts = np.concatenate(([0], ends[:-1] + 1))
    high = np.flatnonzero(buf > 127)
    if len(high):
        line = first_line + int(np.searchsorted(ends, high[0]))
        raise CCLFError(f"{path.name} line {line}: non-ASCII byte in a CCLF{layout.kind} record")
    has_cr = (ends > starts) & (buf[np.maximum(ends - 1, 0)] == 13)
    lengths = ends - starts - has_cr
    wrong = np.flatnonzero(lengths != layout.length)
    if len(wrong) and (not lenient or (lengths > layout.length).any()):
        i = int(wrong[0]) if not lenient else int(np.flatnonzero(lengths > layout.length)[0])
        raise CCLFError(
            f"{path.name} line {first_line + i}: record length {int(lengths[i])}, expected "
            f"{layout.length} (CCLF{layout.kind} layout v36)"
        )
    offsets = np.append(starts, len(buf)).astype(np.int32)
    return pa.StringArray.from_buffers(len(starts), pa.py_buffer(offsets.tobytes()), pa.py_buffer(data))


def _convert(layout: Layout, name: str, col: pa.Array, blank: pa.Array) -> pa.Array:
    col = pc.if_else(blank, _NULL, col)
    kind = layout.field_type(name)
    if kind == "date":
        ok = pc.match_substring_regex(col, r"^\d{4}-\d{2}-\d{2}$")
        parsed = pc.strptime(pc.if_else(ok, col, _NULL), format="%Y-%m-%d", unit="s", error_is_null=True)
        # strptime rolls 2025-02-30 over to 2025-03-02: the day must be the day written
        written_day = pc.cast(
            pc.binary_slice(pc.if_else(ok, col, _NULL).view(pa.binary()), 8, 10).view(pa.string()), pa.int64()
        )
        real = pc.equal(pc.day(parsed), written_day)
        return pc.cast(pc.if_else(real, parsed, pa.scalar(None, parsed.type)), pa.date32())
    if kind == "money":  # a trailing minus sign is how mainframe extracts write negatives
        ok = pc.match_substring_regex(col, r"^-?\d+(\.\d+)?-?$")
        fixed = pc.replace_substring_regex(col, r"^(\d+(?:\.\d+)?)-$", r"-\1")
        return pc.cast(pc.if_else(ok, fixed, _NULL), pa.decimal128(20, 2))
    if kind == "int":
        ok = pc.match_substring_regex(col, r"^\d+$")
        return pc.cast(pc.if_else(ok, col, _NULL), pa.int64())
    return col


def parse_block(data: bytes, path: Path, layout: Layout, first_line: int = 1, lenient: bool = False) -> pa.Table:
    """Parse the records of one block into typed columns plus `_line` (the line number in the file)."""
    records = _records(data, path, layout, first_line, lenient).view(pa.binary())  # ASCII: bytes are characters
    out: dict[str, pa.Array] = {}
    for name, (a, b) in layout.fields.items():
        col = pc.utf8_trim_whitespace(pc.binary_slice(records, a - 1, b).view(pa.string()))
        blank = pc.equal(col, "")
        if name in layout.required and pc.any(blank).as_py():
            i = pc.index(blank, True).as_py()
            raise CCLFError(f"{path.name} line {first_line + i}: {name} (columns {a}-{b}) is blank")
        value = _convert(layout, name, col, blank)
        bad = pc.and_(pc.invert(blank), pc.is_null(value))
        if not lenient and pc.any(bad).as_py():
            i = pc.index(bad, True).as_py()
            raise CCLFError(
                f"{path.name} line {first_line + i}: {name} (columns {a}-{b}) has bad value {col[i].as_py()!r}"
            )
        out[name] = value
    out["_line"] = pa.array(np.arange(first_line, first_line + len(records), dtype=np.int64))
    return pa.table(out)


def parse_file(path: Path, kind: str, lenient: bool = False, block_bytes: int = BLOCK_BYTES) -> Iterator[pa.Table]:
    """The parsed records of one file, block by block."""
    line = 1
    for data in _blocks(path, block_bytes):
        table = parse_block(data, path, LAYOUTS[kind], line, lenient)
        line += table.num_rows
        yield table


def _files(src: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for p in sorted(src.iterdir()):
        kind = file_kind(p) if p.is_file() else None
        if kind in LAYOUTS:
            found.setdefault(kind, []).append(p)
    return found


def _spill(files: list[Path], kind: str, lenient: bool, to: Path, block_bytes: int) -> Path:
    """Parse every file of one kind into one Parquet file with `_file` (order of the file) and `_line`."""
    path = to / f"cclf{kind}.parquet"
    writer = None
    try:
        for number, source in enumerate(files):
            for table in parse_file(source, kind, lenient, block_bytes):
                table = table.append_column("_file", pa.array(np.full(table.num_rows, number, np.int64)))
                writer = writer or pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
    finally:
        if writer:
            writer.close()
    if writer is None:  # only empty files
        schema = pa.schema(
            [(n, _arrow_type(LAYOUTS[kind], n)) for n in LAYOUTS[kind].fields]
            + [("_line", pa.int64()), ("_file", pa.int64())]
        )
        pq.write_table(schema.empty_table(), path)
    return path


def _arrow_type(layout: Layout, name: str) -> pa.DataType:
    return {"date": pa.date32(), "money": pa.decimal128(20, 2), "int": pa.int64()}.get(
        layout.field_type(name), pa.string()
    )


# ---- the claims dataset, in SQL ----------------------------------------------------------------------------
def _latest(kind: str) -> str:
    """CCLF`kind` with each repeated record (same key) kept once, from the latest file."""
    key = ", ".join(LAYOUTS[kind].record_key)
    return (
        f"SELECT * FROM read_parquet('{{spill}}/cclf{kind}.parquet') "
        f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _file DESC, _line DESC) = 1"
    )


def _final_action(source: str, family: str) -> str:
    """Claim ids of final-action claims: the latest version of each family, cancellations dropped."""
    return f"""
        SELECT CUR_CLM_UNIQ_ID AS id FROM {source}
        QUALIFY row_number() OVER (PARTITION BY coalesce({family}, CUR_CLM_UNIQ_ID)
                                   ORDER BY coalesce(CLM_EFCTV_DT, DATE '1900-01-01') DESC, _file DESC, _line DESC) = 1
            AND coalesce(CLM_ADJSMT_TYPE_CD, '0') <> '1'"""


def _bene(column: str) -> str:
    return f"coalesce((SELECT current FROM xref WHERE old = {column}), {column})"


PART_A = f"""
    SELECT r.CUR_CLM_UNIQ_ID AS claim_id, r.CLM_LINE_NUM AS claim_line_number, {_bene("h.BENE_MBI_ID")} AS bene_id,
           t.claim_type, h.CLM_FROM_DT AS claim_start_date, h.CLM_THRU_DT AS claim_end_date,
           coalesce(r.CLM_LINE_INSTNL_REV_CTR_DT, h.CLM_FROM_DT) AS service_date, r.CLM_LINE_HCPCS_CD AS hcpcs_code,
           r.CLM_LINE_PROD_REV_CTR_CD AS revenue_center_code,
           nullif(concat(h.CLM_BILL_FAC_TYPE_CD, h.CLM_BILL_CLSFCTN_CD, h.CLM_BILL_FREQ_CD), '') AS bill_type_code,
           NULL::VARCHAR AS place_of_service_code, h.ATNDG_PRVDR_NPI_NUM AS rendering_npi,
           NULL::VARCHAR AS rendering_specialty_code, NULL::VARCHAR AS billing_tin, h.PRVDR_OSCAR_NUM AS ccn,
           -- CCLF2 carries no allowed amount: the line's covered paid amount stands in (docs/assignment.md)
           coalesce(r.CLM_LINE_CVRD_PD_AMT, 0)::DECIMAL(14, 2) AS allowed_amount,
           coalesce(r.CLM_LINE_CVRD_PD_AMT, 0)::DECIMAL(14, 2) AS paid_amount,
           CASE WHEN r.CLM_LINE_NUM <= 1 THEN h.CLM_OPRTNL_IME_AMT::DECIMAL(14, 2) END AS ime_amount,
           CASE WHEN r.CLM_LINE_NUM <= 1 THEN h.CLM_OPRTNL_DSPRPRTNT_AMT::DECIMAL(14, 2) END AS dsh_amount
    FROM cclf2 r JOIN final1 f ON f.id = r.CUR_CLM_UNIQ_ID JOIN cclf1 h ON h.CUR_CLM_UNIQ_ID = r.CUR_CLM_UNIQ_ID
    LEFT JOIN claim_types t ON t.code = h.CLM_TYPE_CD"""


def _part_b(kind: str) -> str:
    carrier = kind == "5"
    return f"""
    SELECT b.CUR_CLM_UNIQ_ID AS claim_id, b.CLM_LINE_NUM AS claim_line_number, {_bene("b.BENE_MBI_ID")} AS bene_id,
           t.claim_type, b.CLM_FROM_DT AS claim_start_date, b.CLM_THRU_DT AS claim_end_date,
           coalesce(b.CLM_LINE_FROM_DT, b.CLM_FROM_DT) AS service_date, b.CLM_LINE_HCPCS_CD AS hcpcs_code,
           NULL::VARCHAR AS revenue_center_code, NULL::VARCHAR AS bill_type_code,
           b.CLM_POS_CD AS place_of_service_code,
           {"b.RNDRG_PRVDR_NPI_NUM" if carrier else "b.PAYTO_PRVDR_NPI_NUM"} AS rendering_npi,
           {"b.CLM_PRVDR_SPCLTY_CD" if carrier else "NULL::VARCHAR"} AS rendering_specialty_code,
           {"b.CLM_RNDRG_PRVDR_TAX_NUM" if carrier else "NULL::VARCHAR"} AS billing_tin, NULL::VARCHAR AS ccn,
           coalesce(b.CLM_LINE_ALOWD_CHRG_AMT, 0)::DECIMAL(14, 2) AS allowed_amount,
           coalesce(b.CLM_LINE_CVRD_PD_AMT, 0)::DECIMAL(14, 2) AS paid_amount,
           NULL::DECIMAL(14, 2) AS ime_amount, NULL::DECIMAL(14, 2) AS dsh_amount
    FROM cclf{kind} b JOIN final{kind} f ON f.id = b.CUR_CLM_UNIQ_ID
    LEFT JOIN claim_types t ON t.code = b.CLM_TYPE_CD"""


BENEFICIARY = f"""
    SELECT {_bene("BENE_MBI_ID")} AS bene_id, * EXCLUDE (BENE_MBI_ID) FROM read_parquet('{{spill}}/cclf8.parquet')
    QUALIFY row_number() OVER (PARTITION BY {_bene("BENE_MBI_ID")} ORDER BY _file DESC, _line DESC) = 1"""
# CCLF8 is a snapshot: enrollment months are derived from it (no MA history; docs/assignment.md), for every month
# from the first to the last service month of the claims, up to the month of death.
ENROLLMENT = """
    WITH months AS (
        SELECT unnest(generate_series(date_trunc('month', min(service_date)), max(service_date),
                                      INTERVAL 1 MONTH))::DATE AS month
        FROM claim_line)
    SELECT b.bene_id, m.month,
           b.BENE_PART_A_ENRLMT_BGN_DT IS NULL OR b.BENE_PART_A_ENRLMT_BGN_DT <= last_day(m.month) AS part_a,
           b.BENE_PART_B_ENRLMT_BGN_DT IS NULL OR b.BENE_PART_B_ENRLMT_BGN_DT <= last_day(m.month) AS part_b,
           false AS ghp, coalesce(b.BENE_MDCR_STUS_CD, '10') IN ('11', '21', '31') AS esrd,
           coalesce(b.BENE_MDCR_STUS_CD, '10') IN ('20', '21') AS disabled,
           coalesce(b.BENE_DUAL_STUS_CD, 'NA') NOT IN ('NA', '00', '09', '99', '') AS dual,
           coalesce(nullif(concat(b.BENE_FIPS_STATE_CD, b.BENE_FIPS_CNTY_CD), ''), '00000') AS county_fips,
           NULL::VARCHAR AS other_initiative
    FROM beneficiary8 b JOIN months m ON m.month IS NOT NULL AND (b.BENE_DEATH_DT IS NULL OR m.month <= b.BENE_DEATH_DT)
    ORDER BY b.bene_id, m.month"""
BENEFICIARY_OUT = """
    SELECT bene_id, BENE_DOB AS birth_date, BENE_DEATH_DT AS death_date,
           CASE coalesce(BENE_SEX_CD, '0') WHEN '1' THEN 'M' WHEN '2' THEN 'F' ELSE 'U' END AS sex,
           BENE_RACE_CD AS race
    FROM beneficiary8"""
DIAGNOSIS = f"""
    SELECT d.CUR_CLM_UNIQ_ID AS claim_id, {_bene("d.BENE_MBI_ID")} AS bene_id, d.CLM_VAL_SQNC_NUM AS diagnosis_sequence,
           d.CLM_DGNS_CD AS diagnosis_code
    FROM cclf4 d SEMI JOIN claim_line c ON c.claim_id = d.CUR_CLM_UNIQ_ID"""
# CCLF has no enrollment registry: (rendering NPI, billing TIN, specialty) seen on Part B lines.
PROVIDER = """
    SELECT rendering_npi AS npi, billing_tin AS tin, min(rendering_specialty_code) AS specialty_code,
           NULL::VARCHAR AS legal_name, min(service_date) AS enrolled_from, NULL::DATE AS enrolled_to
    FROM claim_line
    WHERE rendering_npi IS NOT NULL AND billing_tin IS NOT NULL AND rendering_specialty_code IS NOT NULL
    GROUP BY rendering_npi, billing_tin"""


def load(
    src: str | Path,
    out: str | Path,
    lenient: bool = False,
    progress: Callable[[str], None] | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> dict:
    """Read every CCLF file in `src` and write a claims dataset to `out` (atomically)."""
    say = progress or (lambda m: None)
    src = Path(src)
    files = _files(src)
    if not files:
        raise CCLFError(f"{src}: no CCLF files (names containing ZC1..ZC9 or CCLF1..CCLF9)")
    say("found " + ", ".join(f"CCLF{k} x{len(v)}" for k, v in sorted(files.items())))
    xref = read_xref(src, lenient)
    Path(out).resolve().parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".cclf-", dir=Path(out).resolve().parent))
    try:
        for kind in SPILL_ORDER:
            if kind in files:
                _spill(files[kind], kind, lenient, work, block_bytes)
        say("parsed " + ", ".join(f"CCLF{k}" for k in sorted(files)))
        return _build(files, xref, work, Path(out), say)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build(
    files: dict[str, list[Path]], xref: dict[str, str], work: Path, out: Path, say: Callable[[str], None]
) -> dict:
    con = duckdb.connect(
        config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(work / "duckdb"), "preserve_insertion_order": False}
    )
    try:
        _register_xref(con, xref)
        summary = _build_tables(con, files, work, out) | {"xref": len(xref)}
        say(f"wrote {out}: {summary}")
        return summary
    finally:
        con.close()


def _build_tables(con: duckdb.DuckDBPyConnection, files: dict[str, list[Path]], work: Path, out: Path) -> dict:
    spill = str(work)
    view = {kind: _latest(kind).format(spill=spill) for kind in files if kind != "9"}
    for kind in ("1", "2", "4", "5", "6"):
        if kind in files:
            con.execute(f"CREATE TEMP TABLE cclf{kind} AS {view[kind]}")
    con.execute(
        "CREATE TEMP TABLE claim_types AS SELECT * FROM (VALUES "
        + ", ".join(f"('{c}', '{t}')" for c, t in CLAIM_TYPES.items())
        + ") AS v(code, claim_type)"
    )
    parts = []
    if "1" in files and "2" in files:
        con.execute(f"CREATE TEMP TABLE final1 AS {_final_action('cclf1', 'CLM_ORG_CNTL_NUM')}")
        parts.append(PART_A)
    for kind in ("5", "6"):
        if kind in files:
            con.execute(f"CREATE TEMP TABLE final{kind} AS {_final_action(f'cclf{kind}', 'CLM_CNTL_NUM')}")
            parts.append(_part_b(kind))
    empty_lines = (
        "SELECT NULL::VARCHAR AS claim_id, NULL::BIGINT AS claim_line_number, NULL::VARCHAR AS bene_id, "
        "NULL::VARCHAR AS claim_type, NULL::DATE AS claim_start_date, NULL::DATE AS claim_end_date, "
        "NULL::DATE AS service_date, NULL::VARCHAR AS hcpcs_code, NULL::VARCHAR AS revenue_center_code, "
        "NULL::VARCHAR AS bill_type_code, NULL::VARCHAR AS place_of_service_code, "
        "NULL::VARCHAR AS rendering_npi, NULL::VARCHAR AS rendering_specialty_code, "
        "NULL::VARCHAR AS billing_tin, NULL::VARCHAR AS ccn, NULL::DECIMAL(14, 2) AS allowed_amount, "
        "NULL::DECIMAL(14, 2) AS paid_amount, NULL::DECIMAL(14, 2) AS ime_amount, "
        "NULL::DECIMAL(14, 2) AS dsh_amount WHERE false"
    )
    con.execute("CREATE TEMP TABLE claim_line AS " + (" UNION ALL ".join(parts) if parts else empty_lines))
    if "8" in files:
        con.execute(f"CREATE TEMP TABLE beneficiary8 AS {BENEFICIARY.format(spill=spill)}")
    else:
        con.execute(
            "CREATE TEMP TABLE beneficiary8 AS SELECT NULL::VARCHAR AS bene_id, NULL::DATE AS BENE_DOB, "
            "NULL::DATE AS BENE_DEATH_DT, NULL::VARCHAR AS BENE_SEX_CD, NULL::VARCHAR AS BENE_RACE_CD, "
            "NULL::VARCHAR AS BENE_MDCR_STUS_CD, NULL::VARCHAR AS BENE_DUAL_STUS_CD, "
            "NULL::VARCHAR AS BENE_FIPS_STATE_CD, NULL::VARCHAR AS BENE_FIPS_CNTY_CD, "
            "NULL::DATE AS BENE_PART_A_ENRLMT_BGN_DT, NULL::DATE AS BENE_PART_B_ENRLMT_BGN_DT WHERE false"
        )
    diagnosis = (
        DIAGNOSIS
        if "4" in files
        else (
            "SELECT NULL::VARCHAR AS claim_id, NULL::VARCHAR AS bene_id, NULL::BIGINT AS diagnosis_sequence, "
            "NULL::VARCHAR AS diagnosis_code WHERE false"
        )
    )
    n_lines = _count(con, "claim_line")
    n_benes = _count(con, "beneficiary8")

    def stream(sql: str) -> Callable[[], pa.RecordBatchReader]:
        return lambda: con.sql(sql).to_arrow_reader(batch_size=1 << 20)

    write_dataset(
        {
            "beneficiary": stream(BENEFICIARY_OUT),
            "enrollment": stream(ENROLLMENT),
            "claim_line": stream("SELECT * FROM claim_line"),
            "claim_diagnosis": stream(diagnosis),
            "provider": stream(PROVIDER),
        },
        out,
    )
    return {"claim_lines": n_lines, "beneficiaries": n_benes}


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def read_xref(src: str | Path, lenient: bool = False) -> dict[str, str]:
    """Each previous MBI of the CCLF9 files in `src` -> the current one, following chains old -> newer -> current
    (a repeated record keeps the latest file's). CCLF9 has one row per identifier change, a small file, so this is
    plain Python."""
    pairs: dict[str, str] = {}
    for path in _files(Path(src)).get("9", []):
        for table in parse_file(path, "9", lenient):
            pairs.update(zip(table["PRVS_NUM"].to_pylist(), table["CRNT_NUM"].to_pylist(), strict=True))
    resolved = {}
    for old, current in pairs.items():
        seen = {old}
        while current in pairs and current not in seen:
            seen.add(current)
            current = pairs[current]
        resolved[old] = current
    return resolved


def _register_xref(con: duckdb.DuckDBPyConnection, xref: dict[str, str]) -> None:
    table = pa.table({"old": pa.array(list(xref), pa.string()), "current": pa.array(list(xref.values()), pa.string())})
    con.register("xref_arrow", table)
    con.execute("CREATE TEMP TABLE xref AS SELECT * FROM xref_arrow")
    con.unregister("xref_arrow")

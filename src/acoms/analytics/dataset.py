"""Open and validate a claims dataset (the contract is SCHEMA and KEYS below; docs/assignment.md).

A dataset is a folder with one Parquet file `NAME.parquet` or a folder `NAME/` of Parquet
parts per table. `open_dataset` checks the schema from Parquet metadata (cheap);
`ClaimsDataset.check_keys` checks keys on the engine (one pass per table).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from . import engine

# column -> kind; a trailing '?' means nullable (informational: the contract's "null" notes)
SCHEMA: dict[str, dict[str, str]] = {
    "beneficiary": {"bene_id": "id", "birth_date": "date?", "death_date": "date?", "sex": "string", "race": "string?"},
    "enrollment": {
        "bene_id": "id",
        "month": "date",
        "part_a": "bool",
        "part_b": "bool",
        "ghp": "bool",
        "esrd": "bool",
        "disabled": "bool",
        "dual": "bool",
        "county_fips": "string",
        "other_initiative": "string?",
    },
    "claim_line": {
        "claim_id": "id",
        "claim_line_number": "int",
        "bene_id": "id",
        "claim_type": "string",
        "claim_start_date": "date",
        "claim_end_date": "date",
        "service_date": "date",
        "hcpcs_code": "string?",
        "revenue_center_code": "string?",
        "bill_type_code": "string?",
        "place_of_service_code": "string?",
        "rendering_npi": "id?",
        "rendering_specialty_code": "string?",
        "billing_tin": "id?",
        "ccn": "id?",
        "allowed_amount": "money",
        "paid_amount": "money",
        "ime_amount": "money?",
        "dsh_amount": "money?",
    },
    "claim_diagnosis": {"claim_id": "id", "bene_id": "id", "diagnosis_sequence": "int", "diagnosis_code": "string"},
    "provider": {
        "npi": "id",
        "tin": "id",
        "specialty_code": "string",
        "legal_name": "string?",
        "enrolled_from": "date",
        "enrolled_to": "date?",
    },
    "participants": {"aco_id": "id", "tin": "id", "ccn": "id?", "start_date": "date", "end_date": "date?"},
    "voluntary_alignment": {"bene_id": "id", "npi": "id", "designation_date": "date"},
}
# optional columns read by the financial engine (claims-contract.md "Optional columns for the financial
# engine"): accepted when present, filled with their defaults by `with_finance_defaults` when absent
OPTIONAL_COLUMNS: dict[str, dict[str, str]] = {
    "claim_line": {"ucp_amount": "money?", "other_excluded_amount": "money?"},
    "beneficiary": {"orec": "string?"},
    "enrollment": {"lti": "bool?", "dual_status_code": "string?"},
}
KEYS: dict[str, tuple[str, ...]] = {
    "beneficiary": ("bene_id",),
    "enrollment": ("bene_id", "month"),
    "claim_line": ("claim_id", "claim_line_number"),
    "claim_diagnosis": ("claim_id", "diagnosis_sequence"),
    "provider": ("npi", "tin", "enrolled_from"),
    "participants": ("aco_id", "tin", "ccn", "start_date"),
    "voluntary_alignment": ("bene_id", "npi", "designation_date"),
}
REQUIRED = ("beneficiary", "enrollment", "claim_line", "claim_diagnosis", "provider")
OPTIONAL = ("voluntary_alignment", "participants")
ARROW_TYPES = {
    "id": pa.string(),
    "string": pa.string(),
    "date": pa.date32(),
    "bool": pa.bool_(),
    "int": pa.int64(),
    "money": pa.decimal128(14, 2),
}


class DatasetError(ValueError):
    """A claims dataset does not follow the contract; names the table and column."""

    def __init__(self, table: str, column: str | None, problem: str):
        self.table, self.column, self.problem = table, column, problem
        where = f"{table}.{column}" if column else table
        super().__init__(f"claims dataset: {where}: {problem}")


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(c, ARROW_TYPES[k.rstrip("?")]) for c, k in SCHEMA[table].items()])


def _type_ok(kind: str, t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    strings = pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)
    return {
        "id": strings,
        "string": strings,
        "date": pa.types.is_date(t),
        "bool": pa.types.is_boolean(t),
        "int": pa.types.is_integer(t),
        "money": pa.types.is_decimal(t) or pa.types.is_floating(t) or pa.types.is_integer(t),
    }[kind]


def check_schema(table: str, schema: pa.Schema) -> None:
    for column, kind in SCHEMA[table].items():
        kind = kind.rstrip("?")
        if column not in schema.names:
            raise DatasetError(table, column, "missing column")
        t = schema.field(column).type
        if not _type_ok(kind, t):
            if kind == "id":
                raise DatasetError(table, column, f"identifiers must be strings (leading zeros matter), found {t}")
            raise DatasetError(table, column, f"wrong type {t}, expected {kind}")
    for column, kind in OPTIONAL_COLUMNS.get(table, {}).items():
        if column in schema.names and not _type_ok(kind.rstrip("?"), schema.field(column).type):
            raise DatasetError(table, column, f"wrong type {schema.field(column).type}, expected {kind.rstrip('?')}")


def with_finance_defaults(t: dict) -> dict:
    """The tables with every optional financial-engine column present (financial-engine.md §1.1):
    amounts 0 when absent or NULL, `lti` false, `dual_status_code` NULL (then `dual` = full benefit),
    `orec` '1' if the beneficiary has any enrollment row with `disabled`, else '0' [READING]."""
    out = dict(t)
    c = t["claim_line"]
    zero = ibis.literal(0).cast("decimal(14, 2)")
    out["claim_line"] = c.mutate(
        **{
            col: (c[col].cast("decimal(14, 2)") if col in c.columns else zero).coalesce(zero)
            for col in OPTIONAL_COLUMNS["claim_line"]
        }
    )
    e = t["enrollment"]
    out["enrollment"] = e.mutate(
        lti=e.lti.fill_null(False) if "lti" in e.columns else ibis.literal(False),
        dual_status_code=(e.dual_status_code.strip() if "dual_status_code" in e.columns else ibis.null("string")),
    )
    b = t["beneficiary"]
    dis = e.group_by(d_bene="bene_id").agg(any_disabled=e.disabled.any())
    j = b.left_join(dis, b.bene_id == dis.d_bene)
    default = ibis.ifelse(j.any_disabled.fill_null(False), "1", "0")
    orec = j.orec.strip().nullif("").coalesce(default) if "orec" in b.columns else default
    out["beneficiary"] = j.mutate(orec=orec).select(*[col for col in b.columns if col != "orec"], "orec")
    return out


def _table_path(root: Path, name: str) -> Path | None:
    for p in (root / f"{name}.parquet", root / name):
        if p.exists():
            return p
    return None


def _parquet_schema(path: Path) -> pa.Schema:
    if path.is_file():
        return pq.read_schema(path)
    return pads.dataset(path, format="parquet").schema


def read_participants(path: str | Path) -> pa.Table:
    """participants.csv (all columns read as strings; dates ISO) or participants.parquet."""
    path = Path(path)
    if not path.exists():
        raise DatasetError("participants", None, f"file not found: {path}")
    if path.suffix == ".parquet" or path.is_dir():
        table = pads.dataset(path, format="parquet").to_table()
        check_schema("participants", table.schema)
        return table.select(list(SCHEMA["participants"]))
    opts = pacsv.ConvertOptions(column_types={c: pa.string() for c in SCHEMA["participants"]}, strings_can_be_null=True)
    table = pacsv.read_csv(path, convert_options=opts)
    for column in SCHEMA["participants"]:
        if column not in table.column_names:
            raise DatasetError("participants", column, f"missing column in {path.name}")
    cols = {}
    for column, kind in SCHEMA["participants"].items():
        values = table.column(column).to_pylist()
        if kind.startswith("date"):
            values = [_parse_date(v, column, i + 2, path) for i, v in enumerate(values)]
        elif kind == "id" and any(v is None or not v.strip() for v in values):
            line = next(i + 2 for i, v in enumerate(values) if v is None or not v.strip())
            raise DatasetError("participants", column, f"empty value on line {line} of {path.name}")
        cols[column] = pa.array(values, ARROW_TYPES[kind.rstrip("?")])
    return pa.table(cols)


def _parse_date(v: str | None, column: str, line: int, path: Path) -> dt.date | None:
    if v is None or not v.strip():
        if column == "start_date":
            raise DatasetError("participants", column, f"empty date on line {line} of {path.name}")
        return None
    try:
        return dt.date.fromisoformat(v.strip())
    except ValueError:
        raise DatasetError("participants", column, f"bad date {v!r} on line {line} of {path.name}") from None


@dataclass
class ClaimsDataset:
    root: Path
    paths: dict[str, Path] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.paths

    def tables(self, con, participants: pa.Table | None = None) -> dict:
        """Ibis tables for each table of the dataset on backend `con`."""
        out = {name: engine.read_parquet(con, path, name) for name, path in self.paths.items()}
        if participants is not None:
            out["participants"] = engine.from_arrow(con, participants, "participants")
        return out

    def check_keys(self, con, tables: dict | None = None) -> None:
        """Duplicate or null keys, checked on the engine; raises DatasetError."""
        tables = tables or self.tables(con)
        for name, table in tables.items():
            keys = KEYS.get(name)
            if not keys:
                continue
            ids = [k for k in keys if SCHEMA[name][k] == "id"]
            nulls = (
                table.filter(
                    [table[k].isnull() for k in ids][0] if len(ids) == 1 else _any([table[k].isnull() for k in ids])
                ).count()
                if ids
                else 0
            )
            if ids and engine.to_scalar(nulls):
                raise DatasetError(name, ",".join(ids), "null identifier in a key column")
            dup = table.group_by(list(keys)).agg(n=table.count()).filter(lambda t: t.n > 1).limit(1)
            rows = engine.to_arrow(dup).to_pylist()
            if rows:
                key = ", ".join(f"{k}={rows[0][k]!r}" for k in keys)
                raise DatasetError(name, ",".join(keys), f"duplicate key ({key}) appears {rows[0]['n']} times")


def _any(conds):
    out = conds[0]
    for c in conds[1:]:
        out = out | c
    return out


def open_dataset(root: str | Path) -> ClaimsDataset:
    """Find and schema-check every table; raises DatasetError naming table and column."""
    root = Path(root)
    if not root.is_dir():
        raise DatasetError("dataset", None, f"not a folder: {root}")
    ds = ClaimsDataset(root)
    for name in REQUIRED + OPTIONAL:
        path = _table_path(root, name)
        if path is None:
            if name in REQUIRED:
                raise DatasetError(name, None, f"missing table ({name}.parquet or {name}/ in {root})")
            continue
        try:
            schema = _parquet_schema(path)
        except (pa.ArrowInvalid, OSError) as e:
            raise DatasetError(name, None, f"unreadable Parquet: {e}") from None
        check_schema(name, schema)
        ds.paths[name] = path
    return ds


def _write_stream(name: str, reader: pa.RecordBatchReader, path: Path, row_group_size: int) -> None:
    """Write a table batch by batch (memory: one batch), each batch cast to the contract's schema."""
    schema = arrow_schema(name) if name in SCHEMA else reader.schema
    with pq.ParquetWriter(path, schema) as writer:
        for batch in reader:
            table = pa.Table.from_batches([batch])
            if name in SCHEMA:
                table = table.select(list(SCHEMA[name])).cast(schema)
            writer.write_table(table, row_group_size=row_group_size)


def write_dataset(
    tables: dict[str, pa.Table | Callable[[], pa.RecordBatchReader]],
    out_dir: str | Path,
    extra_files: dict[str, bytes] | None = None,
    row_group_size: int = 1 << 20,
) -> Path:
    """Write tables atomically: into a temp folder next to `out_dir`, renamed at the end. A table may be given as
    a function returning a stream of record batches: it is called when that table is written, one at a time."""

    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))  # 0700: claims are beneficiary data
    try:
        for name, table in tables.items():
            if callable(table):
                _write_stream(name, table(), tmp / f"{name}.parquet", row_group_size)
                continue
            if name in SCHEMA:
                extra = [
                    (c, ARROW_TYPES[k.rstrip("?")])
                    for c, k in OPTIONAL_COLUMNS.get(name, {}).items()
                    if c in table.column_names
                ]
                schema = pa.schema(list(arrow_schema(name)) + extra)
                table = table.select(schema.names).cast(schema)
            pq.write_table(table, tmp / f"{name}.parquet", row_group_size=row_group_size)
        for name, data in (extra_files or {}).items():
            (tmp / name).write_bytes(data)
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out

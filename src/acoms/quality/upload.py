"""Quality files an ACO uploads (CSV or XLSX): the measures, the CAHPS summary scores, the PI scores per TIN.

The file is read by the participants reader's safe parsers (size, encoding, formulas, compression bombs,
unclosed quotes: ``participants/reader.py``); this module maps the header to a layout and the cells to
numbers, naming the row and column of every cell it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass

from acoms.participants import reader
from acoms.participants.reader import UploadError

LAYOUTS = {
    "measures": (
        "measure_id",
        "collection_type",
        "eligible_population",
        "denominator",
        "exclusions",
        "exceptions",
        "numerator",
    ),
    "cahps": ("summary_measure", "score"),
    "pi": ("tin", "eligible_clinicians", "pi_score"),
}
OPTIONAL = {"exclusions", "exceptions", "pi_score"}  # blank means 0 (or, for pi_score, reweighted)
TITLES = {"measures": "quality measures", "cahps": "CAHPS summary scores", "pi": "Promoting Interoperability scores"}
MAX_ROWS = 5_000

__all__ = ["LAYOUTS", "Table", "UploadError", "read"]


@dataclass
class Table:
    kind: str
    rows: list[tuple[int, dict[str, str]]]  # (file row number, {column: text}); the header is row 1
    problems: list[str]


def _key(cell: str) -> str:
    return cell.strip().lower().replace(" ", "_")


def read(kind: str, data: bytes, filename: str = "") -> Table:
    """The rows of an uploaded file of layout ``kind``; UploadError when the file as a whole cannot be read."""
    if len(data) > reader.MAX_UPLOAD_BYTES:
        raise UploadError(f"The file is larger than {reader.MAX_UPLOAD_BYTES // 1048576} MB.")
    if not data.strip():
        raise UploadError("The file is empty.")
    if filename.lower().endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadError("Old Excel (.xls) files are not accepted; save the file as .xlsx or .csv.")
    workbook = data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx")
    cells = reader._xlsx_rows(data) if workbook else reader._csv_rows(data)  # the shared safe parsers
    columns = LAYOUTS[kind]
    header, rows = None, []
    for number, row in cells:
        if not any(row):
            continue
        if header is None:
            header = [_key(c) for c in row]
            missing = [c for c in columns if c not in header and c not in OPTIONAL]
            if missing:
                raise UploadError(
                    f"The columns are not those of the {TITLES[kind]} template: missing {', '.join(missing)}. "
                    f"Expected: {', '.join(columns)}."
                )
            continue
        if len(rows) >= MAX_ROWS:
            raise UploadError(f"The file has more than {MAX_ROWS:,} rows.")
        rows.append(
            (number, {c: (row[header.index(c)] if c in header and header.index(c) < len(row) else "") for c in columns})
        )
    if not rows:
        raise UploadError("The file has a header but no rows.")
    return Table(kind, rows, [])


def whole(text: str, column: str, number: int, problems: list[str], blank: int | None = None) -> int:
    """A count read from a cell ("1,234" allowed); a problem naming the row and column otherwise."""
    t = text.replace(",", "").strip()
    if not t and blank is not None:
        return blank
    if t.endswith(".0"):
        t = t[:-2]
    if not t.isdigit():
        problems.append(f"Row {number}, {column}: “{text}” is not a whole number of zero or more.")
        return 0
    return int(t)


def decimal(text: str, column: str, number: int, problems: list[str]) -> float | None:
    t = text.replace("%", "").strip()
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        problems.append(f"Row {number}, {column}: “{text}” is not a number.")
        return None

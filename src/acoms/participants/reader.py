"""Reading an uploaded CSV or XLSX list into rows, safely.

Anything that cannot be read — too large, empty, not UTF-8, not a workbook, a compression bomb,
formulas, unknown columns, too many rows — raises `UploadError` with one plain message, before
anything is validated or saved. XLSX is parsed by openpyxl in read-only mode; with defusedxml
installed openpyxl refuses XML entity tricks, and the zip directory is checked first.
"""

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from acoms.participants.layouts import Layout, column_positions, detect

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 150_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
FORMULA_MARKS = ("=", "+", "-", "@")


class UploadError(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's terms."""


@dataclass
class Parsed:
    layout: Layout
    rows: list[tuple[int, dict]]  # (file row number, {field: text}); the header is row 1


def read_upload(data: bytes, filename: str = "", size: int | None = None) -> Parsed:
    """`size`: the uploaded file's real size, when `data` was read only up to the limit (so the message says it)."""
    actual = len(data) if size is None else max(size, len(data))
    if actual > MAX_UPLOAD_BYTES:
        raise UploadError(f"The file is {actual / 1048576:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 1048576} MB.")
    if not data.strip():
        raise UploadError("The file is empty.")
    name = filename.lower()
    if name.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadError("Old Excel (.xls) files are not accepted; save the list as .xlsx or .csv.")
    table = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx") else _csv_rows(data)
    return _to_rows(table)


def _to_rows(table) -> Parsed:
    header = None
    rows = []
    for number, cells in table:
        if not any(cells):
            continue
        if header is None:
            header = cells
            layout = detect(header)
            if layout is None:
                raise UploadError(_wrong_columns(header))
            positions = column_positions(layout, header)
            continue
        if len(rows) >= MAX_ROWS:
            raise UploadError(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.")
        rows.append((number, {f: (cells[i] if i < len(cells) else "") for f, i in positions.items()}))
    if header is None:
        raise UploadError("The file is empty.")
    if not rows:
        raise UploadError("The file has a header but no rows.")
    return Parsed(layout, rows)


def _wrong_columns(header) -> str:
    from acoms.participants.layouts import LAYOUTS  # noqa: PLC0415 (layouts imports the reader)

    found = ", ".join(h for h in header if h)[:200] or "none"
    expected = " | ".join(", ".join(layout.headers) for layout in LAYOUTS.values())
    return f"The columns are not those of a participant list template (found: {found}). Expected one of: {expected}."


def csv_text(data: bytes, save_as: str = "“CSV UTF-8” or as an .xlsx workbook") -> str:
    """The text of an uploaded CSV file, or one clear UploadError for bytes that are not UTF-8 text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(f"The file is not UTF-8 text. Save it as {save_as}.") from None
    if "\x00" in text:
        raise UploadError("The file is not a text CSV file (it contains binary data).")
    return text


def _csv_rows(data: bytes):
    text = csv_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    rows = []
    try:
        for number, row in enumerate(reader, 1):
            if any("\n" in cell or "\r" in cell for cell in row):
                raise UploadError(_unclosed_quote(number))
            rows.append((number, [c.strip() for c in row]))
    except csv.Error as error:
        if "end of data" in str(error) or "unexpected end" in str(error):
            raise UploadError(_unclosed_quote(len(rows) + 1)) from None
        raise UploadError(f"The CSV file cannot be read: row {len(rows) + 1}: {error}.") from None
    return rows


def _unclosed_quote(number: int) -> str:
    """A quote opened and never closed takes in the rest of the file (or line) as one value: refused
    with its row, never read as a legal name."""
    return (
        f'Row {number} opens a quote (") that is not closed, so the rest of the file would be read as one '
        "value. Close the quote or remove it, and upload the file again."
    )


def _xlsx_rows(data: bytes):
    import openpyxl  # noqa: PLC0415 (heavy; only for workbooks)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            unzipped = sum(i.file_size for i in infos)
            if unzipped > MAX_UNZIPPED_BYTES or unzipped > MAX_ZIP_RATIO * max(len(data), 1) + 1048576:
                raise UploadError("The workbook expands to an implausible size (a compression bomb?); it was not read.")
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise UploadError("The file is not an Excel .xlsx workbook.")
    except zipfile.BadZipFile:
        raise UploadError("The file is not an Excel .xlsx workbook (the archive is damaged).") from None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except UploadError:
        raise
    except Exception as error:  # openpyxl raises many kinds for malformed parts
        raise UploadError(f"The workbook cannot be read ({type(error).__name__}).") from None
    try:
        sheet = workbook.worksheets[0]
        table = []
        for number, row in enumerate(sheet.iter_rows(), 1):
            cells = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    raise UploadError(
                        f"Cell {cell.coordinate} holds a formula. Upload values only "
                        "(copy the sheet and use Paste Special → Values)."
                    )
                cells.append(_text(cell.value))
            while cells and not cells[-1]:
                cells.pop()
            table.append((number, cells))
            if number > MAX_ROWS + 1000:
                raise UploadError(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.")
        return table
    except UploadError:
        raise
    except Exception as error:
        raise UploadError(f"The workbook cannot be read ({type(error).__name__}).") from None
    finally:
        workbook.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()

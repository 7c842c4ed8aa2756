"""Spreadsheets ACO-MS hands out (CSV, XLSX), from any layer: every text cell is escaped against formula
injection — a value starting with =, +, -, @, tab or carriage return gets a leading apostrophe, so a spreadsheet
shows it as text and never runs it."""

import csv
import io
import tempfile
from collections.abc import Iterable
from typing import IO

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(DANGEROUS_STARTS) else text


def to_csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: dict[str, tuple[list[str], Iterable]]) -> bytes:
    """{sheet title: (header, rows)}; every cell written as a value with the data type string or number."""
    with xlsx_file(sheets) as file:
        return file.read()


def xlsx_file(sheets: dict[str, tuple[list[str], Iterable]]) -> IO[bytes]:
    """The workbook in a temporary file, rewound, for a streamed response (FileResponse closes it): openpyxl's
    write-only mode writes each row as it comes, so neither the rows nor the workbook are held in memory."""
    from openpyxl import Workbook  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet("".join(c for c in title if c not in "\\/*?:[]")[:31])
        sheet.append([safe_cell(h) for h in header])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the caller streams it, then closes it)
    workbook.save(file)
    file.seek(0)
    return file

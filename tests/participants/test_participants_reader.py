"""Files that cannot be read get one clear message and nothing else happens."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from acoms.participants import reader
from acoms.participants.reader import UploadError, read_upload
from participants import support as pt


def xlsx(rows, formula_at=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if formula_at:
        ws[formula_at] = "=1+1"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_csv_is_read_with_its_layout():
    parsed = read_upload(pt.csv_bytes(pt.PARTICIPANT_HEADER, '201234560,"Riverside Family Medicine, PC",361801'))
    assert parsed.layout.kind == "participants"
    assert parsed.rows == [(2, {"tin": "201234560", "legal_name": "Riverside Family Medicine, PC", "ccns": "361801"})]


def test_headers_in_any_order_and_case_with_a_bom_and_blank_lines():
    data = "\ufeffprovider name,BILLING TIN, Individual  NPI\n\nJane Rivera,201234560,1234567893\n".encode()
    parsed = read_upload(data, "list.csv")
    assert parsed.layout.kind == "providers"
    assert parsed.rows == [(3, {"tin": "201234560", "npi": "1234567893", "name": "Jane Rivera"})]


def test_semicolon_separated_csv():
    parsed = read_upload(b"SNF CCN;SNF Legal Business Name;Overall Star Rating\n365012;Maple Grove;4\n")
    assert parsed.rows[0][1] == {"ccn": "365012", "name": "Maple Grove", "stars": "4"}


def test_xlsx_is_read_with_numbers_as_text():
    parsed = read_upload(xlsx([pt.PARTICIPANT_HEADER.split(","), [201234560, "Riverside", None]]), "list.xlsx")
    assert parsed.rows == [(2, {"tin": "201234560", "legal_name": "Riverside", "ccns": ""})]


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "a.csv", "The file is empty."),
        (b"  \n\n", "a.csv", "The file is empty."),
        (b"Participant TIN,Participant Legal Business Name,CCNs\n", "a.csv", "The file has a header but no rows."),
        (b"TIN,Name\n1,2\n", "a.csv", "The columns are not those of a participant list template"),
        (b"Participant TIN,Participant Legal Business Name\n1,2\n", "a.csv", "The columns are not those"),
        (
            "Participant TIN,Participant Legal Business Name,CCNs\n201234560,Caf\u00e9,\n".encode("cp1252"),
            "a.csv",
            "The file is not UTF-8 text",
        ),
        (b"Participant TIN,Participant Legal Business Name,CCNs\n2012\x00,x,\n", "a.csv", "binary data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "Old Excel (.xls) files are not accepted"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "archive is damaged"),
    ],
)
def test_unreadable_files_get_one_clear_message(data, name, message):
    with pytest.raises(UploadError) as error:
        read_upload(data, name)
    assert message in str(error.value)


def test_oversized_files_are_refused_before_reading(monkeypatch):
    monkeypatch.setattr(reader, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(UploadError, match="the limit is"):
        read_upload(b"x" * 101, "a.csv")


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    lines = [pt.PARTICIPANT_HEADER] + ["201234560,A,"] * 4
    with pytest.raises(UploadError, match="more than 3 rows"):
        read_upload(pt.csv_bytes(*lines))


def test_a_formula_in_a_workbook_is_refused():
    data = xlsx([pt.PARTICIPANT_HEADER.split(","), ["201234560", "Riverside", ""]], formula_at="C2")
    with pytest.raises(UploadError, match="Cell C2 holds a formula"):
        read_upload(data, "list.xlsx")


def test_a_zip_bomb_is_refused_without_inflating_it():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (120 * 1024 * 1024))
    with pytest.raises(UploadError, match="compression bomb"):
        read_upload(buf.getvalue(), "bomb.xlsx")


def test_an_xml_entity_bomb_is_refused():
    payload = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", payload)
        z.writestr("xl/workbook.xml", payload)
    with pytest.raises(UploadError, match="cannot be read"):
        read_upload(buf.getvalue(), "bomb.xlsx")


def test_a_zip_that_is_not_a_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UploadError, match="not an Excel .xlsx workbook"):
        read_upload(buf.getvalue(), "a.xlsx")

"""Issue 9, the hardening of uploads: a huge rejected upload stays small, a too-large body is refused
unread, an unclosed CSV quote is refused with its row, names are normalized and tricks refused."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from acoms.participants import actions
from acoms.participants.models import Participant, Upload
from acoms.participants.reader import MAX_UPLOAD_BYTES, UploadError, read_upload
from participants import support as pt


def test_a_huge_rejected_upload_keeps_its_first_findings_counts_every_code_and_pages_them(client, world):
    bad_rows = [f"{i:08d},Practice {i}," for i in range(100_000)]  # eight digits: TIN_FORMAT on every row
    data = pt.csv_bytes(pt.PARTICIPANT_HEADER, *bad_rows)
    client.force_login(world["aco-executive"])
    response = client.post(
        reverse("participant_upload", args=["A1001"]) + "?py=2027", {"file": SimpleUploadedFile("bad.csv", data)}
    )
    assert response.status_code == 302
    upload = Upload.objects.get(organization=world["_orgs"]["aco_x"])
    assert upload.counts["rejected"] == 100_000 and upload.counts["errors"] == 100_000
    assert len(upload.findings) == actions.MAX_STORED_FINDINGS
    assert upload.counts["findings_by_code"] == {"TIN_FORMAT": 100_000}
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="findings-capped"' in html
    assert f"The file has 100000 findings; the first {actions.MAX_STORED_FINDINGS} are kept" in html
    assert html.count("<td>TIN_FORMAT</td>") == 200 + 1  # one page of findings, and the count by code
    assert len(html) < 500_000
    last = client.get(response.url + f"?page={actions.MAX_STORED_FINDINGS // 200}").content.decode()
    assert f"<td>{actions.MAX_STORED_FINDINGS + 1}</td>" in last  # the last kept finding is row 2001
    report = client.get(reverse("participant_upload_report", args=["A1001", upload.pk]))
    assert report.streaming and report["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content)), read_only=True).worksheets[0]
    assert sum(1 for _ in sheet.iter_rows()) == actions.MAX_STORED_FINDINGS + 1


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("path", ["/aco/A1001/participants/upload/?py=2027", "/api/v1/participants/A1001/upload"])
def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(client, world, path):
    client.force_login(world["aco-executive"])
    size = 200 * 1024 * 1024
    response = client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "The upload is 200 MB; the limit for a participant list file is 10 MB" in text
    assert not Upload.objects.filter(organization=world["_orgs"]["aco_x"]).exists()


def test_the_size_in_the_message_is_the_files_own():
    with pytest.raises(UploadError, match="The file is 200.0 MB; the limit is 10 MB"):
        read_upload(b"x" * (MAX_UPLOAD_BYTES + 1), "big.csv", size=200 * 1024 * 1024)


def test_an_unclosed_quote_is_refused_with_its_row():
    data = pt.csv_bytes(
        pt.PARTICIPANT_HEADER,
        "371234561,Harbor Clinic LLC,",
        '201234560,"Riverside Family Medicine, PC,361801',
        "300000019,Valley Cardiology,",
    )
    with pytest.raises(UploadError, match=r"Row 3 opens a quote"):
        read_upload(data, "list.csv")
    last = pt.csv_bytes(pt.PARTICIPANT_HEADER, '201234560,"Riverside Family Medicine, PC,361801')
    with pytest.raises(UploadError, match=r"Row 2 opens a quote"):
        read_upload(last, "list.csv")


def test_a_full_width_name_is_normalized_and_an_invisible_one_refused(world):
    aco = world["_orgs"]["aco_x"]
    report = actions.add_row(
        by=world["aco-executive"],
        aco=aco,
        py=2027,
        kind="participants",
        raw={"tin": "371234561", "legal_name": "Ｈａｒｂｏｒ Ｃｌｉｎｉｃ LLC"},
    )
    assert not report.rejected and Participant.objects.get(tin="371234561").legal_name == "Harbor Clinic LLC"
    report = actions.add_row(
        by=world["aco-executive"],
        aco=aco,
        py=2027,
        kind="participants",
        raw={"tin": "201234560", "legal_name": "Riverside Family\u200b Medicine, PC"},
    )
    assert report.rejected and [f["code"] for f in report.findings] == ["NAME_CHARACTERS"]
    assert "zero width space" in report.findings[0]["message"]
    assert not Participant.objects.filter(tin="201234560").exists()

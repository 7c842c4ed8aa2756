"""The participant list pages: upload with row-by-row findings, live row checks (htmx), the
findings report and list downloads (formula-safe), certification and change requests."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from acoms.participants.models import Certification, ChangeRequest, ChangeWindow, Participant, Upload
from acoms.participants.reader import read_upload
from participants import support as pt


def _post_file(client, data, name="list.csv", py=2027):
    return client.post(
        reverse("participant_upload", args=["A1001"]) + f"?py={py}", {"file": SimpleUploadedFile(name, data)}
    )


def test_upload_shows_findings_row_by_row_and_saves_the_good_rows(client, world):
    client.force_login(world["aco-application"])
    data = pt.csv_bytes(
        pt.PARTICIPANT_HEADER,
        '201234560,"Riverside Family Medicine, PC",361801',
        "20123456,Typo,",
        "=cmd|' /C calc'!A0,Evil,",
    )
    response = _post_file(client, data)
    upload = Upload.objects.get(organization=world["_orgs"]["aco_x"])
    assert response.status_code == 302 and response["Location"].endswith(f"/uploads/{upload.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "TIN_FORMAT" in page and "FORMULA" in page and "1 accepted" in page and "2 rejected" in page
    assert list(Participant.objects.filter(organization=world["_orgs"]["aco_x"]).values_list("tin", flat=True)) == [
        "201234560"
    ]


def test_an_unreadable_upload_gets_one_message_and_changes_nothing(client, world):
    client.force_login(world["aco-executive"])
    response = _post_file(client, "TIN,Name\n1,2\n".encode("utf-16"))
    assert response.status_code == 200
    assert "The file is not UTF-8 text" in response.content.decode()
    assert not Upload.objects.filter(organization=world["_orgs"]["aco_x"]).exists()


def test_the_findings_report_downloads_as_xlsx_with_formulas_escaped(client, world):
    client.force_login(world["aco-executive"])
    _post_file(client, pt.csv_bytes(pt.PARTICIPANT_HEADER, "=1+2,Evil,"))
    upload = Upload.objects.get(organization=world["_orgs"]["aco_x"])
    upload.findings[0]["message"] = '=HYPERLINK("http://evil")'  # as if a message echoed user input
    upload.save()
    response = client.get(reverse("participant_upload_report", args=["A1001", upload.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active  # streamed
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Row", "Field", "Code", "Severity", "Message")
    assert rows[1][:3] == (2, "Participant TIN", "FORMULA") and rows[1][4].startswith("'=")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_list_export_csv_escapes_formulas(client, world):
    Participant.objects.create(organization=world["_orgs"]["aco_x"], tin="201234560", legal_name="@SUM(1)", py=2027)
    client.force_login(world["aco-medical"])
    response = client.get(reverse("participant_export", args=["A1001", "participants"]) + "?py=2027&format=csv")
    assert response.content.decode("utf-8-sig").splitlines()[1] == "201234560,'@SUM(1),"


def test_the_template_downloads_and_reads_back_as_its_layout(client, world):

    client.force_login(world["aco-executive"])
    for kind in ("participants", "providers", "snf"):
        response = client.get(reverse("participant_template", args=[kind]))
        assert read_upload(response.content, "t.xlsx").layout.kind == kind


def test_live_row_check_returns_findings_and_saves_nothing(client, world):
    client.force_login(world["aco-executive"])
    url = reverse("participant_row_check", args=["A1001"]) + "?py=2027"
    response = client.post(
        url,
        {"kind": "providers", "tin": "201234560", "npi": "1234567890", "name": "Jane Rivera"},
        headers={"HX-Request": "true"},
    )
    assert "NPI_CHECK" in response.content.decode()
    response = client.post(url, {"kind": "snf", "ccn": "365012", "name": "Maple Grove Nursing Center", "stars": "5"})
    assert "passes every check" in response.content.decode()
    assert not Participant.objects.filter(organization=world["_orgs"]["aco_x"]).exists()


def test_adding_a_row_in_the_page(client, world):
    client.force_login(world["aco-executive"])
    url = reverse("participant_row_add", args=["A1001"]) + "?py=2027"
    response = client.post(url, {"kind": "participants", "tin": "20-1234560", "legal_name": "x"})
    assert response.status_code == 200 and "NAME_MISMATCH" in response.content.decode()
    response = client.post(
        url, {"kind": "participants", "tin": "20-1234560", "legal_name": "Riverside Family Medicine, PC"}
    )
    assert response.status_code == 302
    assert Participant.objects.get(organization=world["_orgs"]["aco_x"]).tin == "201234560"


def test_agreement_must_be_a_pdf(client, world):
    client.force_login(world["aco-executive"])
    url = reverse("participant_agreement_add", args=["A1001"])
    response = client.post(url, {"identifier": "371234561", "file": SimpleUploadedFile("a.pdf", b"MZ not a pdf")})
    assert "The file is not a PDF document." in response.content.decode()
    response = client.post(url, {"identifier": "371234561", "file": SimpleUploadedFile("a.pdf", pt_pdf())})
    assert response.status_code == 302


def pt_pdf():
    return b"%PDF-1.4\n%%EOF\n"


def test_the_signer_certifies_in_the_page(client, world):
    Participant.objects.create(
        organization=world["_orgs"]["aco_x"], tin="201234560", legal_name="Riverside Family Medicine, PC", py=2027
    )
    client.force_login(world["aco-signer"])
    url = reverse("participant_certify", args=["A1001"]) + "?py=2027"
    assert "Resolve these first" not in client.get(url).content.decode()
    response = client.post(url, {})
    assert response.status_code == 200 and not Certification.objects.exists()
    response = client.post(url, {"attest": "on"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert Certification.objects.get().content_hash in page


def test_change_request_and_decision_in_the_pages(client, world):
    today = dt.date.today()
    ChangeWindow.objects.create(py=2027, opens_on=today, closes_on=today)
    client.force_login(world["aco-executive"])
    response = client.post(
        reverse("participant_changes", args=["A1001"]),
        {"action": "add", "kind": "participants", "tin": "201234560", "legal_name": "Riverside Family Medicine, PC"},
    )
    assert response.status_code == 302
    client.force_login(world["cms-approver"])
    queue = client.get(reverse("participant_change_queue")).content.decode()
    assert "201234560" in queue

    change = ChangeRequest.objects.get()
    client.post(reverse("participant_change_decide", args=[change.pk]), {"decision": "approve", "reason": "Fine"})
    change.refresh_from_db()
    assert change.status == "approved"
    assert Participant.objects.filter(organization=world["_orgs"]["aco_x"], py=2027).exists()

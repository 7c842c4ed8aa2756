"""The enrollment registry as a table: filtered by name or identifier (the full-text index), by kind and by source
file, in pages, and downloaded as CSV or XLSX. The registry of the world fixture: four TINs, three NPI
reassignments (2000000010 to two TINs) and four facility CCNs."""

import csv
import io

import openpyxl
from django.urls import reverse

from acoms.accounts.roles import SYSTEM
from acoms.participants import actions


def _names(response):
    return [r.legal_name for r in response.context["page"].object_list]


def test_the_table_finds_a_record_by_name_words_or_identifier_prefix(client, world):
    client.force_login(world["cms-admin"])
    url = reverse("participant_registry")
    assert _names(client.get(url, {"q": "riverside medicine"})) == ["Riverside Family Medicine, PC"]
    assert _names(client.get(url, {"q": "2000000010"})) == ["Wei Nguyen", "Wei Nguyen"]
    assert _names(client.get(url, {"q": "36Z0"})) == ["Buckeye Critical Access Hospital"]
    page = client.get(url, {"q": "nobody at all"}).content.decode()
    assert 'data-testid="registry-none"' in page


def test_the_kind_filter_counts_agree_with_the_page_header(client, world):
    client.force_login(world["cms-admin"])
    url = reverse("participant_registry")
    assert client.get(url, {"kind": "tin"}).context["page"].paginator.count == 4
    assert client.get(url, {"kind": "npi"}).context["page"].paginator.count == 3
    assert client.get(url, {"kind": "ccn"}).context["page"].paginator.count == 4
    assert client.get(url, {"kind": "everything"}).context["page"].paginator.count == 0  # not a choice: nothing


def test_the_source_filter_and_paging(client, world):
    actions.load_registry(
        by=SYSTEM,
        records=[{"tin": f"5{i:08d}", "legal_name": f"Practice {i}"} for i in range(60)],
        source="pecos-2027.csv",
    )
    client.force_login(world["cms-admin"])
    url = reverse("participant_registry")
    first = client.get(url, {"source": "pecos-2027.csv"})
    assert first.context["page"].paginator.count == 60
    assert "?source=pecos-2027.csv&amp;page=2" in first.content.decode()
    assert len(client.get(url, {"source": "pecos-2027.csv", "page": 2}).context["page"].object_list) == 10


def test_the_download_is_the_filtered_registry_escaped_against_formula_injection(client, world):
    actions.load_registry(by=SYSTEM, records=[{"tin": "512345678", "legal_name": "=HYPERLINK(1) Clinic"}], source="x")
    client.force_login(world["cms-admin"])
    response = client.get(reverse("participant_registry_download"), {"q": "hyperlink", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["TIN", "NPI", "CCN", "Legal name", "Specialty code", "Bills primary care", "Source"],
        ["512345678", "", "", "'=HYPERLINK(1) Clinic", "", "yes", "x"],
    ]
    xlsx = client.get(reverse("participant_registry_download"), {"kind": "ccn", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 5
    page = client.get(reverse("participant_registry"), {"kind": "ccn"}).content.decode()
    assert reverse("participant_registry_download") + "?kind=ccn&amp;format=xlsx" in page

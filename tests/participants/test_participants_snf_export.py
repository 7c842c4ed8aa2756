"""The SNF affiliate list downloads as CSV as well as XLSX, escaped against formula injection."""

import csv
import io

from django.urls import reverse

from acoms.participants.models import SNFAffiliate


def test_the_snf_list_downloads_as_csv_from_the_list_page(client, people):
    aco = people.orgs["aco_x"]
    SNFAffiliate.objects.create(organization=aco, py=2027, ccn="365012", name="Maple Grove Nursing Center", stars=4)
    SNFAffiliate.objects.create(organization=aco, py=2027, ccn="145103", name="@SUM(A1) Care", stars=None)
    client.force_login(people["aco-compliance"])
    url = reverse("participant_export", args=["A1001", "snf"])
    page = client.get(reverse("participant_list", args=["A1001"]), {"py": 2027}).content.decode()
    assert f"{url}?py=2027&amp;format=csv" in page
    rows = list(csv.reader(io.StringIO(client.get(url, {"py": 2027, "format": "csv"}).content.decode("utf-8-sig"))))
    assert rows[1:] == [["145103", "'@SUM(A1) Care", ""], ["365012", "Maple Grove Nursing Center", "4"]]

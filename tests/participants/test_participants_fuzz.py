"""Property-based fuzzing of uploads: whatever the bytes, no server error and no partial write —
either the file is refused with one message and nothing changes, or exactly the accepted rows
are on the list."""

import string

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acoms.api import actions as token_actions
from acoms.participants.models import Participant, Provider, SNFAffiliate, Upload

HEADERS = [
    "Participant TIN,Participant Legal Business Name,CCNs",
    "Billing TIN,Individual NPI,Provider Name",
    "SNF CCN,SNF Legal Business Name,Overall Star Rating",
    "TIN,Name",
]
cell = st.one_of(
    st.text(alphabet=string.digits + "-", max_size=12),
    st.sampled_from(["201234560", "1234567893", "365012", "361801", "Riverside Family Medicine, PC", "4", "2", ""]),
    st.text(max_size=20),
    st.sampled_from(["=1+1", "@A1", "+1", "-1", '"', "a,b", "\x00", "\ufeff"]),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=4), max_size=8)


def _csv(header, body):
    return (header + "\n" + "\n".join(",".join(r) for r in body)).encode("utf-8", "surrogatepass")


def _counts():
    return (Participant.objects.count(), Provider.objects.count(), SNFAffiliate.objects.count())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(st.builds(_csv, st.sampled_from(HEADERS), rows), st.binary(max_size=300)),
    name=st.sampled_from(["list.csv", "list.xlsx", "list.xls", "list.txt"]),
)
def test_any_upload_is_refused_cleanly_or_saved_exactly(client, world, data, name):
    client.force_login(world["aco-executive"])
    before = _counts()
    uploads = Upload.objects.count()
    response = client.post(
        reverse("participant_upload", args=["A1001"]) + "?py=2027", {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused: one message, nothing saved
        assert _counts() == before and Upload.objects.count() == uploads
        assert 'class="usa-error-message"' in response.content.decode()
    else:
        upload = Upload.objects.latest("pk")
        saved = sum(_counts()) - sum(before)
        assert saved == upload.counts["added"] <= upload.counts["accepted"]
        assert upload.counts["accepted"] + upload.counts["rejected"] == upload.counts["rows"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=rows)
def test_the_api_never_errors_on_any_csv(client, world, body):

    _, secret = token_actions.create_token(by=world["aco-signer"], name="fuzz")
    response = client.post(
        "/api/v1/participants/A1001/upload",
        {"file": SimpleUploadedFile("l.csv", _csv(HEADERS[0], body)), "dry_run": "true"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code in (200, 422)

"""Participant list URLs and API operations × every role. Editors of A1001's lists are its
executive, Authorized to Sign and application contact; only the signer certifies; only a CMS
approver decides change requests; A1002 sees none of A1001's records (404)."""

import datetime as dt

from acoms.participants.models import Certification, ChangeRequest, ChangeWindow, EstimateRun, Participant, Upload
from matrix_support import LOGIN, by_group

EDITORS_200 = {"aco_executive": 200, "aco_signer": 200, "aco_application": 200}
EDITORS_302 = {"aco_executive": 302, "aco_signer": 302, "aco_application": 302}
EDITORS_422 = {"aco_executive": 422, "aco_signer": 422, "aco_application": 422}


def prepare(people):

    aco = people["_orgs"]["aco_x"]
    signer = people["aco-signer"]
    entry = Participant.objects.create(
        organization=aco, tin="201234560", legal_name="Riverside Family Medicine, PC", py=2027
    )
    upload = Upload.objects.create(
        organization=aco,
        py=2027,
        kind="participants",
        filename="a.csv",
        sha256="0" * 64,
        counts={},
        findings=[],
        created_by=signer,
    )
    rows = {"participants": [entry.as_row()], "providers": [], "snf": []}
    Certification.objects.create(
        organization=aco, py=2030, rows=rows, content_hash=Certification.hash_rows(rows), certified_by=signer
    )
    change = ChangeRequest.objects.create(
        organization=aco,
        py=2027,
        kind="participants",
        action="add",
        key="371234561",
        row={"tin": "371234561"},
        requested_by=signer,
    )
    run = EstimateRun.objects.create(organization=aco, py=2027, created_by=signer)
    done = EstimateRun.objects.create(
        organization=aco,
        py=2027,
        created_by=signer,
        status=EstimateRun.Status.DONE,
        total=12,
        per_tin={"201234560": {"name": "Riverside Family Medicine, PC", "beneficiaries": 12}},
    )
    later = dt.date.today() + dt.timedelta(days=30)  # scheduled, not open: the other rows see no open window
    window = ChangeWindow.objects.create(py=2040, opens_on=later, closes_on=later + dt.timedelta(days=10))
    people["_participants"] = {
        "entry": entry.pk,
        "upload": upload.pk,
        "run": run.pk,
        "done_run": done.pk,
        "change": change.pk,
        "window": window.pk,
    }
    return {"aco_id": "A1001", "kind": "participants", "change_id": change.pk}


def _ids(key, *before):
    return lambda orgs, people: [*before, people["_participants"][key]]


ROWS = [
    ("participant_list", ["A1001"], "get", by_group(LOGIN, 200, 404, 200)),
    ("participant_list", ["A1002"], "get", by_group(LOGIN, 404, 200, 200)),
    ("participant_upload", ["A1001"], "post", by_group(LOGIN, 403, 404, 403, **EDITORS_200)),
    ("participant_upload_detail", _ids("upload", "A1001"), "get", by_group(LOGIN, 200, 404, 200)),
    ("participant_upload_report", _ids("upload", "A1001"), "get", by_group(LOGIN, 200, 404, 200)),
    ("participant_row_check", ["A1001"], "post", by_group(LOGIN, 403, 404, 403, **EDITORS_200)),
    ("participant_row_add", ["A1001"], "post", by_group(LOGIN, 403, 404, 403, **EDITORS_200)),
    ("participant_agreement_add", ["A1001"], "post", by_group(LOGIN, 403, 404, 403, **EDITORS_200)),
    ("participant_carry_forward", ["A1001"], "post", by_group(LOGIN, 403, 404, 403, **EDITORS_302)),
    ("participant_export", ["A1001", "participants"], "get", by_group(LOGIN, 200, 404, 200)),
    ("participant_certify", ["A1001"], "get", by_group(LOGIN, 403, 404, 403, aco_signer=200)),
    ("participant_certification", ["A1001", 2030], "get", by_group(LOGIN, 200, 404, 200)),
    ("participant_changes", ["A1001"], "get", by_group(LOGIN, 200, 404, 200)),
    ("participant_changes", ["A1001"], "post", by_group(LOGIN, 403, 404, 403, **EDITORS_200)),
    ("participant_estimate", _ids("run", "A1001"), "get", by_group(LOGIN, 200, 404, 200)),
    ("participant_estimate_download", _ids("done_run", "A1001"), "get", by_group(LOGIN, 200, 404, 200)),
    ("participant_estimate_download", _ids("run", "A1001"), "get", by_group(LOGIN, 404, 404, 404)),  # unfinished
    ("participant_estimate_start", ["A1001"], "post", by_group(LOGIN, 403, 404, 403, **EDITORS_302)),
    (
        "participant_row_remove",
        _ids("entry", "A1001", "participants"),
        "post",
        by_group(LOGIN, 403, 404, 403, **EDITORS_302),
    ),
    ("participant_template", ["participants"], "get", by_group(LOGIN, 200, 200, 200)),
    ("participant_change_queue", [], "get", by_group(LOGIN, 403, 403, 200)),
    ("participant_change_decide", _ids("change"), "post", by_group(LOGIN, 403, 404, 403, cms_approver=302)),
    # CMS administration: CMS Administrators only (Right.ADMINISTER); an empty form re-renders with its errors
    ("participant_change_windows", [], "get", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("participant_change_windows", [], "post", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("participant_change_window_close", _ids("window"), "post", by_group(LOGIN, 403, 403, 403, cms_admin=302)),
    ("participant_registry", [], "get", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("participant_registry", [], "post", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("participant_registry_download", [], "get", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
]

API_ROWS = [
    ("get", "/participants/{aco_id}/lists/{kind}", by_group(LOGIN, 200, 404, 200)),
    ("post", "/participants/{aco_id}/upload", by_group(LOGIN, 403, 404, 403, **EDITORS_422)),
    ("get", "/participants/{aco_id}/change-requests", by_group(LOGIN, 200, 404, 200)),
    ("post", "/participants/{aco_id}/change-requests", by_group(LOGIN, 403, 404, 403, **EDITORS_422)),
    ("post", "/participants/change-requests/{change_id}/decide", by_group(LOGIN, 403, 404, 403, cms_approver=422)),
    ("get", "/participants/{aco_id}/certifications", by_group(LOGIN, 200, 404, 200)),
]

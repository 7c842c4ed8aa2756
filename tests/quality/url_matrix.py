"""Quality URLs and API operations × every role. An ACO's quality pages are its own and CMS's (another ACO:
404); the figures are entered by the contacts with the data right (executive, medical director, data
contact), the attestation is the Authorized to Sign contact's, and the reporting status and national view
are CMS's (Right.VIEW_PROGRAM). Write rows post no data: each is refused with a message and a redirect (or
the form's errors), so 302/200 against 403 shows the rights and nothing changes."""

import datetime as dt

from django.utils import timezone

from acoms.quality.models import ReportingPeriod
from matrix_support import LOGIN, by_group

PY = 2026
REPORTERS_200 = {"aco_executive": 200, "aco_medical": 200, "aco_data": 200}
REPORTERS_302 = {"aco_executive": 302, "aco_medical": 302, "aco_data": 302}
REPORTERS_400 = {"aco_executive": 400, "aco_medical": 400, "aco_data": 400}
REPORTERS_422 = {"aco_executive": 422, "aco_medical": 422, "aco_data": 422}


def prepare(people):
    # the matrix does not depend on today's date: the PY stays open for 60 days
    ReportingPeriod.objects.update_or_create(py=PY, defaults={"deadline": timezone.localdate() + dt.timedelta(days=60)})
    return {"aco_id": "A1001", "py": PY, "quality_kind": "measures"}


ROWS = [
    ("quality_home", ["A1001"], "get", by_group(LOGIN, 302, 404, 302)),
    ("quality_home", ["A1002"], "get", by_group(LOGIN, 404, 302, 302)),
    ("quality_scores", ["A1001", PY], "get", by_group(LOGIN, 200, 404, 200)),
    ("quality_scores", ["A1002", PY], "get", by_group(LOGIN, 404, 200, 200)),
    ("quality_scores_download", ["A1001", PY], "get", by_group(LOGIN, 200, 404, 200)),
    ("quality_report", ["A1001", PY], "get", by_group(LOGIN, 200, 404, 200)),
    ("quality_report", ["A1001", PY], "post", by_group(LOGIN, 403, 404, 403, **REPORTERS_200)),  # form errors
    ("quality_upload", ["A1001", PY, "measures"], "post", by_group(LOGIN, 403, 404, 403, **REPORTERS_302)),
    ("quality_upload", ["A1001", PY, "cahps"], "post", by_group(LOGIN, 403, 404, 403, **REPORTERS_302)),
    ("quality_cahps", ["A1001", PY], "post", by_group(LOGIN, 403, 404, 403, **REPORTERS_302)),
    ("quality_remove", ["A1001", PY], "post", by_group(LOGIN, 403, 404, 403, **REPORTERS_302)),
    ("quality_attest", ["A1001", PY], "post", by_group(LOGIN, 403, 404, 403, aco_signer=302)),
    ("quality_attest", ["A1002", PY], "post", by_group(LOGIN, 404, 403, 403)),
    ("quality_reporting_status", [PY], "get", by_group(LOGIN, 403, 403, 200)),
    ("quality_national", [PY], "get", by_group(LOGIN, 403, 403, 200)),
    ("quality_national_download", [PY], "get", by_group(LOGIN, 403, 403, 200)),
]

API_ROWS = [
    ("get", "/quality/reporting/{py}", by_group(LOGIN, 403, 403, 200)),
    ("get", "/quality/{aco_id}/{py}", by_group(LOGIN, 200, 404, 200)),
    ("put", "/quality/{aco_id}/{py}/measures", by_group(LOGIN, 422, 422, 422)),  # no body: refused before the right
    ("put", "/quality/{aco_id}/{py}/cahps", by_group(LOGIN, 422, 422, 422)),
    ("post", "/quality/{aco_id}/{py}/files/{quality_kind}", by_group(LOGIN, 422, 422, 422)),
    ("post", "/quality/{aco_id}/{py}/attest", by_group(LOGIN, 403, 404, 403, aco_signer=409)),
    ("get", "/quality/{aco_id}/{py}/score", by_group(LOGIN, 200, 404, 200)),
]

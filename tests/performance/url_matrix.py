"""Performance runs and Data Hub URLs and API operations × every role. Runs are for the CMS Program Analyst
and Administrator (Right.RUN_ANALYTICS); a Data Hub is its ACO's (another ACO: 404) and CMS's; the
beneficiary-level ALR needs the data right (executive, medical director, data contact) or a CMS role.
The matrix's deliverables have no file on disk (the matrix writes nothing under DATA_DIR): whoever passes
every rights check gets 404 for the missing file, so 403 against 404 shows the rights; the 200 downloads
are in test_performance_flow.py."""

import datetime as dt

from acoms.performance.models import Deliverable, Run, WhatIf
from matrix_support import LOGIN, by_group

ANALYSTS_200 = {"cms_analyst": 200, "cms_admin": 200}
ANALYSTS_302 = {"cms_analyst": 302, "cms_admin": 302}
ANALYSTS_404 = {"cms_analyst": 404, "cms_admin": 404}
ANALYSTS_422 = {"cms_analyst": 422, "cms_admin": 422}
CMS_NO_ANALYTICS_403 = {"cms_reviewer": 403, "cms_approver": 403}
NO_DATA_RIGHT_403 = {"aco_signer": 403, "aco_application": 403, "aco_compliance": 403, "aco_liaison": 403}


def prepare(people):

    aco = people["_orgs"]["aco_x"]
    now = dt.datetime.now(dt.UTC)
    run = Run.objects.create(
        py=2026, data_dir="d", agreements="a", status="done", publication="published", created_by=people["cms-analyst"]
    )
    files = {}
    for kind, code, bene in (("AALR", "129", True), ("FRP", "120", False)):
        files[kind] = Deliverable.objects.create(
            run=run,
            organization=aco,
            type_code=code,
            kind=kind,
            title=kind,
            file_name=f"P.A1001.ACO.{kind}.Y2026",
            size=1,
            sha256="0" * 64,
            beneficiary_level=bene,
            created_at=now,
        ).pk
    whatif = WhatIf.objects.create(run=run, organization=aco, changes={"track": "A"})
    people["_performance"] = {"run": run.pk, "whatif": whatif.pk, **files}
    return {"aco_id": "A1001", "run_id": run.pk, "file_id": files["AALR"]}


def _ids(*before, key):
    return lambda orgs, people: [*before, people["_performance"][key]]


ROWS = [
    ("performance_runs", [], "get", by_group(LOGIN, 403, 403, 403, **ANALYSTS_200)),
    ("performance_runs", [], "post", by_group(LOGIN, 403, 403, 403, **ANALYSTS_200)),  # empty form: errors
    ("performance_run", _ids(key="run"), "get", by_group(LOGIN, 403, 403, 403, **ANALYSTS_200)),
    # the run is published: each action is refused with a message and a redirect, nothing changes
    ("performance_run_publish", _ids(key="run"), "post", by_group(LOGIN, 403, 403, 403, **ANALYSTS_302)),
    ("performance_run_cancel", _ids(key="run"), "post", by_group(LOGIN, 403, 403, 403, **ANALYSTS_302)),
    ("performance_run_rerun", _ids(key="run"), "post", by_group(LOGIN, 403, 403, 403, **ANALYSTS_302)),
    # the matrix's run has no engine files: the analysts' request fails to find them (404), nobody else passes
    ("performance_run_puf", _ids(key="run"), "post", by_group(LOGIN, 403, 403, 403, **ANALYSTS_404)),
    ("datahub", ["A1001"], "get", by_group(LOGIN, 200, 404, 200)),
    ("datahub", ["A1002"], "get", by_group(LOGIN, 404, 200, 200)),
    ("performance_dashboard", ["A1001"], "get", by_group(LOGIN, 200, 404, 200)),
    ("performance_dashboard", ["A1002"], "get", by_group(LOGIN, 404, 200, 200)),
    # the beneficiary is chosen in the POST body; an empty form answers with its errors
    ("beneficiary_explanation", ["A1001"], "get", by_group(LOGIN, 200, 404, 200, **NO_DATA_RIGHT_403)),
    ("beneficiary_explanation", ["A1001"], "post", by_group(LOGIN, 200, 404, 200, **NO_DATA_RIGHT_403)),
    ("beneficiary_explanation", ["A1002"], "get", by_group(LOGIN, 404, 200, 200)),
    # care-management lists: the ACO's own staff with the data right only (CMS: 403)
    ("care_list", ["A1001"], "get", by_group(LOGIN, 200, 404, 403, **NO_DATA_RIGHT_403)),
    ("care_list", ["A1002"], "get", by_group(LOGIN, 404, 200, 403)),
    # what-if: the ACO's data-right staff and CMS's analysts; an empty form answers with its errors
    ("whatifs", ["A1001"], "get", by_group(LOGIN, 200, 404, 200, **NO_DATA_RIGHT_403, **CMS_NO_ANALYTICS_403)),
    ("whatifs", ["A1001"], "post", by_group(LOGIN, 200, 404, 200, **NO_DATA_RIGHT_403, **CMS_NO_ANALYTICS_403)),
    ("whatifs", ["A1002"], "get", by_group(LOGIN, 404, 200, 200, **CMS_NO_ANALYTICS_403)),
    (
        "whatif_detail",
        _ids("A1001", key="whatif"),
        "get",
        by_group(LOGIN, 200, 404, 200, **NO_DATA_RIGHT_403, **CMS_NO_ANALYTICS_403),
    ),
    ("whatif_detail", _ids("A1002", key="whatif"), "get", by_group(LOGIN, 404, 404, 404, **CMS_NO_ANALYTICS_403)),
    ("datahub_download", _ids("A1001", key="FRP"), "get", by_group(LOGIN, 404, 404, 404)),
    ("datahub_download", _ids("A1001", key="AALR"), "get", by_group(LOGIN, 404, 404, 404, **NO_DATA_RIGHT_403)),
    ("datahub_download", _ids("A1002", key="FRP"), "get", by_group(LOGIN, 404, 404, 404)),
]

API_ROWS = [
    ("get", "/performance/runs", by_group(LOGIN, 403, 403, 403, **ANALYSTS_200)),
    ("post", "/performance/runs", by_group(LOGIN, 400, 400, 400)),  # empty body: refused before the right check
    ("get", "/performance/runs/{run_id}", by_group(LOGIN, 403, 403, 403, **ANALYSTS_200)),
    ("post", "/performance/runs/{run_id}/cancel", by_group(LOGIN, 403, 403, 403, **ANALYSTS_422)),
    ("post", "/performance/runs/{run_id}/publish", by_group(LOGIN, 403, 403, 403, **ANALYSTS_422)),
    ("get", "/performance/datahub/{aco_id}", by_group(LOGIN, 200, 404, 200)),
    ("get", "/performance/datahub/{aco_id}/files/{file_id}", by_group(LOGIN, 404, 404, 404, **NO_DATA_RIGHT_403)),
]

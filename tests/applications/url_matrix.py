"""Applications: every page and API operation × every role.

prepare() makes: an open cycle; a NOIA and a draft application of A1001; a denied application of
A1002 with a repayment document (so its decision letter and document exist)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from acoms.accounts import actions as account_actions
from acoms.accounts.roles import SYSTEM
from acoms.applications import actions
from acoms.applications.demo import PDF, fill_and_submit
from acoms.applications.models import Document
from acoms.applications.windows import PHASES
from matrix_support import LOGIN, by_group, everyone


def prepare(people):

    orgs = people["_orgs"]
    today = timezone.localdate()
    admin = people["cms-admin"]
    cycle = actions.save_cycle(
        by=admin,
        agreement_start=dt.date(today.year + 2, 1, 1),
        windows={p: (today - dt.timedelta(days=5), today + dt.timedelta(days=30)) for p, _ in PHASES},
    )
    noia = actions.submit_noia(by=people["aco-executive"], organization=orgs["aco_x"], cycle=cycle, app_type="initial")
    app_x = actions.start_application(
        by=people["aco-executive"], organization=orgs["aco_x"], cycle=cycle, app_type="initial"
    )
    actions.submit_noia(by=people["other-aco"], organization=orgs["aco_y"], cycle=cycle, app_type="initial")
    app_y = actions.start_application(
        by=people["other-aco"], organization=orgs["aco_y"], cycle=cycle, app_type="initial"
    )

    account_actions.grant_role(
        by=SYSTEM, user=people["other-aco"], organization=orgs["aco_y"], role="authorized_to_sign"
    )
    fill_and_submit(app_y, editor=people["other-aco"], signer=people["other-aco"], level="C")
    account_actions.revoke_role(by=SYSTEM, membership=people["other-aco"].memberships.get(role="authorized_to_sign"))
    actions.assign_reviewer(by=people["cms-reviewer"], application=app_y, reviewer=people["cms-reviewer"])
    actions.recommend(by=people["cms-reviewer"], application=app_y, recommendation="deny", note="Deficient.")
    actions.decide(by=people["cms-approver"], application=app_y, decision="deny", note="Deficient.")
    doc = Document.objects.filter(application=app_y).first()
    if doc is None:
        doc = Document.objects.create(
            application=app_y,
            kind="repayment",
            name="x.pdf",
            file=ContentFile(PDF, name="x.pdf"),
            uploaded_by=people["other-aco"],
        )
    # A1001's application of an earlier cycle, denied: the API rows name it (placeholders follow the OpenAPI names).
    earlier = actions.save_cycle(
        by=admin,
        agreement_start=dt.date(today.year + 1, 1, 1),
        windows={p: (today - dt.timedelta(days=5), today + dt.timedelta(days=30)) for p, _ in PHASES},
    )
    actions.submit_noia(by=people["aco-executive"], organization=orgs["aco_x"], cycle=earlier, app_type="initial")
    decided = actions.start_application(
        by=people["aco-executive"], organization=orgs["aco_x"], cycle=earlier, app_type="initial"
    )
    fill_and_submit(decided, editor=people["aco-executive"], signer=people["aco-signer"], level="C")
    actions.assign_reviewer(by=people["cms-reviewer"], application=decided, reviewer=people["cms-reviewer"])
    actions.recommend(by=people["cms-reviewer"], application=decided, recommendation="deny", note="Deficient.")
    actions.decide(by=people["cms-approver"], application=decided, decision="deny", note="Deficient.")
    people["other-aco"].refresh_memberships()
    return {
        "cycle": cycle.pk,
        "noia_x": noia.pk,
        "app_x": app_x.pk,
        "app_y": app_y.pk,
        "doc_y": doc.pk,
        "app_id": decided.pk,
        "noia_id": noia.pk,
        "cycle_id": cycle.pk,
        "key": "identity",
        "action": "submit",
    }


def _ids(*keys):
    return lambda orgs, people: [people["_api_ids"].get(k, k) for k in keys]


EDITORS = {"aco_executive": 302, "aco_signer": 302, "aco_application": 302}
CMS_403 = {"cms_reviewer": 403, "cms_approver": 403, "cms_analyst": 403, "cms_admin": 403}

ROWS = [
    ("aco_register", [], "get", everyone(200)),
    ("aco_register", [], "post", everyone(200), {"username": ""}),
    # links e-mailed to a person: a forged token gets the "link cannot be used" page, whoever opens it
    ("aco_register_confirm", ["forged"], "get", everyone(200)),
    ("aco_register_confirm", ["forged"], "post", everyone(200), {"username": "x"}),
    ("invitation_accept", ["forged"], "get", everyone(200)),
    ("invitation_accept", ["forged"], "post", everyone(200)),
    ("aco_contact_add", ["A1001"], "get", by_group(LOGIN, 403, 404, 403, aco_executive=200, aco_signer=200)),
    (
        "aco_contact_add",
        ["A1001"],
        "post",
        by_group(LOGIN, 403, 404, 403, aco_executive=200, aco_signer=200),
        {"email": "bad"},
    ),
    ("aco_applications", ["A1001"], "get", by_group(LOGIN, 200, 404, 200)),
    ("aco_applications", ["A1002"], "get", by_group(LOGIN, 404, 200, 200)),
    ("noia_submit", lambda o, p: ["A1001", p["_api_ids"]["cycle"]], "post", by_group(LOGIN, 403, 404, 403, **EDITORS)),
    (
        "noia_withdraw",
        lambda o, p: ["A1001", p["_api_ids"]["noia_x"]],
        "post",
        by_group(LOGIN, 403, 404, 403, **EDITORS),
    ),
    (
        "application_start",
        lambda o, p: ["A1001", p["_api_ids"]["cycle"]],
        "post",
        by_group(LOGIN, 403, 404, 403, **EDITORS),
    ),
    ("application_detail", _ids("app_x"), "get", by_group(LOGIN, 200, 404, 200)),
    ("application_detail", _ids("app_y"), "get", by_group(LOGIN, 404, 200, 200)),
    ("application_section", _ids("app_x", "identity"), "get", by_group(LOGIN, 200, 404, 200)),
    ("application_section", _ids("app_x", "nonsense"), "get", by_group(LOGIN, 404, 404, 404)),
    (
        "application_section",
        _ids("app_x", "identity"),
        "post",
        by_group(LOGIN, 403, 404, 403, aco_executive=200, aco_signer=200, aco_application=200),
        {"tin": "12"},
    ),
    ("application_section", _ids("app_y", "identity"), "post", by_group(LOGIN, 404, 302, 403), {"tin": "12"}),
    (
        "application_section_check",
        _ids("app_x", "identity"),
        "post",
        by_group(LOGIN, 403, 404, 403, aco_executive=200, aco_signer=200, aco_application=200),
        {"tin": "12"},
    ),
    ("application_sign", _ids("app_x"), "post", by_group(LOGIN, 403, 404, 403, aco_signer=302)),
    (
        "application_action",
        _ids("app_x", "submit"),
        "get",
        by_group(LOGIN, 403, 404, 403, aco_executive=200, aco_signer=200, aco_application=200),
    ),
    (
        "application_action",
        _ids("app_x", "submit"),
        "post",
        by_group(LOGIN, 403, 404, 403, aco_executive=200, aco_signer=200, aco_application=200),
    ),
    ("application_action", _ids("app_x", "issue_rfi"), "get", by_group(LOGIN, 403, 404, 403, cms_reviewer=200)),
    ("application_action", _ids("app_x", "approve"), "post", by_group(LOGIN, 403, 404, 403, cms_approver=200)),
    ("application_action", _ids("app_x", "bogus"), "get", by_group(LOGIN, 404, 404, 404)),
    (
        "application_action",
        _ids("app_y", "request_reconsideration"),
        "post",
        by_group(LOGIN, 404, 200, 403),
        {"reason": ""},
    ),
    (
        "application_action",
        _ids("app_y", "uphold_denial"),
        "post",
        by_group(LOGIN, 404, 403, 403, cms_approver=200),
        {"note": ""},
    ),
    ("application_assign", _ids("app_x"), "post", by_group(LOGIN, 403, 404, 403, cms_reviewer=302, cms_admin=302)),
    ("application_review_section", _ids("app_x"), "post", by_group(LOGIN, 403, 404, 403, cms_reviewer=302)),
    ("application_letter", _ids("app_y"), "get", by_group(LOGIN, 404, 200, 200)),
    ("application_letter", _ids("app_x"), "get", by_group(LOGIN, 404, 404, 404)),
    ("document_download", _ids("app_y", "doc_y"), "get", by_group(LOGIN, 404, 200, 200)),
    ("review_queue", [], "get", by_group(LOGIN, 403, 403, 200)),
    ("review_queue", [], "get", by_group(LOGIN, 403, 403, 200), {"format": "csv"}),
    ("review_queue", [], "get", by_group(LOGIN, 403, 403, 200), {"submitted_from": "not a date", "sort": "x"}),
    ("review_queue_assign", [], "post", by_group(LOGIN, 403, 403, 403, cms_reviewer=302, cms_admin=302)),
    ("cycle_list", [], "get", by_group(LOGIN, 403, 403, 200)),
    ("cycle_create", [], "get", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("cycle_create", [], "post", by_group(LOGIN, 403, 403, 403, cms_admin=200), {"agreement_start": "not a date"}),
    ("cycle_edit", _ids("cycle"), "get", by_group(LOGIN, 403, 403, 403, cms_admin=200)),
    ("cycle_dashboard", [], "get", by_group(LOGIN, 403, 403, 200)),
    ("cycle_dashboard_for", _ids("cycle"), "get", by_group(LOGIN, 403, 403, 200)),
    ("cycle_dashboard_download", _ids("cycle", "noias"), "get", by_group(LOGIN, 403, 403, 200)),
    ("cycle_dashboard_download", _ids("cycle", "participants-per-aco"), "get", by_group(LOGIN, 403, 403, 200)),
    ("cycle_dashboard_download", _ids("cycle", "no-such-table"), "get", by_group(LOGIN, 403, 403, 404)),
]

A = "/applications"
JSON_BODY = by_group(LOGIN, 400, 400, 400)  # an empty JSON body is refused before any right is read
FORM_BODY = by_group(LOGIN, 422, 422, 422)  # a missing body field or file likewise
API_ROWS = [
    ("get", f"{A}/cycles", by_group(LOGIN, 200, 200, 200)),
    ("post", f"{A}/cycles", JSON_BODY),
    ("post", f"{A}/noias", JSON_BODY),
    # A1001's NOIA has a live draft application, so an editor's withdrawal is refused with a reason (422)
    (
        "post",
        f"{A}/noias/{{noia_id}}/withdraw",
        by_group(LOGIN, 403, 404, 403, aco_executive=422, aco_signer=422, aco_application=422),
    ),
    ("get", f"{A}/applications", by_group(LOGIN, 200, 200, 200)),
    ("post", f"{A}/applications", JSON_BODY),
    ("get", f"{A}/applications/{{app_id}}", by_group(LOGIN, 200, 404, 200)),
    ("put", f"{A}/applications/{{app_id}}/sections/{{key}}", FORM_BODY),
    ("post", f"{A}/applications/{{app_id}}/documents", FORM_BODY),
    ("post", f"{A}/applications/{{app_id}}/sign", JSON_BODY),
    ("post", f"{A}/applications/{{app_id}}/actions/{{action}}", JSON_BODY),
    ("post", f"{A}/applications/{{app_id}}/assign", JSON_BODY),
    ("post", f"{A}/applications/{{app_id}}/checklist", JSON_BODY),
    ("get", f"{A}/applications/{{app_id}}/letter", by_group(LOGIN, 200, 404, 200)),
    ("get", f"{A}/applications/{{app_id}}/timeline", by_group(LOGIN, 200, 404, 200)),
    ("get", f"{A}/dashboard/{{cycle_id}}", by_group(LOGIN, 403, 403, 200)),
]

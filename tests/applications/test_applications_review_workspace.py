"""The review workspace read as a person reads it: answers in words and tables, what changed since
the RFI, findings by RFI round, one vocabulary for events and states, one format for dates and money,
one message per problem, and the decision letter as a tagged PDF that names what was decided."""

import datetime as dt
import io
import re

import pypdf
from django.urls import reverse
from django.utils import timezone

from acoms.accounts import actions as account_actions
from acoms.accounts.models import User
from acoms.accounts.roles import SYSTEM
from acoms.api import actions as token_actions
from acoms.applications import actions
from acoms.applications.demo import complete_answers, fill_and_submit
from acoms.applications.events import LABELS, Event
from acoms.applications.models import SectionReview
from acoms.audit.labels import label

DICT_OR_LIST_OF_DICTS = re.compile(r"\{'|\[\{|\{&#x27;|\[\{&#x27;")


def _submitted(world, draft, level="C"):
    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level=level)
    actions.assign_reviewer(by=world["cms-admin"], application=draft, reviewer=world["cms-reviewer"])
    draft.refresh_from_db()
    return draft


def _issue(world, app, *items):
    due = timezone.localdate() + dt.timedelta(days=5)
    return actions.issue_rfi(by=world["cms-reviewer"], application=app, deficiencies=list(items), due=due)


def _api(client, user, path, body=None):
    token = token_actions.create_token(by=user, name="t")[1]
    headers = {"Authorization": f"Bearer {token}"}
    if body is None:
        return client.get("/api/v1/applications" + path, headers=headers)
    return client.post("/api/v1/applications" + path, body, content_type="application/json", headers=headers)


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# ---- sections as a person reads them ----------------------------------------------------------------


def test_the_reviewer_reads_the_governing_body_as_a_table_with_ticks_not_python(client, world, draft):
    app = _submitted(world, draft)
    client.force_login(world["cms-reviewer"])
    page = _text(client.get(reverse("application_section", args=[app.pk, "governance"])))
    assert not DICT_OR_LIST_OF_DICTS.search(page), "the page prints a Python dict or list"
    table = page[page.index('data-testid="table-members"') :]
    table = table[: table.index("</table>")]
    assert "Governing body members" in table and "Role on the governing body" in table
    # the demo's four members: three participant representatives, one Medicare beneficiary member
    rows = table.split("<tr>")[2:]
    assert len(rows) == 4 and "Chair Person" in rows[0] and "Bene Ficiary" in rows[3]
    assert [r.count("✓") for r in rows] == [1, 1, 1, 1]
    assert rows[3].index("✓") > rows[3].index("Beneficiary member")  # the tick is in the beneficiary column


def test_the_acos_read_only_view_uses_the_same_words(client, world, draft):
    app = _submitted(world, draft)
    client.force_login(world["aco-executive"])
    page = _text(client.get(reverse("application_section", args=[app.pk, "repayment"])))
    assert "read-only" in page and not DICT_OR_LIST_OF_DICTS.search(page)
    assert "Irrevocable letter of credit" in page and "$900,000" in page and "letter_of_credit" not in page
    assert reverse("document_download", args=[app.pk, app.documents.get(kind="repayment").pk]) in page
    detail = _text(client.get(reverse("application_detail", args=[app.pk])))  # submitted: every answer, read-only
    answers = detail[detail.index('data-testid="answers"') :]
    assert "Irrevocable letter of credit" in answers and "Chair Person" in answers
    assert not DICT_OR_LIST_OF_DICTS.search(detail)


def test_the_detail_page_shows_every_section_in_words_money_and_choices(client, world, draft):
    app = _submitted(world, draft)
    client.force_login(world["cms-reviewer"])
    page = _text(client.get(reverse("application_detail", args=[app.pk])))
    assert not DICT_OR_LIST_OF_DICTS.search(page)
    answers = page[page.index('data-testid="answers"') :]
    assert "Limited liability company" in answers and "Group practice of ACO professionals" in answers  # choices
    assert "BASIC Level C" in answers and "Prospective assignment" in answers
    assert "$900,000" in answers and "$11,500" in answers and "12,000" in answers  # repayment answers, formatted
    assert "123456789" not in answers and "•••••6789" in answers  # the reviewer has no right to bank numbers
    assert "llc" not in re.findall(r">([^<>]+)<", answers)


def test_the_api_gives_display_fields_beside_the_raw_answers_and_labels_beside_codes(client, world, draft):
    app = _submitted(world, draft)
    body = _api(client, world["cms-reviewer"], f"/applications/{app.pk}").json()
    assert body["answers"]["identity"]["entity_type"] == "llc"  # raw, as stored
    identity = next(s for s in body["display"] if s["key"] == "identity")
    assert {"name": "entity_type", "label": "Legal structure", "value": "Limited liability company"} in identity[
        "fields"
    ]
    members = next(s for s in body["display"] if s["key"] == "governance")["tables"][0]
    assert members["rows"][3] == ["Bene Ficiary", "Beneficiary member", "No", "Yes"]
    assert body["status"] == "in_review" and body["status_label"] == "In review"
    assert body["status_sentence"] == "The application is now in review at CMS."
    assert {"action": "issue_rfi", "label": "Issue an RFI"} in body["available_action_labels"]
    events = _api(client, world["cms-reviewer"], f"/applications/{app.pk}/timeline").json()
    assert [e["label"] for e in events if e["action"] == "application.submit"] == ["Application submitted"]


# ---- what changed since the RFI ---------------------------------------------------------------------


def test_after_the_rfi_response_the_reviewer_sees_old_and_new_per_changed_field(client, world, draft):
    app = _submitted(world, draft)
    _issue(world, app, ("banking", "Wrong bank."), ("governance", "The chair is not named properly."))
    answers = complete_answers(app.organization)
    editor = world["aco-application"]
    actions.save_section(
        by=editor, application=app, key="banking", data={**answers["banking"], "bank_name": "Second Bank"}
    )
    members = [dict(m) for m in answers["governance"]["members"]]
    members[0]["name"] = "Ann Chair"
    actions.save_section(
        by=editor, application=app, key="governance", data={**answers["governance"], "members": members}
    )
    app.refresh_from_db()
    client.force_login(world["cms-reviewer"])
    before_response = _text(client.get(reverse("application_detail", args=[app.pk])))
    assert 'data-testid="changes-1"' not in before_response  # no diff until the ACO responds
    actions.respond_rfi(by=editor, application=app, text="Bank and chair corrected.")
    page = _text(client.get(reverse("application_detail", args=[app.pk])))
    changes = page[page.index('data-testid="changes-1"') :]
    banking = changes[changes.index('data-testid="changes-1-banking"') :]
    banking = banking[: banking.index("</table>")]
    assert "Financial institution" in banking and "First Demo Bank" in banking and "Second Bank" in banking
    assert banking.count("<tr>") == 2  # the header and the one changed answer
    governance = changes[changes.index('data-testid="changes-1-governance"') :]
    governance = governance[: governance.index("</table>")]
    assert "Governing body members: row 1" in governance
    assert "Chair Person, Chair, represents an aco participant" in governance
    assert "Ann Chair, Chair, represents an aco participant" in governance
    assert 'data-testid="changes-1-identity"' not in changes  # unchanged sections are not listed


# ---- findings tied to the RFI round -----------------------------------------------------------------


def test_findings_belong_to_their_round_and_show_resolved_when_the_rfi_is(client, world, draft):
    app = _submitted(world, draft)
    reviewer = world["cms-reviewer"]
    client.force_login(reviewer)
    url = reverse("application_review_section", args=[app.pk])
    client.post(url, {"section": "banking", "acceptable": "no", "note": "Wrong bank."})
    client.post(url, {"section": "identity", "acceptable": "yes", "note": ""})
    assert SectionReview.objects.get(section="banking").round == 0
    _issue(world, app, ("banking", "Wrong bank."))
    actions.respond_rfi(by=world["aco-application"], application=app, text="Corrected.")
    page = _text(client.get(reverse("application_detail", args=[app.pk])))
    finding = page[page.index('data-testid="finding-banking-0"') :]
    assert "First review" in finding[: finding.index("</tr>")] and "Open" in finding[: finding.index("</tr>")]
    page = _text(client.get(reverse("application_action", args=[app.pk, "resolve_rfi"])))
    assert "Wrong bank." in page and "Corrected." in page  # the resolve page shows what it resolves
    client.post(reverse("application_action", args=[app.pk, "resolve_rfi"]), {"resolution": "Fixed."})
    banking = SectionReview.objects.get(section="banking")
    assert banking.resolved_by_rfi.round == 1
    assert SectionReview.objects.get(section="identity").resolved_by_rfi is None  # acceptable: nothing to resolve
    page = _text(client.get(reverse("application_detail", args=[app.pk])))
    row = page[page.index('data-testid="finding-banking-0"') :]
    assert "Resolved" in row[: row.index("</tr>")] and "by RFI-1" in row[: row.index("</tr>")]
    client.post(url, {"section": "banking", "acceptable": "yes", "note": "Now correct."})
    assert SectionReview.objects.get(section="banking", round=1).acceptable  # a new finding of round 1


def test_only_the_assigned_reviewer_records_findings(client, world, draft):
    app = _submitted(world, draft)
    other = User.objects.create_user("cms-reviewer-2", "r2@example.org", "x" * 16, first_name="Rita", last_name="Two")
    account_actions.grant_role(by=SYSTEM, user=other, organization=world["_orgs"]["cms"], role="cms_reviewer")
    client.force_login(other)
    response = client.post(
        reverse("application_review_section", args=[app.pk]),
        {"section": "banking", "acceptable": "no", "note": "Wrong bank."},
        follow=True,
    )
    page = _text(response)
    assert "Only the reviewer assigned to this application may do this" in page
    assert not SectionReview.objects.exists()
    assert "Record the finding" not in page  # the form is offered to the assigned reviewer only
    api = _api(
        client, other, f"/applications/{app.pk}/checklist", {"section": "banking", "acceptable": False, "note": "x"}
    )
    assert api.status_code == 403 and not SectionReview.objects.exists()
    client.force_login(world["cms-reviewer"])
    assert "Record the finding" in _text(client.get(reverse("application_detail", args=[app.pk])))


def test_the_recommend_and_decide_pages_show_the_findings_rfi_and_recommendation(client, world, draft):
    app = _submitted(world, draft)
    actions.review_section(by=world["cms-reviewer"], application=app, key="banking", acceptable=False, note="Bank?")
    _issue(world, app, ("banking", "Wrong bank."))
    actions.respond_rfi(by=world["aco-application"], application=app, text="Bank corrected.")
    actions.resolve_rfi(by=world["cms-reviewer"], application=app, resolution="Fixed.")
    client.force_login(world["cms-reviewer"])
    page = _text(client.get(reverse("application_action", args=[app.pk, "recommend"])))
    for text in ("Bank?", "Wrong bank.", "Bank corrected.", "Fixed.", "Resolved"):
        assert text in page
    actions.recommend(by=world["cms-reviewer"], application=app, recommendation="approve", note="Meets all.")
    client.force_login(world["cms-approver"])
    page = _text(client.get(reverse("application_action", args=[app.pk, "approve"])))
    assert "Approve" in page and "Meets all." in page and "Bank corrected." in page


# ---- one vocabulary ---------------------------------------------------------------------------------


def test_every_event_has_words_and_the_audit_vocabulary_knows_them():
    assert set(LABELS) == set(Event)
    for event in Event:
        assert label(event) == LABELS[event] and "_" not in LABELS[event] and "." not in LABELS[event]
    assert label("auth.login") == "Signed in"
    assert label("records.merge_rows") == "Records: merge rows"  # an unlabelled code still reads as words


CODES = ("issue_rfi", "respond_rfi", "in_review", "awaiting_response", "section.save", "application.", "(identity)")


def test_the_timeline_and_messages_speak_in_words(client, world, draft):
    app = _submitted(world, draft)
    client.force_login(world["cms-reviewer"])
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(
        reverse("application_action", args=[app.pk, "issue_rfi"]),
        {"due": due, "section_0": "banking", "text_0": "Wrong bank."},
        follow=True,
    )
    page = _text(response)
    assert "Request for information issued. The application is now awaiting the ACO&#x27;s response to RFI-1." in page
    timeline = page[page.index('data-testid="timeline"') :]
    timeline = timeline[: timeline.index("</table>")]
    assert "Section saved: ACO identity and legal structure" in timeline
    assert "In review → Awaiting ACO response (RFI)" in timeline
    assert "Request for information issued: RFI-1, respond by" in timeline
    for code in CODES:
        assert code not in timeline, code
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page)  # no ISO dates on the page


def test_the_audit_log_shows_event_labels(client, world, draft):
    _submitted(world, draft)
    client.force_login(world["cms-admin"])
    page = _text(client.get(reverse("audit_log")))
    assert "Application submitted" in page and "Reviewer assigned" in page


# ---- one message per problem ------------------------------------------------------------------------


def test_an_eight_digit_tin_gets_one_message(client, world, draft):
    client.force_login(world["aco-executive"])
    answers = complete_answers(draft.organization)["identity"]
    page = _text(
        client.post(reverse("application_section", args=[draft.pk, "identity"]), {**answers, "tin": "12345678"})
    )
    field = page[: page.index('id="id_tin"')]
    field = field[field.rindex("usa-form-group") :]
    assert field.count("usa-error-message") == 1 and "A TIN has exactly nine digits" in field
    assert "Ensure this value has at least 9 characters" not in page


def test_registration_with_an_eight_digit_tin_gets_one_message(client, people):
    data = {
        "first_name": "Nia",
        "last_name": "New",
        "email": "nia@example.org",
        "username": "nia",
        "aco_name": "New Dawn ACO",
        "legal_name": "New Dawn ACO, LLC",
        "tin": "46123456",
        "address": "1 Way",
        "authorized_to_sign": "on",
    }
    page = _text(client.post(reverse("aco_register"), data))
    field = page[: page.index('id="id_tin"')]
    field = field[field.rindex("usa-form-group") :]
    assert field.count("usa-error-message") == 1 and "A TIN has exactly nine digits" in field
    assert "Ensure this value has at least 9 characters" not in page


def test_a_wrong_signature_does_not_reveal_the_signers_name(world, draft):
    from acoms.applications.demo import fill_and_sign  # noqa: PLC0415 (fills without signing below)

    fill_and_sign(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    draft.signed_at = None
    draft.save()
    signer = world["aco-signer"]
    try:
        actions.sign_application(by=signer, application=draft, typed_name="Somebody Else")
    except Exception as error:  # noqa: BLE001 (the message is what is checked)
        message = " ".join(getattr(error, "messages", [str(error)]))
    else:
        raise AssertionError("a wrong name signed the application")
    assert signer.last_name not in message and signer.first_name not in message
    assert "not the name on your account" in message


# ---- the decision letter ----------------------------------------------------------------------------

CURLY = "The ACO’s “plan” meets 42 CFR 425.106 — café"


def _approved(world, draft):
    app = _submitted(world, draft)
    actions.recommend(by=world["cms-reviewer"], application=app, recommendation="approve", note="Good.")
    actions.decide(by=world["cms-approver"], application=app, decision="approve", note=CURLY)
    app.refresh_from_db()
    return app


def test_the_decision_letter_names_track_level_and_period_in_a_tagged_pdf(client, world, draft):
    app = _approved(world, draft)
    client.force_login(world["aco-compliance"])
    response = client.get(reverse("application_letter", args=[app.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    start = app.cycle.agreement_start
    # a five-year agreement period from January 1 (42 CFR 425.200(b)(3)): January 1 of year Y to December 31 of Y+4
    assert f"January 1, {start.year} – December 31, {start.year + 4}" in text
    assert "BASIC track" in text and "Level C (two-sided risk)" in text
    assert CURLY in text  # quotation marks, dash, apostrophe and accent printed as written
    assert "approved" in text
    fonts = [f.get_object()["/BaseFont"] for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert fonts and not any(name.endswith(("Helvetica", "Times-Roman")) for name in fonts)  # embedded fonts


def test_the_letter_button_is_primary(client, world, draft):
    app = _approved(world, draft)
    client.force_login(world["aco-compliance"])
    page = _text(client.get(reverse("application_detail", args=[app.pk])))
    button = re.search(r'<a class="([^"]+)"[^>]*data-testid="decision-letter"', page)
    assert button and button.group(1) == "usa-button"


def test_an_audit_event_reads_as_a_line_of_words(world, draft):
    from acoms.audit.models import AuditEvent  # noqa: PLC0415 (only this test reads the rows)

    event = AuditEvent.objects.filter(action="application.start").get()
    text = str(event)
    assert "Application started" in text and "application.start" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)

"""The pages: registration, NOIA, sections, RFIs, decisions. Bad input gets field errors, saves
nothing and never a server error."""

import datetime as dt
import re
import time
from unittest import mock

from django.core import mail, signing
from django.urls import resolve, reverse
from django.utils import timezone

from acoms.accounts.actions import REGISTRATION_LIMIT_PER_ADDRESS, REGISTRATION_SALT
from acoms.accounts.models import Organization, User
from acoms.accounts.roles import SYSTEM
from acoms.applications.demo import complete_answers, fill_and_submit
from acoms.applications.events import Event
from acoms.applications.models import Application, Cycle, Noia, Phase, Rfi
from acoms.audit.models import AuditEvent
from acoms.participants import actions as list_actions

REGISTRATION = {
    "first_name": "Nia",
    "last_name": "New",
    "email": "nia@example.org",
    "username": "nia",
    "aco_name": "New Dawn ACO",
    "legal_name": "New Dawn ACO, LLC",
    "tin": "461234561",
    "address": "1 Way",
    "authorized_to_sign": "on",
}


def _link(message, name):
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match and resolve(match.group(1)).url_name == name, message.body
    return match.group(1)


def test_registration_creates_the_aco_with_the_next_free_id_and_its_executive(
    client, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("aco_register"), REGISTRATION)
    assert response.status_code == 200 and 'data-testid="registration-sent"' in response.content.decode()
    assert not Organization.objects.filter(name="New Dawn ACO").exists()  # nothing until the link is opened
    (message,) = mail.outbox
    assert message.to == ["nia@example.org"]
    link = _link(message, "aco_register_confirm")
    assert "short" in client.post(link, {"username": "nia", "password": "short"}).content.decode()
    lookalike = client.post(link, {"username": "ｃｍｓ-admin", "password": "a-long-enough-pass-2026"}).content.decode()
    assert "This user name is taken" in lookalike  # full-width letters fold to the existing cms-admin
    response = client.post(link, {"username": "nia", "password": "a-long-enough-pass-2026"})
    org = Organization.objects.get(name="New Dawn ACO")
    assert org.aco_id == "A1003"
    assert response.status_code == 302 and response["Location"] == reverse("aco_applications", args=["A1003"])
    nia = User.objects.get(username="nia")
    assert nia.roles_in(org) == {"aco_executive", "authorized_to_sign"} and nia.check_password(
        "a-long-enough-pass-2026"
    )
    assert AuditEvent.objects.filter(action="user.register", actor=nia).exists()
    page = client.get(link).content.decode()  # opened again: the account exists, nothing more is made
    assert (
        "already confirmed"
        in client.post(link, {"username": "nia2", "password": "a-long-enough-pass-2026"}).content.decode()
    )
    assert "nia" in page and Organization.objects.filter(name="New Dawn ACO").count() == 1


def test_registration_bad_input_gets_field_errors_and_saves_nothing(client, people):
    before = (Organization.objects.count(), User.objects.count())
    response = client.post(
        reverse("aco_register"), {"username": "aco-executive", "email": "not-an-email", "tin": "12345", "aco_name": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    for message in ("Enter a valid email address", "nine digits"):
        assert message in html, message
    assert "taken" not in html  # the page never says which user names exist
    assert (Organization.objects.count(), User.objects.count()) == before


def test_registration_answers_the_same_for_existing_names_and_mails_the_owner(
    client, people, django_capture_on_commit_callbacks
):
    taken = {**REGISTRATION, "email": "aco-executive@example.org", "username": "aco-executive"}
    fresh = {**REGISTRATION, "email": "someone@example.org", "username": "someone", "tin": "461234562"}
    pages = []
    for data in (taken, fresh):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("aco_register"), data)
        pages.append(response.content.decode().replace(data["email"], "EMAIL"))
    assert pages[0] == pages[1]
    owner, newcomer = mail.outbox
    assert (
        owner.to == ["aco-executive@example.org"]
        and "already has an account" in owner.body
        and "/register/confirm/" not in owner.body
    )
    assert newcomer.to == ["someone@example.org"] and "/register/confirm/" in newcomer.body
    assert not Organization.objects.filter(name="New Dawn ACO").exists()


def test_registration_is_throttled_per_address(client, people, settings):

    for i in range(REGISTRATION_LIMIT_PER_ADDRESS):
        response = client.post(reverse("aco_register"), {**REGISTRATION, "email": f"n{i}@example.org"})
        assert 'data-testid="registration-sent"' in response.content.decode()
    response = client.post(reverse("aco_register"), {**REGISTRATION, "email": "late@example.org"})
    assert "Too many registrations" in response.content.decode()
    other = client.post(
        reverse("aco_register"), {**REGISTRATION, "email": "elsewhere@example.org"}, REMOTE_ADDR="10.9.8.7"
    )
    assert 'data-testid="registration-sent"' in other.content.decode()


def test_a_forged_or_old_confirmation_link_is_refused(client, people):

    response = client.get(reverse("aco_register_confirm", args=["not-a-token"]))
    assert response.status_code == 200 and "not valid" in response.content.decode()
    old = signing.dumps(REGISTRATION, salt=REGISTRATION_SALT, compress=True)
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3 * 24 * 3600):
        assert "expired" in client.get(reverse("aco_register_confirm", args=[old])).content.decode()
    assert not User.objects.filter(username="nia").exists()


def test_registration_refuses_a_tin_already_registered(client, people):
    data = {
        "first_name": "A",
        "last_name": "B",
        "email": "ab@example.org",
        "username": "ab",
        "password": "a-long-enough-pass-2026",
        "aco_name": "Copy",
        "legal_name": "Copy",
        "tin": "201234567",
        "address": "x",
    }
    response = client.post(reverse("aco_register"), data)
    assert response.status_code == 200 and "already registered" in response.content.decode()
    assert not User.objects.filter(username="ab").exists()


def test_noia_one_per_aco_per_cycle_and_withdrawable(client, world):
    client.force_login(world["aco-application"])
    cycle = world["_cycle"]
    url = reverse("noia_submit", args=["A1001", cycle.pk])
    client.post(url, {"app_type": "initial"})
    response = client.post(url, {"app_type": "initial"}, follow=True)
    assert "already has a Notice of Intent to Apply" in response.content.decode()
    noia = Noia.objects.get(organization=world["_orgs"]["aco_x"], cycle=cycle)
    client.post(reverse("noia_withdraw", args=["A1001", noia.pk]))
    noia.refresh_from_db()
    assert noia.status == "withdrawn"


def test_noia_without_a_type_is_refused_with_a_message(client, world):
    client.force_login(world["aco-executive"])
    response = client.post(
        reverse("noia_submit", args=["A1001", world["_cycle"].pk]), {"app_type": "bogus"}, follow=True
    )
    assert "Choose the type" in response.content.decode() and not Noia.objects.exists()


def test_starting_the_wrong_type_says_why(client, world):
    client.force_login(world["aco-executive"])
    client.post(reverse("noia_submit", args=["A1001", world["_cycle"].pk]), {"app_type": "initial"})
    response = client.post(
        reverse("application_start", args=["A1001", world["_cycle"].pk]), {"app_type": "renewal"}, follow=True
    )
    assert "cannot apply as “Renewal”" in response.content.decode() and not Application.objects.exists()


def test_a_section_with_bad_input_shows_field_errors_and_saves_nothing(client, world, draft):
    client.force_login(world["aco-executive"])
    url = reverse("application_section", args=[draft.pk, "banking"])
    response = client.post(
        url, {"bank_name": "", "routing_number": "123", "account_number": "12ab", "account_type": "gold"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" in html and "Ensure this value has at least 9 characters" in html
    assert "usa-error-message" in html
    draft.refresh_from_db()
    assert "banking" not in draft.data


def test_a_rule_violation_shows_at_the_top_and_saves_nothing(client, world, draft):
    client.force_login(world["aco-executive"])
    data = {"level": "C", "assignment": "prospective"}
    response = client.post(reverse("application_section", args=[draft.pk, "participation"]), data)
    assert "choose an MSR/MLR" in response.content.decode()
    draft.refresh_from_db()
    assert "participation" not in draft.data


def test_every_section_page_renders_and_the_governance_formset_saves(client, world, draft):
    client.force_login(world["aco-executive"])
    for key in (
        "identity",
        "governance",
        "leadership",
        "participation",
        "participants",
        "addons",
        "repayment",
        "banking",
        "attestations",
    ):
        assert client.get(reverse("application_section", args=[draft.pk, key])).status_code == 200, key
    post = {
        "beneficiary_explanation": "",
        "member-TOTAL_FORMS": "5",
        "member-INITIAL_FORMS": "0",
        "member-MIN_NUM_FORMS": "0",
        "member-MAX_NUM_FORMS": "30",
    }
    for i, (name, rep, bene) in enumerate(
        [("A", True, False), ("B", True, False), ("C", True, False), ("D", False, True)]
    ):
        post.update({f"member-{i}-name": name, f"member-{i}-title": "Member"})
        if rep:
            post[f"member-{i}-participant_representative"] = "on"
        if bene:
            post[f"member-{i}-medicare_beneficiary"] = "on"
    response = client.post(reverse("application_section", args=[draft.pk, "governance"]), post)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert len(draft.section("governance")["members"]) == 4


def test_live_check_reports_problems_without_saving(client, world, draft):
    client.force_login(world["aco-executive"])
    response = client.post(
        reverse("application_section_check", args=[draft.pk, "participation"]),
        {"level": "A", "assignment": "prospective", "msr_mlr": "0.02"},
    )
    assert "one-sided" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data == {}


def test_the_story_through_the_pages(client, world, draft, django_capture_on_commit_callbacks):
    fill_and_submit(draft, editor=world["aco-executive"], signer=world["aco-signer"], level="C")
    client.force_login(world["cms-reviewer"])
    assert "Prairie" not in client.get(reverse("review_queue")).content.decode()
    client.post(reverse("application_assign", args=[draft.pk]), {"reviewer": world["cms-reviewer"].pk})
    url = reverse("application_action", args=[draft.pk, "issue_rfi"])
    bad = client.post(url, {"due": "", "section_0": "", "text_0": "Something is wrong"})
    assert "Tie the deficiency to a section" in bad.content.decode() and not Rfi.objects.exists()
    too_late = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    bad = client.post(url, {"due": too_late, "section_0": "banking", "text_0": "Wrong bank."})
    assert "must fall inside the Phase 1 RFI-1 window" in bad.content.decode() and not Rfi.objects.exists()
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"due": due, "section_0": "banking", "text_0": "Wrong bank."}).status_code == 302
    assert any("RFI-1" in m.subject for m in mail.outbox)
    client.force_login(world["aco-application"])
    banking = {k: ("on" if v is True else v) for k, v in complete_answers(draft.organization)["banking"].items()}
    assert (
        client.post(
            reverse("application_section", args=[draft.pk, "banking"]), {**banking, "bank_name": "Second Bank"}
        ).status_code
        == 302
    )
    rfi = Rfi.objects.get()
    d = rfi.deficiencies.get()
    response = client.post(
        reverse("application_action", args=[draft.pk, "respond_rfi"]), {"text": "", f"response_{d.pk}": ""}
    )
    assert "This field is required" in response.content.decode()
    client.post(
        reverse("application_action", args=[draft.pk, "respond_rfi"]),
        {"text": "Bank corrected.", f"response_{d.pk}": "Done"},
    )
    draft.refresh_from_db()
    assert draft.status == "response_received"
    client.force_login(world["cms-reviewer"])
    client.post(reverse("application_action", args=[draft.pk, "resolve_rfi"]), {"resolution": "Fixed."})
    client.force_login(world["aco-application"])
    phase2 = reverse("application_action", args=[draft.pk, "submit_phase2"])
    page = client.get(phase2).content.decode()
    assert 'data-testid="participant-lists"' in page and 'data-testid="phase2-problems"' not in page
    assert "This field is required" in client.post(phase2, {"confirm": ""}).content.decode()  # the confirmation box
    assert client.post(phase2, {"confirm": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.phase2_submitted_at is not None and draft.phase2_lists["participants"]
    assert 'data-testid="phase2"' in client.get(reverse("application_detail", args=[draft.pk])).content.decode()
    refused = client.get(phase2).content.decode()
    assert 'data-testid="refusal"' in refused and "already submitted" in refused
    client.force_login(world["cms-reviewer"])
    client.post(
        reverse("application_action", args=[draft.pk, "recommend"]), {"recommendation": "approve", "note": "Good."}
    )
    client.force_login(world["cms-approver"])
    response = client.post(reverse("application_action", args=[draft.pk, "approve"]), {"note": ""})
    assert "This field is required" in response.content.decode()
    client.post(reverse("application_action", args=[draft.pk, "approve"]), {"note": "Meets every requirement."})
    draft.refresh_from_db()
    assert draft.status == "approved"
    client.force_login(world["aco-compliance"])
    letter = client.get(reverse("application_letter", args=[draft.pk]))
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")
    page = client.get(reverse("application_detail", args=[draft.pk])).content.decode()
    for step in ("submit", "issue_rfi", "respond_rfi", "resolve_rfi", "recommend", "approve"):
        timeline = page.split('data-testid="timeline"')[1]
        assert Event.of_action(step).label in timeline and not re.search(rf"\b{step}\b", timeline)


def test_the_participant_list_section_shows_the_live_counts_and_a_link_to_fix_them(client, world, draft):

    org, who, py = draft.organization, world["aco-executive"], draft.cycle.agreement_start.year
    list_actions.load_registry(
        by=SYSTEM,
        records=[
            {"tin": "840000017", "legal_name": "Westside Primary Care Associates"},
            {"ccn": "365012", "legal_name": "Maple Grove Nursing Center"},
        ],
        source="test",
    )
    list_actions.add_row(
        by=who,
        aco=org,
        py=py,
        kind="participants",
        raw={"tin": "840000017", "legal_name": "Westside Primary Care Associates"},
    )
    list_actions.add_row(
        by=who, aco=org, py=py, kind="snf", raw={"ccn": "365012", "name": "Maple Grove Nursing Center", "stars": "4"}
    )
    client.force_login(world["aco-liaison"])  # may view, not edit: the counts show on the read-only page too
    page = client.get(reverse("application_section", args=[draft.pk, "participants"])).content.decode()
    assert 'data-testid="count-participants">1<' in page and 'data-testid="count-snf">1<' in page
    assert 'data-testid="count-providers">0<' in page
    assert "0 error findings and 2 warnings in all (2 missing agreements)" in page
    assert reverse("participant_list", args=["A1001"]) + f"?py={py}" in page
    client.force_login(who)
    response = client.post(
        reverse("application_section", args=[draft.pk, "participants"]), {"list_confirmed": "on"}, follow=True
    )
    detail = response.content.decode()
    assert "without a signed participant agreement" in detail and 'data-testid="complete-participants"' not in detail


def test_the_detail_page_names_the_window_when_an_action_is_blocked(client, world, draft):

    Phase.objects.filter(phase="phase1").update(
        opens=timezone.localdate() - dt.timedelta(days=30), closes=timezone.localdate() - dt.timedelta(days=1)
    )
    client.force_login(world["aco-executive"])
    page = client.get(reverse("application_detail", args=[draft.pk])).content.decode()
    assert "Phase 1 submission window" in page and "closed on" in page


def test_cycle_form_bad_dates_get_field_errors(client, world):
    client.force_login(world["cms-admin"])
    data = {"agreement_start": "2031-01-01", "noia_opens": "2030-05-01", "noia_closes": "2030-04-01"}
    response = client.post(reverse("cycle_create"), data)
    html = response.content.decode()
    assert "closes before it opens" in html and "This field is required" in html

    assert not Cycle.objects.filter(agreement_start="2031-01-01").exists()


def test_the_dashboard_and_queue_render_for_cms(client, world, draft):
    client.force_login(world["cms-analyst"])
    assert client.get(reverse("cycle_dashboard")).status_code == 200
    assert (
        client.get(reverse("review_queue"), {"status": "open", "reviewer": "none", "due_before": "bad"}).status_code
        == 200
    )


def test_the_executive_invites_contacts_by_contact_type(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["aco-executive"])
    url = reverse("aco_contact_add", args=["A1001"])
    response = client.post(
        url, {"first_name": "Mo", "last_name": "Director", "email": "not-an-email", "role": "medical_director"}
    )
    assert (
        "Enter a valid email address" in response.content.decode()
        and not User.objects.filter(last_name="Director").exists()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"first_name": "Mo", "last_name": "Director", "email": "mo@example.org", "role": "medical_director"}
        )
    assert (
        response.status_code == 302 and not User.objects.filter(email="mo@example.org").exists()
    )  # invited, not attached
    assert AuditEvent.objects.filter(action="invitation.send", actor=people["aco-executive"]).exists()
    link = _link(mail.outbox[-1], "invitation_accept")
    response = client.post(
        url, {"first_name": "X", "last_name": "Y", "email": "xy@example.org", "role": "cms_reviewer"}
    )
    assert "Select a valid choice" in response.content.decode()

    client.logout()
    response = client.post(link, {"username": "mo", "password": "a-long-enough-pass-2026"})
    assert response.status_code == 302 and response["Location"] == reverse("aco_home", args=["A1001"])
    mo = User.objects.get(email="mo@example.org")
    assert mo.roles_in(people["_orgs"]["aco_x"]) == {"medical_director"} and mo.check_password(
        "a-long-enough-pass-2026"
    )
    client.logout()
    assert "already accepted" in client.get(link).content.decode()  # one use only


def test_inviting_an_existing_or_cms_address_reveals_nothing_and_attaches_nobody(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people["aco-executive"])
    url = reverse("aco_contact_add", args=["A1001"])
    pages = []
    for email in ("cms-reviewer@example.org", "nobody-yet@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url, {"first_name": "R", "last_name": "R", "email": email, "role": "data_contact"}, follow=True
            )
        page = re.sub(
            r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode().replace(email, "EMAIL")
        )
        pages.append(re.sub(r'<ul class="usa-list" data-testid="pending-invitations">.*?</ul>', "", page, flags=re.S))
    assert pages[0] == pages[1] and "CMS staff" not in pages[0] and "is on its way to EMAIL" in pages[0]
    reviewer = people["cms-reviewer"]
    assert reviewer.roles_in(people["_orgs"]["aco_x"]) == set()
    link = _link(mail.outbox[0], "invitation_accept")
    client.force_login(reviewer)  # only the address's owner learns it cannot be used
    response = client.post(link)
    assert "CMS staff account cannot be an ACO contact" in response.content.decode()
    reviewer.refresh_memberships()
    assert reviewer.roles_in(people["_orgs"]["aco_x"]) == set()
    client.force_login(people["aco-data"])  # signed in with another address
    assert "another e-mail address" in client.post(link).content.decode()


def test_an_invited_person_with_an_account_accepts_after_logging_in(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["aco-executive"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("aco_contact_add", args=["A1001"]),
            {"first_name": "Drew", "last_name": "Data", "email": "aco-data@example.org", "role": "compliance_officer"},
        )
    link = _link(mail.outbox[-1], "invitation_accept")
    client.logout()
    assert (
        "already has an account"
        in client.post(link, {"username": "drew2", "password": "a-long-enough-pass-2026"}).content.decode()
    )
    client.force_login(people["aco-data"])
    assert client.post(link).status_code == 302
    people["aco-data"].refresh_memberships()
    assert "compliance_officer" in people["aco-data"].roles_in(people["_orgs"]["aco_x"])


def test_a_contact_attached_without_a_password_sets_one_through_an_invitation(
    client, people, django_capture_on_commit_callbacks
):
    legacy = User(username="old-contact", email="old@example.org", first_name="Old", last_name="Contact")
    legacy.set_unusable_password()  # how contacts were attached before invitations: they could never log in
    legacy.save()
    client.force_login(people["aco-executive"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("aco_contact_add", args=["A1001"]),
            {"first_name": "Old", "last_name": "Contact", "email": "old@example.org", "role": "data_contact"},
        )
    link = _link(mail.outbox[-1], "invitation_accept")
    client.logout()
    assert client.post(link, {"username": "", "password": "a-long-enough-pass-2026"}).status_code == 302
    legacy.refresh_from_db()
    assert legacy.check_password("a-long-enough-pass-2026") and legacy.roles_in(people["_orgs"]["aco_x"]) == {
        "data_contact"
    }
    assert User.objects.filter(email="old@example.org").count() == 1

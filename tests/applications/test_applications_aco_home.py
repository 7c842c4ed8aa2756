"""The ACO home tells each contact what they must do next, shows how far the draft is ("7 of 10 sections
complete") with a link to the next section; CMS reads the same ACO as CMS: whose move each case waits on."""

from django.core.files.base import ContentFile
from django.urls import reverse

from acoms.applications import actions
from acoms.applications.demo import PDF, complete_answers, enter_participant_list


def _fill_every_section(app, editor, level="C"):
    """Every section but the signature (test set-up through the actions, as the demo does)."""
    enter_participant_list(app.organization, editor=editor, py=app.cycle.agreement_start.year)
    for key, answers in complete_answers(app.organization, level).items():
        doc = ContentFile(PDF, name="instrument.pdf") if key == "repayment" else None
        actions.save_section(by=editor, application=app, key=key, data=answers, document=doc)
    app.refresh_from_db()


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("aco_home", args=["A1001"]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_draft_shows_its_progress_and_the_first_section_to_fill_in(client, world, draft):
    page = _home(client, world["aco-application"])
    # 10 sections; only the repayment mechanism is complete, as "not required" until a two-sided level is chosen
    assert 'data-testid="progress-count">1 of 10 sections complete<' in page
    assert "Finish your Test cycle application: 8 sections to complete" in page
    assert reverse("application_section", args=[draft.pk, "identity"]) in page
    assert "Next section: ACO identity and legal structure" in page


def test_when_only_the_signature_is_left_the_signer_is_told_to_sign_and_the_others_to_ask(client, world, draft):
    _fill_every_section(draft, world["aco-executive"])
    signer = _home(client, world["aco-signer"])
    assert "Sign the application: every other section of your Test cycle application is complete" in signer
    assert 'data-testid="progress-count">9 of 10 sections complete<' in signer
    assert "Next section: Electronic signature" in signer
    other = _home(client, world["aco-application"])
    assert "Ask your Authorized to Sign contact to sign your Test cycle application" in other
    assert "Sign the application:" not in other
    medical = _home(client, world["aco-medical"])  # a contact who does not prepare applications has no to-do
    assert "Finish your" not in medical and "Sign the application" not in medical


def test_once_signed_every_editor_is_told_to_submit(client, world, draft):
    _fill_every_section(draft, world["aco-executive"])
    actions.sign_application(by=world["aco-signer"], application=draft, typed_name="Sam Signer")
    page = _home(client, world["aco-application"])
    assert "Submit your Test cycle application: every section is complete and signed" in page
    assert 'data-testid="progress-count">10 of 10 sections complete<' in page and "Next section" not in page


def test_cms_reads_the_aco_as_cms(client, world, draft):
    _fill_every_section(draft, world["aco-executive"])
    actions.sign_application(by=world["aco-signer"], application=draft, typed_name="Sam Signer")
    actions.submit(by=world["aco-executive"], application=draft)
    page = _home(client, world["cms-reviewer"])
    assert 'data-testid="aco-cases"' in page and "Needs your attention" not in page
    assert "<strong>CMS</strong>: Assign a reviewer" in page  # in review without a reviewer
    assert "<strong>the ACO</strong>: Submit Phase 2" in page  # the Phase 2 window is open too
    assert reverse("participant_list", args=["A1001"]) in page and reverse("aco_applications", args=["A1001"]) in page
    assert "aco-executive@example.org" in page  # the contacts

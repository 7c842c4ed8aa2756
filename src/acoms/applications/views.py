"""Pages of applications and review. Views validate input and call actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from acoms.accounts import actions as account_actions
from acoms.accounts.models import Invitation, Membership
from acoms.accounts.roles import Right, check
from acoms.audit.events import client_ip
from acoms.lib.formats import counted
from acoms.web import feedback
from acoms.web.access import aco_for, login_required_view, require_right
from acoms.web.downloads import table_response, wanted_format

from . import actions, dashboard, eligibility, forms, history, letters, participant_lists, rendering, sections, workflow
from .models import Application, Cycle, Document, Noia, SectionReview
from .parameters import named
from .windows import PHASE_LABELS, PHASES, current_phases, today

S = Application.Status


def _application(request, pk, right=None):
    """The application if the user may see it (another ACO's application is not found) and, given a right, holds
    that right for it (else 403)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    app = get_object_or_404(
        Application.objects.for_user(request.user).select_related("organization", "cycle", "reviewer"), pk=pk
    )
    if right is not None and not check(request.user, right, app.organization):
        raise PermissionDenied
    return app


def _link(request, name):
    return lambda token: request.build_absolute_uri(reverse(name, args=[token]))


def register(request):
    """A new ACO signs up. The page answers the same whatever exists ("check your e-mail"); the
    account and the ACO are made when the person opens the e-mailed link (register_confirm)."""
    form = forms.RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_actions.request_registration(
                details=form.cleaned_data, ip=client_ip(request), link=_link(request, "aco_register_confirm")
            )
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            return render(request, "applications/register_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "applications/register.html", {"form": form})


def register_confirm(request, token):
    """The e-mailed link: the person sets their password, and the account and the ACO are made."""
    try:
        details = account_actions.registration_details(token)
    except ValidationError as error:
        return render(request, "applications/link_refused.html", {"message": " ".join(error.messages)})
    form = forms.ConfirmRegistrationForm(
        request.POST or None, initial={"username": details["username"]}, details=details
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, org = account_actions.confirm_registration(
                token=token, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"{org.name} is registered with ACO ID {org.aco_id}.")
            return redirect("aco_applications", aco_id=org.aco_id)
    return render(request, "applications/register_confirm.html", {"form": form, "details": details})


@login_required_view
def aco_contact_add(request, aco_id):
    """Invite a contact of a given contact type to the ACO (its Executive or Authorized to Sign).
    The page says the same whatever the address: it never tells whether it has an account."""
    aco = aco_for(request, aco_id, Right.MANAGE_CONTACTS)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        account_actions.invite_contact(
            by=request.user,
            organization=aco,
            email=d["email"],
            first_name=d["first_name"],
            last_name=d["last_name"],
            role=d["role"],
            link=_link(request, "invitation_accept"),
        )
        messages.success(
            request,
            f"An invitation to be {dict(form.fields['role'].choices)[d['role']]} is on its way to "
            f"{d['email']}. {d['first_name']} becomes a contact on accepting it.",
        )
        return redirect("aco_contact_add", aco_id=aco.aco_id)
    contacts = Membership.objects.filter(organization=aco, active=True).select_related("user").order_by("role")
    pending = Invitation.objects.filter(organization=aco, accepted_at__isnull=True, expires_at__gte=timezone.now())
    return render(
        request, "applications/contacts.html", {"aco": aco, "form": form, "contacts": contacts, "pending": pending}
    )


def invitation_accept(request, token):
    """The invitation link: accept with the account signed in, or make one (user name and password)."""
    try:
        invitation = account_actions.open_invitation(token)
    except ValidationError as error:
        return render(request, "applications/link_refused.html", {"message": " ".join(error.messages)})
    user = request.user if request.user.is_authenticated else None
    form = None if user else forms.AcceptInvitationForm(request.POST or None, invitation=invitation)
    problem = None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            accepted = account_actions.accept_invitation(
                token=token,
                user=user,
                username=form.cleaned_data["username"] if form else "",
                password=form.cleaned_data["password"] if form else "",
            )
        except ValidationError as error:
            if form is not None and hasattr(error, "error_dict"):
                feedback.errors_onto(form, error)
            else:
                problem = " ".join(error.messages)
        else:
            if user is None:
                login(request, accepted, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"You are now {invitation.get_role_display()} of {invitation.organization.name}.")
            return redirect("aco_home", aco_id=invitation.organization.aco_id)
    return render(request, "applications/invitation.html", {"invitation": invitation, "form": form, "problem": problem})


def _cycles_for_aco(aco):
    on = today()
    rows = []
    for cycle in Cycle.objects.prefetch_related("phases"):
        phases = current_phases(cycle, on)
        last = max((p.closes for p in cycle.phases.all()), default=None)
        if last is not None and last < on:
            continue
        rows.append(
            {
                "cycle": cycle,
                "open": [PHASE_LABELS[p] for p in phases],
                "phases": cycle.phases.all(),
                "noia": Noia.objects.filter(organization=aco, cycle=cycle).first(),
                "application": Application.objects.filter(organization=aco, cycle=cycle)
                .exclude(status=S.WITHDRAWN)
                .first(),
                "expected_type": actions.determined_type(aco, cycle),
                # one page holds a form per cycle: each needs ids of its own
                "noia_form": forms.NoiaForm(auto_id=f"id_noia_{cycle.pk}_%s"),
                "start_form": forms.StartForm(auto_id=f"id_start_{cycle.pk}_%s"),
            }
        )
    return rows


@login_required_view
def aco_applications(request, aco_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    return render(
        request,
        "applications/aco_applications.html",
        {
            "aco": aco,
            "cycles": _cycles_for_aco(aco),
            "can_edit": check(request.user, Right.EDIT_APPLICATION, aco),
            "applications": Application.objects.filter(organization=aco).select_related("cycle"),
            "agreements": aco.agreements.all(),
            "can_manage_contacts": check(request.user, Right.MANAGE_CONTACTS, aco),
        },
    )


@login_required_view
@require_POST
def noia_submit(request, aco_id, cycle_id):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    form = forms.NoiaForm(request.POST)
    with feedback.refusal_as_message(request):
        if not form.is_valid():
            raise ValidationError({"app_type": ["Choose the type of application you intend to submit."]})
        actions.submit_noia(by=request.user, organization=aco, cycle=cycle, app_type=form.cleaned_data["app_type"])
        messages.success(request, f"Your Notice of Intent to Apply for the {cycle} cycle is submitted.")
    return redirect("aco_applications", aco_id=aco.aco_id)


@login_required_view
@require_POST
def noia_withdraw(request, aco_id, noia_id):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    noia = get_object_or_404(Noia, pk=noia_id, organization=aco)
    with feedback.refusal_as_message(request):
        actions.withdraw_noia(by=request.user, noia=noia)
        messages.success(request, "The Notice of Intent to Apply is withdrawn.")
    return redirect("aco_applications", aco_id=aco.aco_id)


@login_required_view
@require_POST
def application_start(request, aco_id, cycle_id):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    form = forms.StartForm(request.POST)
    with feedback.refusal_as_message(request):
        if not form.is_valid():
            raise ValidationError({"app_type": ["Choose an application type."]})
        app = actions.start_application(
            by=request.user, organization=aco, cycle=cycle, app_type=form.cleaned_data["app_type"]
        )
        messages.success(request, "Your application is started. Complete each section, then sign and submit.")
        return redirect("application_detail", pk=app.pk)
    return redirect("aco_applications", aco_id=aco.aco_id)


def _rfi_rows(app, rfis):
    """Each RFI with its deficiencies by section title and, once answered, what the ACO changed."""
    rows = []
    for rfi in rfis:
        rows.append(
            {
                "rfi": rfi,
                "deficiencies": [(sections.BY_KEY.get(d.section), d) for d in rfi.deficiencies.all()],
                "changes": rendering.changed_sections(app, rfi.answers_at_issue, rfi.answers_at_response)
                if rfi.answers_at_response is not None
                else None,
            }
        )
    return rows


def _findings(app):
    rows = SectionReview.objects.filter(application=app).select_related("reviewed_by", "resolved_by_rfi")
    return [(sections.BY_KEY.get(r.section), r) for r in rows]


@login_required_view
def application_detail(request, pk):
    app = _application(request, pk)
    user = request.user
    is_cms = check(user, Right.VIEW_PROGRAM)
    available = workflow.available(app, user)
    blocked = [
        (t, workflow.refusal(app, t.action, user))
        for t in workflow.TRANSITIONS
        if t.source == app.status and t not in available and check(user, t.right, app.organization)
    ]
    reviews = {r.section: r for r in app.section_reviews.order_by("round", "id")} if is_cms else {}
    section_rows = sections.status(app)
    editable = actions.editable_sections(app, user)
    for row in section_rows:
        row["review"] = reviews.get(row["key"])
        row["editable"] = row["key"] in editable
    return render(
        request,
        "applications/application_detail.html",
        {
            "app": app,
            "sections": section_rows,
            "available": available,
            "blocked": blocked,
            "is_cms": is_cms,
            "incomplete": sections.incomplete(app),
            "can_sign": check(user, Right.SIGN, app.organization) and app.status == S.DRAFT,
            "sign_form": forms.SignForm(),
            "rfis": _rfi_rows(app, app.rfis.prefetch_related("deficiencies", "documents")),
            "documents": app.documents.all(),
            "timeline": history.timeline(app),
            "status_sentence": workflow.status_sentence(app),
            "answers": rendering.render_all(app, user) if is_cms or app.status != S.DRAFT else None,
            "findings": _findings(app) if is_cms else None,
            "assign_form": forms.AssignForm(initial={"reviewer": app.reviewer_id})
            if check(user, Right.ASSIGN_REVIEWERS)
            else None,
            "review_form": forms.SectionReviewForm() if workflow.assigned_reviewer_only(app, user) is None else None,
            "letter": app.decided_at is not None and app.status in letters.LETTER_STATES,
            "reconsideration_deadline": workflow.reconsideration_deadline(app),
            "reconsideration_days": named("program")["reconsideration_days"],
            "participant_list_url": sections.participant_list_url(app),
            "repayment": sections.required_repayment(app),
        },
    )


def _section_context(app, key, form, formset=None, saved_problems=None, user=None):
    return {
        "app": app,
        "section": sections.BY_KEY[key],
        "form": form,
        "formset": formset,
        "rendered": rendering.render(
            app, key, sections.answers_for(app, user).get(key), rendering.documents_of(app, key)
        )
        if user is not None
        else None,
        "problems": sections.problems(app, key) if saved_problems is None else saved_problems,
        "options": sections.participation_options(app) if key == "participation" else None,
        "option_labels": [eligibility.level_label(c) for c in sections.participation_options(app).levels]
        if key == "participation"
        else None,
        "repayment": sections.required_repayment(app) if key == "repayment" else None,
        "repayment_needed": sections._repayment_needed(app) if key == "repayment" else None,
        "documents": app.documents.filter(kind="repayment") if key == "repayment" else None,
        "participant_list_url": sections.participant_list_url(app),
        "lists": participant_lists.summary(app) if key in ("participants", "addons") else None,
        "keys": sections.SECTION_KEYS,
    }


def _bind_section(app, key, request):
    form = sections.make_form(app, key, data=request.POST, files=request.FILES)
    formset = sections.member_formset(app, data=request.POST) if key == "governance" else None
    valid = form.is_valid() & (formset.is_valid() if formset is not None else True)
    data = None
    if valid:
        data = sections.to_json(form.cleaned_data)
        if formset is not None:
            data["members"] = [
                sections.to_json(f.cleaned_data)
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
    return form, formset, data


@login_required_view
def application_section(request, pk, key):
    app = _application(request, pk)
    if key not in sections.BY_KEY or key == "signature":
        raise Http404
    editable = key in actions.editable_sections(app, request.user)
    if request.method == "POST" and not editable:
        if not (
            check(request.user, Right.EDIT_APPLICATION, app.organization)
            or check(request.user, Right.RESPOND_RFI, app.organization)
        ):
            raise PermissionDenied
        messages.error(
            request,
            f"{sections.BY_KEY[key].title} cannot be changed while the application is {app.get_status_display().lower()}.",
        )
        return redirect("application_detail", pk=app.pk)
    if request.method == "POST" and "draft" in request.POST:
        return _save_draft(request, app, key)
    if request.method == "POST":
        form, formset, data = _bind_section(app, key, request)
        if data is not None:
            try:
                actions.save_section(
                    by=request.user, application=app, key=key, data=data, document=form.cleaned_data.get("document")
                )
            except ValidationError as error:
                feedback.errors_onto(form, error)
            else:
                app.refresh_from_db()
                messages.success(
                    request,
                    f"Your answers on {sections.BY_KEY[key].title} are saved."
                    + (
                        " The section is complete."
                        if not sections.problems(app, key)
                        else " The section is not complete yet."
                    ),
                )
                return redirect("application_detail", pk=app.pk)
        return render(request, "applications/section.html", _section_context(app, key, form, formset))
    if not editable:
        return render(
            request,
            "applications/section.html",
            {**_section_context(app, key, None, user=request.user), "read_only": True},
        )
    formset = sections.member_formset(app) if key == "governance" else None
    return render(
        request,
        "applications/section.html",
        _section_context(app, key, _stored_form(app, key, request.user), formset),
    )


def _stored_form(app, key, user):
    """The section's form with its stored answers; a half-done (draft) section's form is bound to them,
    so each answer that does not validate shows its error next to its field."""
    form = sections.make_form(app, key, user=user)
    answers = app.section(key)
    if not answers or not sections.problems(app, key):
        return form
    data = sections.as_form_data({k: v for k, v in form.initial.items() if k in form.fields})
    bound = sections.make_form(app, key, data=data, user=user)
    return bound if bound.errors else form


def _save_draft(request, app, key):
    """Save what the form holds, valid or not, and stay on the section (it stays incomplete)."""
    form = sections.make_form(app, key, data=request.POST, files=request.FILES)
    data = sections.draft_answers(form)
    if key == "governance":
        data["members"] = sections.draft_members(sections.member_formset(app, data=request.POST))
    document = form.cleaned_data.get("document") if hasattr(form, "cleaned_data") else None
    try:
        actions.save_section(by=request.user, application=app, key=key, data=data, document=document, draft=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("application_detail", pk=app.pk)
    app.refresh_from_db()
    left = sections.problems(app, key)
    messages.success(
        request,
        f"{sections.BY_KEY[key].title}: draft saved."
        + (
            f" {counted(len(left), 'problem')} to fix before the section is complete." if left else " Section complete."
        ),
    )
    return redirect("application_section", pk=app.pk, key=key)


@login_required_view
@require_POST
def application_section_check(request, pk, key):
    """Live validation (htmx): the problems the posted answers would have; saves nothing."""
    app = _application(request, pk)
    if key not in sections.BY_KEY or key == "signature":
        raise Http404
    if key not in actions.editable_sections(app, request.user):
        raise PermissionDenied
    form, formset, data = _bind_section(app, key, request)
    found = []
    if data is None:
        found = [
            f"{form.fields[n].label if n in form.fields else 'Answer'}: {e}"
            for n, errs in form.errors.items()
            for e in errs
        ]
        if formset is not None and not formset.is_valid():
            found.append("Some governing body members have missing or invalid answers.")
    else:
        checked = dict(data, _document_uploaded=bool(form.cleaned_data.get("document"))) if key == "repayment" else data
        found = sections.problems(app, key, checked)
    fields = [form, *(formset.forms if formset is not None and formset.management_form.is_valid() else [])]
    return render(
        request,
        "applications/section_check.html",
        {
            "problems": found,
            "checked": True,
            "app": app,
            "repayment": sections.required_repayment(app, data) if key == "repayment" and data else None,
            "live_fields": [(b, b.data not in (None, "", [], False)) for f in fields for b in f if not b.is_hidden],
        },
    )


@login_required_view
@require_POST
def application_sign(request, pk):
    app = _application(request, pk, Right.SIGN)
    form = forms.SignForm(request.POST)
    if form.is_valid():
        with feedback.refusal_as_message(request):
            actions.sign_application(by=request.user, application=app, typed_name=form.cleaned_data["typed_name"])
            messages.success(request, "The application is signed. It can now be submitted.")
    else:
        messages.error(request, "To sign, type your full name and tick the consent box.")
    return redirect("application_detail", pk=app.pk)


CONTEXT_RFI = {"resolve_rfi", "close_overdue_rfi", "recommend", "approve", "deny", "return_to_review"}
CONTEXT_FINDINGS = {"issue_rfi", "resolve_rfi", "recommend", "approve", "deny", "return_to_review"}


@login_required_view
def application_action(request, pk, action):
    app = _application(request, pk)
    step = workflow.STEPS.get(action)
    if step is None:
        raise Http404
    if not check(request.user, step.right, app.organization):
        raise PermissionDenied
    refusal = workflow.refusal(app, action, request.user)
    posted = request.method == "POST"
    form = step.form.bind(app, (request.POST or None) if posted else None, (request.FILES or None) if posted else None)
    if posted and refusal is None and form.is_valid():
        try:
            actions.perform(action, by=request.user, application=app, **form.inputs())
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            app.refresh_from_db()
            messages.success(request, f"{step.event.label}. {workflow.status_sentence(app)}")
            return redirect("application_detail", pk=app.pk)
    rfi = app.open_rfi()
    latest = app.rfis.prefetch_related("deficiencies", "documents").order_by("-round").first()
    editable = actions.editable_sections(app, request.user) if action == "respond_rfi" else set()
    return render(
        request,
        "applications/action.html",
        {
            "app": app,
            "action": action,
            "transition": step,
            "form": form,
            "refusal": refusal,
            "rfi": rfi,
            "editable": [sections.BY_KEY[k] for k in sections.SECTION_KEYS if k in editable],
            "recommendation": app.recommendation,
            "status_sentence": workflow.status_sentence(app),
            "context_rfi": _rfi_rows(app, [latest])[0] if latest and action in CONTEXT_RFI else None,
            "findings": _findings(app) if action in CONTEXT_FINDINGS else None,
            "incomplete": sections.incomplete(app, exclude=()) if action == "submit" else None,
            "lists": participant_lists.summary(app) if action == "submit_phase2" else None,
            "lists_problems": actions.phase2_problems(app) if action == "submit_phase2" else None,
        },
    )


@login_required_view
@require_POST
def application_assign(request, pk):
    app = _application(request, pk, Right.ASSIGN_REVIEWERS)
    form = forms.AssignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reviewer": ["Choose a CMS Reviewer."]})
        actions.assign_reviewer(by=request.user, application=app, reviewer=form.cleaned_data["reviewer"])
        reviewer = form.cleaned_data["reviewer"]
        messages.success(
            request, f"{reviewer.get_full_name() or reviewer.get_username()} is now the reviewer of this application."
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("application_detail", pk=app.pk)


@login_required_view
@require_POST
def application_review_section(request, pk):
    app = _application(request, pk, Right.REVIEW)
    form = forms.SectionReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"section": ["Choose a section and a finding."]})
        d = form.cleaned_data
        actions.review_section(
            by=request.user, application=app, key=d["section"], acceptable=d["acceptable"], note=d["note"]
        )
        messages.success(
            request,
            f"Your finding on {sections.BY_KEY[d['section']].title} is recorded: "
            + ("acceptable." if d["acceptable"] else "deficient."),
        )
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or "Only the assigned reviewer records findings.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("application_detail", args=[app.pk]) + "#checklist")


@login_required_view
def application_letter(request, pk):
    app = _application(request, pk)
    try:
        pdf = letters.decision_letter(app)
    except ValueError as error:
        raise Http404("There is no decision letter yet.") from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-letter-{app.organization.aco_id}-{app.pk}.pdf"'
    return response


@login_required_view
def document_download(request, pk, doc_id):
    app = _application(request, pk)
    doc = get_object_or_404(Document, pk=doc_id, application=app)
    response = HttpResponse(doc.file.open("rb").read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{doc.name}"'
    return response


@require_right(Right.VIEW_PROGRAM)
def cycle_list(request):
    cycles = Cycle.objects.prefetch_related("phases")
    return render(
        request,
        "applications/cycle_list.html",
        {"cycles": cycles, "can_admin": check(request.user, Right.ADMINISTER), "phase_labels": PHASE_LABELS},
    )


@require_right(Right.ADMINISTER)
def cycle_edit(request, cycle_id=None):
    cycle = get_object_or_404(Cycle, pk=cycle_id) if cycle_id else None
    initial = {}
    if cycle:
        initial = {"agreement_start": cycle.agreement_start, "name": cycle.name}
        for p in cycle.phases.all():
            initial[f"{p.phase}_opens"], initial[f"{p.phase}_closes"] = p.opens, p.closes
    form = forms.CycleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_cycle(
                by=request.user,
                agreement_start=form.cleaned_data["agreement_start"],
                name=form.cleaned_data["name"],
                windows=form.windows(),
                cycle=cycle,
            )
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            messages.success(request, f"Cycle {saved} saved.")
            return redirect("cycle_list")
    rows = [(label, form[f"{p}_opens"], form[f"{p}_closes"]) for p, label in PHASES]
    return render(request, "applications/cycle_form.html", {"form": form, "cycle": cycle, "rows": rows})


@require_right(Right.VIEW_PROGRAM)
def cycle_dashboard(request, cycle_id=None):
    cycle = get_object_or_404(Cycle, pk=cycle_id) if cycle_id else dashboard.current_cycle()
    return render(
        request,
        "applications/dashboard.html",
        {"cycle": cycle, "cycles": Cycle.objects.all(), **(dashboard.build(cycle) if cycle else {})},
    )


@require_right(Right.VIEW_PROGRAM)
def cycle_dashboard_download(request, cycle_id, table):
    """One table of the cycle dashboard as CSV or XLSX."""
    cycle = get_object_or_404(Cycle, pk=cycle_id)
    tables = dashboard.tables(cycle)
    if table not in tables:
        raise Http404("No such table on the dashboard.")
    title, header, rows = tables[table]
    return table_response(wanted_format(request), f"{table}-{cycle.agreement_start:%Y}", title, header, rows)

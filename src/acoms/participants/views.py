"""Participant list pages: the lists by performance year, upload with row-by-row findings, typed
rows with live validation (htmx), agreements, change requests, certification, estimates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from acoms.accounts.roles import Right
from acoms.lib import spreadsheets
from acoms.participants import actions, estimate_chart, exports, registry_table, validation, years
from acoms.participants.context import context_for
from acoms.participants.forms import (
    AgreementForm,
    CertifyForm,
    ChangeRequestForm,
    ChangeWindowForm,
    DecisionForm,
    RegistryForm,
    RowForm,
    UploadForm,
)
from acoms.participants.layouts import LAYOUTS
from acoms.participants.limits import limit_body
from acoms.participants.models import (
    LIST_MODELS,
    AgreementDocument,
    Certification,
    ChangeRequest,
    ChangeWindow,
    EnrollmentRecord,
    EstimateRun,
    Upload,
)
from acoms.participants.reader import MAX_UPLOAD_BYTES, UploadError, read_upload
from acoms.participants.reference import MINIMUM_ASSIGNED
from acoms.participants.registry import MAX_REGISTRY_BYTES, read_registry_csv
from acoms.web import feedback
from acoms.web.access import aco_for, login_required_view, require_right
from acoms.web.downloads import table_response, wanted_format

PROVIDERS_PER_PAGE = 100
limit_body("participant_upload", MAX_UPLOAD_BYTES, "a participant list file")
limit_body("participant_agreement_add", actions.MAX_AGREEMENT_BYTES, "an agreement")
limit_body("participant_registry", MAX_REGISTRY_BYTES, "an enrollment reference file")
FINDINGS_PER_PAGE = 200


def default_py() -> int:
    window = actions.open_window()
    return window.py if window else timezone.localdate().year + 1


def _py(request) -> int:
    """The year a page shows: ?py= when it is a year at all (any year may be looked at), else the default."""
    value = _asked_py(request)
    if not value:
        return default_py()
    try:
        return years.parse_py(value)
    except ValidationError:
        return default_py()


def _asked_py(request) -> str:
    """The year a write names, as sent: the action checks it (`years.check_py`) and says what is wrong."""
    return (request.GET.get("py") or request.POST.get("py") or "").strip()


def _year_write(request, aco_id):
    """For a write to a whole year's lists: the ACO (its editors only), the year the page shows, and the year the
    write names (as sent, else the page's; the action checks it)."""
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    py = _py(request)
    return aco, py, _asked_py(request) or py


def _list_url(aco, py) -> str:
    return reverse("participant_list", args=[aco.aco_id]) + f"?py={py}"


def _page(request, aco, py, status=200, **extra):
    user = request.user
    certification = Certification.objects.filter(organization=aco, py=py).first()
    can_edit = user.has_right(Right.EDIT_APPLICATION, aco) and certification is None
    lists = {kind: actions.entries(aco, py, kind) for kind in LAYOUTS}
    agreements = set(AgreementDocument.objects.filter(organization=aco).values_list("identifier", flat=True))
    actions.fail_abandoned_estimates(aco)
    previous = actions.entries(aco, py - 1, "participants").count() if can_edit else 0
    carry_from = {"py": py - 1, "count": previous} if previous and not lists["participants"].exists() else None
    providers = Paginator(lists["providers"], PROVIDERS_PER_PAGE).get_page(request.GET.get("page"))
    provider_pages = list(providers.paginator.get_elided_page_range(providers.number, on_each_side=2, on_ends=1))
    context = {
        "aco": aco,
        "py": py,
        "years": sorted({py - 1, py, py + 1}),
        "layouts": LAYOUTS,
        "participants": lists["participants"],
        "providers": providers,
        "provider_pages": provider_pages,
        "provider_count": providers.paginator.count,
        "snfs": lists["snf"],
        "agreements": agreements,
        "certification": certification,
        "can_edit": can_edit,
        "carry_from": carry_from,
        "can_sign": user.has_right(Right.SIGN, aco),
        "uploads": Upload.objects.filter(organization=aco, py=py)[:5],
        "estimate": EstimateRun.objects.filter(organization=aco, py=py).first(),
        "window": actions.open_window(),
        "upload_form": extra.pop("upload_form", None) or UploadForm(),
        "row_form": extra.pop("row_form", None) or RowForm(initial={"kind": "participants"}),
        "agreement_form": extra.pop("agreement_form", None) or AgreementForm(),
        **extra,
    }
    return render(request, "participants/list.html", context, status=status)


@login_required_view
def participant_list(request, aco_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    return _page(request, aco, _py(request))


@login_required_view
@require_POST
def upload(request, aco_id):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    py = _py(request)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            data = file.read(MAX_UPLOAD_BYTES + 1)
            parsed = read_upload(data, file.name, size=file.size)
            result = actions.save_list(
                by=request.user, aco=aco, py=_asked_py(request) or py, parsed=parsed, filename=file.name, data=data
            )
        except UploadError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            _write_refused(request, form, error)
        else:
            return redirect("participant_upload_detail", aco_id=aco.aco_id, upload_id=result.pk)
    return _page(request, aco, py, upload_form=form)


@login_required_view
def upload_detail(request, aco_id, upload_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    result = get_object_or_404(Upload, organization=aco, pk=upload_id)
    findings = Paginator(result.findings, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    total = result.counts.get("errors", 0) + result.counts.get("warnings", 0)
    return render(
        request,
        "participants/upload_detail.html",
        {
            "aco": aco,
            "upload": result,
            "layout": LAYOUTS[result.kind],
            "findings": findings,
            "pages": list(findings.paginator.get_elided_page_range(findings.number, on_each_side=2, on_ends=1)),
            "by_code": list(result.counts.get("findings_by_code", {}).items()),
            "total_findings": total,
            "stored_findings": len(result.findings),
            "capped": total > len(result.findings),
        },
    )


@login_required_view
def upload_report(request, aco_id, upload_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    result = get_object_or_404(Upload, organization=aco, pk=upload_id)
    file = spreadsheets.xlsx_file({"Findings": (exports.FINDING_HEADER, exports.findings_rows(result.findings))})
    return FileResponse(
        file,
        as_attachment=True,
        content_type=spreadsheets.XLSX_TYPE,
        filename=f"{aco.aco_id}-PY{result.py}-{result.kind}-findings.xlsx",
    )


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _row_form_report(request, aco, py):
    form = RowForm(request.POST)
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data["kind"]


@login_required_view
@require_POST
def row_check(request, aco_id):
    """Live validation of the row being typed (htmx): findings only, nothing saved."""
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    py = _py(request)
    form, kind = _row_form_report(request, aco, py)
    report = validation.validate_one(kind, form.raw(), context_for(aco, py, kind)) if kind else None
    return render(request, "participants/_row_findings.html", {"report": report, "form": form, "checked": True})


@login_required_view
@require_POST
def row_add(request, aco_id):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    py = _py(request)
    form, kind = _row_form_report(request, aco, py)
    if kind is None:
        return _page(request, aco, py, row_form=form)
    try:
        report = actions.add_row(by=request.user, aco=aco, py=_asked_py(request) or py, kind=kind, raw=form.raw())
    except ValidationError as error:
        _write_refused(request, form, error)
        return _page(request, aco, py, row_form=form)
    if report.rejected:
        return _page(request, aco, py, row_form=form, row_report=report)
    messages.success(request, f"The row is on the PY{py} {LAYOUTS[kind].title} list.")
    return redirect(_list_url(aco, py))


@login_required_view
@require_POST
def row_remove(request, aco_id, kind, entry_id):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    if kind not in LIST_MODELS:
        raise Http404
    entry = get_object_or_404(LIST_MODELS[kind], organization=aco, pk=entry_id)
    py = entry.py
    with feedback.refusal_as_message(request):
        actions.remove_row(by=request.user, entry=entry, py=_asked_py(request) or py)
        messages.success(request, f"{entry} is off the PY{py} list.")
    return redirect(_list_url(aco, py))


@login_required_view
@require_POST
def carry_forward(request, aco_id):
    """Start a year's lists from the year before, each row validated again for the new year."""
    aco, py, asked = _year_write(request, aco_id)
    with feedback.refusal_as_message(request):
        uploads = actions.carry_forward(by=request.user, aco=aco, py=asked)
        for result in uploads:
            rejected = result.counts["rejected"]
            text = f"{LAYOUTS[result.kind].title}: {result.counts['added']} row(s) carried to PY{result.py}" + (
                f"; {rejected} not carried (see the report)." if rejected else "."
            )
            (messages.warning if rejected else messages.success)(request, text)
    return redirect(_list_url(aco, py))


@login_required_view
@require_POST
def agreement_add(request, aco_id):
    aco = aco_for(request, aco_id, Right.EDIT_APPLICATION)
    py = _py(request)
    form = AgreementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            doc = actions.attach_agreement(
                by=request.user, aco=aco, identifier=form.cleaned_data["identifier"], upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            messages.success(request, f"The agreement for {doc.identifier} is attached.")
            return redirect(_list_url(aco, py))
    return _page(request, aco, py, agreement_form=form)


@login_required_view
def template_download(request, kind):
    if kind not in LAYOUTS:
        raise Http404
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    body = exports.template(kind, fmt)
    return _download(body, "text/csv" if fmt == "csv" else spreadsheets.XLSX_TYPE, f"participant-template-{kind}.{fmt}")


@login_required_view
def list_export(request, aco_id, kind):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    if kind not in LAYOUTS:
        raise Http404
    py = _py(request)
    header, rows = exports.list_rows(kind, [e.as_row() for e in actions.entries(aco, py, kind)])
    return table_response(wanted_format(request), f"{aco.aco_id}-PY{py}-{kind}", LAYOUTS[kind].title, header, rows)


@login_required_view
def certify(request, aco_id):
    aco = aco_for(request, aco_id, Right.SIGN)
    py = _py(request)
    form = CertifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.certify(by=request.user, aco=aco, py=_asked_py(request) or py, attest=True)
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            messages.success(request, f"The PY{py} lists are certified.")
            return redirect("participant_certification", aco_id=aco.aco_id, py=py)
    return render(
        request,
        "participants/certify.html",
        {
            "aco": aco,
            "py": py,
            "form": form,
            "blockers": actions.certification_blockers(aco, py),
            "rows": actions.snapshot_rows(aco, py),
            "certification": Certification.objects.filter(organization=aco, py=py).first(),
        },
    )


@login_required_view
def certification(request, aco_id, py):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    if not years.FIRST_PY <= py <= years.LARGEST_YEAR:  # a path integer can be any size
        raise Http404
    cert = get_object_or_404(Certification, organization=aco, py=py)
    return render(request, "participants/certification.html", {"aco": aco, "cert": cert})


@login_required_view
def changes(request, aco_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    form = ChangeRequestForm(request.POST or None, initial={"kind": "participants", "action": "add"})
    if request.method == "POST":
        if not request.user.has_right(Right.EDIT_APPLICATION, aco):
            raise PermissionDenied
        if form.is_valid():
            try:
                change = actions.request_change(
                    by=request.user,
                    aco=aco,
                    kind=form.cleaned_data["kind"],
                    action=form.cleaned_data["action"],
                    raw=form.raw(),
                )
            except ValidationError as error:
                feedback.errors_onto(form, error)
            else:
                messages.success(request, f"Requested: {change}.")
                return redirect("participant_changes", aco_id=aco.aco_id)
    return render(
        request,
        "participants/changes.html",
        {
            "aco": aco,
            "form": form,
            "window": actions.open_window(),
            "can_edit": request.user.has_right(Right.EDIT_APPLICATION, aco),
            "requests": ChangeRequest.objects.filter(organization=aco).select_related("decided_by"),
        },
    )


@login_required_view
def change_queue(request):
    if not request.user.is_cms_staff:
        raise PermissionDenied
    pending = ChangeRequest.objects.filter(status="pending").select_related("organization").order_by("requested_at")
    decided = ChangeRequest.objects.exclude(status="pending").select_related("organization")[:50]
    return render(
        request,
        "participants/change_queue.html",
        {
            "pending": pending,
            "decided": decided,
            "can_decide": request.user.has_right(Right.DECIDE),
            "form": DecisionForm(),
        },
    )


@login_required_view
@require_POST
def change_decide(request, change_id):
    change = get_object_or_404(ChangeRequest.objects.for_user(request.user), pk=change_id)
    if not request.user.has_right(Right.DECIDE, change.organization):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        with feedback.refusal_as_message(request):
            actions.decide_change(
                by=request.user,
                change=change,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, f"Decided: {change}.")
    else:
        messages.error(request, "Choose approve or deny and give the reason.")
    return redirect("participant_change_queue")


@login_required_view
@require_POST
def estimate_start(request, aco_id):
    aco, py, asked = _year_write(request, aco_id)
    with feedback.refusal_as_message(request):
        run = actions.start_estimate(by=request.user, aco=aco, py=asked)
        return redirect("participant_estimate", aco_id=aco.aco_id, run_id=run.pk)
    return redirect(_list_url(aco, py))


@login_required_view
def estimate(request, aco_id, run_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    actions.fail_abandoned_estimates(aco)  # a run whose worker died is failed, not "running" forever
    run = get_object_or_404(EstimateRun, organization=aco, pk=run_id)

    template = "participants/_estimate.html" if request.htmx else "participants/estimate.html"
    rows = sorted(run.per_tin.items(), key=lambda item: -item[1]["beneficiaries"]) if run.per_tin else []
    chart = estimate_chart.chart(run) if run.status == EstimateRun.Status.DONE else None
    return render(
        request, template, {"aco": aco, "run": run, "rows": rows, "minimum": MINIMUM_ASSIGNED, "chart": chart}
    )


@login_required_view
def estimate_download(request, aco_id, run_id):
    """The per-TIN estimate as CSV or XLSX."""
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    run = get_object_or_404(EstimateRun, organization=aco, pk=run_id, status=EstimateRun.Status.DONE)
    name = f"assignment-estimate-{aco.aco_id}-py{run.py}"
    return table_response(wanted_format(request), name, "Estimate", estimate_chart.HEADER, estimate_chart.rows(run))


# ---- CMS administration: change windows and the enrollment registry ----------------------------


def _write_refused(request, form, error: ValidationError) -> None:
    """A refused list write: a wrong year is said at the top of the page (the form of a year that is
    certified or not the program's is not shown), anything else on the form."""
    if hasattr(error, "error_dict") and "py" in error.error_dict:
        messages.error(request, " ".join(error.message_dict["py"]))
        rest = {field: errors for field, errors in error.error_dict.items() if field != "py"}
        if not rest:
            return
        error = ValidationError(rest)
    feedback.errors_onto(form, error)


@require_right(Right.ADMINISTER)
def change_windows(request):
    """Open, reschedule and close the change-request windows (§425.118(b))."""
    form = ChangeWindowForm(request.POST or None, initial={"py": timezone.localdate().year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            window = actions.open_change_window(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            messages.success(
                request,
                f"The PY{window.py} change window runs from {window.opens_on:%b %-d, %Y} "
                f"to {window.closes_on:%b %-d, %Y}.",
            )
            return redirect("participant_change_windows")
    today = timezone.localdate()
    windows = [(w, w.status(today)) for w in ChangeWindow.objects.select_related("closed_by")]
    pending = ChangeRequest.objects.filter(status="pending").count()
    return render(
        request,
        "participants/change_windows.html",
        {"form": form, "windows": windows, "today": today, "pending": pending},
    )


@require_right(Right.ADMINISTER)
@require_POST
def change_window_close(request, window_id):
    window = get_object_or_404(ChangeWindow, pk=window_id)
    with feedback.refusal_as_message(request):
        actions.close_change_window(by=request.user, window=window)
        messages.success(request, f"The PY{window.py} change window is closed; ACOs can no longer request changes.")
    return redirect("participant_change_windows")


@require_right(Right.ADMINISTER)
def registry(request):
    """Load the Medicare enrollment registry from a reference CSV (as `acoms participants load-registry`)."""
    form = RegistryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            records = read_registry_csv(file.read(MAX_REGISTRY_BYTES + 1))
            counts = actions.load_registry(by=request.user, records=records, source=file.name)
        except UploadError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            messages.success(
                request, f"Loaded {file.name}: {counts['added']} records added, {counts['updated']} updated."
            )
            return redirect("participant_registry")
    records = EnrollmentRecord.objects.order_by()
    counts = {
        "TINs": records.filter(npi="", ccn="").count(),
        "NPI reassignments": records.exclude(npi="").count(),
        "facility CCNs": records.exclude(ccn="").filter(npi="").count(),
    }
    from acoms.audit.models import AuditEvent  # noqa: PLC0415

    loads = AuditEvent.objects.filter(action="participants.load_registry").order_by("-pk")[:10]
    table = registry_table.from_request(request)
    page = Paginator(registry_table.records(table), registry_table.PAGE_SIZE).get_page(request.GET.get("page"))
    filters = table.data.urlencode() if table.is_bound else ""
    return render(
        request,
        "participants/registry.html",
        {"form": form, "counts": counts, "loads": loads, "table": table, "page": page, "filters": filters},
    )


@require_right(Right.ADMINISTER)
def registry_download(request):
    """The registry rows the page's filter names, as CSV or XLSX."""
    found = registry_table.records(registry_table.from_request(request))
    return table_response(
        wanted_format(request), "enrollment-registry", "Registry", registry_table.HEADER, registry_table.rows(found)
    )

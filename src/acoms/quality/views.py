"""Pages: the ACO's quality reporting (measures, CAHPS, PI, attestation), its quality score page, and CMS's
reporting status and national view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from acoms.accounts.models import Organization
from acoms.accounts.roles import Right
from acoms.lib.formats import counted
from acoms.participants.reader import MAX_UPLOAD_BYTES, UploadError
from acoms.quality import actions, national, pages, reporting
from acoms.quality.forms import MeasureForm, UploadForm
from acoms.quality.models import MeasureReport, Submission
from acoms.quality.upload import LAYOUTS
from acoms.web import feedback
from acoms.web.access import aco_for, login_required_view, require_right
from acoms.web.downloads import table_response, wanted_format


def _year(py: int) -> int:
    if py not in reporting.reporting_years():
        raise Http404
    return py


def _measure_choices(py: int) -> list[tuple[str, str]]:
    return [(m, f"{m} {reporting.measure_title(py, m)}") for m in reporting.reported_measures(py)]


@login_required_view
def home(request, aco_id):
    aco_for(request, aco_id, Right.VIEW_ACO)
    return redirect("quality_scores", aco_id=aco_id, py=reporting.current_py(timezone.localdate()))


def _report_context(request, aco, py, form=None):
    sub = Submission.objects.filter(organization=aco, py=py).prefetch_related("measures", "pi_scores").first()
    deadline = reporting.deadline(py)
    return {
        "aco": aco,
        "py": py,
        "years": reporting.reporting_years(),
        "submission": sub,
        "attester": pages.attester(sub),
        "rows": pages.measure_rows(py, sub),
        "cahps": pages.cahps_rows(py, sub),
        "deadline": deadline,
        "closed": timezone.localdate() > deadline,
        "may_report": request.user.has_right(actions.REPORT_RIGHT, aco),
        "may_attest": request.user.has_right(actions.ATTEST_RIGHT, aco),
        "form": form or MeasureForm(measures=_measure_choices(py)),
        "upload_form": UploadForm(),
        "layouts": LAYOUTS,
    }


@login_required_view
def report(request, aco_id, py):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    py = _year(py)
    form = None
    if request.method == "POST":
        if not request.user.has_right(actions.REPORT_RIGHT, aco):
            raise PermissionDenied
        form = MeasureForm(request.POST, measures=_measure_choices(py))
        if form.is_valid():
            figures = reporting.MeasureFigures(**form.cleaned_data)
            try:
                warnings = actions.save_measure(by=request.user, aco=aco, py=py, figures=figures)
            except ValidationError as error:
                for field, errs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, f"Measure {figures.measure_id} ({figures.collection}) saved.")
                for w in warnings:
                    messages.warning(request, w)
                return redirect("quality_report", aco_id=aco.aco_id, py=py)
    return render(request, "quality/report.html", _report_context(request, aco, py, form))


def _back(aco, py):
    return redirect("quality_report", aco_id=aco.aco_id, py=py)


@require_POST
@login_required_view
def upload(request, aco_id, py, kind):
    aco = aco_for(request, aco_id, actions.REPORT_RIGHT)
    py = _year(py)
    if kind not in LAYOUTS:
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV or Excel (.xlsx) file to upload.")
        return _back(aco, py)
    file = request.FILES["file"]
    try:
        result = actions.upload_file(
            by=request.user, aco=aco, py=py, kind=kind, data=file.read(MAX_UPLOAD_BYTES + 1), filename=file.name
        )
    except UploadError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, "Nothing was saved: correct the file and upload it again.")
        feedback.each_as_message(request, error)
    else:
        messages.success(request, f"{counted(result['saved'], 'row')} saved from {file.name}.")
        for w in result["warnings"]:
            messages.warning(request, w)
    return _back(aco, py)


@require_POST
@login_required_view
def cahps(request, aco_id, py):
    aco = aco_for(request, aco_id, actions.REPORT_RIGHT)
    py = _year(py)
    not_sampled = request.POST.get("not_sampled") == "1"
    scores, bad = {}, []
    for ssm in pages.cahps_ids(py):
        text = request.POST.get(ssm, "").strip()
        if text:
            try:
                scores[ssm] = float(text)
            except ValueError:
                bad.append(f"{ssm}: “{text}” is not a number.")
    if bad:
        for b in bad:
            messages.error(request, b)
        return _back(aco, py)
    try:
        actions.save_cahps(by=request.user, aco=aco, py=py, scores=scores, not_sampled=not_sampled)
    except ValidationError as error:
        feedback.each_as_message(request, error)
    else:
        messages.success(request, "CAHPS survey saved.")
    return _back(aco, py)


@require_POST
@login_required_view
def remove(request, aco_id, py):
    aco = aco_for(request, aco_id, actions.REPORT_RIGHT)
    py = _year(py)
    measure, collection = request.POST.get("measure_id", ""), request.POST.get("collection", "")
    if collection not in MeasureReport.Collection.values:
        messages.error(request, "Unknown collection type.")
        return _back(aco, py)
    try:
        actions.remove_measure(by=request.user, aco=aco, py=py, measure_id=measure, collection=collection)
    except ValidationError as error:
        feedback.each_as_message(request, error)
    else:
        messages.success(request, f"Measure {measure} ({collection}) removed.")
    return _back(aco, py)


@require_POST
@login_required_view
def attest(request, aco_id, py):
    aco = aco_for(request, aco_id, actions.ATTEST_RIGHT)
    py = _year(py)
    try:
        actions.attest(by=request.user, aco=aco, py=py)
    except ValidationError as error:
        feedback.each_as_message(request, error)
    else:
        messages.success(request, f"You attested the PY{py} quality submission.")
    return _back(aco, py)


@login_required_view
def scores(request, aco_id, py):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    py = _year(py)
    context = pages.scores_context(aco, py, reporting.reporting_years())
    context["download_url"] = reverse("quality_scores_download", args=[aco.aco_id, py])
    return render(request, "quality/scores.html", context)


@login_required_view
def scores_download(request, aco_id, py):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    py = _year(py)
    header, rows = pages.scores_table(aco, py)
    return table_response(wanted_format(request), f"quality-{aco.aco_id}-PY{py}", f"PY{py} quality", header, rows)


def _acos():
    return Organization.objects.filter(kind=Organization.Kind.ACO).order_by("aco_id")


@require_right(Right.VIEW_PROGRAM)
def reporting_status(request, py):
    py = _year(py)
    return render(
        request,
        "quality/status.html",
        {"py": py, "years": reporting.reporting_years(), **national.status(py, _acos())},
    )


@require_right(Right.VIEW_PROGRAM)
def national_view(request, py):
    py = _year(py)
    return render(
        request,
        "quality/national.html",
        {
            "py": py,
            "years": reporting.reporting_years(),
            "download_url": reverse("quality_national_download", args=[py]),
            **national.view(py, _acos()),
        },
    )


@require_right(Right.VIEW_PROGRAM)
def national_download(request, py):
    py = _year(py)
    header, rows = national.table(py, _acos())
    return table_response(wanted_format(request), f"quality-national-PY{py}", f"PY{py} quality", header, rows)

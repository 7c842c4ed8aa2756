"""Pages: CMS runs (create, progress, review, publish) and each ACO's Data Hub (list, download)."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from acoms.accounts.roles import Right
from acoms.audit.events import client_ip
from acoms.performance import actions, beneficiary, care, dashboard
from acoms.performance.deliverables import path_of
from acoms.performance.forms import BeneficiaryForm, RunForm, WhatIfForm
from acoms.performance.models import Deliverable, Run, WhatIf
from acoms.performance.review import summary
from acoms.performance.runner import run_dir, sweep_stale
from acoms.web import feedback
from acoms.web.access import aco_for, login_required_view, require_right
from acoms.web.downloads import FORMATS, table_response, wanted_format


@require_right(Right.RUN_ANALYTICS)
def runs(request):
    sweep_stale()
    form = RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.create_run(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            feedback.errors_onto(form, error)
        else:
            return redirect("performance_run", run_id=run.pk)
    return render(request, "performance/runs.html", {"form": form, "runs": Run.objects.all()[:50]})


@require_right(Right.RUN_ANALYTICS)
def run_detail(request, run_id):
    run = get_object_or_404(Run, pk=run_id)
    context = {"run": run, "stages": run.stages.all(), **summary(run)}
    template = "performance/_progress.html" if request.htmx else "performance/run.html"
    return render(request, template, context)


def _act(request, run_id, action, done: str):
    run = get_object_or_404(Run, pk=run_id)
    with feedback.refusal_as_message(request):
        action(by=request.user, run=run)
        messages.success(request, done)
    return redirect("performance_run", run_id=run.pk)


@require_POST
@require_right(Right.RUN_ANALYTICS)
def run_publish(request, run_id):
    return _act(request, run_id, actions.publish_run, "Published: the ACOs now see the run and its Data Hub files.")


@require_POST
@require_right(Right.RUN_ANALYTICS)
def run_cancel(request, run_id):
    return _act(request, run_id, actions.cancel_run, "Cancellation requested.")


@require_POST
@require_right(Right.RUN_ANALYTICS)
def run_rerun(request, run_id):
    return _act(request, run_id, actions.rerun, "The run is queued again.")


def may_see_beneficiary_files(user, aco) -> bool:
    return user.is_cms_staff or user.has_right(Right.VIEW_DATA, aco)


def hub_files(user, aco, year=None, created_after: dt.date | None = None):
    qs = Deliverable.objects.visible_to(user).filter(organization=aco).select_related("run", "organization")
    if not may_see_beneficiary_files(user, aco):
        qs = qs.filter(beneficiary_level=False)
    if year:
        qs = qs.filter(run__py=year)
    if created_after:
        qs = qs.filter(created_at__date__gte=created_after)
    return qs


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@login_required_view
def datahub(request, aco_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    year = _year(request)
    files = hub_files(request.user, aco, year)
    years = sorted(
        set(Deliverable.objects.visible_to(request.user).filter(organization=aco).values_list("run__py", flat=True)),
        reverse=True,
    )
    return render(request, "performance/datahub.html", {"aco": aco, "files": files, "year": year, "years": years})


def open_deliverable(user, aco, file_id) -> Deliverable:
    d = Deliverable.objects.visible_to(user).filter(organization=aco, pk=file_id).select_related("run").first()
    if d is None:
        raise Http404
    if d.beneficiary_level and not may_see_beneficiary_files(user, aco):
        raise PermissionDenied("Beneficiary-level files need the data right.")
    if not path_of(d).is_file():
        raise Http404
    return d


@login_required_view
def datahub_download(request, aco_id, file_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    d = open_deliverable(request.user, aco, file_id)
    actions.record_download(by=request.user, deliverable=d, ip=client_ip(request))
    return FileResponse(path_of(d).open("rb"), as_attachment=True, filename=d.file_name)


@login_required_view
def performance_dashboard(request, aco_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    context = {
        "aco": aco,
        **dashboard.build(aco),
        "may_explain": may_see_beneficiary_files(request.user, aco),
        "may_care": request.user.has_right(Right.VIEW_DATA, aco),
    }
    return render(request, "performance/dashboard.html", context)


@login_required_view
def beneficiary_explanation(request, aco_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    if not may_see_beneficiary_files(request.user, aco):
        raise PermissionDenied("Beneficiary-level data need the data right.")
    results = [r for r in dashboard.published_results(aco) if beneficiary.has_detail(r)]
    form = BeneficiaryForm(request.POST or None, results=results)
    explanation = None
    if request.method == "POST" and form.is_valid():
        result = next(r for r in results if r.pk == form.cleaned_data["result"])
        mbi = beneficiary.clean_mbi(form.cleaned_data["mbi"])
        if mbi is None:
            form.add_error("mbi", "Enter an MBI of 11 characters, such as 1EG4-TE5-MK73.")
        else:
            try:
                explanation = beneficiary.explain(result, mbi, cms=request.user.is_cms_staff)
            except beneficiary.NotYours:
                form.add_error("mbi", f"This MBI is not one of your beneficiaries in PY{result.run.py}.")
            else:
                actions.record_explanation(by=request.user, result=result, ip=client_ip(request))
    return render(
        request,
        "performance/beneficiary.html",
        {"aco": aco, "form": form, "explanation": explanation, "results": results},
    )


CARE_PAGE_ROWS = 100


@login_required_view
def care_list(request, aco_id):
    """The ACO's own staff with the data right only (CMS has the run page, not the ACO's worklists)."""
    aco = aco_for(request, aco_id, Right.VIEW_DATA)
    results = [r for r in dashboard.published_results(aco) if beneficiary.has_detail(r)]
    year = _year(request)
    result = next((r for r in results if r.run.py == year), results[-1] if results else None)
    filters = care.Filters.from_query(request.GET)
    if result and request.GET.get("format") in FORMATS:
        found = care.rows(result, filters)
        actions.record_care_download(by=request.user, result=result, count=len(found), ip=client_ip(request))
        name = f"{aco.aco_id}-PY{result.run.py}-care-{filters.sort}"
        return table_response(wanted_format(request), name, "Care management", care.HEADER, care.table_rows(found))
    found = care.rows(result, filters) if result else []
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "performance/care.html",
        {
            "aco": aco,
            "results": results,
            "result": result,
            "filters": filters,
            "types": care.TYPES,
            "rows": care.table_rows(found[:CARE_PAGE_ROWS]),
            "total": len(found),
            "shown": min(len(found), CARE_PAGE_ROWS),
            "query": query.urlencode(),
        },
    )


@require_POST
@require_right(Right.RUN_ANALYTICS)
def run_puf(request, run_id):
    """The run's public-use files as one zip (the same files as `acoms puf publish`)."""
    run = get_object_or_404(Run, pk=run_id)
    if run.publication != Run.Publication.PUBLISHED:
        messages.error(request, "Public-use files come from the published run of a year only.")
        return redirect("performance_run", run_id=run.pk)
    if not (run_dir(run) / "fe" / "fe_puf.parquet").is_file():
        raise Http404
    with tempfile.TemporaryDirectory() as folder:
        files = actions.publish_pufs(by=request.user, run=run, out=Path(folder))
        body = io.BytesIO()
        with zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as z:
            for path in files.values():
                z.write(path, path.name)
    response = HttpResponse(body.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="PY{run.py}_SSP_public_use_files.zip"'
    return response


def _whatif_runs(user, aco):
    runs = Run.objects.filter(status=Run.Status.DONE, results__aco_id=aco.aco_id)
    if not user.has_right(Right.RUN_ANALYTICS):
        runs = runs.filter(publication=Run.Publication.PUBLISHED)
    return list(runs.distinct().order_by("-py", "-pk"))


def _may_whatif(user, aco) -> bool:
    return user.has_right(Right.RUN_ANALYTICS) or user.has_right(Right.VIEW_DATA, aco)


@login_required_view
def whatifs(request, aco_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    if not _may_whatif(request.user, aco):
        raise PermissionDenied("What-if projections need the data right.")
    form = WhatIfForm(request.POST or None, runs=_whatif_runs(request.user, aco))
    if request.method == "POST" and form.is_valid():
        run = Run.objects.get(pk=form.cleaned_data["run"])
        try:
            w = actions.create_whatif(by=request.user, run=run, organization=aco, changes=form.changes())
        except ValidationError as error:
            for field, errs in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            return redirect("whatif_detail", aco_id=aco.aco_id, whatif_id=w.pk)
    listed = WhatIf.objects.filter(organization=aco).select_related("run")[:50]
    return render(request, "performance/whatifs.html", {"aco": aco, "form": form, "whatifs": listed})


@login_required_view
def whatif_detail(request, aco_id, whatif_id):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    if not _may_whatif(request.user, aco):
        raise PermissionDenied("What-if projections need the data right.")
    w = get_object_or_404(WhatIf.objects.select_related("run"), pk=whatif_id, organization=aco)

    def shown(value, kind):
        return value.replace("_", " ") if kind == "text" and isinstance(value, str) else value

    rows = [
        (label, shown(w.actual.get(key), kind), shown(w.projected.get(key), kind), kind)
        for key, label, kind in (
            ("assigned", "Assigned beneficiaries", "count"),
            ("benchmark", "Updated benchmark", "money"),
            ("expenditures", "Expenditures", "money"),
            ("savings_rate", "Savings rate", "percent"),
            ("msr", "Minimum savings rate", "percent"),
            ("mlr", "Minimum loss rate", "percent"),
            ("earned", "Earned shared savings (+) or losses (−)", "money"),
            ("outcome", "Outcome", "text"),
        )
    ]
    return render(request, "performance/whatif.html", {"aco": aco, "w": w, "rows": rows})

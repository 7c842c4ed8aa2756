"""Pages: CMS runs (create, progress, review, publish) and each ACO's Data Hub (list, download)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from acoms.accounts.roles import Right
from acoms.audit.events import client_ip
from acoms.performance import actions
from acoms.performance.deliverables import path_of
from acoms.performance.forms import RunForm
from acoms.performance.models import Deliverable, Run
from acoms.performance.review import summary
from acoms.performance.runner import sweep_stale
from acoms.web import feedback
from acoms.web.access import aco_for, login_required_view, require_right


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

"""REST API (/api/v1/performance/): CMS runs (create, read, cancel, publish) and each ACO's Data Hub
(list, download). Same rights and scoping as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from acoms.accounts.roles import Right
from acoms.api.access import aco_for
from acoms.performance import actions
from acoms.performance.deliverables import path_of
from acoms.performance.models import Run
from acoms.performance.views import hub_files, open_deliverable

router = Router(tags=["performance"])


class RunIn(Schema):
    data_dir: str
    py: int
    agreements: str
    engine: str | None = None


class StageOut(Schema):
    name: str
    status: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class ResultOut(Schema):
    aco_id: str
    assigned: int | None
    benchmark: float | None
    expenditures: float | None
    savings_rate: float | None
    earned: float | None
    outcome: str


class RunOut(Schema):
    id: int
    py: int
    status: str
    publication: str
    engine: str
    dataset_sha256: str
    code_version: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    stages: list[StageOut]
    results: list[ResultOut]


class FileOut(Schema):
    id: int
    type_code: str
    kind: str
    title: str
    file_name: str
    size: int
    created_at: dt.datetime
    performance_year: int
    superseded: bool


def _analyst(request) -> None:
    if not request.auth.has_right(Right.RUN_ANALYTICS):
        raise PermissionDenied("You may not run assignment and financial reconciliation.")


def _run_out(run: Run) -> dict:
    return {
        **{
            k: getattr(run, k)
            for k in (
                "py",
                "status",
                "publication",
                "engine",
                "dataset_sha256",
                "code_version",
                "created_at",
                "finished_at",
            )
        },
        "id": run.pk,
        "stages": list(run.stages.all()),
        "results": list(run.results.all()),
    }


@router.get("/runs", response=list[RunOut], summary="Runs, newest first (CMS)")
def list_runs(request):
    _analyst(request)
    return [_run_out(r) for r in Run.objects.all()[:50]]


@router.post("/runs", response={201: RunOut}, summary="Create a run and queue it (CMS Program Analyst)")
def create_run(request, payload: RunIn):
    run = actions.create_run(by=request.auth, **payload.dict())
    return 201, _run_out(run)


@router.get("/runs/{run_id}", response=RunOut, summary="A run with its stages and results (CMS)")
def get_run(request, run_id: int):
    _analyst(request)
    return _run_out(get_object_or_404(Run, pk=run_id))


@router.post("/runs/{run_id}/cancel", response=RunOut, summary="Cancel a queued or running run")
def cancel_run(request, run_id: int):
    _analyst(request)
    return _run_out(actions.cancel_run(by=request.auth, run=get_object_or_404(Run, pk=run_id)))


@router.post("/runs/{run_id}/publish", response=RunOut, summary="Publish a finished run to the ACOs")
def publish_run(request, run_id: int):
    _analyst(request)
    return _run_out(actions.publish_run(by=request.auth, run=get_object_or_404(Run, pk=run_id)))


@router.get("/datahub/{aco_id}", response=list[FileOut], summary="The ACO's Data Hub files")
def datahub_list(request, aco_id: str, year: int | None = None, created_after: dt.date | None = None):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    return [
        {
            "id": f.pk,
            "type_code": f.type_code,
            "kind": f.kind,
            "title": f.title,
            "file_name": f.file_name,
            "size": f.size,
            "created_at": f.created_at,
            "performance_year": f.run.py,
            "superseded": f.run.publication == Run.Publication.SUPERSEDED,
        }
        for f in hub_files(request.auth, aco, year, created_after)
    ]


@router.get("/datahub/{aco_id}/files/{file_id}", summary="Download one Data Hub file")
def datahub_download(request, aco_id: str, file_id: int):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    d = open_deliverable(request.auth, aco, file_id)
    actions.record_download(by=request.auth, deliverable=d)
    return FileResponse(path_of(d).open("rb"), as_attachment=True, filename=d.file_name)

"""REST API (/api/v1/quality/): the ACO's quality submission (read, measures, CAHPS, files, attestation), its
score, and CMS's reporting status. Same rights, checks and audit as the pages (they call the same actions)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from acoms.accounts.models import Organization
from acoms.accounts.roles import Right
from acoms.api.access import aco_for
from acoms.participants.reader import MAX_UPLOAD_BYTES, UploadError
from acoms.quality import actions, national, reporting, scoring
from acoms.quality.models import Submission
from acoms.quality.upload import LAYOUTS

router = Router(tags=["quality"])


class MeasureIn(Schema):
    measure_id: str
    collection: str
    eligible_population: int
    denominator: int
    exclusions: int = 0
    exceptions: int = 0
    numerator: int


class MeasureOut(MeasureIn):
    performance_rate: float | None
    data_completeness: float | None


class PiOut(Schema):
    tin: str
    eligible_clinicians: int
    score: float | None


class SubmissionOut(Schema):
    aco_id: str
    performance_year: int
    deadline: dt.date
    measures: list[MeasureOut]
    cahps_summary: dict[str, float]
    cahps_not_sampled: bool
    pi_scores: list[PiOut]
    attested: bool
    attested_at: dt.datetime | None


class CahpsIn(Schema):
    scores: dict[str, float] = {}
    not_sampled: bool = False


class SavedOut(Schema):
    saved: int
    warnings: list[str]


class MeasureScoreOut(Schema):
    measure_id: str
    collection: str
    rate: float | None
    status: str
    decile: int | None
    points: float
    counted: bool


class ScoreOut(Schema):
    aco_id: str
    performance_year: int
    quality_score: float | None
    mips_quality_score: float | None
    met_qps: bool | None
    met_alt_qps: bool | None
    hea_bonus: float
    basis: str
    points_to_standard: float | None
    measures: list[MeasureScoreOut]
    mips_final_score: float | None
    mips_weights: dict[str, float]


class StatusOut(Schema):
    aco_id: str
    state: str
    measures: int
    cahps: str
    pi_tins: int
    attested_at: dt.datetime | None


def _year(py: int) -> int:
    if py not in reporting.reporting_years():
        raise Http404
    return py


def _submission_out(aco, py: int) -> dict:
    sub = Submission.objects.filter(organization=aco, py=py).prefetch_related("measures", "pi_scores").first()
    measures = []
    for m in sub.measures.all() if sub else []:
        measures.append(
            {
                **{k: getattr(m, k) for k in MeasureIn.model_fields},
                "performance_rate": m.rate,
                "data_completeness": m.completeness,
            }
        )
    return {
        "aco_id": aco.aco_id,
        "performance_year": py,
        "deadline": reporting.deadline(py),
        "measures": measures,
        "cahps_summary": sub.cahps_summary if sub else {},
        "cahps_not_sampled": bool(sub and sub.cahps_not_sampled),
        "pi_scores": list(sub.pi_scores.all()) if sub else [],
        "attested": bool(sub and sub.attested),
        "attested_at": sub.attested_at if sub else None,
    }


# before /{aco_id}/{py}, which would take "reporting" for an ACO id
@router.get("/reporting/{py}", response=list[StatusOut], summary="Who has reported and attested (CMS)")
def reporting_status(request, py: int):
    if not request.auth.has_right(Right.VIEW_PROGRAM):
        raise PermissionDenied("You may not see program-wide queues and dashboards.")
    acos = Organization.objects.filter(kind=Organization.Kind.ACO).order_by("aco_id")
    return [
        {**{k: r[k] for k in ("state", "measures", "cahps", "pi_tins", "attested_at")}, "aco_id": r["aco"].aco_id}
        for r in national.status(_year(py), acos)["rows"]
    ]


@router.get("/{aco_id}/{py}", response=SubmissionOut, summary="The ACO's quality submission for a PY")
def get_submission(request, aco_id: str, py: int):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    return _submission_out(aco, _year(py))


@router.put("/{aco_id}/{py}/measures", response=SavedOut, summary="Report one measure (replaces its figures)")
def put_measure(request, aco_id: str, py: int, payload: MeasureIn):
    aco = aco_for(request, aco_id, actions.REPORT_RIGHT)
    figures = reporting.MeasureFigures(**payload.dict())
    return {"saved": 1, "warnings": actions.save_measure(by=request.auth, aco=aco, py=_year(py), figures=figures)}


@router.put("/{aco_id}/{py}/cahps", response=SavedOut, summary="The CAHPS summary scores, or not sampled")
def put_cahps(request, aco_id: str, py: int, payload: CahpsIn):
    aco = aco_for(request, aco_id, actions.REPORT_RIGHT)
    actions.save_cahps(by=request.auth, aco=aco, py=_year(py), scores=payload.scores, not_sampled=payload.not_sampled)
    return {"saved": len(payload.scores), "warnings": []}


@router.post("/{aco_id}/{py}/files/{quality_kind}", response=SavedOut, summary="Upload a measures, cahps or pi file")
def upload_file(request, aco_id: str, py: int, quality_kind: str, file: UploadedFile = File(...)):
    aco = aco_for(request, aco_id, actions.REPORT_RIGHT)
    if quality_kind not in LAYOUTS:
        raise Http404
    try:
        return actions.upload_file(
            by=request.auth,
            aco=aco,
            py=_year(py),
            kind=quality_kind,
            data=file.read(MAX_UPLOAD_BYTES + 1),
            filename=file.name,
        )
    except UploadError as error:
        raise ValidationError({"file": [str(error)]}) from None


@router.post("/{aco_id}/{py}/attest", response=SubmissionOut, summary="Attest the submission (Authorized to Sign)")
def attest(request, aco_id: str, py: int):
    aco = aco_for(request, aco_id, actions.ATTEST_RIGHT)
    actions.attest(by=request.auth, aco=aco, py=_year(py))
    return _submission_out(aco, py)


@router.get("/{aco_id}/{py}/score", response=ScoreOut, summary="The quality score and MIPS APM Entity score")
def get_score(request, aco_id: str, py: int):
    aco = aco_for(request, aco_id, Right.VIEW_ACO)
    r = scoring.score_aco(aco, _year(py))
    q = r.score
    return {
        "aco_id": aco.aco_id,
        "performance_year": py,
        "quality_score": q.score,
        "mips_quality_score": q.mips_quality_score,
        "met_qps": q.met_qps,
        "met_alt_qps": q.met_alt_qps,
        "hea_bonus": q.hea_bonus,
        "basis": q.qps_basis,
        "points_to_standard": scoring.gap_to_standard(q),
        "measures": [vars(m) for m in q.measures],
        "mips_final_score": r.apm.final_score if r.apm else None,
        "mips_weights": r.apm.weights if r.apm else {},
    }

"""CMS's claims measures into the ACOs' quality: the per-ACO rows of ``analytics.quality.hwr`` (479) and
``analytics.quality.mcc`` (484) become the CMS inputs the quality score reads. The standardized rate is
recorded with the method that produced it (the labelled stand-in unless CMS's model is plugged in), and
the case count that decides the case minimum."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from acoms.accounts.models import Organization
from acoms.quality import actions


@transaction.atomic
def record(*, by, py: int, hwr_rows: Iterable[Mapping] = (), mcc_rows: Iterable[Mapping] = ()) -> dict[str, dict]:
    """aco_id -> the values recorded; ACOs of the rows that ACO-MS does not know are skipped."""
    values: dict[str, dict] = {}
    for row in hwr_rows:
        values.setdefault(row["aco_id"], {}).update(
            rate_479=row["standardized_rate"], cases_479=int(row["index_stays"]), method_479=row["method"]
        )
    for row in mcc_rows:
        values.setdefault(row["aco_id"], {}).update(
            rate_484=row["standardized_rate"], cases_484=int(row["patients"]), method_484=row["method"]
        )
    acos = {o.aco_id: o for o in Organization.objects.filter(kind=Organization.Kind.ACO, aco_id__in=list(values))}
    recorded = {}
    for aco_id, v in values.items():
        if aco_id not in acos:
            continue
        methods = "; ".join(sorted({v.pop(k) for k in ("method_479", "method_484") if k in v}))
        actions.set_cms_inputs(by=by, aco=acos[aco_id], py=py, claims_method=methods, **v)
        recorded[aco_id] = v
    return recorded

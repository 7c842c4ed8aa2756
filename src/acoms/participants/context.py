"""What the validation rules need to know, read from the database for one ACO and year."""

from acoms.participants.models import AgreementDocument, EnrollmentRecord, Participant
from acoms.participants.validation import Context


def registry_context(kind: str) -> Context:
    """The enrollment registry alone (the parts the list `kind` uses)."""
    ctx = Context()
    records = EnrollmentRecord.objects.order_by()
    if kind == "participants":
        ctx.tin_names, ctx.primary_care_tins = {}, set()
        for tin, name, primary in records.filter(npi="", ccn="").values_list("tin", "legal_name", "bills_primary_care"):
            ctx.tin_names[tin] = name
            if primary:
                ctx.primary_care_tins.add(tin)
    elif kind == "providers":
        ctx.npi_tins = {}
        for npi, tin, name in records.exclude(npi="").values_list("npi", "tin", "legal_name"):
            ctx.npi_tins.setdefault(npi, {})[tin] = name
    else:
        ctx.ccn_names = dict(records.exclude(ccn="").filter(npi="").values_list("ccn", "legal_name"))
    return ctx


def context_for(aco, py: int, kind: str) -> Context:
    ctx = registry_context(kind)
    ctx.py = py
    in_force = Participant.objects.in_force(py).order_by()
    if kind == "participants":
        ctx.other_aco_tins = dict(in_force.exclude(organization=aco).values_list("tin", "organization__aco_id"))
    if kind == "providers":
        ctx.participant_tins = set(in_force.filter(organization=aco).values_list("tin", flat=True))
    if kind in ("participants", "snf"):
        ctx.agreements = set(AgreementDocument.objects.filter(organization=aco).values_list("identifier", flat=True))
    return ctx

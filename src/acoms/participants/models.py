"""Participant lists, provider/supplier lists and SNF affiliates, one row per entry and performance
year (a row is in force for the year it names and no other, so no row reaches a year nobody
validated); the Medicare enrollment registry they are checked against; change requests; the
immutable certified snapshots; assignment estimates.

Writes go through `participants.actions` only (list rows through `participants.writes`)."""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from acoms.accounts.models import ACOScopedQuerySet, Organization
from acoms.participants.layouts import LAYOUTS


def py_start(py: int) -> dt.date:
    return dt.date(py, 1, 1)


def py_end(py: int) -> dt.date:
    return dt.date(py, 12, 31)


class ListQuerySet(ACOScopedQuerySet):
    def in_force(self, py: int):
        """The rows on the list of performance year `py` (§425.200(c): a PY is a calendar year)."""
        return self.filter(py=py)


class ListEntry(models.Model):
    """One entry on one ACO's list for one performance year. The next year's list is written (and
    validated for that year) on its own: by an upload, typed rows, an approved change request, or
    by carrying the previous year's list forward."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    py = models.PositiveSmallIntegerField(
        "performance year", db_index=True, help_text="The one performance year this row is on the list for"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ListQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def start_date(self) -> dt.date:
        return py_start(self.py)

    @property
    def end_date(self) -> dt.date:
        return py_end(self.py)


class Participant(ListEntry):
    """An ACO participant: a Medicare-enrolled billing TIN (§425.20, §425.118)."""

    tin = models.CharField("TIN", max_length=9, db_index=True)
    legal_name = models.CharField(max_length=200)
    ccns = models.JSONField("CCNs", default=list, blank=True)
    history = HistoricalRecords()

    kind = "participants"
    key_field = "tin"

    class Meta:
        ordering = ["tin", "py"]
        constraints = [models.UniqueConstraint(fields=["organization", "py", "tin"], name="one_participant_row_a_year")]

    def __str__(self):
        return f"{self.tin} {self.legal_name}"

    def as_row(self) -> dict:
        return {"tin": self.tin, "legal_name": self.legal_name, "ccns": list(self.ccns)}


class Provider(ListEntry):
    """An ACO provider/supplier: an NPI billing through a participant TIN (§425.20)."""

    tin = models.CharField("TIN", max_length=9, db_index=True)
    npi = models.CharField("NPI", max_length=10, db_index=True)
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    kind = "providers"
    key_field = "npi"

    class Meta:
        ordering = ["tin", "npi", "py"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "py", "npi", "tin"], name="one_provider_row_a_year")
        ]

    def __str__(self):
        return f"{self.npi} via {self.tin}"

    def as_row(self) -> dict:
        return {"tin": self.tin, "npi": self.npi, "name": self.name}


class SNFAffiliate(ListEntry):
    """A SNF (or swing-bed hospital) with a SNF affiliate agreement (§425.612)."""

    ccn = models.CharField("CCN", max_length=6, db_index=True)
    name = models.CharField(max_length=200)
    stars = models.PositiveSmallIntegerField("overall star rating", null=True, blank=True)
    history = HistoricalRecords()

    kind = "snf"
    key_field = "ccn"

    class Meta:
        ordering = ["ccn", "py"]
        constraints = [models.UniqueConstraint(fields=["organization", "py", "ccn"], name="one_snf_row_a_year")]
        verbose_name = "SNF affiliate"

    def __str__(self):
        return f"{self.ccn} {self.name}"

    def as_row(self) -> dict:
        return {"ccn": self.ccn, "name": self.name, "stars": self.stars}


LIST_MODELS = {"participants": Participant, "providers": Provider, "snf": SNFAffiliate}


def row_key(kind: str, row: dict) -> str:
    """The identity of a row within one ACO's list: TIN, NPI via TIN, or CCN."""
    return {
        "participants": lambda r: r["tin"],
        "providers": lambda r: f"{r['npi']}|{r['tin']}",
        "snf": lambda r: r["ccn"],
    }[kind](row)


class EnrollmentRecord(models.Model):
    """One line of the Medicare enrollment registry (PECOS-like): a billing TIN, an NPI reassigned
    to a TIN, or a facility CCN, with its legal name."""

    tin = models.CharField("TIN", max_length=9, blank=True, db_index=True)
    npi = models.CharField("NPI", max_length=10, blank=True, db_index=True)
    ccn = models.CharField("CCN", max_length=6, blank=True, db_index=True)
    legal_name = models.CharField(max_length=200)
    specialty_code = models.CharField(max_length=4, blank=True)
    bills_primary_care = models.BooleanField(
        default=True, help_text="Bills primary care services used in assignment (§425.306(b))"
    )
    enrolled_from = models.DateField(null=True, blank=True)
    enrolled_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tin", "npi", "ccn"], name="one_enrollment_record")]

    def __str__(self):
        return f"{self.npi or self.ccn or self.tin} {self.legal_name}"


class AgreementDocument(models.Model):
    """A signed participant agreement (§425.116) or SNF affiliate agreement (§425.612(a)(1)(ii))."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    identifier = models.CharField(max_length=9, help_text="The participant TIN or SNF CCN the agreement is with")
    file = models.FileField(upload_to="participants/agreements/%Y/")
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["identifier", "-uploaded_at"]


class Upload(models.Model):
    """One uploaded file (or typed row) and its validation report."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    py = models.PositiveSmallIntegerField("performance year")
    kind = models.CharField(max_length=16, choices=[(k, v.title) for k, v in LAYOUTS.items()])
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    counts = models.JSONField(default=dict)
    findings = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]


class ChangeWindowQuerySet(models.QuerySet):
    def open_on(self, today: dt.date):
        return self.filter(opens_on__lte=today, closes_on__gte=today, closed_at__isnull=True)


class ChangeWindow(models.Model):
    """When ACOs may request additions and deletions for performance year `py` (§425.118(b)):
    from `opens_on` to `closes_on` inclusive, unless a CMS Administrator closed it early."""

    py = models.PositiveSmallIntegerField("performance year", unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True, help_text="Set when CMS closed the window early")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = ChangeWindowQuerySet.as_manager()

    class Meta:
        ordering = ["-py"]

    def __str__(self):
        return f"PY{self.py} change window {self.opens_on}–{self.closes_on}"

    def is_open(self, today: dt.date) -> bool:
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def status(self, today: dt.date) -> str:
        if self.closed_at is not None:
            return "closed early"
        if today < self.opens_on:
            return "scheduled"
        return "open" if today <= self.closes_on else "closed"


class ChangeRequest(models.Model):
    class Action(models.TextChoices):
        ADD = "add", "Add"
        DELETE = "delete", "Delete"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending CMS decision"
        APPROVED = "approved", "Approved"
        DENIED = "denied", "Denied"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    py = models.PositiveSmallIntegerField("performance year")
    kind = models.CharField(max_length=16, choices=[(k, v.title) for k, v in LAYOUTS.items()])
    action = models.CharField(max_length=8, choices=Action.choices)
    key = models.CharField(max_length=40)
    row = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.key} ({LAYOUTS[self.kind].title}, PY{self.py})"


class Certification(models.Model):
    """The participant and SNF affiliate lists as certified by the Authorized to Sign contact for
    a performance year (§425.118(a)): an immutable snapshot with its content hash. Analytics runs
    read this, not the live list."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    py = models.PositiveSmallIntegerField("performance year")
    rows = models.JSONField()
    content_hash = models.CharField(max_length=64)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Blank when loaded by the system (demo data, imports)",
    )
    certified_at = models.DateTimeField(auto_now_add=True)

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-py"]
        constraints = [models.UniqueConstraint(fields=["organization", "py"], name="one_certification_per_year")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A certified list cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("A certified list cannot be deleted.")

    @staticmethod
    def hash_rows(rows: dict) -> str:
        return hashlib.sha256(json.dumps(rows, sort_keys=True, separators=(",", ":")).encode()).hexdigest()

    def is_intact(self) -> bool:
        return self.hash_rows(self.rows) == self.content_hash


class EstimateRun(models.Model):
    """A per-TIN assignment estimate for the list as entered, computed by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    py = models.PositiveSmallIntegerField("performance year")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    dataset = models.CharField(max_length=300, blank=True)
    worker = models.CharField(max_length=200, blank=True, help_text="host:process id of the worker running it")
    per_tin = models.JSONField(default=dict)
    total = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

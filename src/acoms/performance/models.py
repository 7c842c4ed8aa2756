"""CMS performance-year runs of the financial engine, their per-ACO results and the Data Hub files.

A run is computed by a background task (stages with start/end/status and a heartbeat), reviewed by CMS
and published; only published (or superseded) runs and their deliverables are visible to ACOs.
"""

from django.conf import settings
from django.db import models

from acoms.accounts.models import ACOScopedQuerySet, Organization

STAGES = ("assignment", "expenditures", "risk", "benchmark", "settlement")


class Run(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    class Publication(models.TextChoices):
        DRAFT = "draft", "Not published"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    py = models.PositiveSmallIntegerField("performance year")
    data_dir = models.CharField("claims dataset", max_length=500)
    agreements = models.CharField("agreements file", max_length=500)
    engine = models.CharField(max_length=10, default="duckdb")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    publication = models.CharField(max_length=10, choices=Publication.choices, default=Publication.DRAFT)
    cancel_requested = models.BooleanField(default=False)
    heartbeat = models.DateTimeField(null=True, blank=True)
    log = models.TextField(blank=True)
    dataset_sha256 = models.CharField(max_length=64, blank=True)
    code_version = models.CharField(max_length=64, blank=True)
    manifest = models.JSONField(default=dict, blank=True)
    certifications = models.JSONField(default=list, blank=True, help_text="[{aco_id, content_hash}] used")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Blank when created by the system (CLI without --user, demo)",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Run {self.pk} PY{self.py} ({self.get_status_display()})"

    @property
    def visible_to_acos(self) -> bool:
        return self.publication != self.Publication.DRAFT


class Stage(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, default="pending")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "name"], name="one_stage_row_per_run")]


class AcoResult(models.Model):
    """The settlement figures of one ACO in a run (`fe_settlement` + `fe_update` totals)."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    aco_id = models.CharField(max_length=10)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    assigned = models.PositiveIntegerField(null=True, blank=True)
    benchmark = models.FloatField(null=True, blank=True, help_text="updated benchmark, total dollars")
    expenditures = models.FloatField(null=True, blank=True, help_text="PY assigned expenditures, total dollars")
    gross_savings = models.FloatField(null=True, blank=True)
    savings_rate = models.FloatField(null=True, blank=True)
    msr = models.FloatField(null=True, blank=True)
    mlr = models.FloatField(null=True, blank=True)
    earned = models.FloatField(null=True, blank=True, help_text="earned shared savings (+) or losses (-)")
    outcome = models.CharField(max_length=60, blank=True)
    explain = models.TextField(blank=True)

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["run", "aco_id"]
        constraints = [models.UniqueConstraint(fields=["run", "aco_id"], name="one_result_per_aco")]


class DeliverableQuerySet(ACOScopedQuerySet):
    def visible_to(self, user):
        qs = self.for_user(user)
        if not user.is_cms_staff:
            qs = qs.exclude(run__publication=Run.Publication.DRAFT)
        return qs


class Deliverable(models.Model):
    """A file of an ACO's Data Hub, written under var/runs/<run id>/datahub/ when the run is published."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="deliverables")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    type_code = models.CharField(max_length=4)
    kind = models.CharField(max_length=10, help_text="AALR, AEXPU or FRP")
    title = models.CharField(max_length=120)
    file_name = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    beneficiary_level = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "type_code"]
        constraints = [models.UniqueConstraint(fields=["run", "organization", "kind"], name="one_file_per_kind")]


class WhatIf(models.Model):
    """A projection of one ACO's PY under a change (participant TINs, assignment method, track, MSR/MLR
    election), computed by the engine from the same run's data and stored apart from every result:
    never published, never a Data Hub file, labelled "What-if — not a result" wherever it is shown."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="whatifs")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    changes = models.JSONField(help_text="{add_tins, remove_tins, assignment_method, track, msr_election}")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    projected = models.JSONField(default=dict, blank=True)
    actual = models.JSONField(default=dict, blank=True)
    log = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "what-if projection"

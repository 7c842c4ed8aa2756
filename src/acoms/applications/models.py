"""Application cycles, NOIAs, applications, RFIs, reviews and the ACO's agreement history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from acoms.accounts.models import ACOScopedQuerySet, Organization

from . import windows


class Cycle(models.Model):
    """One application cycle per agreement start date, with its dated phases."""

    agreement_start = models.DateField(unique=True, help_text="The first day of the agreement period")
    name = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreement_start"]

    def __str__(self):
        return self.name or f"{self.agreement_start:%B %-d, %Y} start"

    def window(self, phase):
        for p in self._phases():
            if p.phase == phase:
                return p.opens, p.closes
        return None

    def _phases(self):
        if not hasattr(self, "_phase_cache"):
            self._phase_cache = list(self.phases.all())
        return self._phase_cache

    def previous(self):
        return Cycle.objects.filter(agreement_start__lt=self.agreement_start).order_by("-agreement_start").first()


class Phase(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(max_length=20, choices=windows.PHASES)
    opens = models.DateField()
    closes = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["opens", "phase"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "phase"], name="one_window_per_phase"),
            models.CheckConstraint(
                condition=models.Q(opens__lte=models.F("closes")), name="window_opens_before_it_closes"
            ),
        ]


class AppType(models.TextChoices):
    INITIAL = "initial", "Initial"
    REENTERING = "reentering", "Initial (re-entering)"
    RENEWAL = "renewal", "Renewal"
    EARLY_RENEWAL = "early_renewal", "Early renewal"


class Noia(models.Model):
    """Notice of Intent to Apply: non-binding, one per ACO per cycle, withdrawable."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="noias")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="noias")
    app_type = models.CharField("intended application type", max_length=20, choices=AppType.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "cycle"], name="one_noia_per_aco_per_cycle")]
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"NOIA {self.organization.aco_id} {self.cycle}"


class PriorAgreement(models.Model):
    """The ACO's participation history, read to decide the application type and options."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="agreements")
    start = models.DateField()
    end = models.DateField()
    level = models.CharField(max_length=4, help_text="Track or level code, e.g. A, E, EN, T1")
    terminated_early = models.BooleanField(default=False)
    history = HistoricalRecords()

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["start"]

    def __str__(self):
        return f"{self.organization.aco_id} {self.level} {self.start}–{self.end}"


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        AWAITING_RESPONSE = "awaiting_response", "Awaiting ACO response (RFI)"
        RESPONSE_RECEIVED = "response_received", "RFI response received"
        RECOMMENDED = "recommended", "Recommended, awaiting decision"
        APPROVED = "approved", "Approved"
        DENIED = "denied", "Denied"
        RECONSIDERATION = "reconsideration", "Reconsideration requested"
        DENIED_FINAL = "denied_final", "Denied after reconsideration"
        AGREEMENT_SIGNED = "agreement_signed", "Agreement signed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="applications")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications")
    app_type = models.CharField("application type", max_length=20, choices=AppType.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    data = models.JSONField(default=dict, blank=True, help_text="Answers, one object per section")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="applications_reviewing"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.CharField(max_length=10, blank=True, choices=[("approve", "Approve"), ("deny", "Deny")])
    recommendation_note = models.TextField(blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    phase2_submitted_at = models.DateTimeField("Phase 2 submitted", null=True, blank=True)
    phase2_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phase2_lists = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "The final lists submitted in Phase 2, as they stood: {py, participants: [TIN], snf_affiliates: [CCN]}"
        ),
    )
    reconsideration_reason = models.TextField(blank=True)
    reconsideration_requested_at = models.DateTimeField(null=True, blank=True)
    final_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_decided_at = models.DateTimeField(null=True, blank=True)
    final_decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The answers' history is in the audit events (section.save, bank numbers masked); the row
    # history leaves them out so no copy of full bank numbers accumulates.
    history = HistoricalRecords(excluded_fields=["data"])

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "cycle"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_application_per_cycle",
            )
        ]

    def __str__(self):
        return f"{self.get_app_type_display()} application {self.pk} of {self.organization.aco_id} ({self.cycle})"

    def section(self, key) -> dict:
        return self.data.get(key, {}) if isinstance(self.data, dict) else {}

    def open_rfi(self):
        return self.rfis.filter(status__in=[Rfi.Status.OPEN, Rfi.Status.OVERDUE, Rfi.Status.RESPONDED]).first()


class Rfi(models.Model):
    """A request for information: deficiencies tied to sections, a deadline, the ACO's response
    and the reviewer's resolution."""

    class Status(models.TextChoices):
        OPEN = "open", "Open, awaiting the ACO"
        OVERDUE = "overdue", "Overdue"
        RESPONDED = "responded", "Responded"
        RESOLVED = "resolved", "Resolved"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="rfis")
    round = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    due = models.DateField("response deadline")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    response_text = models.TextField(blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The answers when the RFI was issued and when the ACO responded (bank numbers masked), so the
    # reviewer sees what the ACO changed in between (applications/rendering.py `changed_sections`).
    answers_at_issue = models.JSONField(null=True, blank=True)
    answers_at_response = models.JSONField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["application", "round"], name="one_rfi_per_round")]

    def __str__(self):
        return f"RFI-{self.round} on application {self.application_id}"


class Deficiency(models.Model):
    rfi = models.ForeignKey(Rfi, on_delete=models.CASCADE, related_name="deficiencies")
    section = models.CharField(max_length=30)
    text = models.TextField()
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]


class SectionReview(models.Model):
    """The reviewer's checklist: one finding per section per RFI round. `round` is the number of
    RFIs issued when the finding was made (0: the first review; 1: after RFI-1 was issued, ...): a
    deficient finding of round n is what RFI-(n+1) asks about, and it is resolved when that RFI is."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="section_reviews")
    section = models.CharField(max_length=30)
    round = models.PositiveSmallIntegerField(default=0)
    acceptable = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)
    resolved_by_rfi = models.ForeignKey(
        "Rfi", null=True, blank=True, on_delete=models.PROTECT, related_name="resolved_findings"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "section", "round"], name="one_review_per_section_per_round")
        ]

    @property
    def round_label(self) -> str:
        return "First review" if self.round == 0 else f"After RFI-{self.round}"

    @property
    def resolved(self) -> bool:
        return self.resolved_by_rfi_id is not None


def _document_path(instance, filename):
    return f"applications/{instance.application.organization.aco_id}/{instance.application_id}/{filename}"


class Document(models.Model):
    class Kind(models.TextChoices):
        REPAYMENT = "repayment", "Repayment mechanism"
        RFI_RESPONSE = "rfi_response", "RFI response"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    rfi = models.ForeignKey(Rfi, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to=_document_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.name

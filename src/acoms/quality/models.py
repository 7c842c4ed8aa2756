"""What an ACO reports for a performance year's quality (42 CFR 425.512, 414.1325), and what CMS adds.

A ``Submission`` per ACO and PY holds the measures the ACO reports (numerator, denominator, exclusions,
exceptions and eligible population per measure and collection type), the CAHPS for MIPS summary scores as
the survey vendor sends them, the Promoting Interoperability score of each participant TIN, and the
attestation by the Authorized to Sign contact. ``CmsInputs`` holds what CMS computes or decides: the
claims measures (479, 484), EUC, first year, the underserved multiplier and the prior year's achievement.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from acoms.accounts.models import ACOScopedQuerySet, Organization


class ReportingPeriod(models.Model):
    """A deadline CMS set for a PY; without a row the parameter ``submission_deadline`` holds."""

    py = models.PositiveSmallIntegerField("performance year", unique=True)
    deadline = models.DateField(help_text="Last day the ACO may change or attest its quality data")
    history = HistoricalRecords()

    def __str__(self):
        return f"PY{self.py} quality reporting"


class Submission(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="quality_submissions")
    py = models.PositiveSmallIntegerField("performance year")
    cahps_summary = models.JSONField(default=dict, blank=True, help_text="{CAHPS_1: score, ...} as the vendor sends")
    cahps_not_sampled = models.BooleanField(default=False, help_text="CMS did not sample the ACO for the survey")
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attested_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        ordering = ["py", "organization__aco_id"]
        constraints = [models.UniqueConstraint(fields=["organization", "py"], name="one_quality_submission_per_py")]

    def __str__(self):
        return f"{self.organization.aco_id} PY{self.py} quality"

    @property
    def attested(self) -> bool:
        return self.attested_at is not None


class MeasureReport(models.Model):
    """One measure as the ACO reports it through one collection type. Performance rate = numerator /
    (denominator - exclusions - exceptions); data completeness = denominator / eligible population."""

    class Collection(models.TextChoices):
        ECQM = "eCQM", "eCQM"
        MIPS_CQM = "MIPS CQM", "MIPS CQM"
        MEDICARE_CQM = "Medicare CQM", "Medicare CQM"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="measures")
    measure_id = models.CharField(max_length=10)
    collection = models.CharField(max_length=20, choices=Collection.choices)
    eligible_population = models.PositiveIntegerField(help_text="Patients who meet the denominator criteria")
    denominator = models.PositiveIntegerField(help_text="Patients reported (data completeness numerator)")
    exclusions = models.PositiveIntegerField(default=0)
    exceptions = models.PositiveIntegerField(default=0)
    numerator = models.PositiveIntegerField(help_text="Performance met")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure_id", "collection"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "measure_id", "collection"], name="one_report_per_measure")
        ]

    def __str__(self):
        return f"{self.measure_id} ({self.collection})"

    @property
    def performance_denominator(self) -> int:
        return self.denominator - self.exclusions - self.exceptions

    @property
    def rate(self) -> float | None:
        d = self.performance_denominator
        return 100.0 * self.numerator / d if d > 0 else None

    @property
    def completeness(self) -> float | None:
        return self.denominator / self.eligible_population if self.eligible_population else None


class PiScore(models.Model):
    """A participant TIN's MIPS Promoting Interoperability score (None: the TIN's PI is reweighted)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="pi_scores")
    tin = models.CharField("TIN", max_length=9)
    eligible_clinicians = models.PositiveIntegerField()
    score = models.FloatField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tin"]
        constraints = [models.UniqueConstraint(fields=["submission", "tin"], name="one_pi_score_per_tin")]


class CmsInputs(models.Model):
    """What CMS computes or decides for an ACO-year's quality score."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="quality_cms_inputs")
    py = models.PositiveSmallIntegerField("performance year")
    rate_479 = models.FloatField(null=True, blank=True, help_text="Risk-standardized readmission rate")
    cases_479 = models.PositiveIntegerField(null=True, blank=True)
    rate_484 = models.FloatField(null=True, blank=True, help_text="Admissions per 100 person-years")
    cases_484 = models.PositiveIntegerField(null=True, blank=True)
    claims_method = models.TextField(blank=True, help_text="How 479/484 were standardized")
    euc_affected = models.BooleanField(default=False)
    first_year = models.BooleanField(default=False)
    underserved_multiplier = models.FloatField(null=True, blank=True)
    prior_achievement = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ACOScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "py"], name="one_quality_cms_inputs_per_py")]

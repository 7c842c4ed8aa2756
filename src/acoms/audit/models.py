from django.conf import settings
from django.db import models
from django.utils import timezone

from acoms.lib.formats import long_date

from .labels import label


class AuditEvent(models.Model):
    """A legally meaningful event: who did what, when, to which object, with a before/after summary.
    Rows are only ever added (the admin shows them read-only)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150, blank=True, help_text="User name at the time of the event")
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        """A line a person reads: "December 1, 2026, 11:25 AM · cms-reviewer · Reviewer assigned · <object>"."""
        when = f"{long_date(self.at)}, {timezone.localtime(self.at):%-I:%M %p}" if self.at else ""
        parts = [when, self.actor_label or "system", label(self.action), self.object_repr]
        return " · ".join(p for p in parts if p)

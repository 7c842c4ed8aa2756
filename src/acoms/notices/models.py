"""In-app notices: one row per person for every event that e-mails someone (docs/user-guide.md,
"Notifications"). Written only by `acoms.notices.deliver.tell`, beside the e-mail."""

from django.conf import settings
from django.db import models


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person reads only their own notices."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices")
    event = models.CharField(max_length=60, help_text="The event that caused it, e.g. application.issue_rfi")
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True, help_text="The page of the record, a path on this site")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self):
        return self.subject

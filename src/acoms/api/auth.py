from django.utils import timezone
from ninja.security import HttpBearer

from acoms.api.models import APIToken, digest


class TokenAuth(HttpBearer):
    """`Authorization: Bearer acoms_…` with a personal token of an active user."""

    def authenticate(self, request, token):
        row = (
            APIToken.objects.select_related("user")
            .filter(digest=digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        APIToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user

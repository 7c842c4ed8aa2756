from django.db import transaction
from django.utils import timezone

from acoms.api.models import APIToken, digest
from acoms.audit.events import record


@transaction.atomic
def create_token(*, by, name: str) -> tuple[APIToken, str]:
    """A new token for `by`; returns the row and the secret, which is never stored."""
    name = name.strip()[:100] or "API token"
    secret = APIToken.new_secret()
    token = APIToken.objects.create(user=by, name=name, digest=digest(secret), hint=secret[:12])
    record("api_token.create", by=by, obj=token, after={"name": name})
    return token, secret


@transaction.atomic
def revoke_token(*, by, token: APIToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record("api_token.revoke", by=by, obj=token)

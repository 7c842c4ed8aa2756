"""Writing audit events. Actions call `record()` inside their transaction."""

from django.conf import settings

from acoms.audit.models import AuditEvent
from acoms.config import client_address


def record(action, *, by=None, obj=None, organization=None, before=None, after=None, ip=None, label=""):
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=(actor.get_username() if actor else label or (by.get_username() if by is not None else ""))[:150],
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        organization=organization,
        before=before,
        after=after,
        ip=ip,
    )


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the trusted proxy's header when one is configured."""
    if request is None:
        return None

    return client_address(request.META, settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXY_COUNT)

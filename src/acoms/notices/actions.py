"""Marking notices read. A notice is the person's own reminder, not a record of the program: reading
it changes nothing anyone else sees, so it is not an audit event."""

from django.db import transaction
from django.utils import timezone

from .models import Notice


@transaction.atomic
def mark_read(*, by, notice_ids=None) -> int:
    """Mark `by`'s notices read (those of `notice_ids`, or every unread one); another person's ids
    are ignored. Returns how many changed."""
    if by is None:
        raise TypeError("No actor given: pass the user who reads the notices.")
    notices = Notice.objects.for_user(by).unread()
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    return notices.update(read_at=timezone.now())

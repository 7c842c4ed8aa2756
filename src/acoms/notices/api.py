"""The notices API: a person's own notices and marking them read."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from pydantic import Field

from acoms.api.types import DbId

from . import actions
from .models import Notice

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    event: str
    subject: str
    body: str
    url: str
    created_at: dt.datetime
    read: bool
    read_at: dt.datetime | None


class ReadOut(Schema):
    marked_read: int


def _out(n: Notice) -> dict:
    return {
        "id": n.pk,
        "event": n.event,
        "subject": n.subject,
        "body": n.body,
        "url": n.url,
        "created_at": n.created_at,
        "read": n.read_at is not None,
        "read_at": n.read_at,
    }


@router.get("/", response=list[NoticeOut], summary="Your notices, newest first")
def list_notices(request, unread: bool = False, limit: Annotated[int, Field(ge=1, le=500)] = 100):
    notices = Notice.objects.for_user(request.auth)
    if unread:
        notices = notices.unread()
    return [_out(n) for n in notices[:limit]]


@router.post("/{notice_id}/read", response=NoticeOut, summary="Mark one of your notices read")
def read_notice(request, notice_id: DbId):
    notice = get_object_or_404(Notice.objects.for_user(request.auth), pk=notice_id)
    actions.mark_read(by=request.auth, notice_ids=[notice.pk])
    notice.refresh_from_db()
    return _out(notice)


@router.post("/read-all", response=ReadOut, summary="Mark every one of your notices read")
def read_all(request):
    return {"marked_read": actions.mark_read(by=request.auth)}

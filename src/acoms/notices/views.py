"""The notification centre: a person's notices, newest first, and marking them read (POST)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from acoms.lib import formats
from acoms.web.access import login_required_view

from . import actions
from .models import Notice


@login_required_view
def notice_list(request):
    notices = Notice.objects.for_user(request.user)
    unread_only = request.GET.get("show") == "unread"
    shown = notices.unread() if unread_only else notices
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/list.html",
        {"page": page, "unread_only": unread_only, "unread_count": notices.unread().count()},
    )


@login_required_view
@require_POST
def notice_read(request, notice_id):
    """Mark one notice read; with `open`, go on to the page it names."""
    notice = get_object_or_404(Notice.objects.for_user(request.user), pk=notice_id)
    actions.mark_read(by=request.user, notice_ids=[notice.pk])
    target = notice.url if request.POST.get("open") else request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notice_list")


@login_required_view
@require_POST
def notice_read_all(request):
    changed = actions.mark_read(by=request.user)
    messages.success(request, f"{formats.counted(changed, 'notice')} marked read." if changed else "No unread notices.")
    return redirect("notice_list")

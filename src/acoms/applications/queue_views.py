"""The review queue page, its download, and bulk assignment of a reviewer to the ticked cases."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from acoms.accounts.roles import Right, check
from acoms.lib.formats import counted
from acoms.web.access import require_right
from acoms.web.downloads import table_response, wanted_format

from . import actions, forms, queue

PAGE_SIZE = 50
BULK = "bulk"  # the assignment form's prefix: its fields' ids differ from the filter form's


@require_right(Right.VIEW_PROGRAM)
def review_queue(request):
    form = forms.QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    sort = filters.get("sort") or queue.DEFAULT_SORT
    found = queue.rows(request.user, filters, sort) if not form.errors else []
    if "format" in request.GET:
        rows = queue.table(queue.with_next_steps(found, request.user))
        return table_response(wanted_format(request), "review-queue", "Review queue", queue.HEADER, rows)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    queue.with_next_steps(page.object_list, request.user)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    can_assign = check(request.user, Right.ASSIGN_REVIEWERS)
    return render(
        request,
        "applications/review_queue.html",
        {
            "form": form,
            "rows": page.object_list,
            "page": page,
            "total": len(found),
            "query": query.urlencode(),
            "download_url": reverse("review_queue") + (f"?{query.urlencode()}" if query else ""),
            "assign_form": forms.BulkAssignForm(prefix=BULK) if can_assign else None,
            "here": request.get_full_path(),
        },
    )


@require_right(Right.ASSIGN_REVIEWERS)
@require_POST
def review_queue_assign(request):
    form = forms.BulkAssignForm(request.POST, prefix=BULK)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = reverse("review_queue")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    reviewer = form.cleaned_data["reviewer"]
    try:
        done = actions.assign_reviewer_to_many(
            by=request.user, applications=form.cleaned_data["applications"], reviewer=reviewer
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        who = reviewer.get_full_name() or reviewer.get_username()
        messages.success(request, f"{counted(len(done), 'case')} assigned to {who}.")
    return redirect(back)

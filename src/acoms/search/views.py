"""The search results page and the suggestions under the header's search box (htmx)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from acoms.search import query
from acoms.web.access import login_required_view

RESULTS = 50
SUGGESTIONS = 8
MAX_QUERY = 200


def _text(request) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY]


@require_GET
@login_required_view
def results(request):
    text = _text(request)
    hits = query.search(request.user, text, RESULTS) if text else []
    too_short = bool(text) and not query.words(text)
    return render(
        request,
        "search/results.html",
        {"q": text, "hits": hits, "too_short": too_short, "limit": RESULTS, "min_characters": query.MIN_CHARACTERS},
    )


@require_GET
@login_required_view
def suggestions(request):
    text = _text(request)
    hits = query.search(request.user, text, SUGGESTIONS) if text else []
    return render(request, "search/_suggestions.html", {"q": text, "hits": hits})

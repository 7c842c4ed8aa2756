"""Error pages in the site's layout; under /api/ the same errors answer JSON like the API does."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request is not None and request.path.startswith(API_PREFIX)


def forbidden(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not allowed."}, status=403)
    return render(request, "errors/403.html", status=403)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return render(request, "errors/400.html", status=400)


def server_error(request):
    """Rendered without the request's context: whatever failed (the database, a context processor)
    must not fail this page too."""
    if _is_api(request):
        return JsonResponse({"detail": "Server error. It has been logged; try again later."}, status=500)

    return HttpResponseServerError(loader.get_template("errors/500.html").render())

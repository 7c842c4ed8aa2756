"""Refusing an upload that is too large before its body is read.

Django reads a POST body in full as soon as anything touches `request.POST` or `request.FILES` — the
CSRF check does, before any view — so a view can only say "too large" after receiving the whole
file. This middleware runs first: it looks up the view the request is for, and when the request's
Content-Length is over that view's limit it answers 413 with the size and the limit, having read
nothing. Views declare their limit with `BODY_LIMITS[url_name] = bytes` (the page views and API
operations of this app do so in `views.py` and `api.py`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

MULTIPART_ALLOWANCE = 64 * 1024  # the form fields and multipart boundaries around the file
BODY_LIMITS: dict[str, tuple[int, str]] = {}  # url name -> (largest file in bytes, what the file is)


def limit_body(url_name: str, max_bytes: int, what: str) -> None:
    BODY_LIMITS[url_name] = (max_bytes, what)


def megabytes(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n % 1048576 else f"{n // 1048576} MB"


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    @staticmethod
    def refusal(request: HttpRequest) -> HttpResponse | None:
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if length <= MULTIPART_ALLOWANCE:
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        if name not in BODY_LIMITS:
            return None
        max_bytes, what = BODY_LIMITS[name]
        if length <= max_bytes + MULTIPART_ALLOWANCE:
            return None
        message = (
            f"The upload is {megabytes(length)}; the limit for {what} is {megabytes(max_bytes)}. "
            "Nothing was read or saved."
        )
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": {"file": [message]}}, status=413)
        return render(request, "participants/too_large.html", {"message": message}, status=413)

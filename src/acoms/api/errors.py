"""One place for how the API answers errors, and for what its OpenAPI document says about them.

Every error body is `{"detail": ...}`: a sentence, a map of field -> messages, or (for a request that
does not match the schema) Django Ninja's list of validation errors. Values outside what the
database or the calendar can hold (an id of 2^63, a year of 99999) reach the ORM as OverflowError,
DataError or ValueError: they answer 422 naming the request's fields that hold such numbers, never 500.
Routers can refuse them earlier, with the field named by the schema itself, by using the bounded
types in `acoms.api.types`.
"""

from __future__ import annotations

import json
import logging
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from ninja.errors import AuthenticationError
from pydantic import BaseModel

from acoms.api.types import DB_INT_MAX

logger = logging.getLogger(__name__)

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": True},
                {"type": "array", "items": {"type": "object", "additionalProperties": True}},
            ]
        }
    },
    "required": ["detail"],
}
ERROR_RESPONSES = {
    "401": "No valid token: send Authorization: Bearer acoms_…",
    "403": "The token's user lacks the right for this operation",
    "404": "No such record among those the caller may see",
    "422": "The request is invalid; detail names each field and what is wrong",
}


def declare_error_responses(schema: dict) -> dict:
    """Add the shared error responses to every operation of an OpenAPI document (in place)."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                if status == "401" and not operation.get("security"):
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
    return schema


def _numbers_in_request(request) -> dict[str, int]:
    """Every integer the request carries, by field name: path, query, form and top-level JSON fields."""
    fields: dict[str, object] = {}
    match = getattr(request, "resolver_match", None)
    if match is not None:
        fields.update(match.kwargs)
    for source in (request.GET, request.POST):
        for key in source:
            fields[key] = source.get(key)
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            body = None
        if isinstance(body, dict):
            fields.update(body)
    numbers = {}
    for name, value in fields.items():
        if isinstance(value, bool):
            continue
        try:
            numbers[name] = int(str(value).strip())
        except ValueError:
            continue
    return numbers


def out_of_range_detail(request, exc: Exception) -> dict[str, list[str]]:
    numbers = _numbers_in_request(request)
    too_big = [name for name, n in numbers.items() if not -DB_INT_MAX - 1 <= n <= DB_INT_MAX]
    named = too_big or [name for name, n in numbers.items() if n <= 0 or n > 9999] or list(numbers)
    if not named:
        return {"__all__": ["A value in the request is out of range."]}
    return {name: [f"{numbers[name]} is out of the range this field accepts."] for name in named}


def _integers(name: str, value) -> list[tuple[str, int]]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [(name, value)]
    if isinstance(value, BaseModel):
        return [pair for field, inner in value.model_dump().items() for pair in _integers(field, inner)]
    return []


def refuse_integers_beyond_64_bits(view):
    """Applied to every operation after its parameters are parsed: an integer no database column can
    hold (an id of 2^63 or 10^20) is refused with 422 naming the field, whatever the router declared."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        bad = {
            field: [f"{number} is out of range (the largest accepted is {DB_INT_MAX})."]
            for name, value in kwargs.items()
            for field, number in _integers(name, value)
            if not -DB_INT_MAX - 1 <= number <= DB_INT_MAX
        }
        if bad:
            raise ValidationError(bad)
        return view(request, *args, **kwargs)

    return checked


def install(api) -> None:
    api.add_decorator(refuse_integers_beyond_64_bits, mode="operation")

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {"detail": "Send a valid token: Authorization: Bearer acoms_…"}, status=401)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return api.create_response(request, {"detail": detail}, status=422)

    def out_of_range(request, exc):
        logger.warning("API %s %s: out-of-range value (%s: %s)", request.method, request.path, type(exc).__name__, exc)
        return api.create_response(request, {"detail": out_of_range_detail(request, exc)}, status=422)

    for error in (OverflowError, DataError, ValueError):
        api.add_exception_handler(error, out_of_range)

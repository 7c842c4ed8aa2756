"""How a page shows an action's refusal (a `ValidationError`): on the form that was sent, or as a message on the
page it redirects to. One place, so every page words and places a refusal the same way."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError


def errors_onto(form, error: ValidationError) -> None:
    """Each message beside the field it names, or at the top of the form when it names no field of this form."""
    named = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for field, texts in named:
        form.add_error(field if field in form.fields else None, texts)


@contextmanager
def refusal_as_message(request) -> Iterator[None]:
    """Run a write; if the action refuses, say why at the top of the next page instead of failing. The code after
    the `with` block runs either way (typically the redirect); a `return` inside it runs only on success."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


def each_as_message(request, error: ValidationError, most: int = 50) -> None:
    """Each of a refusal's messages as its own line on the next page (a file refused row by row), at most `most`."""
    for text in error.messages[:most]:
        messages.error(request, text)

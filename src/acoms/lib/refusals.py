"""Why an action is refused, as data: a kind and a message. Pages and the API map the kind to a
status (403 forbidden, 409 conflict, 422 invalid) instead of reading the text of the message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError


class Kind(StrEnum):
    FORBIDDEN = "forbidden"  # the person may not: a missing right or a separation of duties (403)
    CONFLICT = "conflict"  # the record's state does not allow it (409)
    INVALID = "invalid"  # not now or not so: a closed window, a passed deadline, a step out of order (422)


class Conflict(ValidationError):
    """A ValidationError the API answers with 409: the step does not exist in the record's state."""


@dataclass(frozen=True)
class Refusal:
    kind: Kind
    message: str

    def __str__(self) -> str:
        return self.message

    def error(self) -> Exception:
        if self.kind == Kind.FORBIDDEN:
            return PermissionDenied(self.message)
        if self.kind == Kind.CONFLICT:
            return Conflict({"__all__": [self.message]})
        return ValidationError({"__all__": [self.message]})

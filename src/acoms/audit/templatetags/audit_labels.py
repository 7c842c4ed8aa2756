"""`{% load audit_labels %}{{ event.action|event_label }}`: an audit event's code in words."""

from django import template

from acoms.audit.labels import label

register = template.Library()


@register.filter
def event_label(code) -> str:
    return label(str(code or ""))


def _plain(value) -> str:
    if isinstance(value, dict):
        return "; ".join(
            f"{str(k).replace('_', ' ')}: {_plain(v)}" for k, v in value.items() if v not in (None, "", [], {})
        )
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


@register.filter
def event_summary(value) -> str:
    """An event's before/after record as "field: value; …" (no Python or JSON punctuation on the page)."""
    return _plain(value) if value not in (None, "", {}) else ""

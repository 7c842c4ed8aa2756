"""Template filters for the one way the system writes dates, money and counts (acoms.lib.formats)."""

from django import template

from acoms.lib import formats

register = template.Library()


@register.filter
def long_date(value):
    return formats.long_date(value)


@register.filter
def money(value, cents=False):
    return formats.money(value, cents=bool(cents))


@register.filter
def number(value, digits=0):
    return formats.number(value, int(digits))


@register.filter
def percent(value, digits=1):
    return formats.percent(value, int(digits))


@register.filter
def counted(value, nouns):
    """{{ n|counted:"case" }} or {{ n|counted:"beneficiary,beneficiaries" }}."""
    noun, _, plural = str(nouns).partition(",")
    return formats.counted(int(value), noun, plural or None)

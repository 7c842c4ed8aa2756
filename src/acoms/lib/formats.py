"""How the system writes numbers and dates for people: one format for each, used by pages, letters, e-mails and
exports ("January 1, 2027", "$284,680", "1 case" / "2 cases")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(value: dt.date | dt.datetime | None) -> str:
    """ "January 1, 2027"; a date-time is shown by its date in the server's time zone; None is an empty string."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone().date() if value.tzinfo else value.date()
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def money(value: float | int | Decimal | None, cents: bool = False) -> str:
    """ "$284,680" (whole dollars, rounded half away from zero) or "$284,680.25"; negatives as "−$1,200"."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    places = Decimal("0.01") if cents else Decimal("1")
    amount = amount.quantize(places, rounding="ROUND_HALF_UP")
    sign = "\u2212" if amount < 0 else ""
    text = f"{abs(amount):,.2f}" if cents else f"{abs(amount):,.0f}"
    return f"{sign}${text}"


def number(value: float | int | Decimal | None, digits: int = 0) -> str:
    """ "12,345" or "0.95" with the given decimals; None is an empty string."""
    if value is None:
        return ""
    return f"{float(value):,.{digits}f}"


def percent(value: float | Decimal | None, digits: int = 1, fraction: bool = True) -> str:
    """ "3.2%" from a fraction (0.032) or, with fraction=False, from a percent number (3.2)."""
    if value is None:
        return ""
    shown = float(value) * 100 if fraction else float(value)
    return f"{shown:,.{digits}f}%".replace("-", "\u2212")


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 case", "2 cases", "1,204 beneficiaries" (plural given where adding "s" is wrong)."""
    word = noun if n == 1 else (plural or f"{noun}s")
    return f"{n:,} {word}"

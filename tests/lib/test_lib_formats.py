"""One way of writing dates, money and counts for people."""

import datetime as dt
from decimal import Decimal

from acoms.lib import formats


def test_dates_are_written_with_the_month_name():
    assert formats.long_date(dt.date(2027, 1, 1)) == "January 1, 2027"
    assert formats.long_date(dt.datetime(2026, 12, 31, 23, 0)) == "December 31, 2026"
    assert formats.long_date(None) == ""


def test_money_is_whole_dollars_with_thousands_separators_rounded_half_up():
    assert formats.money(284680) == "$284,680"
    assert formats.money(Decimal("1234.5")) == "$1,235"
    assert formats.money(-1200) == "\u2212$1,200"
    assert formats.money(12.345, cents=True) == "$12.35"
    assert formats.money(None) == ""


def test_counts_agree_with_their_nouns():
    assert formats.counted(1, "case") == "1 case"
    assert formats.counted(2, "case") == "2 cases"
    assert formats.counted(1204, "beneficiary", "beneficiaries") == "1,204 beneficiaries"


def test_percent_from_a_fraction_or_a_percent_number():
    assert formats.percent(0.032) == "3.2%"
    assert formats.percent(3.2, fraction=False) == "3.2%"
    assert formats.percent(-0.015, 2) == "\u22121.50%"

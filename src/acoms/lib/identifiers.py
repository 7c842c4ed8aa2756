"""Identifier helpers: NPI, TIN (EIN), CCN, MBI and ACO id.

Identifiers are strings everywhere (leading zeros matter). Checksums come from python-stdnum:
the NPI check digit is the Luhn digit of "80840" + the first nine digits (NPI standard,
45 CFR 162.406); EIN validity uses stdnum's IRS campus prefixes.
"""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.us import ein as _ein

NPI_PREFIX = "80840"
_MBI_RE = re.compile(
    r"^[1-9][AC-HJKMNP-RT-Y][0-9AC-HJKMNP-RT-Y][0-9]"
    r"[AC-HJKMNP-RT-Y][0-9AC-HJKMNP-RT-Y][0-9]"
    r"[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y][0-9][0-9]$"
)
_CCN_RE = re.compile(r"^[0-9A-Z]{2}[0-9A-Z][0-9]{3}$")
_ACO_RE = re.compile(r"^[A-Z][0-9]{4,5}$")

# MBI alphabet (CMS MBI format spec: no S, L, O, I, B, Z).
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
MBI_ALNUM = "0123456789" + MBI_LETTERS


def npi_check_digit(first9: str) -> str:
    """Check digit for a 9-digit NPI stem."""
    return luhn.calc_check_digit(NPI_PREFIX + first9)


def is_npi(value: object) -> bool:
    s = value if isinstance(value, str) else ""
    return len(s) == 10 and s.isdigit() and s[0] in "12" and luhn.is_valid(NPI_PREFIX + s)


def make_npi(stem: int) -> str:
    """A valid NPI from an integer stem (< 10**8); first digit 1 (individual)."""
    first9 = f"1{stem:08d}"
    return first9 + npi_check_digit(first9)


def is_tin(value: object) -> bool:
    """A 9-digit taxpayer identification number (EIN or SSN format) as a string."""
    return isinstance(value, str) and len(value) == 9 and value.isdigit()


def is_ein(value: object) -> bool:
    return is_tin(value) and _ein.is_valid(value)  # type: ignore[arg-type]


def is_ccn(value: object) -> bool:
    """Medicare CMS Certification Number: 2-character state code + 4 characters."""
    return isinstance(value, str) and bool(_CCN_RE.match(value))


def ccn_facility_kind(ccn: str) -> str | None:
    """Facility type from the CCN's last four digits (CMS State Operations Manual 2779A)."""
    if not is_ccn(ccn) or not ccn[2:].isdigit():
        return None
    n = int(ccn[2:])
    if 1300 <= n <= 1399:
        return "cah"
    if 1000 <= n <= 1199 or 1800 <= n <= 1989:
        return "fqhc"
    if 3400 <= n <= 3499 or 3975 <= n <= 3999 or 8500 <= n <= 8999:
        return "rhc"
    if 1 <= n <= 879:
        return "acute_hospital"
    return "other"


def is_mbi(value: object) -> bool:
    return isinstance(value, str) and bool(_MBI_RE.match(value))


def is_aco_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ACO_RE.match(value))


def normalize_tin(value: str) -> str:
    """'12-3456789' -> '123456789'; raises ValueError on anything else."""
    s = value.replace("-", "").strip()
    if not is_tin(s):
        raise ValueError(f"not a TIN: {value!r}")
    return s

"""Identifiers: NPI, TIN (EIN), CCN, MBI, ACO ID and bank routing number — the one home of each check.

Identifiers are strings everywhere (leading zeros matter). Checksums come from python-stdnum: the
NPI check digit is the Luhn digit of "80840" + the first nine digits (NPI standard, 45 CFR
162.406); an EIN starts with an IRS campus prefix (stdnum's table); a routing number has the ABA
check digit. The CCN's state codes, facility ranges and unit letters are CMS's State Operations
Manual tables, kept as cited data in `lib/reference/*.csv`.

The `*_problem` functions say what is wrong ("format", "prefix", "check", "state") or None; callers
turn that into their own message (a validation finding, a form error), so the rule is written once.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from stdnum import luhn
from stdnum.us import ein as _ein
from stdnum.us import rtn as _rtn

NPI_PREFIX = "80840"
# An ACO ID is the letter A and four digits (A1234); the PUFs' "A" + five digits are encrypted ids, not ACO IDs.
ACO_ID_PATTERN = r"^A\d{4}$"
ACO_ID_MESSAGE = "An ACO ID is the letter A followed by four digits, e.g. A1234."
_MBI_RE = re.compile(
    r"^[1-9][AC-HJKMNP-RT-Y][0-9AC-HJKMNP-RT-Y][0-9]"
    r"[AC-HJKMNP-RT-Y][0-9AC-HJKMNP-RT-Y][0-9]"
    r"[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y][0-9][0-9]$"
)
_CCN_RE = re.compile(r"^[0-9A-Z]{2}([0-9]{4}|[A-Z][0-9]{3})$")
_ACO_RE = re.compile(ACO_ID_PATTERN)

# MBI alphabet (CMS MBI format spec: no S, L, O, I, B, Z).
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
MBI_ALNUM = "0123456789" + MBI_LETTERS


# ---- TIN / EIN -----------------------------------------------------------------------------


def clean_tin(value: str) -> str:
    """'12-3456789' and '12 3456789' -> '123456789' (what people type; the check comes after)."""
    return value.replace("-", "").replace(" ", "")


def is_tin(value: object) -> bool:
    """A 9-digit taxpayer identification number (EIN or SSN format) as a string."""
    return isinstance(value, str) and len(value) == 9 and value.isdigit()


@cache
def ein_prefixes() -> frozenset[str]:
    """The IRS campus prefixes (stdnum's table), computed once: stdnum's is_valid takes ~250 µs a call,
    25 s for a 100,000-row provider list, and an EIN is valid exactly when its prefix is one of these."""
    return frozenset(p for p in (f"{i:02d}" for i in range(100)) if _ein.is_valid(p + "1234567"))


def is_ein(value: object) -> bool:
    return is_tin(value) and value[:2] in ein_prefixes()  # type: ignore[index]


def tin_problem(tin: str) -> str | None:
    """None for a TIN that is an EIN; "format" (not nine digits) or "prefix" (no IRS campus prefix)."""
    if not is_tin(tin):
        return "format"
    return None if tin[:2] in ein_prefixes() else "prefix"


def normalize_tin(value: str) -> str:
    """'12-3456789' -> '123456789'; raises ValueError on anything else."""
    s = value.replace("-", "").strip()
    if not is_tin(s):
        raise ValueError(f"not a TIN: {value!r}")
    return s


# ---- NPI -----------------------------------------------------------------------------------


def npi_check_digit(first9: str) -> str:
    """Check digit for a 9-digit NPI stem."""
    return luhn.calc_check_digit(NPI_PREFIX + first9)


def npi_problem(npi: str) -> str | None:
    """None for a valid NPI; "format" (ten digits starting with 1 or 2) or "check" (Luhn digit)."""
    if len(npi) != 10 or not npi.isdigit() or npi[0] not in "12":
        return "format"
    return None if luhn.is_valid(NPI_PREFIX + npi) else "check"


def is_npi(value: object) -> bool:
    return isinstance(value, str) and npi_problem(value) is None


def make_npi(stem: int) -> str:
    """A valid NPI from an integer stem (< 10**8); first digit 1 (individual)."""
    first9 = f"1{stem:08d}"
    return first9 + npi_check_digit(first9)


# ---- CCN (CMS State Operations Manual ch. 2 §2779A) ----------------------------------------


def _reference(name: str) -> list[dict]:
    text = resources.files("acoms.lib").joinpath("reference", f"{name}.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))
    if any(not row.get("citation") for row in rows):
        raise ValueError(f"lib/reference/{name}.csv: every row needs a citation")
    return rows


@cache
def ccn_state_codes() -> dict[str, str]:
    """CCN state code -> state or territory abbreviation (SOM §2779A1)."""
    return {row["code"]: row["state"] for row in _reference("ccn_state_codes")}


@cache
def _facility_ranges() -> tuple[tuple[int, int, str], ...]:
    return tuple((int(r["first"]), int(r["last"]), r["kind"]) for r in _reference("ccn_facility_ranges"))


@cache
def _unit_letters() -> dict[str, str]:
    return {row["letter"]: row["kind"] for row in _reference("ccn_special_units")}


def is_ccn(value: object) -> bool:
    """A Medicare CCN's shape: a 2-character state code, then four digits or a unit letter and three digits."""
    return isinstance(value, str) and bool(_CCN_RE.match(value))


def ccn_problem(ccn: str) -> str | None:
    """None for a well-formed CCN of a known state; "format" or "state" otherwise."""
    if not is_ccn(ccn):
        return "format"
    return None if ccn[:2] in ccn_state_codes() else "state"


def ccn_facility_kind(ccn: str) -> str | None:
    """What a well-formed CCN names: "fqhc", "rhc", "cah", "eta_hospital", "snf", "swing_bed", or
    "other_<type>" for the facility types the program does not check; None when no range has it."""
    if not is_ccn(ccn):
        return None
    if not ccn[2].isdigit():
        return _unit_letters().get(ccn[2])
    number = int(ccn[2:])
    for first, last, kind in _facility_ranges():
        if first <= number <= last:
            return kind
    return None


# ---- MBI, ACO ID, routing number ------------------------------------------------------------


def is_mbi(value: object) -> bool:
    return isinstance(value, str) and bool(_MBI_RE.match(value))


def is_aco_id(value: object) -> bool:
    return isinstance(value, str) and bool(_ACO_RE.match(value))


def is_routing_number(value: object) -> bool:
    """An ABA routing transit number: nine digits with the ABA check digit."""
    return isinstance(value, str) and _rtn.is_valid(value)

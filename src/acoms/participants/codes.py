"""Validation finding codes: one line per rule, with its severity and its source.

An *error* rejects the row (it is not saved); a *warning* saves the row but blocks the annual
certification until it is resolved. docs/participants.md lists the same table for users.
"""

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Code:
    severity: str
    message: str
    source: str


CODES: dict[str, Code] = {
    "REQUIRED": Code(ERROR, "This field is required.", "CMS participant list template"),
    "TOO_LONG": Code(ERROR, "This value is longer than {limit} characters.", "CMS participant list template"),
    "FORMULA": Code(
        ERROR,
        "The value starts with =, +, - or @; enter plain text, not a formula.",
        "spreadsheet safety (OWASP CSV injection)",
    ),
    "TIN_FORMAT": Code(ERROR, "A TIN has exactly nine digits (hyphens are ignored).", "§425.20"),
    "TIN_PREFIX": Code(ERROR, "{value} does not start with an IRS EIN prefix.", "IRS EIN prefixes (python-stdnum)"),
    "NPI_FORMAT": Code(ERROR, "An NPI has ten digits and starts with 1 or 2.", "45 CFR 162.406"),
    "NPI_CHECK": Code(ERROR, "{value} fails the NPI check digit (Luhn).", "45 CFR 162.406"),
    "CCN_FORMAT": Code(
        ERROR,
        "A CCN has six characters: a two-character state code and four digits (or a unit letter and three digits).",
        "SOM §2779A",
    ),
    "CCN_STATE": Code(ERROR, "{value} starts with {state}, which is not a state code.", "SOM §2779A1"),
    "CCN_PARTICIPANT_TYPE": Code(
        ERROR, "{value} is not an FQHC, RHC, critical access hospital or ETA hospital CCN.", "§425.402(f)"
    ),
    "CCN_SNF_TYPE": Code(ERROR, "{value} is not a skilled nursing facility or swing-bed CCN.", "§425.612(a)"),
    "STARS_FORMAT": Code(
        ERROR, "The overall star rating is a whole number from 1 to 5, or blank if not rated.", "§425.612(a)(1)(iii)(B)"
    ),
    "STARS_LOW": Code(
        ERROR,
        "A SNF affiliate needs an overall star rating of 3 or more; this one has {value}.",
        "§425.612(a)(1)(iii)(B)",
    ),
    "NAME_CHARACTERS": Code(
        ERROR,
        "The name {problem}; retype it without invisible characters.",
        "Unicode tricks (NFKC; no control or format characters)",
    ),
    "DUPLICATE": Code(ERROR, "{value} is already on row {first_row} of this file.", "§425.118"),
    "NOT_ENROLLED": Code(ERROR, "{value} is not in the Medicare enrollment registry.", "§425.118(b)"),
    "NAME_MISMATCH": Code(ERROR, "The legal name does not match Medicare enrollment ({expected}).", "§425.118(b)"),
    "NOT_REASSIGNED": Code(ERROR, "NPI {value} does not bill through TIN {tin} in Medicare enrollment.", "§425.118(b)"),
    "TIN_NOT_PARTICIPANT": Code(
        ERROR, "TIN {value} is not on this ACO's participant list for the year.", "§425.20 (ACO provider/supplier)"
    ),
    "EXCLUSIVITY": Code(
        ERROR, "TIN {value} bills primary care services and is on another ACO's list for {py}.", "§425.306(b)"
    ),
    "NO_AGREEMENT": Code(
        WARNING,
        "No signed agreement is attached for {value}; attach it before certifying.",
        "§425.116, §425.612(a)(1)(ii)",
    ),
}


def finding(row: int, field: str, code: str, **values) -> dict:
    """One finding: the file row (1 = header), the column, the code and a plain-language message."""
    spec = CODES[code]
    return {
        "row": row,
        "field": field,
        "code": code,
        "severity": spec.severity,
        "message": spec.message.format(**values),
    }


def has_errors(findings) -> bool:
    return any(f["severity"] == ERROR for f in findings)

"""Row-by-row validation of participant, provider/supplier and SNF affiliate lists.

Pure Python over plain dicts so the same code serves the page, the API, the CLI and the
benchmark. `Context` carries what the rules need to know about the world (the enrollment
registry, other ACOs' lists, attached agreements); a rule whose context is None is skipped,
which is how the CLI validates a file offline. Spec §1.7–1.9; codes in `codes.py`.
"""

import re
from dataclasses import dataclass, field

from acoms.lib import identifiers
from acoms.lib.text import TextError, clean_name
from acoms.participants import reference
from acoms.participants.codes import ERROR, finding
from acoms.participants.layouts import LAYOUTS, PARTICIPANTS, PROVIDERS, SNF_AFFILIATES, Layout
from acoms.participants.reader import FORMULA_MARKS
from acoms.rules import exclusivity

_SEPARATORS = re.compile(r"[;,\s]+")
_NAME_NOISE = re.compile(r"[^\w]+")
clean_tin = identifiers.clean_tin


@dataclass
class Context:
    py: int | None = None
    tin_names: dict[str, str] | None = None  # TIN -> legal name (Medicare enrollment)
    primary_care_tins: set[str] | None = None  # TINs billing primary care services used in assignment
    npi_tins: dict[str, dict[str, str]] | None = None  # NPI -> {TIN it bills through: name}
    ccn_names: dict[str, str] | None = None  # facility CCN -> legal name
    other_aco_tins: dict[str, str] | None = None  # TIN -> other ACO id, lists in force for `py`
    participant_tins: set[str] | None = None  # this ACO's participant TINs for `py`
    agreements: set[str] | None = None  # TINs and CCNs with an attached signed agreement


@dataclass
class Report:
    layout: Layout
    accepted: list[tuple[int, dict]] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f["severity"] == ERROR)

    @property
    def warning_count(self) -> int:
        return len(self.findings) - self.error_count

    def as_dict(self) -> dict:
        return {
            "kind": self.layout.kind,
            "accepted": len(self.accepted),
            "rejected": len(self.rejected),
            "errors": self.error_count,
            "warnings": self.warning_count,
            "findings": self.findings,
        }


def name_key(name: str) -> str:
    """Names compare without case, punctuation or extra spaces ("Riverside Family Medicine, P.C.")."""
    return _NAME_NOISE.sub(" ", name.casefold()).strip()


def split_ccns(value: str) -> list[str]:
    return [c for c in _SEPARATORS.split(value.upper()) if c]


def validate(layout: Layout, rows: list[tuple[int, dict]], ctx: Context | None = None) -> Report:
    ctx = ctx or Context()
    report = Report(layout)
    check = _ROW_CHECKS[layout.kind]
    seen: dict[str, int] = {}
    seen_ccns: dict[str, int] = {}
    for number, raw in rows:
        findings = _generic(layout, number, raw)
        if findings:  # a value already found missing, too long or a formula is not checked further
            flagged = {f["field"] for f in findings}
            raw = {c.field: None if c.header in flagged else raw.get(c.field, "") for c in layout.columns}
        clean = check(number, raw, findings, ctx)
        if not _errors(findings):
            key = clean["_key"]
            if key in seen:
                findings.append(
                    finding(number, _key_field(layout), "DUPLICATE", value=key.replace("|", " / "), first_row=seen[key])
                )
            else:
                seen[key] = number
            for ccn in clean.get("ccns", []):
                if ccn in seen_ccns and seen_ccns[ccn] != number:
                    findings.append(finding(number, "CCNs", "DUPLICATE", value=ccn, first_row=seen_ccns[ccn]))
                seen_ccns.setdefault(ccn, number)
        if _errors(findings):
            report.rejected.append(number)
        else:
            clean.pop("_key")
            report.accepted.append((number, clean))
        report.findings.extend(findings)
    return report


def _errors(findings) -> bool:
    return any(f["severity"] == ERROR for f in findings)


def _key_field(layout: Layout) -> str:
    return {PARTICIPANTS: "Participant TIN", PROVIDERS: "Individual NPI", SNF_AFFILIATES: "SNF CCN"}[layout.kind]


def _generic(layout: Layout, number: int, raw: dict) -> list[dict]:
    out = []
    for column in layout.columns:
        value = raw.get(column.field, "")
        if not value:
            if column.required:
                out.append(finding(number, column.header, "REQUIRED"))
        elif value.startswith(FORMULA_MARKS):
            out.append(finding(number, column.header, "FORMULA"))
        elif len(value) > column.max_length:
            out.append(finding(number, column.header, "TOO_LONG", limit=column.max_length))
    return out


def _tin(number, header, value, findings) -> str:
    if value is None:
        return ""
    tin = clean_tin(value)
    problem = identifiers.tin_problem(tin)
    if problem == "format":
        findings.append(finding(number, header, "TIN_FORMAT"))
    elif problem == "prefix":
        findings.append(finding(number, header, "TIN_PREFIX", value=tin))
    return tin


def _ccn(number, header, ccn, allowed, code, findings) -> None:
    problem = identifiers.ccn_problem(ccn)
    if problem == "format":
        findings.append(finding(number, header, "CCN_FORMAT"))
    elif problem == "state":
        findings.append(finding(number, header, "CCN_STATE", value=ccn, state=ccn[:2]))
    elif identifiers.ccn_facility_kind(ccn) not in allowed:
        findings.append(finding(number, header, code, value=ccn))


def _clean_name(number, header, given, findings) -> str | None:
    """The name NFKC-normalized (`lib.text.clean_name`), or None with a NAME_CHARACTERS finding when it
    holds invisible or control characters (a zero-width space, a right-to-left override)."""
    if given is None:
        return None
    try:
        return clean_name(given)
    except TextError as error:
        findings.append(finding(number, header, "NAME_CHARACTERS", problem=str(error)))
        return None


def _name(number, header, given, expected, findings) -> None:
    if expected is not None and name_key(given) != name_key(expected):
        findings.append(finding(number, header, "NAME_MISMATCH", expected=expected))


def _participant(number, raw, findings, ctx: Context) -> dict:
    tin = _tin(number, "Participant TIN", raw["tin"], findings)
    legal_name = _clean_name(number, "Participant Legal Business Name", raw["legal_name"], findings)
    ccns = split_ccns(raw.get("ccns") or "")
    for ccn in ccns:
        _ccn(number, "CCNs", ccn, reference.PARTICIPANT_FACILITIES, "CCN_PARTICIPANT_TYPE", findings)
    if findings:
        return {"_key": tin}
    if ctx.tin_names is not None:
        if tin not in ctx.tin_names:
            findings.append(finding(number, "Participant TIN", "NOT_ENROLLED", value=tin))
        else:
            _name(number, "Participant Legal Business Name", legal_name, ctx.tin_names[tin], findings)
    if ctx.other_aco_tins is not None:
        other = exclusivity.conflict(tin, ctx.other_aco_tins, ctx.primary_care_tins)
        if other is not None:
            findings.append(finding(number, "Participant TIN", "EXCLUSIVITY", value=tin, py=ctx.py))
    if ctx.agreements is not None and tin not in ctx.agreements:
        findings.append(finding(number, "Participant TIN", "NO_AGREEMENT", value=tin))
    return {"_key": tin, "tin": tin, "legal_name": legal_name, "ccns": ccns}


def _provider(number, raw, findings, ctx: Context) -> dict:
    tin = _tin(number, "Billing TIN", raw["tin"], findings)
    name = _clean_name(number, "Provider Name", raw["name"], findings)
    npi = (raw["npi"] or "").replace(" ", "")
    problem = None if raw["npi"] is None else identifiers.npi_problem(npi)
    if problem == "format":
        findings.append(finding(number, "Individual NPI", "NPI_FORMAT"))
    elif problem == "check":
        findings.append(finding(number, "Individual NPI", "NPI_CHECK", value=npi))
    if findings:
        return {"_key": f"{npi}|{tin}"}
    if ctx.participant_tins is not None and tin not in ctx.participant_tins:
        findings.append(finding(number, "Billing TIN", "TIN_NOT_PARTICIPANT", value=tin))
    if ctx.npi_tins is not None:
        tins = ctx.npi_tins.get(npi)
        if tins is None:
            findings.append(finding(number, "Individual NPI", "NOT_ENROLLED", value=npi))
        elif tin not in tins:
            findings.append(finding(number, "Individual NPI", "NOT_REASSIGNED", value=npi, tin=tin))
        else:
            _name(number, "Provider Name", name, tins[tin], findings)
    return {"_key": f"{npi}|{tin}", "tin": tin, "npi": npi, "name": name}


def _snf(number, raw, findings, ctx: Context) -> dict:
    ccn = (raw["ccn"] or "").upper()
    if raw["ccn"] is not None:
        _ccn(number, "SNF CCN", ccn, reference.SNF_AFFILIATE_FACILITIES, "CCN_SNF_TYPE", findings)
    name = _clean_name(number, "SNF Legal Business Name", raw["name"], findings)
    stars = None
    if raw.get("stars"):
        if raw["stars"] not in {"1", "2", "3", "4", "5"}:
            findings.append(finding(number, "Overall Star Rating", "STARS_FORMAT"))
        else:
            stars = int(raw["stars"])
            if stars < reference.MINIMUM_SNF_STARS:
                findings.append(finding(number, "Overall Star Rating", "STARS_LOW", value=stars))
    if findings:
        return {"_key": ccn}
    if ctx.ccn_names is not None:
        if ccn not in ctx.ccn_names:
            findings.append(finding(number, "SNF CCN", "NOT_ENROLLED", value=ccn))
        else:
            _name(number, "SNF Legal Business Name", name, ctx.ccn_names[ccn], findings)
    if ctx.agreements is not None and ccn not in ctx.agreements:
        findings.append(finding(number, "SNF CCN", "NO_AGREEMENT", value=ccn))
    return {"_key": ccn, "ccn": ccn, "name": name, "stars": stars}


_ROW_CHECKS = {PARTICIPANTS: _participant, PROVIDERS: _provider, SNF_AFFILIATES: _snf}


def validate_one(kind: str, raw: dict, ctx: Context | None = None) -> Report:
    """One row typed into the page (row number 1): the same rules as a file."""
    layout = LAYOUTS[kind]
    return validate(layout, [(1, {f: (raw.get(f) or "").strip() for f in layout.fields})], ctx)

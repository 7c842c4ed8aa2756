"""Reader for the SSP ACO results public-use files (PUF), every layout in shared/data, into one record.

Layouts differ by year and by copy: column names (ACO_Num vs ACO_ID, long English headers), units
(fractions, percent numbers, "9.48%" strings, a stray '%' on fractions), Excel-formatted numbers
("60,845", "$"), dates ("7/1/2012", "1/1/16 00:00", "01/01/2018 12:00:00 AM"). Each layout states the
unit of every column it maps; nothing is guessed from the values. A value that cannot be parsed, or that
falls outside the range its field allows (the usual sign of a wrong unit), raises ``PufParseError``
naming the file, row and column.

A record keeps the reconciliation's inputs (``record.inputs``) apart from CMS's published results
(``record.published``); only ``recover_election`` looks at a published figure, see its docstring.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from acoms.lib.identifiers import is_aco_id

from .quality import QualityResult
from .reconcile import Inputs
from .msr import VARIABLE


class PufParseError(ValueError):
    def __init__(self, path, line, column, value, reason):
        self.path, self.line, self.column, self.value = str(path), line, column, value
        super().__init__(f"{path}: row {line}, column {column!r}: {reason} (value {value!r})")


@dataclass(frozen=True)
class PufInputs:
    track: str
    n_ab: int
    benchmark_total: float
    expenditure_total: float
    quality_score: float | None
    met_qps: bool | None = None
    met_alt_qps: bool | None = None
    agreement_start: date | None = None
    initial_start: date | None = None
    agreement_type: str | None = None
    agreement_period: int | None = None
    revenue_category: str | None = None
    risk_model: str | None = None
    euc_reduction: float | None = None        # DisAdj: EUC reduction of shared losses (dollars)
    revenue_loss_limit: bool | None = None    # RevLossLimit (Track 1+)
    mid_year_termination: bool | None = None
    quality_score_decimals: int | None = None  # decimals of the published score as a fraction (rounding envelope)


@dataclass(frozen=True)
class PufPublished:
    savings_rate: float | None = None
    msr: float | None = None
    gen_save_loss: float | None = None
    final_share_rate: float | None = None
    final_loss_rate: float | None = None
    earn_save_loss: float | None = None


@dataclass(frozen=True)
class PufRecord:
    year: int
    aco_id: str
    id_kind: str          # "ACO_ID" (A####), "encrypted" (A#####, before PY2018) or "name" (no id in the file)
    aco_name: str
    source: str
    line: int
    layout: str
    inputs: PufInputs
    published: PufPublished


# --------------------------------------------------------------------------- value parsers

_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%m/%d/%y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M")
_MISSING = {"", "-", "--", ".", "NA", "N/A", "nan", "NaN", "*"}


def _number(text: str) -> float:
    s = text.strip().replace(",", "").replace("$", "").replace(" ", "")
    neg = s.startswith("(") and s.endswith(")")
    if neg:
        s = s[1:-1]
    s = s.rstrip("%")
    v = float(s)
    return -v if neg else v


def _parse(kind: str, text: str):
    t = text.strip()
    if t in _MISSING:
        return None
    if kind == "str":
        return t
    if kind == "int":
        v = _number(t)
        if v != int(v):
            raise ValueError("not a whole number")
        return int(v)
    if kind in ("money", "num"):
        return _number(t)
    if kind == "fraction":          # a fraction, or a percent string such as "9.48%"
        return _number(t) / 100 if t.endswith("%") else _number(t)
    if kind == "percent":           # percent units with or without the sign: "7.13" or "7.13%"
        return _number(t) / 100
    if kind == "fraction_stray_pct":  # a fraction carrying a spurious '%' (samstearns 2013 copy)
        return _number(t)
    if kind == "quality":           # fraction, percent string, or "P4R" (pay for reporting = full score)
        if t.upper() == "P4R":
            return 1.0
        return _number(t) / 100 if t.endswith("%") else _number(t)
    if kind == "flag":
        u = t.upper()
        if u in ("1", "1.0", "YES", "Y", "TRUE"):
            return True
        if u in ("0", "0.0", "NO", "N", "FALSE"):
            return False
        raise ValueError("not a 0/1 or yes/no flag")
    if kind == "date":
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(t, fmt).date()
            except ValueError:
                pass
        raise ValueError("not a date")
    if kind == "revcat":
        u = t.lower()
        if u.startswith("low"):
            return "low"
        if u.startswith("high"):
            return "high"
        raise ValueError("not 'Low Revenue' or 'High Revenue'")
    raise AssertionError(kind)


# Allowed ranges catch unit mistakes (a percent number read as a fraction) with a clear error.
_RANGES = {
    "savings_rate": (-1.0, 1.0), "msr": (0.0, 0.5), "quality_score": (0.0, 1.0001),
    "final_share_rate": (0.0, 1.0), "final_loss_rate": (0.0, 1.0), "n_ab": (0, 10_000_000),
    "benchmark_total": (0.0, 1e12), "expenditure_total": (0.0, 1e12), "max_sharing_rate": (0.0, 1.0),
}

# --------------------------------------------------------------------------- layouts

# field -> (candidate columns, first present wins; kind). Shared by the CMS short-name layouts.
_SHORT = {
    "aco_id": (("ACO_ID", "ACO_Num"), "str"),
    "aco_name": (("ACO_Name", "ACO_NAME"), "str"),
    "n_ab": (("N_AB",), "int"),
    "benchmark_total": (("ABtotBnchmk",), "money"),
    "expenditure_total": (("ABtotExp",), "money"),
    "quality_score": (("QualScore",), "quality"),
    "met_qps": (("Met_QPS",), "flag"),
    "met_alt_qps": (("Met_AltQPS",), "flag"),
    "agreement_start": (("Current_Start_Date", "Start_Date"), "date"),
    "initial_start": (("Initial_Start_Date", "Start_Date"), "date"),
    "agreement_type": (("Agree_Type",), "str"),
    "agreement_period": (("Agreement_Period_Num",), "int"),
    "revenue_category": (("Rev_Exp_Cat",), "revcat"),
    "risk_model": (("Risk_Model",), "str"),
    "euc_reduction": (("DisAdj",), "money"),
    "revenue_loss_limit": (("RevLossLimit",), "flag"),
    "mid_year_termination": (("Impact_Mid_Year_Termination", "Prorate_Shared_Losses"), "flag"),
    "max_sharing_rate": (("QualPerfShare",), "fraction"),
    "pub.savings_rate": (("Sav_rate",), "fraction"),
    "pub.msr": (("MinSavPerc",), "fraction"),
    "pub.gen_save_loss": (("GenSaveLoss",), "money"),
    "pub.final_share_rate": (("FinalShareRate",), "fraction"),
    "pub.final_loss_rate": (("FinalLossRate",), "fraction"),
    "pub.earn_save_loss": (("EarnSaveLoss",), "money"),
}


@dataclass(frozen=True)
class Layout:
    name: str
    years: tuple[int, ...]
    signature: frozenset          # columns that must all be present
    absent: frozenset = frozenset()  # columns that must not be present
    fields: dict = field(default_factory=dict)
    note: str = ""
    quality_decimals: int = 0  # decimals CMS published QualScore to (as a fraction); trailing zeros may be dropped


def _short(**overrides):
    f = dict(_SHORT)
    f.update(overrides)
    return f


LAYOUTS = (
    Layout("cms-2013", (2013,), frozenset({"ACO_Num", "Track2", "EarnShrSavings", "OweLosses", "MinSavPerc"}),
           fields=_short(**{"pub.earn_save_loss": (("EarnShrSavings",), "money"), "pub.owe_losses": (("OweLosses",), "money")}),
           note="CMS PY2013 file (ekw544 copy): fractions, no Sav_rate or GenSaveLoss"),
    Layout("samstearns-2013", (2013,), frozenset({"ACO Identifier", "Track 2 ACO", "Total savings/losses ($)"}),
           fields={
               "aco_id": (("ACO Identifier",), "str"), "aco_name": (("ACO Name",), "str"),
               "agreement_start": (("Start Date",), "date"), "initial_start": (("Start Date",), "date"),
               "quality_score": (("Quality Score",), "quality"),
               "max_sharing_rate": (("Quality Performance Sharing Rate",), "fraction"),
               "pub.final_share_rate": (("Final sharing rate",), "fraction"),
               "pub.msr": (("Minimum Savings Rate (%)",), "fraction_stray_pct"),
               "benchmark_total": (("Total benchmark expenditures ($)",), "money"),
               # labels are shifted by one from "Total savings/losses ($)" onward (see SOURCES.md)
               "expenditure_total": (("Total savings/losses ($)",), "money"),
               "pub.earn_save_loss": (("Shared Losses ($)",), "money"),
               "pub.owe_losses": (("Total number of assigned beneficiaries",), "money"),
               "n_ab": (("Total assigned beneficiary person years",), "int"),
           },
           note="PY2013 long headers, labels shifted by one column; '%' on fractional MSR"),
    Layout("cms-2014-2015", (2014, 2015), frozenset({"ACO_Num", "Track1", "Track2", "Sav_rate", "Start_Date"}), frozenset({"year"}),
           fields=_short(**{"pub.savings_rate": (("Sav_rate",), "percent"), "pub.msr": (("MinSavPerc",), "percent")}),
           note="CMS PY2014 (percent numbers) and PY2015 (Excel-formatted '9.48%', '60,845') files"),
    Layout("ericwalczyk-2014", (2014,), frozenset({"ACO_Num", "year", "Track1", "Track2", "Start_Date"}),
           note="PY2014 copy with a year column; rates rounded (QualScore to 2 dp)", fields=_short(), quality_decimals=2),
    Layout("ericwalczyk-2015", (2015,), frozenset({"ACO_Num", "year", "Track1", "Start_Date", "QualPerfShare"}),
           fields=_short(**{"quality_score": (("QualScore",), "percent"), "max_sharing_rate": (("QualPerfShare",), "percent"),
                            "pub.final_share_rate": (("FinalShareRate",), "percent")}),
           note="PY2015 copy with a year column (Start_Date/Track1/Track2 moved last); QualScore/FinalShareRate in percent numbers", quality_decimals=4),
    Layout("socrata-2014", (2014,), frozenset({"ACO Doing Business As (DBA) or Legal Business Name (LBN)", "Total Benchmark Expenditures"}),
           fields={
               "aco_name": (("ACO Doing Business As (DBA) or Legal Business Name (LBN)",), "str"),
               "agreement_start": (("Agreement Start Date",), "date"), "initial_start": (("Agreement Start Date",), "date"),
               "n_ab": (("Total Assigned Beneficiaries",), "int"),
               "benchmark_total": (("Total Benchmark Expenditures",), "money"),
               "expenditure_total": (("Total Expenditures",), "money"),
               "quality_score": (("Quality Score6",), "quality"),
               "met_qps": (("Successfully Reported Quality5",), "flag"),
               "pub.savings_rate": (("Total Benchmark Minus Assigned Beneficiary Expenditures as % of Total Benchmark",), "percent"),
               "pub.gen_save_loss": (("Generated Savings/Losses1,2",), "money"),
               "pub.earn_save_loss": (("Earned Shared Savings Payments/Owe Losses3,4",), "money"),
           },
           note="older Socrata 'PY2014 Results' layout: long headers, '$' and '%' strings, no ACO id, no MSR"),
    Layout("cms-2016-2017", (2016, 2017), frozenset({"ACO_Num", "Current_Track_1", "Current_Track_3", "Sav_rate"}), frozenset({"Current_Track_1_Plus"}),
           fields=_short(), note="PY2016 (CMS file) and PY2017 (ericwalczyk copy, 4-dp Sav_rate): fractions", quality_decimals=4),
    Layout("cms-2018", (2018,), frozenset({"ACO_ID", "Current_Track_1", "Current_Track_1_Plus", "Sav_rate"}),
           fields=_short(), note="PY2018: ACO_ID, Track 1+, fractions", quality_decimals=4),
    Layout("cms-2019-2021", (2019, 2020, 2021), frozenset({"ACO_ID", "Current_Track", "Sav_rate", "MinSavPerc"}), frozenset({"FinalLossRate", "Prorate_Shared_Losses"}),
           fields=_short(), note="not in shared/data; assumed like PY2022"),
    Layout("cms-2022", (2022,), frozenset({"ACO_ID", "Current_Track", "Risk_Model", "Sav_rate"}), frozenset({"FinalLossRate"}),
           fields=_short(), note="PY2022: BASIC levels, percent strings"),
    Layout("cms-2023-2024", (2023, 2024), frozenset({"ACO_ID", "Current_Track", "Risk_Model", "FinalLossRate"}),
           fields=_short(), note="PY2023+: FinalLossRate, Met_AltQPS, percent strings (PY2024 plain percent numbers not supported here)"),
)


def detect_layout(header: list[str], year: int | None, path="<file>") -> Layout:
    cols = set(header)
    for layout in LAYOUTS:
        if layout.signature <= cols and not (layout.absent & cols) and (year is None or year in layout.years):
            return layout
    known = "; ".join(f"{l.name} ({'/'.join(map(str, l.years))})" for l in LAYOUTS)
    raise PufParseError(path, 1, "<header>", ",".join(header[:6]) + ",...",
                        f"no known PUF layout for year {year} with these columns; known layouts: {known}")


_TRACK_CODES = {"A": "A", "B": "B", "C": "C", "D": "D", "E": "E", "EN": "EN", "ENHANCED": "EN",
                "TRACK1": "T1", "TRACK 1": "T1", "TRACK2": "T2", "TRACK 2": "T2", "TRACK3": "T3", "TRACK 3": "T3"}


def _track(row: dict, layout: Layout, get) -> str:
    if "Current_Track" in row:
        code = row["Current_Track"].strip().upper()
        if code not in _TRACK_CODES:
            raise ValueError(("Current_Track", row["Current_Track"], "unknown track code"))
        return _TRACK_CODES[code]
    if "Current_Track_1" in row:
        for col, code in (("Current_Track_1_Plus", "T1P"), ("Current_Track_3", "T3"), ("Current_Track_2", "T2"), ("Current_Track_1", "T1")):
            if col in row and get(col, "flag"):
                return code
        raise ValueError(("Current_Track_1", row["Current_Track_1"], "no Current_Track_* flag set"))
    for col in ("Track2", "Track 2 ACO"):
        if col in row:
            return "T2" if get(col, "flag") else "T1"
    if "Track" in row:
        code = row["Track"].strip().upper()
        if code not in _TRACK_CODES:
            raise ValueError(("Track", row["Track"], "unknown track"))
        return _TRACK_CODES[code]
    raise ValueError(("<track>", "", "no track column"))


def _id_kind(aco_id: str) -> str:
    if is_aco_id(aco_id):
        return "ACO_ID"
    if re.fullmatch(r"A\d{5}", aco_id):
        return "encrypted"
    return "name"


def _decimals(text: str, kind: str) -> int | None:
    """Decimals of a published value expressed as a fraction ("0.9932" -> 4, "98.08%" -> 4, "P4R" -> None)."""
    t = text.strip().replace(",", "")
    m = re.fullmatch(r"-?\d*(?:\.(\d+))?(%?)", t)
    if not m:
        return None
    d = len(m.group(1) or "")
    return d + 2 if (m.group(2) or kind == "percent") else d


_REQUIRED = ("n_ab", "benchmark_total", "expenditure_total")


def read_puf(path, year: int) -> list[PufRecord]:
    """Read a PUF file for performance year ``year`` into normalized records."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    reader = csv.reader(text.splitlines())
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise PufParseError(path, 1, "<header>", "", "empty file") from None
    layout = detect_layout(header, year, path)
    fields_ = layout.fields
    records = []
    for raw in reader:
        line = reader.line_num
        if not any(c.strip() for c in raw):
            continue
        if len(raw) != len(header):
            raise PufParseError(path, line, "<row>", f"{len(raw)} cells", f"expected {len(header)} cells")
        row = dict(zip(header, raw))

        def get(col, kind, _row=row, _line=line):
            try:
                return _parse(kind, _row[col])
            except (ValueError, ArithmeticError) as e:
                raise PufParseError(path, _line, col, _row[col], f"cannot parse as {kind}: {e}") from None

        values = {}
        for name, (cols, kind) in fields_.items():
            col = next((c for c in cols if c in row), None)
            if col is None:
                continue
            v = get(col, kind)
            lo_hi = _RANGES.get(name.removeprefix("pub."))
            if v is not None and lo_hi and not (lo_hi[0] <= v <= lo_hi[1]):
                raise PufParseError(path, line, col, row[col], f"{name} outside {lo_hi} - wrong unit for this layout?")
            values[name] = v
        for name in _REQUIRED:
            if values.get(name) is None:
                col = fields_[name][0][0]
                raise PufParseError(path, line, col, row.get(col, ""), f"required field {name} is missing")
        if "year" in row and get("year", "int") != year:
            raise PufParseError(path, line, "year", row["year"], f"file says year {row['year']}, asked for {year}")
        try:
            track = _track(row, layout, get)
        except ValueError as e:
            col, value, reason = e.args[0]
            raise PufParseError(path, line, col, value, reason) from None
        aco_id = values.get("aco_id") or values.get("aco_name") or f"row{line}"
        qcol = next((c for c in fields_.get("quality_score", ((), ""))[0] if c in row), None)
        qdec = _decimals(row[qcol], fields_["quality_score"][1]) if qcol and values.get("quality_score") is not None else None
        if qdec is not None:
            qdec = max(qdec, layout.quality_decimals)
        earned = values.get("pub.earn_save_loss")
        if values.get("pub.owe_losses"):
            earned = (earned or 0.0) - abs(values["pub.owe_losses"])
        inputs = PufInputs(
            track=track, n_ab=values["n_ab"], benchmark_total=values["benchmark_total"],
            expenditure_total=values["expenditure_total"], quality_score=values.get("quality_score"),
            **{k: values.get(k) for k in ("met_qps", "met_alt_qps", "agreement_start", "initial_start", "agreement_type",
                                          "agreement_period", "revenue_category", "risk_model", "euc_reduction",
                                          "revenue_loss_limit", "mid_year_termination")},
            quality_score_decimals=qdec,
        )
        published = PufPublished(
            savings_rate=values.get("pub.savings_rate"), msr=values.get("pub.msr"),
            gen_save_loss=values.get("pub.gen_save_loss"), final_share_rate=values.get("pub.final_share_rate"),
            final_loss_rate=values.get("pub.final_loss_rate"), earn_save_loss=earned,
        )
        records.append(PufRecord(year, aco_id, _id_kind(aco_id), values.get("aco_name") or "", str(path), line,
                                 layout.name, inputs, published))
    return records


# --------------------------------------------------------------------------- PUF record -> reconciliation inputs

FIXED_ELECTIONS = (0.0, 0.005, 0.01, 0.015, 0.02)


def recover_election(record: PufRecord) -> object:
    """The MSR/MLR election of a two-sided ACO, recovered from the PUF.

    The PUFs do not publish the election itself. For a two-sided ACO the published MSR *is* the
    election when it is one of the fixed options (0, 0.5, 1, 1.5, 2%); any other value can only come
    from the variable (beneficiary-scaled) option. This is the one place a published figure is read,
    and only to classify the election; reports count these ACO-years separately, because for a fixed
    election the msr comparison is then true by construction.
    """
    m = record.published.msr
    if m is None:
        return None
    for option in FIXED_ELECTIONS:
        if abs(m - option) < 5e-5:
            return option
    return VARIABLE


def reconcile_inputs(record: PufRecord, *, elections: dict | None = None, recover_elections: bool = True,
                     default_election: object = None, euc_from_puf: bool = True) -> Inputs:
    """Build ``reconcile.Inputs`` from a PUF record.

    elections: aco_id -> election from an outside source (wins over recovery).
    euc_from_puf: use the published EUC reduction (DisAdj) as the ACO-specific EUC input; without it
    only the program-wide COVID-19 PHE fraction of parameters/euc.csv is applied.
    """
    x = record.inputs
    quality = QualityResult(x.quality_score, x.met_qps, x.met_alt_qps)
    election = None
    if elections and record.aco_id in elections:
        election = elections[record.aco_id]
    elif x.track not in ("T1", "A", "B"):
        election = recover_election(record) if recover_elections else None
        if election is None:
            election = default_election
    return Inputs(
        performance_year=record.year, track=x.track, n_assigned=x.n_ab,
        benchmark_total=x.benchmark_total, expenditure_total=x.expenditure_total, quality=quality,
        aco_id=record.aco_id, agreement_start=x.agreement_start, initial_start=x.initial_start,
        agreement_type=x.agreement_type, revenue_category=x.revenue_category, msr_election=election,
        revenue_based_loss_limit=bool(x.revenue_loss_limit) if x.track == "T1P" else True,
        euc_reduction=x.euc_reduction if euc_from_puf else None,
    )

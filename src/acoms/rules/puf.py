"""Reader and writer of the SSP ACO results public-use file (PUF) of any performance year (docs/reconciliation.md).

Writer -- called by ``acoms finance puf``; keep this signature stable::

    write_results(rows, year, path, *, period=None) -> Path

    rows    iterable of dicts keyed by the column dictionary's names (rules/pufdict/columns.csv: "ACO_ID",
            "ACO_Name", "N_AB", "ABtotBnchmk", "Sav_rate", "QualScore", ...). Values in project units: money in
            dollars, rates and the quality score as fractions (0.0948, not 9.48), flags as bool or 0/1, dates as
            datetime.date, codes as str. The key "track" (T1, T2, T3, T1P, A-E, EN) fills the year's track columns.
            A key that is not a column of that year's file raises ValueError; a column with no value is written
            empty (as that year's file writes it).
    year    the performance year: its CMS column order and value formats are used (rules/pufdict/layouts.csv).
    period  PY2019 only: "jan-jun" or "jul-dec".

Reader::

    read_results(path, year, *, units=None, period=None) -> PufFile   (records and a report of the columns used)
    read_puf(path, year, **same) -> list[PufRecord]

The reader maps any file's header through the column dictionary (CMS names, other spellings, descriptive labels) and
infers each rate/score column's unit from the whole column (rules/pufdict/ranges.csv). It refuses only a column whose
values fit both fractions and percent, naming the column, its values and the option that settles it
(``units={"Sav_rate": "percent"}``, ``--unit Sav_rate=percent``). Any other bad value raises ``PufParseError`` naming
the file, row and column. A record keeps the reconciliation's inputs (``record.inputs``) apart from CMS's published
results (``record.published``); only ``recover_election`` looks at a published figure, see its docstring.
"""

from __future__ import annotations

import csv
import io
import re
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from acoms.lib.identifiers import is_aco_id

from . import msr as msr_rules
from .parameters import named
from .pufdict import Column, by_label, columns, decimals_of, header_fixes, layout_for, normalize, ranges, to_decimal
from .quality import QualityResult
from .reconcile import Inputs, Result, Step
from .tracks import track as get_track


class PufParseError(ValueError):
    def __init__(self, path, line, column, value, reason):
        self.path, self.line, self.column, self.value, self.reason = str(path), line, column, value, reason
        where = f"row {line}, column {column!r}" if line else f"column {column!r}"
        super().__init__(f"{path}: {where}: {reason} (value {value!r})")


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
    euc_reduction: float | None = None  # DisAdj: EUC reduction of shared losses (dollars)
    revenue_loss_limit: bool | None = None  # RevLossLimit (Track 1+)
    mid_year_termination: bool | None = None
    quality_score_decimals: int | None = None  # decimals of the published score as a fraction (rounding envelope)
    flags: tuple[tuple[str, bool], ...] = ()  # rule flags as published: (column, value), see flag_steps()


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
    id_kind: str  # "ACO_ID" (A####), "encrypted" (A#####, before PY2018) or "name" (no id in the file)
    aco_name: str
    source: str
    line: int
    layout: str  # how the file was read: "dictionary" plus the period for PY2019
    inputs: PufInputs
    published: PufPublished


@dataclass(frozen=True)
class UsedColumn:
    label: str  # as in the file
    column: str  # dictionary name
    field: str
    family: str
    unit: str = ""  # rate/score columns: fraction or percent
    how: str = ""  # why that unit


@dataclass
class PufReport:
    used: list[UsedColumn] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # published columns the reconciliation does not read
    unknown: list[str] = field(default_factory=list)  # labels not in the column dictionary
    header_fixes: list[str] = field(default_factory=list)
    period: str = ""

    def lines(self) -> list[str]:
        out = [f"columns used ({len(self.used)}):"]
        for u in self.used:
            unit = f" [{u.unit}: {u.how}]" if u.unit else ""
            alias = f" = {u.column}" if u.label != u.column else ""
            out.append(f"  {u.label}{alias} -> {u.field} ({u.family}){unit}")
        out.append(f"published columns ignored ({len(self.ignored)}): {', '.join(self.ignored)}")
        if self.unknown:
            out.append(f"columns not in the dictionary ({len(self.unknown)}): {', '.join(self.unknown)}")
        out += [f"header fix: {f}" for f in self.header_fixes]
        if self.period:
            out.append(f"period: {self.period}")
        return out


@dataclass
class PufFile:
    records: list[PufRecord]
    report: PufReport


# --------------------------------------------------------------------------- values

_MISSING = {"", "-", "--", ".", "NA", "N/A", "nan", "NaN", "*", "/"}
_DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%m/%d/%y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M")
_TRUE, _FALSE = {"1", "1.0", "YES", "Y", "TRUE"}, {"0", "0.0", "NO", "N", "FALSE"}
UNITS = ("fraction", "percent")


def _flag(t: str) -> bool:
    u = t.upper()
    if u in _TRUE:
        return True
    if u in _FALSE:
        return False
    raise ValueError("not a 0/1 or yes/no flag")


def _date(t: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            pass
    raise ValueError("not a date")


def _revenue_category(t: str) -> str:
    u = t.lower()
    for category in ("low", "high"):
        if u.startswith(category):
            return category
    raise ValueError("not 'Low Revenue' or 'High Revenue'")


def _whole(t: str) -> int:
    d = to_decimal(t)
    if d != d.to_integral_value():
        raise ValueError("not a whole number")
    return int(d)


_PARSERS: dict[str, Callable[[str], Any]] = {
    "money": lambda t: float(to_decimal(t)),
    "ratio": lambda t: float(to_decimal(t)),
    "count": _whole,
    "flag": _flag,
    "date": _date,
    "code": str,
    "text": str,
}
_SPECIAL: dict[str, Callable[[str], Any]] = {"revenue_category": _revenue_category}
_QUALITY_P4R = "P4R"  # pay for reporting: the full quality score


def _rate_field(col: Column) -> str:
    return col.field.removeprefix("pub.")


def infer_unit(path, col: Column, label: str, cells: list[tuple[int, str]], forced: str | None) -> tuple[str, str]:
    """The unit of a rate/score column from all its values: 'fraction' or 'percent' and the reason."""
    if forced:
        return forced, "set by --unit"
    r = ranges()[_rate_field(col)]
    values = []
    for line, t in cells:
        if t.upper() == _QUALITY_P4R:
            continue
        try:
            values.append(to_decimal(t))
        except ValueError as e:
            raise PufParseError(path, line, label, t, f"cannot parse as a {col.family}: {e}") from None
    nonzero = [abs(v) for v in values if v != 0]
    if not nonzero:
        return "fraction", "no non-zero value: the unit does not matter"
    median = statistics.median(nonzero)

    def fits(scale: int) -> tuple[bool, bool]:
        hard = all(r["hard_min"] <= float(v / scale) <= r["hard_max"] for v in values)
        return hard, r["typical_min"] <= float(median / scale) <= r["typical_max"]

    (f_hard, f_typ), (p_hard, p_typ) = fits(1), fits(100)
    fraction, percent = f_hard and f_typ, p_hard and p_typ
    signs = any("%" in t for _, t in cells)
    if fraction and percent:
        if signs:
            return "percent", "values fit fractions and percent; the '%' signs settle it"
        sample = ", ".join(t for _, t in cells[:5])
        raise PufParseError(
            path,
            None,
            label,
            sample,
            f"ambiguous unit: the column's values (median {median}) fit both fractions and percent; "
            f"settle it with --unit {label}=percent or --unit {label}=fraction",
        )
    if fraction or (not percent and f_typ):
        return "fraction", f"median {median} fits fractions" + ("" if fraction else "; rows outside are reported")
    if percent or p_typ:
        return "percent", f"median {median} fits percent" + ("" if percent else "; rows outside are reported")
    sample = ", ".join(t for _, t in cells[:5])
    raise PufParseError(
        path,
        None,
        label,
        sample,
        f"values fit neither fractions nor percent for {col.field} (fraction range "
        f"{r['typical_min']}..{r['typical_max']} for the median)",
    )


# --------------------------------------------------------------------------- header


def _fix_header(header: list[str]) -> tuple[list[str], list[str]]:
    notes = []
    for fix in header_fixes():
        for i in range(len(header) - 1):
            if header[i] == fix["after"] and header[i + 1] == fix["next"]:
                header = header[: i + 1] + [fix["insert"]] + header[i + 1 : -1]
                notes.append(fix["note"])
                break
    return header, notes


def _map_header(header: list[str], report: PufReport) -> dict[str, tuple[int, Column, str]]:
    """field -> (index, column, label) for every column the reader uses; the rest goes into the report."""
    labels = by_label()
    used: dict[str, tuple[int, Column, str]] = {}
    for i, label in enumerate(header):
        col = labels.get(normalize(label))
        if col is None:
            report.unknown.append(label)
        elif not col.field or col.field in used:
            report.ignored.append(label)
        else:
            used[col.field] = (i, col, label)
    return used


# --------------------------------------------------------------------------- track

_TRACK_CODES = {
    "A": "A",
    "B": "B",
    "C": "C",
    "D": "D",
    "E": "E",
    "EN": "EN",
    "ENHANCED": "EN",
    "TRACK1": "T1",
    "TRACK 1": "T1",
    "TRACK2": "T2",
    "TRACK 2": "T2",
    "TRACK3": "T3",
    "TRACK 3": "T3",
}
# one ACO may carry more than one flag (a Track 1+ ACO also flagged Track 1): the most specific wins
_FLAG_PRIORITY = ("T1P", "T3", "T2", "EN", "E", "D", "C", "B", "A", "T1")


def _track(path, line, row: list[str], mapped: dict) -> str:
    if "track_code" in mapped:
        i, _, label = mapped["track_code"]
        code = row[i].strip().upper()
        if code not in _TRACK_CODES:
            known = ", ".join(sorted(_TRACK_CODES))
            raise PufParseError(path, line, label, row[i], f"unknown track code; known: {known}")
        return _TRACK_CODES[code]
    flags = {f.split(":", 1)[1]: v for f, v in mapped.items() if f.startswith("track:")}
    if not flags:
        raise PufParseError(
            path, line, "<track>", "", "the file has no track column (Current_Track, Current_Track_*, Track1/2)"
        )
    set_ = set()
    for code, (i, _, label) in flags.items():
        t = row[i].strip()
        if t in _MISSING:
            continue
        try:
            if _flag(t):
                set_.add(code)
        except ValueError as e:
            raise PufParseError(path, line, label, row[i], str(e)) from None
    for code in _FLAG_PRIORITY:
        if code in set_:
            return code
    if set(flags) == {"T2"}:  # PY2013 publishes only the Track 2 flag: 0 is Track 1
        return "T1"
    label = next(iter(flags.values()))[2]
    raise PufParseError(path, line, label, "", f"no track flag set among {', '.join(v[2] for v in flags.values())}")


def _id_kind(aco_id: str) -> str:
    if is_aco_id(aco_id):
        return "ACO_ID"
    if re.fullmatch(r"A\d{5}", aco_id):
        return "encrypted"
    return "name"


# --------------------------------------------------------------------------- reading

_REQUIRED = ("n_ab", "benchmark_total", "expenditure_total")
_FLAG_FIELDS = ("six_month_period", "guardrail", "reduced_sharing", "quality_floor", "euc_quality")


def _decode(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return path.read_text(encoding="latin-1")


def read_puf(path, year: int, *, units: Mapping[str, str] | None = None, period: str | None = None) -> list[PufRecord]:
    """Read a results PUF of performance year ``year`` into normalized records (see read_results)."""
    return read_results(path, year, units=units, period=period).records


def read_results(path, year: int, *, units: Mapping[str, str] | None = None, period: str | None = None) -> PufFile:
    """Read a results PUF of any year. ``units``: column label -> 'fraction' or 'percent' for ambiguous columns."""
    path = Path(path)
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise PufParseError(path, 1, "<header>", "", "empty file") from None
    report = PufReport()
    header, report.header_fixes = _fix_header(header)
    mapped = _map_header(header, report)
    missing = [f for f in _REQUIRED if f not in mapped]
    if missing:
        raise PufParseError(
            path,
            1,
            "<header>",
            ",".join(header[:6]) + ",...",
            f"not a results PUF: no column for {', '.join(missing)} (rules/pufdict/columns.csv)",
        )
    # a CMS column cannot appear in a file older than its first year (aliases of other copies are not dated)
    early = [
        (label, col)
        for _, col, label in mapped.values()
        if label == col.name and col.field != "file_year" and int(col.years[:4]) > year
    ]
    if early:
        label, col = early[0]
        raise PufParseError(
            path, 1, label, "", f"this column first appears in PY{col.years[:4]}: is this the PY{year} file?"
        )
    rows = []
    for raw in reader:
        if not any(c.strip() for c in raw):
            continue
        if len(raw) != len(header):
            raise PufParseError(path, reader.line_num, "<row>", f"{len(raw)} cells", f"expected {len(header)} cells")
        rows.append((reader.line_num, raw))
    units = dict(units or {})
    bad = {k: v for k, v in units.items() if v not in UNITS}
    if bad:
        raise PufParseError(path, None, next(iter(bad)), next(iter(bad.values())), f"unit must be one of {UNITS}")

    values: dict[str, list] = {}
    decimals: dict[str, int] = {}
    for name, (i, col, label) in mapped.items():
        if name.startswith("track"):
            report.used.append(UsedColumn(label, col.name, name, col.family))
            continue
        cells = [(line, raw[i].strip()) for line, raw in rows]
        present = [(line, t) for line, t in cells if t not in _MISSING]
        unit, how = "", ""
        if col.family in ("rate", "score"):
            unit, how = infer_unit(path, col, label, present, units.pop(label, None) or units.pop(col.name, None))
        report.used.append(UsedColumn(label, col.name, name, col.family, unit, how))
        parse: Callable[[str], Any] | None = _SPECIAL.get(name) or _PARSERS.get(col.family)
        out: list[Any] = []
        for line, t in cells:
            if t in _MISSING:
                out.append(None)
                continue
            try:
                if unit:
                    scale = 100 if unit == "percent" else 1
                    value: Any = 1.0 if t.upper() == _QUALITY_P4R else float(to_decimal(t) / scale)
                    r = ranges()[_rate_field(col)]
                    if not r["hard_min"] <= value <= r["hard_max"]:
                        raise ValueError(
                            f"{value!r} outside {r['hard_min']}..{r['hard_max']} when the column is "
                            f"read as {unit} (the unit of its other values)"
                        )
                else:
                    value = parse(t) if parse else t
            except (ValueError, ArithmeticError) as e:
                raise PufParseError(path, line, label, t, f"cannot read as {unit or col.family}: {e}") from None
            out.append(value)
        values[name] = out
        if name == "quality_score":
            decimals[name] = max(
                (decimals_of(t) + (2 if unit == "percent" else 0) for _, t in present if t.upper() != _QUALITY_P4R),
                default=0,
            )
    if units:
        label = next(iter(units))
        raise PufParseError(path, None, label, units[label], "--unit names a column the reader does not use")
    report.period = _period(year, period, values)

    records = []
    for k, (line, raw) in enumerate(rows):
        v = {name: vals[k] for name, vals in values.items()}
        for name in _REQUIRED:
            if v.get(name) is None:
                i, _, label = mapped[name]
                raise PufParseError(path, line, label, raw[i], f"required field {name} is missing")
        if v.get("file_year") is not None and v["file_year"] != year:
            raise PufParseError(
                path,
                line,
                mapped["file_year"][2],
                raw[mapped["file_year"][0]],
                f"file says year {v['file_year']}, asked for {year}",
            )
        track = _track(path, line, raw, mapped)
        aco_id = v.get("aco_id") or v.get("aco_name") or f"row{line}"
        earned = v.get("pub.earn_save_loss")
        if v.get("pub.owe_losses"):
            earned = (earned or 0.0) - abs(v["pub.owe_losses"])
        flags = tuple((mapped[f][1].name, bool(v[f])) for f in _FLAG_FIELDS if v.get(f) is not None)
        inputs = PufInputs(
            track=track,
            n_ab=v["n_ab"],
            benchmark_total=v["benchmark_total"],
            expenditure_total=v["expenditure_total"],
            quality_score=v.get("quality_score"),
            **{
                f: v.get(f)
                for f in (
                    "met_qps",
                    "met_alt_qps",
                    "agreement_start",
                    "agreement_type",
                    "agreement_period",
                    "revenue_category",
                    "risk_model",
                    "euc_reduction",
                    "revenue_loss_limit",
                    "mid_year_termination",
                )
            },
            initial_start=v.get("initial_start") or v.get("agreement_start"),
            quality_score_decimals=decimals.get("quality_score") if v.get("quality_score") is not None else None,
            flags=flags,
        )
        published = PufPublished(
            savings_rate=v.get("pub.savings_rate"),
            msr=v.get("pub.msr"),
            gen_save_loss=v.get("pub.gen_save_loss"),
            final_share_rate=v.get("pub.final_share_rate"),
            final_loss_rate=v.get("pub.final_loss_rate"),
            earn_save_loss=earned,
        )
        layout = "dictionary" + (f" {report.period}" if report.period else "")
        records.append(
            PufRecord(
                year, aco_id, _id_kind(aco_id), v.get("aco_name") or "", str(path), line, layout, inputs, published
            )
        )
    return PufFile(records, report)


def _period(year: int, period: str | None, values: dict) -> str:
    """PY2019 had two 6-month performance periods; the July-December file's ACOs started on 1 July 2019."""
    if year != 2019:
        return ""
    if period:
        return period
    starts = [d for d in values.get("agreement_start", []) if d is not None]
    return "jul-dec" if any(d == date(2019, 7, 1) for d in starts) else "jan-jun"


# --------------------------------------------------------------------------- PUF record -> reconciliation inputs


def recover_election(record: PufRecord) -> object:
    """The MSR/MLR election of a two-sided ACO, recovered from the PUF.

    The PUFs do not publish the election itself. For a two-sided ACO the published MSR *is* the election when it
    is one of the fixed options of parameters/msr_two_sided.csv; any other value can only come from the variable
    (beneficiary-scaled) option. This is the one place a published figure is read, and only to classify the
    election; reports count these ACO-years separately, because for a fixed election the msr comparison is then
    true by construction.
    """
    m = record.published.msr
    if m is None:
        return None
    for option in msr_rules.fixed_elections():
        if abs(m - option) < 5e-5:
            return option
    return msr_rules.VARIABLE


def _published_flag(record: PufRecord, column: str) -> bool | None:
    return dict(record.inputs.flags).get(column)


def reconcile_inputs(
    record: PufRecord,
    *,
    elections: dict | None = None,
    recover_elections: bool = True,
    default_election: object = None,
    euc_from_puf: bool = True,
) -> Inputs:
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
        performance_year=record.year,
        track=x.track,
        n_assigned=x.n_ab,
        benchmark_total=x.benchmark_total,
        expenditure_total=x.expenditure_total,
        quality=quality,
        aco_id=record.aco_id,
        agreement_start=x.agreement_start,
        initial_start=x.initial_start,
        agreement_type=x.agreement_type,
        revenue_category=x.revenue_category,
        msr_election=election,
        revenue_based_loss_limit=bool(x.revenue_loss_limit) if x.track == "T1P" else True,
        euc_reduction=abs(x.euc_reduction) if euc_from_puf and x.euc_reduction is not None else None,
        reduced_sharing=_published_flag(record, "ReducedSS"),
    )


_FLAG_RULES = {
    "Participation_Six_Months": (
        "6-month performance period of PY2019: the published totals are already prorated",
        "425.609",
    ),
    "Guardrail": ("loss-protection guardrail (two-way blend benchmark)", "425.652(b)(5)"),
    "ReducedSS": ("reduced sharing for a low-revenue BASIC ACO below the MSR", "425.605(h)"),
    "RecvdMean": ("quality score raised to the mean quality score (EUC)", "425.502(f)"),
    "Recvd30p": ("quality score raised to the 30th percentile (EUC)", "425.512(c)"),
    "Recvd40p": ("quality score raised to the 40th percentile (EUC)", "425.512(c)"),
    "DisAffQual": ("ACO affected by an extreme and uncontrollable circumstance (quality)", "425.502(f), 425.512(c)"),
}


def flag_steps(record: PufRecord) -> list[Step]:
    """The rule flags the PUF publishes for this ACO, as steps of the explanation."""
    out = []
    for column, value in record.inputs.flags:
        rule, citation = _FLAG_RULES[column]
        state = "applied" if value else "not applied"
        out.append(Step(f"PUF {column}", int(value), f"{rule}: {state} (read from the PUF)", citation))
    return out


def not_computable(record: PufRecord, result: Result) -> str | None:
    """Why this ACO's earned amount depends on an input no PUF publishes, or None.

    Decided from the inputs and the computed result only, never from CMS's published figures.
    """
    x = record.inputs
    if _published_flag(record, "Guardrail"):
        return "guardrail applied: the two-way blend benchmark of 425.652(b)(5) is not published"
    if result.gen_save_loss >= 0 or result.earn_save_loss >= 0:
        return None
    if x.mid_year_termination:
        return "mid-year termination: shared losses prorated by months of participation, which are not published"
    t = get_track(result.track)
    if t.loss_limit_revenue is None or (t.code == "T1P" and not x.revenue_loss_limit):
        return None
    owed = -result.earn_save_loss
    # a high-revenue ACO's participant revenue is at least the threshold share of its assigned beneficiaries'
    # expenditures (425.20), so the revenue-based limit cannot bind below that bound [READING: ABtotExp as the base]
    floor = t.loss_limit_revenue * named("revenue")["high_revenue_threshold"] * result.expenditure_total
    if x.revenue_category == "high" and owed <= floor:
        return None
    return (
        f"revenue-based loss limit ({t.loss_limit_revenue:.0%} of ACO participants' Parts A+B FFS revenue) "
        f"may bind on {owed:,.0f} owed; participant revenue is not published"
    )


# --------------------------------------------------------------------------- writing


def _plain(d: Decimal, min_decimals: int = 0) -> str:
    s = format(d.normalize(), "f")
    if "." not in s and min_decimals:
        s += "."
    whole, _, frac = s.partition(".")
    frac = frac.ljust(min_decimals, "0")
    return whole + ("." + frac if frac else "")


def _comma(d: Decimal) -> str:
    whole, _, frac = _plain(d).partition(".")
    sign = "-" if whole.startswith("-") else ""
    return sign + f"{int(whole.lstrip('-')):,}" + ("." + frac if frac else "")


def _format(fmt: str, value: Any) -> str:
    d = Decimal(repr(value)) if isinstance(value, float | int) and not isinstance(value, bool) else value
    if fmt in ("text", "code"):
        return str(value)
    if fmt == "flag":
        return "1" if value else "0"
    if fmt == "revcat":
        return {"low": "Low Revenue", "high": "High Revenue"}.get(value, str(value))
    if fmt.startswith("date"):
        pattern = {
            "date_mdY": "%m/%d/%Y",
            "date_mdY_short": "%-m/%-d/%Y",
            "date_mdy_hm": "%-m/%-d/%y %H:%M",
            "date_mdY_ampm": "%m/%d/%Y 12:00:00 AM",
        }[fmt]
        return value.strftime(pattern)
    if fmt in ("int", "money", "number"):
        return _plain(d)
    if fmt in ("int_comma", "money_comma"):
        return _comma(d)
    if fmt == "fraction":
        return _plain(d)
    if fmt == "percent":
        return _plain(d * 100)
    if fmt == "percent_sign":
        return _plain(d * 100, 2) + "%"
    raise ValueError(f"unknown value format {fmt!r}")


def _track_cells(track: str, layout_columns: set[str]) -> dict[str, object]:
    if "Current_Track" in layout_columns:
        return {"Current_Track": track}
    out: dict[str, object] = {}
    for name, col in columns().items():
        if col.field.startswith("track:") and name in layout_columns:
            out[name] = int(col.field.split(":", 1)[1] == track)
    if not any(out.values()) and not (set(out) == {"Track2"} and track == "T1"):
        raise ValueError(f"track {track!r} cannot be written in this year's layout (columns {', '.join(out)})")
    return out


def write_results(rows: Iterable[Mapping[str, object]], year: int, path, *, period: str | None = None) -> Path:
    """Write results in the CMS results-PUF layout of ``year`` (see the module docstring)."""
    layout = layout_for(year, period)
    labels = [label for label, _ in layout.columns]  # as that year's file spells them
    names = [by_label()[normalize(label)].name for label in labels]  # the dictionary's names, the rows' keys
    formats = dict(zip(names, (fmt for _, fmt in layout.columns), strict=True))
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(labels)
        for n, row in enumerate(rows, start=1):
            cells = dict(row)
            if "track" in cells:
                cells.update(_track_cells(str(cells.pop("track")), set(names)))
            unknown = sorted(set(cells) - set(names))
            if unknown:
                raise ValueError(f"row {n}: {', '.join(unknown)} not in the PY{year} layout {layout.name}")
            w.writerow([layout.missing if cells.get(c) is None else _format(formats[c], cells[c]) for c in names])
    return path

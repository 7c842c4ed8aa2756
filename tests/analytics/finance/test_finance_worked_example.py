"""financial-engine.md §10, the worked example: every number of its tables, on DuckDB and PySpark.

The expected values are the spec's (worked by hand there); the risk stage is given as input rows
(raw scores 0.561 / 0.395 / 0.340 / 0.215 as §10 states them) and renormalised the §4 way."""

from __future__ import annotations

import pytest
from finance_world import rows


def close(x, expected, places=3):
    """Equal at the spec's printed precision (`places` decimals)."""
    assert x == pytest.approx(expected, abs=0.5 * 10**-places + 1e-9), (x, expected)


def test_truncation_thresholds(worked):
    thr = rows(worked["fe_truncation"], "year", "enrollment_type")
    # AGND 2025: 17,200 + 0.93 × 14,800; 2026: 17,900 + 0.93 × 15,100
    close(thr[(2025, "AGND")]["threshold"], 30964, 6)
    close(thr[(2026, "AGND")]["threshold"], 31943, 6)
    # DIS n = 2: x1 + 0.99 (x2 − x1)
    for year, expected in {2023: 19980, 2024: 20779, 2025: 21578, 2026: 22477}.items():
        close(thr[(year, "DIS")]["threshold"], expected, 6)
        assert thr[(year, "DIS")]["n_cells"] == 2
    assert thr[(2025, "AGND")]["n_cells"] == 8
    cells = rows(worked["fe_bene_year_type"], "bene_id", "year", "enrollment_type")
    close(cells[("b8", 2025, "AGND")]["exp_truncated"], 30964, 6)  # b8 truncated
    assert cells[("b8", 2025, "AGND")]["exp"] == 32000
    close(cells[("b3", 2026, "AGND")]["exp_annualized"], 6600, 9)  # 3,300 / 0.5
    assert cells[("b3", 2026, "AGND")]["months"] == 6


def test_national_per_capita(worked):
    nat = rows(worked["fe_national"], "year", "enrollment_type")
    expected = {
        ("AGND", 2023): 13002.50,
        ("AGND", 2024): 13474.00,
        ("AGND", 2025): 13958.00,
        ("AGND", 2026): 14992.40,
        ("DIS", 2023): 18990.00,
        ("DIS", 2024): 19739.50,
        ("DIS", 2025): 20489.00,
        ("DIS", 2026): 21338.50,
    }
    for (t, y), v in expected.items():
        close(nat[(y, t)]["per_capita"], v, 2)
    close(nat[(2026, "AGND")]["person_years"], 7.5, 9)


def test_risk(worked):
    norm = rows(worked["fe_risk_norm"], "year", "enrollment_type")
    close(norm[(2023, "AGND")]["hcc_mean_raw"], 0.45725, 7)
    close(norm[(2024, "AGND")]["hcc_mean_raw"], 0.4365, 7)
    close(norm[(2025, "AGND")]["hcc_mean_raw"], 0.4365, 7)
    close(norm[(2026, "AGND")]["hcc_mean_raw"], 3.6265 / 7.5, 9)
    for y in (2023, 2024, 2025, 2026):
        close(norm[(y, "AGND")]["demo_mean_raw"], 0.395, 9)
        close(norm[(y, "DIS")]["hcc_mean_raw"], 0.2775, 9)
    risk = rows(worked["fe_risk"], "bene_id", "year", "enrollment_type")
    close(risk[("b9", 2025, "DIS")]["hcc_score"], 1.2252252, 7)
    close(risk[("b10", 2025, "DIS")]["hcc_score"], 0.7747748, 7)
    aco = rows(worked["fe_aco_year"], "aco_id", "year", "enrollment_type")
    for aco_id, values in {
        "A1": (0.9848733, 1.0316915, 1.0316915, 1.0915483),
        "A2": (1.2268999, 1.0950745, 1.0950745, 0.9885565),
    }.items():
        for y, v in zip((2023, 2024, 2025, 2026), values, strict=True):
            close(aco[(aco_id, y, "AGND")]["hcc"], v, 7)
    for y in (2023, 2024, 2025, 2026):
        close(aco[("A2", y, "DIS")]["hcc"], 1.2252252, 7)


def test_areas(worked):
    county = rows(worked["fe_county"], "year", "method", "county_fips", "enrollment_type")
    c1, c2 = county[(2025, "retrospective", "C1", "AGND")], county[(2025, "retrospective", "C2", "AGND")]
    close(c1["per_capita"], 12400, 6)
    close(c1["hcc"], 1.0950745, 7)
    close(c1["per_capita_riskadj"], 11323.431, 3)
    close(c2["per_capita"], 15516, 6)
    close(c2["hcc"], 0.9049255, 7)
    close(c2["per_capita_riskadj"], 17146.162, 3)
    ac = rows(worked["fe_aco_county"], "aco_id", "year", "enrollment_type", "county_fips")
    close(ac[("A1", 2025, "AGND", "C1")]["share_of_aco"], 2 / 3, 12)
    close(ac[("A1", 2025, "AGND", "C2")]["share_of_aco"], 1 / 3, 12)
    close(ac[("A1", 2025, "AGND", "C1")]["share_of_county"], 2 / 4, 12)
    close(ac[("A1", 2025, "AGND", "C2")]["share_of_county"], 1 / 4, 12)
    aco = rows(worked["fe_aco_year"], "aco_id", "year", "enrollment_type")
    table = {
        ("A1", "AGND"): (
            (8000, 8300, 8600, 9360),
            (12398.699, 12799.580, 13264.341, 13150.947),
            (0.4166667, 0.4285714),
            (1.0316915, 1.0915483),
        ),
        ("A2", "AGND"): (
            (15000, 15550, 16100, 16750),
            (13097.656, 13743.120, 14234.796, 16199.347),
            (0.25, 0.2678571),
            (1.0, 0.9885565),
        ),
        ("A2", "DIS"): (
            (19980, 20779, 21578, 22477),
            (16307.206, 16959.331, 17611.456, 18345.199),
            (1.0, 1.0),
            (1.2252252, 1.2252252),
        ),
    }
    for (aco_id, t), (e, reg, wn, reg_hcc) in table.items():
        for i, y in enumerate((2023, 2024, 2025, 2026)):
            close(aco[(aco_id, y, t)]["per_capita"], e[i], 6)
            close(aco[(aco_id, y, t)]["reg_per_capita"], reg[i], 3)
        for i, y in enumerate((2025, 2026)):
            close(aco[(aco_id, y, t)]["national_weight"], wn[i], 7)
            close(aco[(aco_id, y, t)]["reg_hcc"], reg_hcc[i], 7)
    assert aco[("A1", 2026, "AGND")]["n_benes"] == 3
    close(aco[("A1", 2026, "AGND")]["person_years"], 2.5, 12)


def test_historical_benchmark(worked):
    ht = rows(worked["fe_hist_type"], "aco_id", "enrollment_type")
    table = {
        ("A1", "AGND"): (
            1.0713458,
            1.0361483,
            1.0475372,
            1.0,
            8978.197,
            8600.031,
            8600,
            8637.829,
            13684.708,
            697.90,
            697.90,
            9335.729,
        ),
        ("A2", "AGND"): (
            1.0834866,
            1.0358124,
            0.8925540,
            1.0,
            14506.054,
            16106.883,
            16100,
            15570.979,
            15588.162,
            8.591,
            83.333,
            15654.312,
        ),
        ("A2", "DIS"): (
            1.0789363,
            1.0379696,
            1.0,
            1.0,
            21557.147,
            21567.969,
            21578,
            21567.705,
            21578.000,
            5.147,
            83.333,
            21651.039,
        ),
    }
    for key, (tf1, tf2, rr1, rr2, e1, e2, e3, hb_raw, reg3, ra, adj, hb) in table.items():
        r = ht[key]
        close(r["tf_by1"], tf1, 7)
        close(r["tf_by2"], tf2, 7)
        close(r["rr_by1"], rr1, 7)
        close(r["rr_by2"], rr2, 7)
        close(r["e3_by1"], e1)
        close(r["e3_by2"], e2)
        close(r["e3_by3"], e3)
        close(r["hb_raw"], hb_raw)
        close(r["reg3"], reg3)
        close(r["ra"], ra, 2 if key == ("A1", "AGND") else 3)
        close(r["adj"], adj)
        close(r["hb"], hb)
    # A1's RA: 35 % × 5,046.88 = 1,766.41 capped at 5 % × 13,958 = 697.90
    close(ht[("A1", "AGND")]["diff"], 5046.88, 2)
    close(ht[("A2", "AGND")]["diff"], 17.183, 3)
    close(ht[("A2", "DIS")]["p3"], 1 / 3, 12)
    h = rows(worked["fe_hist"], "aco_id")
    a1, a2 = h["A1"], h["A2"]
    assert a1["final_adj_cat"] == "regional" and a1["psa_eligible"] is False
    assert a1["psa_avg"] is None and a1["psa_prorated"] is None and a1["psa"] is None
    close(a1["ra_single"], 697.90, 2)
    close(a1["hist_bnchmk"], 9335.73, 2)
    close(a1["offset"], 0.0316915, 7)
    assert a2["final_adj_cat"] == "prior_savings" and a2["psa_eligible"] is True and a2["lower_spending"] is True
    close(a2["reg_pct"], 0.50, 12)
    close(a2["ra_single"], 7.443, 3)
    close(a2["psa_avg"], 250, 9)
    close(a2["psa_prorated"], 166.667, 3)  # (300·2/3 + 0 + 450·2/3) / 3
    close(a2["nat3"], 16135.00, 2)
    close(a2["psa"], 83.333, 3)
    close(a2["hist_bnchmk"], 17653.22, 2)
    close(a2["offset"], 0.1472964, 7)


def test_updated_benchmark(worked):
    ut = rows(worked["fe_update_type"], "aco_id", "enrollment_type")
    table = {  # gN, gh, cf, gR, U2, U3, RRpy, UB, UB2
        ("A1", "AGND"): (1.0741080, 1.0580182, 1.0153649, 1.0066848, 1.0355805, 1.0387203, 1.03, 9988.128, 9957.936),
        ("A2", "AGND"): (1.0741080, 0.9885565, 1.0, 1.1380105, 1.1208937, 1.0955958, 0.9027299, 15482.539, 15840.040),
        ("A2", "DIS"): (1.0414613, 1.0, 1.0, 1.0416628, 1.0414613, 1.0426408, 1.0, 22574.257, 22548.718),
    }
    for key, (gn, gh, cf, gr, u2, u3, rr, ub, ub2) in table.items():
        r = ut[key]
        close(r["gn"], gn, 7)
        close(r["gh"], gh, 7)
        close(r["reg_cap_factor"], cf, 7)
        close(r["gr"], gr, 7)
        close(r["u2"], u2, 7)
        close(r["u3"], u3, 7)
        close(r["rr_capped"], rr, 7)
        close(r["ub"], ub)
        close(r["ub2"], ub2)
        close(r["acpt"], 1.045, 12)
    close(ut[("A1", "AGND")]["rh"], 1.0580182, 7)
    u = rows(worked["fe_update"], "aco_id")
    a1, a2 = u["A1"], u["A2"]
    close(a1["reg_gd"], 1.0, 9)
    close(a1["market_share"], 0.4285714, 7)
    close(a1["reg_cap"], 1.0420078, 7)
    assert a1["reg_cap_applied"] is True and a1["risk_cap_applied"] is True
    close(a2["reg_gh"], 0.9932348, 7)
    close(a2["market_share"], 0.5119048, 7)
    close(a2["reg_cap"], 1.03, 9)
    close(a2["agg_hcc_growth"], 0.9424960, 7)
    assert a2["reg_cap_applied"] is False and a2["risk_cap_applied"] is False
    close(a1["person_years"], 2.5, 12)
    close(a1["ub_total"], 24970.3194, 4)
    close(a1["ub2_total"], 24894.8392, 4)
    close(a1["exp_total"], 23400.00, 2)
    close(a2["person_years"], 3.0, 12)
    close(a2["ub_total"], 53539.3364, 4)
    close(a2["ub2_total"], 54228.7980, 4)
    close(a2["exp_total"], 55977.00, 2)
    assert a1["n_ab"] == 3 and a2["n_ab"] == 3


def test_settlement(worked):
    s = rows(worked["fe_settlement"], "aco_id")
    a1, a2 = s["A1"], s["A2"]
    close(a1["gross_savings"], 1570.32, 2)
    close(a1["savings_rate"], 0.062887, 6)
    close(a1["msr"], 0.02, 12)
    close(a1["shared_amount"], 785.16, 2)
    close(a1["sequestration"], 15.70, 2)
    close(a1["earn_save_loss"], 769.46, 2)
    close(a1["limit"], 2497.03, 2)
    assert a1["limit_applied"] is False and a1["outcome"] == "shared_savings"
    close(a2["gross_savings"], -2437.66, 2)
    close(a2["savings_rate"], -0.045530, 6)
    close(a2["gen_save_loss"], -1748.20, 2)
    close(a2["final_loss_rate"], 0.40, 12)
    close(a2["earn_save_loss"], -699.28, 2)
    close(a2["limit"], 0.15 * 54228.7980, 2)
    assert a2["limit_applied"] is False and a2["outcome"] == "shared_losses_loss_protection"
    assert "A1" in a1["explain"] and "earned savings/losses" in a1["explain"]


def test_puf(worked):
    p = rows(worked["fe_puf"], "ACO_ID")
    expected = {
        "ABtotBnchmk": (24970, 53539),
        "ABtotExp": (23400, 55977),
        "BnchmkMinExp": (1570, -2438),
        "Sav_rate": (6.29, -4.55),
        "GenSaveLoss": (1570, -1748),
        "UpdatedBnchmk": (9988, 17846),
        "HistBnchmk": (9336, 17653),
        "RegAdj": (698, 7),
        "PriorSavAdj": (0, 83),
        "FinalAdjCat": ("regional", "prior_savings"),
        "EarnSaveLoss": (769, -699),
        "FinalShareRate": (50.00, 75.00),
        "FinalLossRate": (30.00, 40.00),
        "Per_Capita_Exp_TOTAL_PY": (9360, 18659),
        "N_AB_Year_PY": (3, 3),
        "Rev_Exp_Cat": ("high", None),
        "N_AB": (3, 3),
    }
    for col, (v1, v2) in expected.items():
        assert (p["A1"][col], p["A2"][col]) == (v1, v2), col
    assert p["A1"]["Per_Capita_Exp_ALL_DIS_PY"] is None  # a type without person-years
    assert p["A2"]["Per_Capita_Exp_ALL_DIS_BY3"] == 21578


def test_whole_chain_with_the_engines_risk_stage(worked_real_risk):
    """The same example through the real risk stage (diagnoses on claims, V28 factor tables): the
    §10 risk numbers and the settlement figures come out unchanged."""
    w = worked_real_risk
    raw = rows(w["fe_risk"], "bene_id", "year", "enrollment_type")
    close(raw[("b1", 2023, "AGND")]["hcc_raw"], 0.561, 9)
    close(raw[("b3", 2023, "AGND")]["hcc_raw"], 0.395, 9)
    close(raw[("b9", 2023, "DIS")]["hcc_raw"], 0.340, 9)
    close(raw[("b10", 2023, "DIS")]["hcc_raw"], 0.215, 9)
    norm = rows(w["fe_risk_norm"], "year", "enrollment_type")
    close(norm[(2026, "AGND")]["hcc_mean_raw"], 3.6265 / 7.5, 9)
    u = rows(w["fe_update"], "aco_id")
    close(u["A1"]["ub_total"], 24970.3194, 4)
    close(u["A2"]["ub_total"], 53539.3364, 4)
    s = rows(w["fe_settlement"], "aco_id")
    close(s["A1"]["earn_save_loss"], 769.46, 2)
    close(s["A2"]["earn_save_loss"], -699.28, 2)
    # renormalised national mean 1.0 per type and year (over N[Y], person-year weighted)
    cells = rows(w["fe_bene_year_type"], "bene_id", "year", "enrollment_type")
    national = {(r["year"], r["bene_id"]) for r in w["fe_population"].to_pylist() if r["method"] == "retrospective"}
    sums: dict = {}
    for (b, y, t), r in raw.items():
        if (y, b) in national:
            s_ = sums.setdefault((y, t), [0.0, 0.0, 0.0])
            py = cells[(b, y, t)]["person_years"]
            s_[0] += r["hcc_score"] * py
            s_[1] += r["demo_score"] * py
            s_[2] += py
    for v in sums.values():
        close(v[0] / v[2], 1.0, 12)
        close(v[1] / v[2], 1.0, 12)

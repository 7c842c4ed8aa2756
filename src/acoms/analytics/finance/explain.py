"""`acoms finance explain ACO_ID --run DIR`: one ACO's chain from per-capita expenditure to earned
savings or losses, every step with its citation, in the order of CMS's benchmark report (the
[A]–[W] update chain of the "UPD BNMRK Estimation CALC" workbook) preceded by the historical benchmark."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq


class ExplainError(ValueError):
    pass


def _rows(run: Path, name: str, aco_id: str) -> list[dict]:
    path = run / f"{name}.parquet"
    if not path.exists():
        raise ExplainError(f"{run}: no {name}.parquet (not a finance run folder?)")
    return [r for r in pq.read_table(path).to_pylist() if r.get("aco_id") == aco_id]


def _f(x, places: int = 2) -> str:
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float | int):
        return f"{x:,.{places}f}"
    return str(x)


def explain(aco_id: str, run: str | Path) -> str:
    run = Path(run)
    if not run.is_dir():
        raise ExplainError(f"not a folder: {run}")
    years = {(r["year"], r["enrollment_type"]): r for r in _rows(run, "fe_aco_year", aco_id)}
    hist = _rows(run, "fe_hist", aco_id)
    if not hist:
        raise ExplainError(f"{aco_id}: not in this run (no benchmark in {run.name}/fe_hist.parquet)")
    h = hist[0]
    ht = {r["enrollment_type"]: r for r in _rows(run, "fe_hist_type", aco_id)}
    u = _rows(run, "fe_update", aco_id)[0]
    ut = {r["enrollment_type"]: r for r in _rows(run, "fe_update_type", aco_id)}
    s = _rows(run, "fe_settlement", aco_id)[0]
    national = pq.read_table(run / "fe_national.parquet").to_pylist()
    nat = {(r["year"], r["enrollment_type"]): r["per_capita"] for r in national}
    by_k: dict[int, int] = {}
    for (y, _t), r in years.items():
        by_k[r["k"]] = y
    out = [f"{aco_id}: financial reconciliation of PY{by_k.get(4, '?')} (financial-engine.md §3–§8)", ""]

    def line(label: str, value, rule: str, cite: str = "", places: int = 2) -> None:
        out.append(f"  {label:<38} {_f(value, places):>16}  {rule}" + (f"  [{cite}]" if cite else ""))

    out.append("Historical benchmark (42 CFR 425.652(a))")
    for t in sorted(ht):
        r = ht[t]
        out.append(f" type {t}")
        for k in (1, 2, 3):
            c = years.get((by_k.get(k), t))
            line(
                f"BY{k} per capita expenditure E[{k}]",
                c and c["per_capita"],
                "truncated, completion factor",
                "425.652(a)(4)",
            )
            line(f"BY{k} risk score R[{k}]", c and c["hcc"], "renormalised prospective CMS-HCC", "425.652(a)(9)", 6)
        for k in (1, 2):
            line(f"trend factor TF[{k}]", r[f"tf_by{k}"], "national/regional blend to BY3", "425.652(a)(5)", 6)
            line(f"risk ratio RR[{k}]", r[f"rr_by{k}"], "R[3]/R[k]", "425.652(a)(9)", 6)
        for k in (1, 2, 3):
            line(f"BY{k} in BY3 terms E3[{k}]", r[f"e3_by{k}"], "E·TF·RR", "425.652(a)(6)")
        line("weighted benchmark HB_raw", r["hb_raw"], "BY weights 10/30/60 or equal", "425.652(a)(7), (c)(2)")
        line("BY3 proportion p3", r["p3"], "BY3 person-years share", "425.652(a)(6)", 6)
        line("regional expenditure REG3", r["reg3"], "R[3] × regional risk-adjusted BY3", "425.656(b)(3)")
        line("difference REG3 − HB_raw", r["diff"], "", "425.656(c)")
        line(
            "regional adjustment RA", r["ra"], f"{h['reg_pct']:.0%} of the difference, capped, offset", "425.656(c)-(d)"
        )
        line("adjustment applied ADJ", r["adj"], h["final_adj_cat"], "425.652(a)(8)")
        line("adjusted benchmark HB", r["hb"], "HB_raw + ADJ", "425.652(a)(8)")
    line("lower spending than region", h["lower_spending"], "Σ p3·diff ≥ 0", "425.656(d)")
    line("offset (dual share + risk − 1)", h["offset"], "reduces a negative adjustment", "425.656(c)(4)-(5)", 6)
    line("regional adjustment (single)", h["ra_single"], "Σ p3·RA", "425.656(d)(5)")
    line("prior savings average", h["psa_avg"], "mean of the three BY results", "425.658(b)")
    line("prior savings adjustment", h["psa"], "min(50 % × prorated, 5 % × national)", "425.658(c)")
    line("adjustment category", h["final_adj_cat"], "the larger of PSA and regional", "425.652(a)(8)")
    line("historical benchmark", h["hist_bnchmk"], "Σ p3·HB (PUF HistBnchmk)", "425.652(a)")
    out += ["", "Updated benchmark ([A]–[W]; 42 CFR 425.652(b), 425.655, 425.605(a)(1)(ii))"]
    by3, py = by_k.get(3), by_k.get(4)
    for t in sorted(ut):
        x, c, c3 = ut[t], years.get((py, t), {}), years.get((by3, t), {})
        out.append(f" type {t}")
        line("[A] national per capita BY3", nat.get((by3, t)), "", "425.652(b)(2)")
        line("[B] national per capita PY", nat.get((py, t)), "", "425.652(b)(2)")
        line("[C] national growth [B]/[A]", x["gn"], "", "", 7)
        line("[D] regional per capita BY3", c3.get("reg_per_capita"), "risk-adjusted, ACO county weights", "425.654")
        line("[E] regional per capita PY", c.get("reg_per_capita"), "", "425.654")
        line("regional risk growth cap factor", x["reg_cap_factor"], f"cap {u['reg_cap']:.7f}", "425.655", 7)
        line("[F] regional growth", x["gr"], "[E]/[D] × cap factor", "425.655", 7)
        line("[G] national weight", c.get("national_weight"), "ACO share of its counties", "425.652(b)(2)(iv)", 7)
        line("[H] regional weight", None if c.get("national_weight") is None else 1 - c["national_weight"], "", "", 7)
        line("[I] two-way blend", x["u2"], "[C]·[G] + [F]·[H]", "425.652(b)(3)", 7)
        line("[J] ACPT", x["acpt"], "UNCONFIRMED placeholder", "425.660", 7)
        line("[K] three-way blend", x["u3"], "(2/3)[I] + (1/3)[J]", "425.652(b)(4)", 7)
        line("[L] historical benchmark HB", ht.get(t, {}).get("hb"), "", "425.652(a)")
        line(
            "PY risk ratio (capped)",
            x["rr_capped"],
            f"rh {_f(x['rh'], 7)}, cap {u['risk_cap']:.7f}",
            "425.605(a)(1)(ii)",
            7,
        )
        line("[M] updated benchmark", x["ub"], "[L]·[K]·risk ratio", "425.652(b)")
        line("[N] PY person-years", x["py_person_years"], "", "", 4)
        line("[O] risk weight W / ΣW", x["w_rr"], "HB × person-years", "425.605(a)(1)(ii)(C)", 6)
        line("two-way benchmark (loss protection)", x["ub2"], "[L]·[I]·risk ratio", "425.652(b)(5)")
        line("PY per capita expenditure", x["exp_pc"], "", "425.652(a)(4)")
    line("[P] updated benchmark per capita", u["ub_pc"], "UB_total / person-years (PUF UpdatedBnchmk)", "")
    line("total benchmark", u["ub_total"], "Σ UB·py (PUF ABtotBnchmk)", "425.604(c), 425.605(c)")
    line("total expenditures", u["exp_total"], "Σ E·py (PUF ABtotExp)", "")
    line("[Q] expenditure per capita", u["exp_total"] / u["person_years"] if u["person_years"] else None, "", "")
    line("[R] savings rate", s["savings_rate"], "(benchmark − expenditures) / benchmark", "", 6)
    line("[S]–[U] MSR", s["msr"], f"{u['n_ab']} assigned", "425.604(b), 425.605(b)", 6)
    line("[V]–[W] outcome", s["outcome"], "", "425.605(d), 425.610(d)")
    out += ["", "Settlement (acoms.rules.reconcile)", s["explain"]]
    return "\n".join(out)

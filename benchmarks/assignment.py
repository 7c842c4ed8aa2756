"""Assignment benchmark: acoms (Ibis on DuckDB) vs a hand-written DuckDB SQL baseline.

    python benchmarks/assignment.py --sizes 100000 1000000 [--threads 2] [--data-dir DIR]

For each size: generate a synthetic dataset (about 30 claim lines per beneficiary over two
years), run acoms assignment on DuckDB, then the plain SQL baseline of the same steps over
the same Parquet, each in a fresh subprocess; print wall time, peak memory (max RSS) and the
ratio to the baseline. Both outputs are compared (same assigned beneficiaries, ACOs and steps).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def _acoms(data: str, py: int, threads: int) -> dict:
    from acoms.analytics import assignment, engine

    con = engine.connect("duckdb", threads=threads)
    t0 = time.perf_counter()
    res = assignment.run(data, py=py, con=con, check_keys=False)
    wall = time.perf_counter() - t0
    a = res["assignment"]
    return {
        "wall": wall,
        "rows": a.num_rows,
        "digest": _digest(a.select(["bene_id", "aco_id", "step", "allowed_amount"]).to_pylist()),
    }


def _baseline(data: str, py: int, threads: int) -> dict:
    import duckdb

    from acoms.analytics import parameters

    p = parameters.for_year(py)
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    t0 = time.perf_counter()
    rows = run_baseline(con, data, p)
    wall = time.perf_counter() - t0
    return {"wall": wall, "rows": len(rows), "digest": _digest(rows)}


# ---- the baseline: plain hand-written DuckDB SQL of the same steps over the same Parquet ----
def _lst(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def run_baseline(con, data: str, p) -> list[dict]:
    d = Path(data)
    q = lambda name: f"read_parquet('{d / (name + '.parquet')}')"  # noqa: E731
    codes = sorted(p.codes_window | p.codes_expanded)
    con.execute(
        f"CREATE TEMP TABLE codes AS SELECT * FROM (VALUES {', '.join(f'({c!r}, {c in p.codes_window}, {c in p.codes_expanded})' for c in codes)}) t(hcpcs_code, cw, cx)"
    )
    con.execute(
        f"CREATE TEMP TABLE spec AS SELECT * FROM (VALUES {', '.join(f'({k!r}, {v!r})' for k, v in p.specialties.items())}) t(spec_code, cls)"
    )
    ws, we, xs = p.window_start, p.window_end, p.expanded_start
    con.execute(f"""
    CREATE TEMP TABLE part AS SELECT * FROM read_csv('{d / "participants.csv"}', all_varchar=true)
      WHERE CAST(start_date AS DATE) <= DATE '{p.list_end}'
        AND (end_date IS NULL OR CAST(end_date AS DATE) >= DATE '{p.list_start}');
    CREATE TEMP TABLE tinmap AS SELECT tin AS key, 'tin' AS kind, max(aco_id) AS aco_id,
      count(DISTINCT aco_id) > 1 AS excluded FROM part GROUP BY tin;
    CREATE TEMP TABLE entmap AS SELECT * FROM tinmap UNION ALL
      SELECT p.ccn, 'ccn', max(p.aco_id), count(DISTINCT p.aco_id) > 1 OR bool_or(t.excluded)
      FROM part p JOIN tinmap t ON t.key = p.tin WHERE p.ccn IS NOT NULL GROUP BY p.ccn;
    CREATE TEMP TABLE snf_nf AS SELECT DISTINCT c.claim_id, c.claim_line_number
      FROM {q("claim_line")} c JOIN {q("claim_line")} s
        ON s.claim_type = 'snf' AND s.bene_id = c.bene_id
       AND c.service_date BETWEEN s.claim_start_date AND s.claim_end_date
      WHERE c.claim_type = 'outpatient' AND c.hcpcs_code IN ({_lst(p.nursing_facility_codes)})
        AND c.service_date BETWEEN DATE '{xs}' AND DATE '{we}';
    CREATE TEMP TABLE lines AS
    WITH reg AS (SELECT npi, min(specialty_code) AS reg_spec FROM {q("provider")} GROUP BY npi),
    c AS (
      SELECT c.*, k.cw, k.cx, c.hcpcs_code IN ({_lst(p.addon_codes)}) AS is_addon,
             c.claim_type = 'carrier' AS carrier,
             c.claim_type = 'outpatient' AND substr(c.bill_type_code, 1, 2) IN ({_lst(p.fqhc_rhc_bill_prefixes)}) AS fqhc
      FROM {q("claim_line")} c JOIN codes k USING (hcpcs_code)
      WHERE c.service_date BETWEEN DATE '{xs}' AND DATE '{we}' AND c.claim_type IN ('carrier', 'outpatient')
        AND NOT (c.claim_type = 'carrier' AND c.hcpcs_code IN ({_lst(p.nursing_facility_codes)})
                 AND coalesce(c.place_of_service_code IN ({_lst(p.snf_pos)}), false))
        AND NOT (c.hcpcs_code IN ({_lst(p.acp_codes)}) AND coalesce(c.place_of_service_code IN ({_lst(p.inpatient_pos)}), false))
        AND (c.claim_type = 'carrier'
             OR substr(c.bill_type_code, 1, 2) IN ({_lst(p.fqhc_rhc_bill_prefixes)})
             OR (substr(c.bill_type_code, 1, 2) IN ({_lst(p.cah2_bill_prefixes)})
                 AND substr(c.revenue_center_code, 1, 3) IN ({_lst(p.cah2_revenue_prefixes)})
                 AND c.rendering_npi IS NOT NULL))
    )
    SELECT c.bene_id, c.claim_id, c.is_addon,
           CASE WHEN c.fqhc THEN 'pcp' ELSE s.cls END AS cls,
           CASE WHEN e.aco_id IS NOT NULL THEN 'aco' WHEN c.carrier THEN 'tin' ELSE 'ccn' END AS entity_kind,
           coalesce(e.aco_id, CASE WHEN c.carrier THEN c.billing_tin ELSE c.ccn END) AS entity_id,
           c.service_date >= DATE '{ws}' AND c.cw AS in_w, c.cx AS in_x,
           CAST(c.allowed_amount AS DECIMAL(14, 2)) AS amt
    FROM c
    LEFT JOIN reg ON reg.npi = c.rendering_npi
    LEFT JOIN spec s ON s.spec_code = coalesce(c.rendering_specialty_code, reg.reg_spec)
    LEFT JOIN entmap e ON e.kind = CASE WHEN c.carrier THEN 'tin' ELSE 'ccn' END
                      AND e.key = CASE WHEN c.carrier THEN c.billing_tin ELSE c.ccn END
    WHERE (c.fqhc OR s.cls IS NOT NULL)
      AND CASE WHEN c.carrier THEN c.billing_tin ELSE c.ccn END IS NOT NULL
      AND NOT coalesce(e.excluded, false)
      AND NOT EXISTS (SELECT 1 FROM snf_nf x WHERE x.claim_id = c.claim_id AND x.claim_line_number = c.claim_line_number);
    CREATE TEMP TABLE orphan AS
      SELECT DISTINCT claim_id FROM lines WHERE is_addon
      EXCEPT SELECT DISTINCT claim_id FROM lines WHERE NOT is_addon
        AND claim_id IN (SELECT claim_id FROM lines WHERE is_addon);
    CREATE TEMP TABLE elig AS
    WITH e AS (
      SELECT e.*, CASE WHEN esrd THEN 'esrd' WHEN disabled THEN 'disabled' WHEN dual THEN 'aged_dual'
                  ELSE 'aged_nondual' END AS etype
      FROM {q("enrollment")} e LEFT JOIN {q("beneficiary")} b USING (bene_id)
      WHERE e.month BETWEEN DATE '{ws}' AND DATE '{we}' AND (b.death_date IS NULL OR e.month <= b.death_date)),
    f AS (SELECT bene_id, sum(CAST(part_a AND part_b AS INT)) AS ab, bool_or(part_a <> part_b) AS one_part,
                 bool_or(ghp) AS ghp, bool_or(other_initiative IS NOT NULL) AS other,
                 arg_max(county_fips, month) AS last_county FROM e GROUP BY bene_id),
    t AS (SELECT bene_id, arg_max(etype, n * 10 + CASE etype WHEN 'esrd' THEN 4 WHEN 'disabled' THEN 3
                 WHEN 'aged_dual' THEN 2 ELSE 1 END) AS enrollment_type
          FROM (SELECT bene_id, etype, count(*) AS n FROM e GROUP BY ALL) GROUP BY bene_id)
    SELECT f.bene_id, t.enrollment_type,
           ab >= 1 AND NOT one_part AND NOT ghp AND NOT other AND last_county <> '{p.outside_us_county}' AS eligible
    FROM f JOIN t USING (bene_id);
    CREATE TEMP TABLE tot AS
    SELECT bene_id, entity_kind, entity_id,
           coalesce(sum(amt) FILTER (WHERE in_w AND cls IN ('pcp', 'npp')), 0) AS pn12,
           coalesce(sum(amt) FILTER (WHERE in_w AND cls = 'specialist'), 0) AS sp12,
           coalesce(sum(amt) FILTER (WHERE in_x), 0) AS all24,
           bool_or(in_w AND cls IN ('pcp', 'specialist')) AS phys12,
           bool_or(in_w AND cls IN ('pcp', 'npp')) AS pn_any,
           bool_or(in_w AND cls = 'npp') AS npp12,
           bool_or(in_x AND cls IN ('pcp', 'specialist')) AS phys24
    FROM lines l WHERE NOT (is_addon AND claim_id IN (SELECT claim_id FROM orphan))
      AND bene_id IN (SELECT bene_id FROM elig WHERE eligible)
    GROUP BY ALL;
    CREATE TEMP TABLE flags AS
    SELECT bene_id, in_pool, any_phys,
           CASE WHEN s3 THEN 'step3' WHEN any_pn THEN 'step1' ELSE 'step2' END AS cand_step
    FROM (SELECT bene_id, bool_or(phys12 AND entity_kind = 'aco') AS in_pool, bool_or(phys12) AS any_phys,
                 bool_or(pn_any) AS any_pn,
                 bool_or(npp12 AND phys24 AND entity_kind = 'aco') AND {p.step3}
                   AND NOT bool_or(phys12 AND entity_kind = 'aco') AS s3
          FROM tot GROUP BY bene_id)
    WHERE any_phys OR s3;
    """)
    con.execute("""
    CREATE TEMP TABLE ranked AS
    WITH cand AS (
      SELECT t.*, f.cand_step,
             CASE f.cand_step WHEN 'step1' THEN pn12 WHEN 'step2' THEN sp12 ELSE all24 END AS amount,
             entity_kind = 'aco' AND CASE f.cand_step WHEN 'step3' THEN npp12 AND phys24 ELSE phys12 END AS qualifies
      FROM tot t JOIN flags f USING (bene_id)),
    r AS (SELECT *, max(amount) OVER (PARTITION BY bene_id) AS top,
                 rank() OVER (PARTITION BY bene_id ORDER BY amount DESC) AS rank FROM cand WHERE amount > 0)
    SELECT * FROM r;
    """)
    # the explanation table and the ineligible list, as acoms writes them
    con.execute("""SELECT bene_id, cand_step AS step, entity_kind, entity_id,
                          CAST(amount AS DECIMAL(14, 2)) AS allowed_amount, rank, qualifies
                   FROM ranked ORDER BY bene_id, step, rank, entity_kind, entity_id""").to_arrow_table()
    con.execute("SELECT bene_id FROM elig WHERE NOT eligible ORDER BY bene_id").to_arrow_table()
    per_aco = bool(p.step3) and p.step3_population == "per_aco"
    rows = con.execute(f"""
    WITH top AS (
      SELECT bene_id, count(*) AS n_top, max(entity_id) AS aco_id, bool_or(qualifies) AS ok, max(amount) AS amount
      FROM ranked WHERE amount = top GROUP BY bene_id),
    claims1 AS (
      SELECT f.bene_id, f.cand_step,
             coalesce(t.ok AND t.n_top = 1, false) AS won, t.aco_id, t.amount
      FROM flags f LEFT JOIN top t USING (bene_id)),
    -- step3_population = per_aco: steps 1-2 losers retried in step 3 for an ACO whose pool they are not in
    r3 AS (
      SELECT bene_id, entity_id, all24 AS amount,
             entity_kind = 'aco' AND npp12 AND phys24 AND NOT phys12 AS qualifies
      FROM tot
      WHERE {per_aco} AND all24 > 0
        AND bene_id IN (SELECT bene_id FROM claims1 WHERE NOT won AND cand_step <> 'step3')
        AND bene_id IN (SELECT bene_id FROM tot WHERE entity_kind = 'aco' AND npp12 AND phys24 AND NOT phys12)),
    top3 AS (
      SELECT bene_id, count(*) AS n_top, max(entity_id) AS aco_id, bool_or(qualifies) AS ok, max(amount) AS amount
      FROM (SELECT *, max(amount) OVER (PARTITION BY bene_id) AS top FROM r3) WHERE amount = top GROUP BY bene_id),
    claims AS (
      SELECT c.bene_id,
             CASE WHEN NOT c.won AND coalesce(t3.ok AND t3.n_top = 1, false) THEN 'step3' ELSE c.cand_step END
               AS cand_step,
             c.won OR coalesce(t3.ok AND t3.n_top = 1, false) AS won,
             CASE WHEN c.won THEN c.aco_id ELSE t3.aco_id END AS aco_id,
             CASE WHEN c.won THEN c.amount ELSE t3.amount END AS amount
      FROM claims1 c LEFT JOIN top3 t3 USING (bene_id)),
    va AS (
      SELECT v.bene_id, CASE WHEN n.n = 1 THEN n.aco_id END AS va_aco
      FROM (SELECT bene_id, arg_max(npi, (designation_date, npi)) AS npi FROM {q("voluntary_alignment")}
            WHERE designation_date < DATE '{p.list_start}' GROUP BY bene_id) v
      LEFT JOIN (SELECT pr.npi, count(DISTINCT m.aco_id) AS n, max(m.aco_id) AS aco_id
                 FROM {q("provider")} pr JOIN tinmap m ON m.key = pr.tin AND NOT m.excluded
                 WHERE pr.enrolled_from <= DATE '{p.list_end}'
                   AND (pr.enrolled_to IS NULL OR pr.enrolled_to >= DATE '{p.list_start}')
                 GROUP BY pr.npi) n ON n.npi = v.npi
      WHERE v.bene_id IN (SELECT bene_id FROM elig WHERE eligible))
    SELECT bene_id, va_aco AS aco_id, 'voluntary' AS step, CAST(0 AS DECIMAL(14, 2)) AS allowed_amount
      FROM va WHERE va_aco IS NOT NULL
    UNION ALL
    SELECT c.bene_id,
           CASE WHEN c.won AND va.bene_id IS NULL THEN c.aco_id END,
           CASE WHEN c.won AND va.bene_id IS NULL THEN c.cand_step ELSE 'none' END,
           CAST(CASE WHEN c.won AND va.bene_id IS NULL THEN c.amount ELSE 0 END AS DECIMAL(14, 2))
      FROM claims c LEFT JOIN va USING (bene_id)
      WHERE va.va_aco IS NULL
    ORDER BY 1
    """).fetchall()
    return [dict(zip(("bene_id", "aco_id", "step", "allowed_amount"), r, strict=True)) for r in rows]


def _digest(rows) -> str:
    import hashlib

    norm = sorted((r["bene_id"], r["aco_id"] or "", r["step"], str(r["allowed_amount"])) for r in rows)
    return hashlib.sha256(repr(norm).encode()).hexdigest()[:16]


def child(kind: str, data: str, py: int, threads: int) -> None:
    out = (_acoms if kind == "acoms" else _baseline)(data, py, threads)
    out["peak_rss_mb"] = harness.peak_rss_mb()
    print(json.dumps(out))


def measure(kind: str, data: Path, py: int, threads: int) -> dict:
    return harness.measure(__file__, kind, "--data", str(data), "--py", str(py), "--threads", str(threads))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--py", type=int, default=2025)
    ap.add_argument("--acos", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data-dir", default="/tmp/acoms-bench")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--child")
    ap.add_argument("--data")
    args = ap.parse_args()
    if args.child:
        return child(args.child, args.data, args.py, args.threads)
    from acoms.analytics.loaders.synthetic import generate

    results = []
    for n in args.sizes:
        data = Path(args.data_dir) / f"benes_{n}"
        if not (data / "claim_line.parquet").exists():
            print(f"generating {n:,} beneficiaries ...", file=sys.stderr, flush=True)
            s = generate(data, n, args.acos, args.py, seed=1, progress=True)
            print(f"  {s}", file=sys.stderr)
        best = {}
        for kind in ("acoms", "baseline"):
            runs = [measure(kind, data, args.py, args.threads) for _ in range(args.repeat)]
            best[kind] = min(runs, key=lambda r: r["wall"])
        same = best["acoms"]["digest"] == best["baseline"]["digest"]
        ratio = best["acoms"]["wall"] / best["baseline"]["wall"]
        results.append((n, best, ratio, same))
        print(
            f"{n:>9,} benes | acoms {best['acoms']['wall']:7.2f}s {best['acoms']['peak_rss_mb']:7.0f} MB | "
            f"baseline {best['baseline']['wall']:7.2f}s {best['baseline']['peak_rss_mb']:7.0f} MB | "
            f"ratio {ratio:4.2f} | outputs {'identical' if same else 'DIFFER'}",
            flush=True,
        )
    if len(results) > 1:
        (n0, b0, _, _), (n1, b1, _, _) = results[0], results[-1]
        growth = b1["acoms"]["wall"] / b0["acoms"]["wall"]
        print(f"time growth {n0:,} -> {n1:,}: x{growth:.2f} for x{n1 / n0:.0f} beneficiaries")


if __name__ == "__main__":
    main()

"""The financial engine's synthetic dataset (`acoms claims synth --finance`): five calendar years with every
case the engine distinguishes, a valid contract, an agreements.csv the reader accepts, and the risk stage
running on it; DuckDB and PySpark agree on the whole finance run of 20,000 beneficiaries (CI spark leg)."""

from __future__ import annotations

import math

import duckdb
import pyarrow.parquet as pq
import pytest

from acoms.analytics import cli, dataset
from acoms.analytics import engine as eng
from acoms.analytics.finance import hcc_tables
from acoms.analytics.finance.agreements import read_agreements
from acoms.analytics.finance.run import run_finance
from acoms.analytics.loaders.synthetic import generate


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    out = tmp_path_factory.mktemp("fsynth") / "f4k"
    generate(out, benes=4000, acos=12, py=2026, seed=5, finance=True)
    return out


def _sql(root, query: str):
    con = duckdb.connect()
    for name in ("beneficiary", "enrollment", "claim_line", "claim_diagnosis"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{root / name}/*.parquet')")
    return con.execute(query).fetchall()


def test_the_dataset_is_valid_with_the_optional_columns(synth):
    ds = dataset.open_dataset(synth)
    ds.check_keys(eng.connect("duckdb"))
    assert (synth / "claim_line").is_dir()  # written in parts
    names = {
        n: pq.read_schema(next((synth / n).glob("*.parquet"))).names
        for n in ("beneficiary", "enrollment", "claim_line")
    }
    assert "orec" in names["beneficiary"] and {"lti", "dual_status_code"} <= set(names["enrollment"])
    assert {"ucp_amount", "other_excluded_amount"} <= set(names["claim_line"])


def test_five_calendar_years_and_the_prospective_lead_in(synth):
    [(first, last)] = _sql(synth, "SELECT min(month), max(month) FROM enrollment")
    assert (first.isoformat(), last.isoformat()) == ("2021-10-01", "2026-12-01")
    years = dict(_sql(synth, "SELECT year(claim_end_date) y, count(*) FROM claim_line GROUP BY y"))
    assert set(years) >= {2022, 2023, 2024, 2025, 2026}
    per_bene_year = (
        years[2024] / _sql(synth, "SELECT count(DISTINCT bene_id) FROM enrollment WHERE year(month) = 2024")[0][0]
    )
    assert 24 <= per_bene_year <= 40  # about 30 claim lines per beneficiary-year


def test_every_enrollment_case(synth):
    [row] = _sql(
        synth,
        """
      SELECT count(DISTINCT county_fips), bool_or(NOT part_b), bool_or(ghp), bool_or(esrd), bool_or(disabled),
             bool_or(lti), count(DISTINCT dual_status_code), bool_or(dual AND dual_status_code IS NULL),
             bool_or(dual_status_code = '00'), bool_or(county_fips = '99999'), bool_or(other_initiative IS NOT NULL)
      FROM enrollment""",
    )
    assert row[0] >= 100 and all(row[1:6]) and row[6] >= 8 and all(row[7:])
    [(types,)] = _sql(
        synth,
        """SELECT count(DISTINCT t) FROM (SELECT CASE WHEN esrd THEN 'ESRD' WHEN disabled
      THEN 'DIS' WHEN dual THEN 'AGDU' ELSE 'AGND' END t FROM enrollment)""",
    )
    assert types == 4
    deaths = dict(
        _sql(synth, "SELECT year(death_date), count(*) FROM beneficiary WHERE death_date IS NOT NULL GROUP BY 1")
    )
    assert set(deaths) >= {2022, 2023, 2024, 2025, 2026}
    orecs = dict(_sql(synth, "SELECT coalesce(orec, 'NULL'), count(*) FROM beneficiary GROUP BY 1"))
    assert set(orecs) == {"0", "1", "2", "3", "NULL"}
    [(entrants, movers, dual_changes)] = _sql(
        synth,
        """
      SELECT (SELECT count(*) FROM (SELECT bene_id FROM enrollment GROUP BY 1 HAVING min(month) > DATE '2021-10-01')),
             (SELECT count(*) FROM (SELECT bene_id FROM enrollment WHERE county_fips <> '99999' GROUP BY 1
                                    HAVING count(DISTINCT county_fips) > 1)),
             (SELECT count(*) FROM (SELECT bene_id FROM enrollment GROUP BY 1
                                    HAVING count(DISTINCT coalesce(dual_status_code, '-')) > 1))""",
    )
    assert entrants > 0 and movers > 0 and dual_changes > 0


def test_paid_amounts_ime_dsh_ucp_and_a_heavy_tail(synth):
    rows = {
        r[0]: r[1:]
        for r in _sql(
            synth,
            """
      SELECT claim_type, count(*), sum(paid_amount), sum(coalesce(ime_amount, 0)), sum(coalesce(dsh_amount, 0)),
             sum(coalesce(ucp_amount, 0)), sum(coalesce(other_excluded_amount, 0)),
             bool_or(claim_line_number > 1 AND (ime_amount > 0 OR ucp_amount > 0))
      FROM claim_line GROUP BY 1""",
        )
    }
    assert set(rows) == {"carrier", "outpatient", "inpatient", "snf", "hha", "hospice", "dme"}
    ip = rows["inpatient"]
    assert ip[2] > 0 and ip[3] > 0 and ip[4] > 0 and ip[5] > 0 and not ip[6]  # claim level, on line 1
    for kind in ("carrier", "outpatient", "snf", "hha", "hospice", "dme"):
        assert rows[kind][2] == rows[kind][3] == rows[kind][4] == 0, kind
    [(median, p99, top, share)] = _sql(
        synth,
        """
      WITH x AS (SELECT bene_id, sum(paid_amount)::DOUBLE p FROM claim_line WHERE year(claim_end_date) = 2025
                 GROUP BY 1)
      SELECT median(p), quantile_cont(p, 0.99), max(p), avg((p > quantile_cont_p)::INT)
      FROM x, (SELECT quantile_cont(p, 0.99) quantile_cont_p FROM x)""",
    )
    assert 3_000 <= float(sum(r[1] for r in rows.values())) / 4000 / 5.25 <= 20_000  # per-capita $ a year, roughly
    assert p99 > 8 * median and top > 1.5 * p99  # a heavy tail: truncation at the 99th percentile binds
    assert math.isclose(share, 0.01, abs_tol=0.004)


def test_diagnoses_map_to_v28_hccs(synth):
    v28 = set(hcc_tables.load(2026).dx_to_cc["diagnosis_code"].to_pylist())
    codes = dict(_sql(synth, "SELECT diagnosis_code, count(*) FROM claim_diagnosis GROUP BY 1"))
    assert sum(n for c, n in codes.items() if c in v28) > 0.02 * sum(codes.values())
    [(with_hcc, total)] = _sql(
        synth,
        f"""
      SELECT count(DISTINCT l.bene_id) FILTER (WHERE d.diagnosis_code IN ({
            ", ".join(f"'{c}'" for c in codes if c in v28)
        })),
             count(DISTINCT l.bene_id)
      FROM claim_line l JOIN claim_diagnosis d USING (claim_id) WHERE year(l.claim_end_date) = 2025""",
    )
    assert 0.3 < with_hcc / total < 0.9, with_hcc / total


def test_agreements_cover_every_case_and_the_reader_accepts_them(synth):
    ag = read_agreements(synth / "agreements.csv", 2026)
    assert len(ag) == 12
    rows = list(ag.values())
    assert {a.track for a in rows} == {"A", "B", "C", "D", "E", "EN"}
    assert {a.agreement_period_num > 1 for a in rows} == {True, False}
    assert {a.assignment_method for a in rows} == {"retrospective", "prospective"}
    assert any(a.psa_pc_savings[0] is not None for a in rows) and any(a.psa_pc_savings[0] is None for a in rows)
    revenues = {a.participant_revenue for a in rows}
    assert None in revenues and min(r for r in revenues if r is not None) < 1e6 < max(r for r in revenues if r)
    assert {a.msr_election for a in rows if a.track in ("A", "B")} == {None}


def test_generator_is_deterministic(tmp_path):
    generate(tmp_path / "a", 400, 3, 2026, seed=9, finance=True)
    generate(tmp_path / "b", 400, 3, 2026, seed=9, finance=True)
    for name in ("beneficiary", "enrollment", "claim_line", "claim_diagnosis"):
        a = pq.read_table(tmp_path / "a" / name)
        assert a.equals(pq.read_table(tmp_path / "b" / name)), name
    assert (tmp_path / "a" / "agreements.csv").read_text() == (tmp_path / "b" / "agreements.csv").read_text()


def _run(data, con):

    return run_finance(data, data / "participants.csv", data / "agreements.csv", 2026, con=con, check_keys=False)


def test_finance_run_on_the_synthetic_dataset(synth):
    """Every stage runs on the generator's data; the risk cells match the expenditure cells one to one and
    the renormalised national mean score is 1 per year and type."""
    out = _run(synth, eng.connect("duckdb"))
    risk, cells = out["fe_risk"], out["fe_bene_year_type"]
    key = ("bene_id", "year", "enrollment_type")
    assert risk.num_rows == cells.num_rows > 0
    assert set(zip(*(risk[k].to_pylist() for k in key), strict=True)) == set(
        zip(*(cells[k].to_pylist() for k in key), strict=True)
    )
    national = {(r["year"], r["bene_id"]) for r in out["fe_population"].to_pylist() if r["method"] == "retrospective"}
    py = {tuple(r[k] for k in key): r["person_years"] for r in cells.to_pylist()}
    sums: dict[tuple, list[float]] = {}
    for r in risk.to_pylist():
        if (r["year"], r["bene_id"]) in national:
            s = sums.setdefault((r["year"], r["enrollment_type"]), [0.0, 0.0])
            s[0] += r["hcc_score"] * py[tuple(r[k] for k in key)]
            s[1] += py[tuple(r[k] for k in key)]
    assert {y for y, _ in sums} == {2023, 2024, 2025, 2026} and {t for _, t in sums} == {"ESRD", "DIS", "AGDU", "AGND"}
    for s in sums.values():
        assert s[0] / s[1] == pytest.approx(1.0, rel=1e-9)
    ne = sum(r["new_enrollee"] for r in risk.to_pylist()) / risk.num_rows
    assert 0.005 < ne < 0.2
    assert out["fe_settlement"].num_rows >= 8


def _equal_tables(a, b, name):
    assert a.schema.names == b.schema.names, name
    assert a.num_rows == b.num_rows, name
    bad = {}
    for col in a.schema.names:
        for x, y in zip(a[col].to_pylist(), b[col].to_pylist(), strict=True):
            same = (
                x == y
                or (x is None and y is None)
                or (
                    isinstance(x, float)
                    and isinstance(y, float)
                    and (math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6) or (math.isnan(x) and math.isnan(y)))
                )
            )
            if not same:
                bad[col] = bad.get(col, 0) + 1
    assert not bad, f"{name}: differing values per column {bad}"


@pytest.mark.spark
def test_duckdb_and_pyspark_finance_outputs_agree_on_20k_beneficiaries(tmp_path_factory):
    data = tmp_path_factory.mktemp("fparity") / "f20k"
    generate(data, benes=20_000, acos=12, py=2026, seed=21, finance=True)
    duck = _run(data, eng.connect("duckdb"))
    spark = _run(data, eng.connect("pyspark"))
    assert set(duck) == set(spark)
    for name in sorted(duck):
        assert duck[name].num_rows > 0, name
        _equal_tables(duck[name], spark[name], name)


def test_cli_synth_finance(tmp_path):

    out = tmp_path / "cli"
    assert (
        cli.main(
            [
                "claims",
                "synth",
                "--benes",
                "300",
                "--acos",
                "3",
                "--py",
                "2026",
                "--finance",
                "--years",
                "5",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert len(read_agreements(out / "agreements.csv", 2026)) == 3
    [(first,)] = _sql(out, "SELECT min(month) FROM enrollment")
    assert first.isoformat() == "2021-10-01"
    dataset.open_dataset(out)

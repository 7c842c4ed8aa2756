"""The `agreements` input (financial-engine.md §1.3, §12): validation names file, row and column;
booleans and defaults per §12; the CLI answers bad input with a message, not a traceback."""

from __future__ import annotations

import datetime as dt

import pytest

from acoms.analytics.finance import parameters
from acoms.analytics.finance.agreements import AgreementError, read_agreements
from acoms.cli import main
from acoms.lib import parameters as lib_parameters

HEADER = (
    "aco_id,performance_year,agreement_start,agreement_period_num,track,msr_election,assignment_method,"
    "times_reg_adjusted_before,psa_pc_savings_1,psa_pc_savings_2,psa_pc_savings_3,psa_n_assigned_1,"
    "psa_n_assigned_2,psa_n_assigned_3,participant_revenue,met_qps,met_alt_qps,quality_score,euc_fraction\n"
)


def write(tmp_path, *lines):
    p = tmp_path / "agreements.csv"
    p.write_text(HEADER + "".join(line + "\n" for line in lines))
    return p


def test_valid_rows_defaults_and_booleans(tmp_path):
    p = write(
        tmp_path,
        "A1,2026,2026-01-01,1,E,,retrospective,,,,,,,,,t,no,,",
        "A2,2026,2026-01-01,2,A,0.02,prospective,1,300,,-5,2,,2,1000.50,1,0,90,0.25",
        "A1,2027,2026-01-01,1,E,0.01,retrospective,,,,,,,,,yes,f,80,",
    )
    ag = read_agreements(p, 2026)
    a1, a2 = ag["A1"], ag["A2"]
    assert set(ag) == {"A1", "A2"}
    assert a1.msr_election == "variable"  # NULL on a two-sided track → variable (§12)
    assert a1.met_qps is True and a1.met_alt_qps is False
    assert a1.quality_score == 0.0 and a1.euc_fraction == 0.0 and a1.times_reg_adjusted_before == 0
    assert a1.benchmark_years == (2023, 2024, 2025) and a1.py_index == 1
    assert a2.msr_election is None  # one-sided track: no election
    assert a2.psa_pc_savings == (300.0, None, -5.0) and a2.psa_n_assigned == (2, None, 2)
    assert a2.participant_revenue == 1000.50 and a2.euc_fraction == 0.25
    assert a2.agreement_start == dt.date(2026, 1, 1)
    assert read_agreements(p, 2027)["A1"].py_index == 2


@pytest.mark.parametrize(
    "line, column, problem",
    [
        ("A1,2026,2026-01-01,1,X,,retrospective,,,,,,,,,t,f,,", "track", "unknown track"),
        ("A1,2026,2025-01-01,1,E,,retrospective,,,,,,,,,t,f,,", "agreement_start", "starts from 2026"),
        ("A1,2026,2026-07-01,1,E,,retrospective,,,,,,,,,t,f,,", "agreement_start", "not January 1"),
        ("A1,2026,2026-01-01,1,E,0.03,retrospective,,,,,,,,,t,f,,", "msr_election", "is not one of"),
        ("A1,2026,2026-01-01,1,E,,sideways,,,,,,,,,t,f,,", "assignment_method", "retrospective or prospective"),
        ("A1,2026,2026-01-01,1,E,,retrospective,,,,,,,,,maybe,f,,", "met_qps", "not a boolean"),
        ("A1,2026,2026-01-01,1,E,,retrospective,,,,,,,,,t,f,120,", "quality_score", "out of range"),
        ("A1,2026,2026-01-01,1,E,,retrospective,,abc,,,,,,,t,f,,", "psa_pc_savings_1", "not a number"),
        ("A1,2031,2026-01-01,1,E,,retrospective,,,,,,,,,t,f,,", "performance_year", "not one of the 5 years"),
        (",2026,2026-01-01,1,E,,retrospective,,,,,,,,,t,f,,", "aco_id", "empty value"),
    ],
)
def test_errors_name_file_row_column(tmp_path, line, column, problem):
    p = write(tmp_path, "A0,2026,2026-01-01,1,E,,retrospective,,,,,,,,,t,f,,", line)
    with pytest.raises(AgreementError) as e:
        read_agreements(p, 2026)
    assert f"agreements.csv, row 3, column {column}" in str(e.value) and problem in str(e.value)


def test_duplicate_and_missing_column(tmp_path):
    p = write(
        tmp_path,
        "A1,2026,2026-01-01,1,E,,retrospective,,,,,,,,,t,f,,",
        "A1,2026,2026-01-01,1,E,,retrospective,,,,,,,,,t,f,,",
    )
    with pytest.raises(AgreementError, match="row 3, column aco_id: second row"):
        read_agreements(p)
    q = tmp_path / "bad.csv"
    q.write_text("aco_id,performance_year\nA1,2026\n")
    with pytest.raises(AgreementError, match="column agreement_start: missing column"):
        read_agreements(q)


def test_cli_bad_input_is_a_message(tmp_path, capsys):
    p = write(tmp_path, "A1,2026,2026-01-01,1,Q,,retrospective,,,,,,,,,t,f,,")
    rc = main(
        [
            "finance",
            "run",
            "--data",
            str(tmp_path / "nodata"),
            "--participants",
            str(tmp_path / "p.csv"),
            "--agreements",
            str(p),
            "--py",
            "2026",
            "--out",
            str(tmp_path / "out"),
        ]
    )
    err = capsys.readouterr().err
    assert rc == 2 and "error: agreements: agreements.csv, row 2, column track" in err and "Traceback" not in err
    rc = main(["finance", "explain", "A1", "--run", str(tmp_path / "nowhere")])
    assert rc == 2 and "not a folder" in capsys.readouterr().err


def test_parameters_table_has_every_spec_row_with_status():
    t = parameters.table().to_pylist()
    names = {r["name"] for r in t}
    for name in (
        "truncation_quantile",
        "completion_factor",
        "sequestration_grossup",
        "sequestration_rate",
        "new_enrollee_min_months",
        "hcc_tables_year",
        "regional_cap_pos",
        "psa_cap",
        "acpt_weight",
        "acpt_base",
        "risk_cap_margin",
        "regional_risk_cap_margin",
        "low_revenue_ratio",
        "lower_spending_at_zero",
        "prior_savings_on_tie",
    ):
        assert name in names, name
    assert all(r["status"] in ("REG", "READING", "UNCONFIRMED") and r["source"] for r in t)
    p = parameters.for_year(2026)
    assert p.by_weights(1) == (0.1, 0.3, 0.6) and p.by_weights(2) == pytest.approx((1 / 3,) * 3)
    assert p.acpt(2) == pytest.approx(1.045**2) and p.hcc_tables_year == 2026


def test_a_run_reads_every_row_of_the_finance_parameter_tables():
    """One convention (acoms.lib.parameters): the run of a PY reads each row of the engine's tables, so
    `--check-parameter-reads` has nothing of the engine's to name."""
    parameters.for_year(2026)
    tables = [lib_parameters.load("acoms.analytics.finance.parameters", name) for name in parameters.TABLES]
    assert lib_parameters.unread(tables, lib_parameters.reads()) == []
    assert parameters.for_year(2026).sequestration_rates[1][2] == 0.0  # the CARES Act suspension, by date

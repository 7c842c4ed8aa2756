"""PY2019 (two 6-month periods), PY2020 and PY2021: layouts never seen in shared/data.

The files in tests/data/puf/synthetic are written by hand from the year's layout (rules/pufdict/layouts): every column
of CMS's header, invented values in that year's formatting (not real results). The expected figures below are worked
by hand from the regulation (42 CFR 425.604-425.610, 425.609) and the parameter tables, not taken from the code.
"""

from datetime import date
from pathlib import Path

import pytest

from acoms.rules.cli import reconcile_records
from acoms.rules.puf import read_results

SYNTHETIC = Path(__file__).resolve().parents[1] / "data" / "puf" / "synthetic"


def _read(name, year, **kw):
    return read_results(SYNTHETIC / name, year, **kw)


def test_py2019_january_june_fractions_points_and_track_flags():
    f = _read("PY2019_jan_jun_synthetic.csv", 2019)
    assert f.report.period == "jan-jun"  # no ACO started on 1 July 2019
    units = {u.column: u.unit for u in f.report.used if u.unit}
    assert units["Sav_rate"] == "fraction" and units["QualScore"] == "percent"  # 90.00 points
    t1, t3, t1p = f.records
    assert (t1.inputs.track, t3.inputs.track, t1p.inputs.track) == ("T1", "T3", "T1P")
    assert t1.inputs.quality_score == pytest.approx(0.90) and t1.published.savings_rate == pytest.approx(0.05)
    assert dict(t1.inputs.flags)["Participation_Six_Months"] is True
    assert dict(t3.inputs.flags)["RecvdMean"] is True and t1p.inputs.revenue_loss_limit is True


def test_py2019_january_june_results_by_hand():
    rows = {c.record.aco_id: c for c in reconcile_records(_read("PY2019_jan_jun_synthetic.csv", 2019).records)}
    # Track 1, 20,000 assigned: MSR 2.5% (425.604(b)); 5M savings x 50% x 0.90; no sequestration for PY2019
    assert rows["A9101"].result.msr == pytest.approx(0.025)
    assert rows["A9101"].result.earn_save_loss == pytest.approx(5_000_000 * 0.5 * 0.90)
    # Track 3, fixed 2% MSR/MLR: 6M losses x (1 - 0.75 x 0.80) = 40% (425.610(f)), limit 15% not binding
    assert rows["A9102"].result.final_loss_rate == pytest.approx(0.40)
    assert rows["A9102"].result.earn_save_loss == pytest.approx(-6_000_000 * 0.40)
    # Track 1+, 1% election: 1.6M x 50% x 0.95
    assert rows["A9103"].result.earn_save_loss == pytest.approx(1_600_000 * 0.5 * 0.95)
    for c in rows.values():
        assert all(c.matches[f] is not False for f in c.matches), (c.record.aco_id, c.matches)
    steps = [s.name for s in rows["A9101"].result.steps]
    assert "PUF Participation_Six_Months" in steps and "PUF RecvdMean" in steps


def test_py2019_july_december_excel_formatting_and_basic_flags():
    f = _read("PY2019_jul_dec_synthetic.csv", 2019)
    assert f.report.period == "jul-dec"  # ACOs that started on 1 July 2019
    a, en = f.records
    assert (a.inputs.track, en.inputs.track) == ("A", "EN")
    assert a.inputs.n_ab == 10_000 and a.inputs.benchmark_total == 50_000_000  # "10,000", "50,000,000"
    assert a.published.msr == pytest.approx(0.03) and a.published.final_share_rate == pytest.approx(0.36)  # "36%"
    assert a.inputs.agreement_start == date(2019, 7, 1)
    rows = {c.record.aco_id: c for c in reconcile_records(f.records)}
    assert rows["A9201"].result.earn_save_loss == pytest.approx(2_000_000 * 0.40 * 0.90)
    assert rows["A9202"].result.earn_save_loss == pytest.approx(15_000_000 * 0.75 * 0.96)


def test_period_can_be_given():
    assert _read("PY2019_jul_dec_synthetic.csv", 2019, period="jan-jun").report.period == "jan-jun"


def test_py2020_losses_forgiven_by_the_phe_and_interpolated_msr():
    rows = {c.record.aco_id: c for c in reconcile_records(_read("PY2020_synthetic.csv", 2020).records)}
    b, c = rows["A9301"], rows["A9302"]
    # 12,000 assigned: 3.0% - (12,000 - 10,000)/(14,999 - 10,000) x 0.3 points
    assert b.result.msr == pytest.approx(0.030 - 2000 / 4999 * 0.003)
    assert b.result.earn_save_loss == pytest.approx(3_000_000 * 0.40 * 1.0)  # PY2020 sequestration 0 [READING]
    # BASIC C: 2.4M x 30% = 720,000, all of it forgiven (COVID-19 PHE, all 12 months: parameters/euc.csv)
    assert c.result.shared_amount == pytest.approx(720_000) and c.result.earn_save_loss == pytest.approx(0)
    assert c.not_computable is None  # nothing is owed whatever the participant revenue


def test_py2021_spellings_units_and_flat_sharing():
    f = _read("PY2021_synthetic.csv", 2021)
    used = {u.column: u for u in f.report.used}
    assert used["Sav_rate"].label == "Sav_Rate" and used["MaxShareRate"].field == "max_sharing_rate"
    assert used["QualScore"].unit == "percent"
    e, en, a = f.records
    assert (e.inputs.track, en.inputs.track, a.inputs.track) == ("E", "EN", "A")
    assert e.inputs.euc_reduction == -540_000 and dict(en.inputs.flags)["Recvd30p"] is True
    rows = {c.record.aco_id: c for c in reconcile_records(f.records)}
    assert rows["A9402"].result.final_share_rate == pytest.approx(0.75)  # QPS met: the full rate (425.512(a))
    assert rows["A9402"].result.earn_save_loss == pytest.approx(24_000_000 * 0.75 * 0.98)
    assert rows["A9401"].result.earn_save_loss == pytest.approx(0)  # PHE: losses forgiven
    assert rows["A9403"].result.msr == pytest.approx(0.036 - 500 / 999 * 0.002)
    assert rows["A9403"].result.gen_save_loss == 0  # 1% below the 3.5% MSR
    for c in rows.values():
        assert all(c.matches[f] is not False for f in c.matches), (c.record.aco_id, c.matches)

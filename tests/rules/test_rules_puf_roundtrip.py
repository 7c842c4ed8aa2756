"""write_results writes a PY's results PUF in CMS's column order and formats; read_results reads it back unchanged."""

import csv
from datetime import date

import pytest

from acoms.rules.puf import read_results, write_results
from acoms.rules.pufdict import layouts

LAYOUTS = sorted(layouts())


def _rows(year):
    start = date(2019, 7, 1) if year >= 2019 else date(2012, 7, 1)
    basic = year >= 2020
    common = {
        "ACO_Name": "Round Trip ACO, LLC",
        "ABtotBnchmk": 612_345_678.0,
        "ABtotExp": 580_000_123.0,
        "Sav_rate": 0.052822,
        "MinSavPerc": 0.0234,
        "GenSaveLoss": 32_345_555.0,
        "EarnSaveLoss": 15_123_456.0,
        "QualScore": 0.9437,
        "FinalShareRate": 0.4719,
    }
    one = {
        "ACO_ID" if year >= 2018 else "ACO_Num": "A1234" if year >= 2018 else "A12345",
        "N_AB": 41_234,
        "track": "B" if basic else "T1",
        **common,
    }
    two = {
        "ACO_ID" if year >= 2018 else "ACO_Num": "A5678" if year >= 2018 else "A56789",
        "N_AB": 9_876,
        "track": "EN" if basic else "T2",
        **common,
        "Sav_rate": -0.0123,
        "MinSavPerc": 0.02,
        "GenSaveLoss": -7_530_000.0,
        "EarnSaveLoss": -3_012_000.0,
    }
    for r in (one, two):
        if year >= 2023:
            r["FinalLossRate"] = 0.4
        if year >= 2016:
            r["Met_QPS"] = True
        r["Start_Date" if year <= 2015 else "Current_Start_Date"] = start
    return [one, two]


@pytest.mark.parametrize("name", LAYOUTS)
def test_round_trip_every_layout(tmp_path, name):
    lay = layouts()[name]
    rows = _rows(lay.year)
    if lay.year == 2013:  # PY2013 publishes no savings rate or generated savings; earned savings are EarnShrSavings
        for r in rows:
            del r["Sav_rate"], r["GenSaveLoss"]
            r["EarnShrSavings"] = max(r.pop("EarnSaveLoss"), 0.0)
    path = write_results(rows, lay.year, tmp_path / f"{name}.csv", period=lay.period or None)
    with path.open(newline="") as f:
        assert next(csv.reader(f)) == [c for c, _ in lay.columns]
    back = read_results(path, lay.year, period=lay.period or None)
    assert len(back.records) == 2
    for row, rec in zip(rows, back.records, strict=True):
        x, p = rec.inputs, rec.published
        assert rec.aco_id == row.get("ACO_ID", row.get("ACO_Num"))
        assert x.track == row["track"] and x.n_ab == row["N_AB"]
        assert (x.benchmark_total, x.expenditure_total) == (row["ABtotBnchmk"], row["ABtotExp"])
        assert x.quality_score == row["QualScore"] and p.final_share_rate == row["FinalShareRate"]
        assert p.msr == row["MinSavPerc"] and p.savings_rate == row.get("Sav_rate")
        assert p.gen_save_loss == row.get("GenSaveLoss")
        assert p.earn_save_loss == row.get("EarnSaveLoss", row.get("EarnShrSavings"))
        assert p.final_loss_rate == row.get("FinalLossRate")
        assert x.agreement_start == row.get("Current_Start_Date", row.get("Start_Date"))


def _cells(path, *columns):
    with path.open(newline="") as f:
        r = next(csv.DictReader(f))
    return tuple(r[c] for c in columns)


def test_formats_follow_the_year_as_cms_wrote_it(tmp_path):
    # PY2015: Excel-formatted ("60,845", "9.48%"); PY2014: savings rate in percent numbers but quality a fraction;
    # PY2024: plain percent numbers, '-' for an empty value; PY2021: the 'Sav_Rate' spelling
    row = {
        "ACO_Num": "A12345",
        "N_AB": 60845,
        "track": "T1",
        "ABtotBnchmk": 808769966.0,
        "ABtotExp": 732127489.0,
        "Sav_rate": 0.0948,
        "QualScore": 0.9808,
        "Start_Date": date(2012, 7, 1),
    }
    assert _cells(
        write_results([row], 2015, tmp_path / "a.csv"), "N_AB", "Sav_rate", "QualScore", "ABtotBnchmk", "Start_Date"
    ) == ("60,845", "9.48%", "98.08%", "808,769,966", "7/1/2012")
    assert _cells(write_results([row], 2014, tmp_path / "b.csv"), "N_AB", "Sav_rate", "QualScore") == (
        "60845",
        "9.48",
        "0.9808",
    )
    row24 = {
        "ACO_ID": "A1001",
        "N_AB": 116175,
        "track": "EN",
        "ABtotBnchmk": 1650927172.0,
        "ABtotExp": 1504130805.0,
        "Sav_rate": 0.0889,
        "QualScore": 0.7705,
        "FinalLossRate": 0.4221,
    }
    assert _cells(
        write_results([row24], 2024, tmp_path / "c.csv"),
        "Current_Track",
        "Sav_rate",
        "QualScore",
        "FinalLossRate",
        "DisAdj",
    ) == ("EN", "8.89", "77.05", "42.21", "-")
    row21 = {"ACO_ID": "A1001", "N_AB": 89403, "track": "EN", "ABtotBnchmk": 1.0e9, "ABtotExp": 9.0e8, "Sav_rate": 0.1}
    assert _cells(
        write_results([row21], 2021, tmp_path / "d.csv"), "Sav_Rate", "Current_ENHANCED", "Current_BASIC_A"
    ) == ("10.00%", "1", "0")


def test_writer_refuses_a_column_the_year_does_not_have(tmp_path):
    with pytest.raises(ValueError, match="FinalLossRate not in the PY2018 layout"):
        write_results([{"ACO_ID": "A1001", "FinalLossRate": 0.4}], 2018, tmp_path / "x.csv")
    with pytest.raises(ValueError, match="give the period"):
        write_results([], 2019, tmp_path / "y.csv")
    with pytest.raises(ValueError, match="no results PUF layout for PY2012"):
        write_results([], 2012, tmp_path / "z.csv")

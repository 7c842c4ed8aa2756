"""The PUF reader: every layout in shared/data into one normalized record, clear errors otherwise."""

import csv
import hashlib
import io
from datetime import date
from pathlib import Path

import pytest

from acoms.rules.puf import PufParseError, read_puf, read_results, recover_election

PUF_DIR = Path(__file__).resolve().parents[1] / "data" / "puf"
YEARS = [2013, 2014, 2015, 2016, 2017, 2018, 2022, 2023]

MD5 = {
    "ACO.SSP.PUF.Y2013.csv": "1189c208c31845d41f52da69453f3a0d",
    "ACO.SSP.PUF.Y2014.csv": "1e3b252136179a4eff7129196f5f2427",
    "ACO.SSP.PUF.Y2015.csv": "a074877d8a746a9d4bc144a01807d034",
    "ACO.SSP.PUF.Y2016.csv": "95aa7dcafb4486b55d643ec422b9e24f",
    "PY2017_ericwalczyk.csv": "43af64e5a306d7561e4cbbf648bc6a81",
    "PY2018_ACO_PUF.csv": "ebb11d49a5b12731d6bdcf56c01de17a",
    "PY2022_Performance_Year_Financial_and_Quality_Results.csv": "9bf0ec6117339d69bcd40fc60fbe9e24",
    "PY2023_ACO_Results_PUF.csv": "d3bd888277dfc75bb173cc2b1925592d",
}
ROWS = {2013: 220, 2014: 333, 2015: 392, 2016: 432, 2017: 472, 2018: 548, 2022: 482, 2023: 453}  # SOURCES.md


@pytest.mark.parametrize("name", sorted(MD5))
def test_test_data_are_unchanged_copies(name):
    assert hashlib.md5((PUF_DIR / name).read_bytes()).hexdigest() == MD5[name]


@pytest.mark.parametrize("year", YEARS)
def test_every_preferred_copy_reads(year, puf_path):
    recs = read_puf(puf_path(year), year)
    assert len(recs) == ROWS[year]
    assert len({r.aco_id for r in recs}) == len(recs)
    for r in recs:
        assert r.inputs.n_ab > 0 and r.inputs.benchmark_total > 0 and r.inputs.expenditure_total > 0
        assert 0 <= (r.published.msr or 0) < 0.5


def test_first_aco_of_each_layout(puf_path):
    # Palm Beach ACO in every year (values typed from the files)
    r13 = read_puf(puf_path(2013), 2013)[0]
    assert (r13.aco_id, r13.id_kind, r13.inputs.track) == ("A67373", "encrypted", "T1")
    assert r13.inputs.benchmark_total == pytest.approx(613084880.4) and r13.published.msr == pytest.approx(0.023373146)
    r14 = read_puf(puf_path(2014), 2014)[0]
    assert r14.published.savings_rate == pytest.approx(0.07135345566)  # percent units in the 2014 file
    r15 = read_puf(puf_path(2015), 2015)[0]
    assert r15.inputs.n_ab == 60845 and r15.inputs.benchmark_total == 808769966  # "60,845", "808,769,966"
    assert r15.published.savings_rate == pytest.approx(0.0948) and r15.inputs.quality_score == pytest.approx(0.9808)
    r17 = read_puf(puf_path(2017), 2017)[0]
    assert r17.aco_id == "A67373" and r17.inputs.agreement_start == date(2016, 1, 1)  # "1/1/16 00:00"
    r18 = read_puf(puf_path(2018), 2018)[0]
    assert (r18.aco_id, r18.id_kind, r18.inputs.revenue_category) == ("A1001", "ACO_ID", "low")
    r22 = read_puf(puf_path(2022), 2022)[0]
    assert (r22.inputs.track, r22.published.msr, r22.published.final_share_rate) == (
        "EN",
        pytest.approx(0.02),
        pytest.approx(0.75),
    )
    r23 = read_puf(puf_path(2023), 2023)[0]
    assert r23.published.final_loss_rate == pytest.approx(0.40) and r23.inputs.met_alt_qps is None


@pytest.mark.parametrize(
    "name,year,units,first_id,n_ab,bench",
    [
        ("samstearns_2013_head.csv", 2013, None, "A67373", 36268, 613084880.40),
        ("cstaff18_socrata_2014_head.csv", 2014, None, "AAMC Collaborative Care Network", 14385, 131243376),
        ("ericwalczyk_2014_head.csv", 2014, None, "A67373", 34601, 450902466),
        # three savings rates with median 0.1096 fit fractions (11%) and percent (0.11%): the user settles it
        ("ericwalczyk_2015_head.csv", 2015, {"Sav_rate": "fraction"}, "A67373", 60845, 808769966),
        ("ericwalczyk_2016_head.csv", 2016, None, "A67373", 51150, 667198021),
    ],
)
def test_other_copies_read_through_the_dictionary(name, year, units, first_id, n_ab, bench):
    r = read_puf(PUF_DIR / "excerpts" / name, year, units=units)[0]
    assert (r.aco_id, r.inputs.n_ab) == (first_id, n_ab)
    assert r.inputs.benchmark_total == pytest.approx(bench)


def test_ericwalczyk_2015_units_inferred_per_column():
    # QualScore and FinalShareRate are percent numbers (98.08, 49.04) in this copy, MinSavPerc fractions (0.02)
    f = read_results(PUF_DIR / "excerpts" / "ericwalczyk_2015_head.csv", 2015, units={"Sav_rate": "fraction"})
    units = {u.column: u.unit for u in f.report.used if u.unit}
    assert units == {
        "Sav_rate": "fraction",
        "MinSavPerc": "fraction",
        "QualScore": "percent",
        "QualPerfShare": "percent",
        "FinalShareRate": "percent",
    }
    r = f.records[0]
    assert r.inputs.quality_score == pytest.approx(0.9808) and r.published.final_share_rate == pytest.approx(0.4904)
    assert r.published.savings_rate == pytest.approx(0.0948) and r.published.msr == pytest.approx(0.02)


def test_ambiguous_column_is_refused_with_the_settling_option():
    with pytest.raises(PufParseError) as e:
        read_puf(PUF_DIR / "excerpts" / "ericwalczyk_2015_head.csv", 2015)
    msg = str(e.value)
    assert e.value.column == "Sav_rate" and "0.0948, 0.1102, 0.1096" in msg and "--unit Sav_rate=percent" in msg


def test_report_names_used_and_ignored_columns(puf_path):
    f = read_results(puf_path(2014), 2014)
    used = {u.column: u for u in f.report.used}
    assert used["Sav_rate"].unit == "percent" and used["QualScore"].unit == "fraction"  # PY2014 mixes units
    assert "UpdatedBnchmk" in f.report.ignored and "Sav_rate" not in f.report.ignored
    assert not f.report.unknown
    text = "\n".join(f.report.lines())
    assert "Sav_rate -> pub.savings_rate (rate) [percent" in text and "published columns ignored" in text


def test_samstearns_header_defect_is_fixed_from_data():
    f = read_results(PUF_DIR / "excerpts" / "samstearns_2013_head.csv", 2013)
    assert f.report.header_fixes and "one column left" in f.report.header_fixes[0]


def test_samstearns_2013_shifted_labels_match_the_cms_file(puf_path):
    a = read_puf(PUF_DIR / "excerpts" / "samstearns_2013_head.csv", 2013)
    b = read_puf(puf_path(2013), 2013)[:3]
    for x, y in zip(a, b, strict=True):
        assert x.inputs.expenditure_total == pytest.approx(y.inputs.expenditure_total)
        assert x.published.earn_save_loss == pytest.approx(y.published.earn_save_loss)


def test_socrata_quality_p4r_is_full_score():
    r = read_puf(PUF_DIR / "excerpts" / "cstaff18_socrata_2014_head.csv", 2014)[1]
    assert r.inputs.quality_score == 1.0 and r.id_kind == "name"


def _write(tmp_path, text):
    p = tmp_path / "bad.csv"
    p.write_text(text)
    return p


def test_error_names_file_row_and_column(tmp_path, puf_path):
    lines = puf_path(2022).read_text().splitlines()
    header = lines[0].split(",")
    col = header.index("N_AB")
    cells = lines[1].split(",")
    cells[col] = "lots"
    p = _write(tmp_path, "\n".join([lines[0], lines[2], ",".join(cells)]))
    with pytest.raises(PufParseError) as e:
        read_puf(p, 2022)
    assert e.value.line == 3 and e.value.column == "N_AB" and str(p) in str(e.value)


def test_a_value_in_another_unit_than_its_column_is_caught(tmp_path, puf_path):
    # PY2016 MinSavPerc is a fraction column; one percent number among them is out of range, not silently accepted
    rows = list(csv.reader(io.StringIO(puf_path(2016).read_text(encoding="utf-8-sig"))))
    i = rows[0].index("MinSavPerc")
    rows[5][i] = "2.18"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    p = _write(tmp_path, buf.getvalue())
    with pytest.raises(PufParseError) as e:
        read_puf(p, 2016)
    assert (e.value.line, e.value.column, e.value.value) == (6, "MinSavPerc", "2.18")
    assert "read as fraction" in str(e.value)


def test_a_bad_track_flag_names_file_row_and_column(tmp_path, puf_path):
    rows = list(csv.reader(io.StringIO(puf_path(2018).read_text(encoding="utf-8-sig"))))
    i = rows[0].index("Current_Track_1")
    rows[3][i] = "maybe"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    p = _write(tmp_path, buf.getvalue())
    with pytest.raises(PufParseError) as e:
        read_puf(p, 2018)
    assert (e.value.line, e.value.column, e.value.value) == (4, "Current_Track_1", "maybe") and str(p) in str(e.value)


def test_a_bad_track_code_names_file_row_and_column(tmp_path, puf_path):
    rows = list(csv.reader(io.StringIO(puf_path(2023).read_text(encoding="utf-8-sig"))))
    rows[2][rows[0].index("Current_Track")] = "Z"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    with pytest.raises(PufParseError) as e:
        read_puf(_write(tmp_path, buf.getvalue()), 2023)
    assert (e.value.line, e.value.column, e.value.value) == (3, "Current_Track", "Z")


def test_wrong_year_or_not_a_results_file(tmp_path, puf_path):
    with pytest.raises(PufParseError, match=r"first appears in PY20\d\d: is this the PY2016 file"):
        read_puf(puf_path(2022), 2016)
    with pytest.raises(PufParseError, match="not a results PUF"):
        read_puf(_write(tmp_path, "a,b\n1,2\n"), 2022)


def test_election_recovery_classifies_fixed_and_variable(puf_path):
    recs = {r.aco_id: r for r in read_puf(puf_path(2023), 2023)}
    assert recover_election(recs["A1001"]) == 0.02
    assert recover_election(recs["A3367"]) == "variable"  # 11.22%: only the variable option gives this

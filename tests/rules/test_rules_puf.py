"""The PUF reader: every layout in shared/data into one normalized record, clear errors otherwise."""

import hashlib
from datetime import date

import pytest

from acoms.rules.puf import PufParseError, read_puf, recover_election

from pathlib import Path

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
    assert r14.published.savings_rate == pytest.approx(0.07135345566)   # percent units in the 2014 file
    r15 = read_puf(puf_path(2015), 2015)[0]
    assert r15.inputs.n_ab == 60845 and r15.inputs.benchmark_total == 808769966   # "60,845", "808,769,966"
    assert r15.published.savings_rate == pytest.approx(0.0948) and r15.inputs.quality_score == pytest.approx(0.9808)
    r17 = read_puf(puf_path(2017), 2017)[0]
    assert r17.aco_id == "A67373" and r17.inputs.agreement_start == date(2016, 1, 1)   # "1/1/16 00:00"
    r18 = read_puf(puf_path(2018), 2018)[0]
    assert (r18.aco_id, r18.id_kind, r18.inputs.revenue_category) == ("A1001", "ACO_ID", "low")
    r22 = read_puf(puf_path(2022), 2022)[0]
    assert (r22.inputs.track, r22.published.msr, r22.published.final_share_rate) == ("EN", pytest.approx(0.02), pytest.approx(0.75))
    r23 = read_puf(puf_path(2023), 2023)[0]
    assert r23.published.final_loss_rate == pytest.approx(0.40) and r23.inputs.met_alt_qps is None


@pytest.mark.parametrize("name,year,layout,first_id,n_ab,bench", [
    ("samstearns_2013_head.csv", 2013, "samstearns-2013", "A67373", 36268, 613084880.40),
    ("cstaff18_socrata_2014_head.csv", 2014, "socrata-2014", "AAMC Collaborative Care Network", 14385, 131243376),
    ("ericwalczyk_2014_head.csv", 2014, "ericwalczyk-2014", "A67373", 34601, 450902466),
    ("ericwalczyk_2015_head.csv", 2015, "ericwalczyk-2015", "A67373", 60845, 808769966),
    ("ericwalczyk_2016_head.csv", 2016, "cms-2016-2017", "A67373", 51150, 667198021),
])
def test_other_layouts(name, year, layout, first_id, n_ab, bench):
    r = read_puf(PUF_DIR / "excerpts" / name, year)[0]
    assert (r.layout, r.aco_id, r.inputs.n_ab) == (layout, first_id, n_ab)
    assert r.inputs.benchmark_total == pytest.approx(bench)


def test_samstearns_2013_shifted_labels_match_the_cms_file(puf_path):
    a = read_puf(PUF_DIR / "excerpts" / "samstearns_2013_head.csv", 2013)
    b = read_puf(puf_path(2013), 2013)[:3]
    for x, y in zip(a, b):
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


def test_wrong_unit_is_caught(tmp_path, puf_path):
    # PY2016 file declared as fractions; a percent number there is out of range, not silently accepted
    lines = puf_path(2016).read_text().splitlines()
    header = lines[0].split(",")
    i = header.index("MinSavPerc")
    import csv, io
    row = next(csv.reader([lines[1]]))
    row[i] = "2.18"
    buf = io.StringIO()
    csv.writer(buf).writerow(row)
    p = _write(tmp_path, lines[0] + "\n" + buf.getvalue())
    with pytest.raises(PufParseError, match="MinSavPerc"):
        read_puf(p, 2016)


def test_unknown_layout_or_year(tmp_path, puf_path):
    with pytest.raises(PufParseError, match="no known PUF layout"):
        read_puf(puf_path(2022), 2016)
    with pytest.raises(PufParseError, match="no known PUF layout"):
        read_puf(_write(tmp_path, "a,b\n1,2\n"), 2022)


def test_election_recovery_classifies_fixed_and_variable(puf_path):
    recs = {r.aco_id: r for r in read_puf(puf_path(2023), 2023)}
    assert recover_election(recs["A1001"]) == 0.02
    assert recover_election(recs["A3367"]) == "variable"     # 11.22%: only the variable option gives this

"""The parameter convention (acoms.lib.parameters): every table follows it, and malformed rows are refused with
the file, line and column named."""

import datetime as dt

import pytest

from acoms.lib import parameters
from acoms.lib.parameters import ParameterError, ParameterTableError, read

HEADER = "parameter,value,unit,year_from,year_to,status,citation\n"


def test_every_parameter_table_of_the_three_packages_is_found_and_follows_the_convention():
    tables = {t.name: t for t in parameters.all_tables()}
    for expected in (
        "acoms/rules/parameters/tracks.csv",
        "acoms/rules/parameters/msr_bands.csv",
        "acoms/applications/parameters/program.csv",
        "acoms/analytics/parameters/specialties.csv",
    ):
        assert expected in tables
    assert len(tables) >= 19
    for table in tables.values():
        for column in parameters.META:
            assert column in table.units, (table.name, column)
        for row in table.rows:
            assert row.get("status") in parameters.STATUSES, (table.name, row.line)
            assert len(row["citation"]) > 5, (table.name, row.line)
            assert isinstance(dict.__getitem__(row, "year_from"), int)


def test_values_are_typed_by_their_unit():
    rules = parameters.load("acoms.rules.parameters", "tracks")
    t1 = next(r for r in rules if r["code"] == "T1")
    assert t1["max_sharing_rate"] == 0.5 and isinstance(t1["max_sharing_rate"], float)
    specialties = parameters.load("acoms.analytics.parameters", "specialties")
    assert "01" in {r["specialty_code"] for r in specialties}  # codes keep their leading zero
    assignment = parameters.load("acoms.analytics.parameters", "assignment_parameters")
    assert assignment.value("phe_end", 2023) == dt.date(2023, 5, 11)
    assert assignment.value("window_months", 2024) == 12
    assert assignment.value("step3_enabled", 2024) is False and assignment.value("step3_enabled", 2025) is True


def test_a_value_is_looked_up_by_year_and_missing_years_are_named():
    t = read("x.csv", HEADER + "a,1,count,2020,2021,REG,42 CFR 425.1\na,2,count,2022,,REG,42 CFR 425.1\n")
    assert [t.value("a", y) for y in (2020, 2021, 2022, 2030)] == [1, 1, 2, 2]
    with pytest.raises(ParameterError, match=r"'a' is not defined for PY2019 in x.csv"):
        t.value("a", 2019)
    with pytest.raises(ParameterTableError, match="x.csv line 3: parameter 'a' appears twice"):
        t.named()


@pytest.mark.parametrize(
    "text,message",
    [
        (HEADER + "a,1.5,fraction,2020,,REG,cite me\n", r"x.csv line 2, column value: '1.5' is not a fraction"),
        (HEADER + "a,x,count,2020,,REG,cite me\n", r"x.csv line 2, column value: 'x' is not a count"),
        (HEADER + "a,1,furlongs,2020,,REG,cite me\n", r"x.csv line 2, column unit: unknown unit 'furlongs'"),
        (HEADER + "a,1,count,2020,,REG,\n", r"x.csv line 2, column citation: empty"),
        (HEADER + "a,1,count,,,REG,cite me\n", r"x.csv line 2, column year_from: empty"),
        (HEADER + "a,1,count,2020,,2nd,cite me\n", r"x.csv line 2, column status: '2nd' is not one of REG"),
        (HEADER + "a,1,count,2020,2019,REG,cite me\n", r"x.csv line 2, column year_to: 2019 is before year_from"),
        (HEADER + "a,1,count,2020,REG,cite me\n", r"x.csv line 2: 6 cells, the header has 7"),
        (
            "# comment\nn:count,status,citation\n1,REG,cite me\n",
            r"x.csv line 2: missing column\(s\) year_from, year_to",
        ),
        ("n:inches,year_from,year_to,status,citation\n", r"x.csv line 1, column n: unknown unit 'inches'"),
        (
            "n:flag,year_from,year_to,status,citation\n2,2020,,REG,cite me\n",
            r"x.csv line 2, column n: '2' is not a flag",
        ),
        ("n,year_from,year_to,status,citation\n", r"x.csv: no header or no rows"),
    ],
)
def test_a_malformed_table_is_refused_with_file_line_and_column(text, message):
    with pytest.raises(ParameterTableError, match=message):
        read("x.csv", text)


def test_reading_a_value_records_the_row_but_reading_its_citation_does_not():
    t = read("reads-test.csv", "n:count,year_from,year_to,status,citation\n1,2020,,REG,cite me\n2,2020,,REG,cite me\n")
    first, second = t.rows
    assert first.holds_for(2020) and first["citation"] == "cite me"
    assert parameters.unread([t], parameters.reads()) == ["reads-test.csv line 2", "reads-test.csv line 3"]
    assert second["n"] == 2
    assert parameters.unread([t], parameters.reads()) == ["reads-test.csv line 2"]

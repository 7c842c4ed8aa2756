"""One home for each identifier rule (issue 10): the CCN tables are CMS's (State Operations Manual
ch. 2 §2779A), the ACO ID has one pattern, and the apps call these checks rather than their own."""

import csv
from pathlib import Path

import pytest

from acoms.lib import identifiers as ids

REFERENCE = Path(ids.__file__).parent / "reference"


@pytest.mark.parametrize(
    ("ccn", "kind"),
    [
        ("013850", "rhc"),  # 3800-3974: free-standing rural health clinics (was "other" in one of two copies)
        ("015100", "snf"),  # 5000-6499: skilled nursing facilities (was "other")
        ("01U123", "swing_bed"),  # a U in the third place: a short-term hospital's swing beds (was None)
        ("36Z001", "swing_bed"),
        ("221301", "cah"),
        ("221001", "fqhc"),
        ("361801", "fqhc"),
        ("223400", "rhc"),
        ("018950", "rhc"),
        ("360001", "eta_hospital"),
        ("362000", "other_ltch"),
        ("01T123", "other_unit"),
    ],
)
def test_ccn_facility_kinds_follow_the_som_ranges(ccn, kind):
    assert ids.ccn_facility_kind(ccn) == kind


def test_every_state_code_of_the_som_table_is_accepted_and_others_are_not():
    assert ids.ccn_problem("001801") is None  # 00 is Arizona's second code
    assert ids.ccn_problem("541801") is None and ids.ccn_problem("991801") is None  # Idaho; foreign countries
    assert ids.ccn_problem("A01801") is None  # the alphanumeric codes CMS added for California
    assert ids.ccn_problem("621801") == "state" and ids.ccn_problem("C01801") == "state"
    assert ids.ccn_problem("1801") == "format" and ids.ccn_problem("36-180") == "format"
    codes = ids.ccn_state_codes()
    assert codes["00"] == "AZ" and codes["05"] == codes["55"] == "CA" and codes["67"] == "TX" and codes["A9"] == "TX"
    assert set(codes) >= {f"{n:02d}" for n in range(54)}  # 00-53: every state, DC, PR and VI


def test_the_reference_tables_cite_their_source_and_do_not_overlap():
    for name in ("ccn_state_codes", "ccn_facility_ranges", "ccn_special_units"):
        with (REFERENCE / f"{name}.csv").open() as f:
            rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
        assert rows and all("SOM" in r["citation"] for r in rows), name
    with (REFERENCE / "ccn_facility_ranges.csv").open() as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        ranges = sorted((int(r["first"]), int(r["last"])) for r in rows)
    assert all(a_last < b_first for (_, a_last), (b_first, _) in zip(ranges, ranges[1:], strict=False))
    assert ranges[0][0] == 1 and ranges[-1][1] == 9999


def test_tin_npi_and_aco_id_checks():
    assert ids.tin_problem("201234560") is None and ids.tin_problem("071234567") == "prefix"
    assert ids.tin_problem("20123456") == "format" and ids.tin_problem("20-1234560") == "format"
    assert ids.clean_tin("20-123 4560") == "201234560"
    assert ids.npi_problem("1234567893") is None and ids.npi_problem("1234567890") == "check"
    assert ids.npi_problem("3234567893") == "format"
    assert ids.is_aco_id("A1001") and not ids.is_aco_id("A10011") and not ids.is_aco_id("B1001")
    assert ids.is_routing_number("011000015") and not ids.is_routing_number("011000016")


def test_no_app_writes_its_own_identifier_check():
    """The copies that drifted are gone: no module but lib/identifiers.py uses stdnum or the ACO ID regex."""
    src = Path(ids.__file__).parents[1]
    offenders = []
    for path in src.rglob("*.py"):
        if path.name == "identifiers.py" or "migrations" in path.parts:
            continue
        text = path.read_text()
        if "from stdnum" in text or "import stdnum" in text or r"A\d{4}" in text or "STATE_CODES" in text:
            offenders.append(str(path.relative_to(src)))
    assert offenders == []

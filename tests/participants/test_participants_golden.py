"""The golden file tests/data/participants/golden.csv: every rule and its edges, with the
findings expected. Rows of one `group` are validated together as one file, in order."""

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from acoms.participants.codes import CODES
from acoms.participants.layouts import LAYOUTS
from acoms.participants.validation import validate
from participants import support as pt

GOLDEN = Path(__file__).parent.parent / "data" / "participants" / "golden.csv"


def _groups():
    groups = defaultdict(list)
    with GOLDEN.open(newline="") as f:
        for line in csv.DictReader(f):
            groups[line["group"]].append(line)
    return groups


GROUPS = _groups()
_TOKEN = re.compile(r"([A-Z_]+):(.*?)(?= [A-Z_]+:|$)")


def expected(line) -> list[tuple[str, str]]:
    """ "CODE:Field name CODE:Field name" -> [(code, field)]."""
    return _TOKEN.findall(line["expect"])


def test_the_golden_file_covers_every_code():

    seen = {code for rows in GROUPS.values() for r in rows for code, _ in expected(r)}
    assert seen >= set(CODES) - {"TOO_LONG"}  # TOO_LONG: see test_too_long below


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_golden(group):
    lines = GROUPS[group]
    layout = LAYOUTS[lines[0]["kind"]]
    rows = [
        (i, dict(zip(layout.fields, (line["a"].strip(), line["b"].strip(), line["c"].strip()), strict=True)))
        for i, line in enumerate(lines, 2)
    ]
    report = validate(layout, rows, pt.golden_context())
    got = sorted((f["row"], f["code"], f["field"]) for f in report.findings)
    want = sorted((i, code, field) for i, line in enumerate(lines, 2) for code, field in expected(line))
    assert got == want, [line["note"] for line in lines]
    errors = {i for i, line in enumerate(lines, 2) if any(code != "NO_AGREEMENT" for code, _ in expected(line))}
    assert set(report.rejected) == errors
    assert {n for n, _ in report.accepted} == set(range(2, len(lines) + 2)) - errors


def test_too_long():
    layout = LAYOUTS["participants"]
    report = validate(layout, [(2, {"tin": "201234560", "legal_name": "x" * 201, "ccns": ""})], pt.golden_context())
    assert [(f["code"], f["message"]) for f in report.findings] == [
        ("TOO_LONG", "This value is longer than 200 characters.")
    ]


def test_every_finding_has_row_field_code_and_message():
    layout = LAYOUTS["providers"]
    report = validate(layout, [(7, {"tin": "x", "npi": "y", "name": ""})], pt.golden_context())
    assert report.findings and all(set(f) == {"row", "field", "code", "severity", "message"} for f in report.findings)
    assert {f["row"] for f in report.findings} == {7}


def test_offline_validation_skips_the_rules_that_need_the_world():
    layout = LAYOUTS["participants"]
    report = validate(layout, [(2, {"tin": "202222222", "legal_name": "Unknown", "ccns": ""})])
    assert report.findings == [] and len(report.accepted) == 1

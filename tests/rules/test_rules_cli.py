"""`acoms puf reconcile`."""

import csv
import json
import subprocess
import sys
from pathlib import Path

from acoms.rules.cli import HEADER, main

ROOT = Path(__file__).resolve().parents[2]


def test_reconcile_writes_one_row_per_aco(tmp_path, puf_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["puf", "reconcile", str(puf_path(2023)), "--year", "2023", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 453
    assert list(rows[0].keys()) == HEADER
    assert HEADER[:9] == [
        "aco_id",
        "track",
        "n_ab",
        "savings_rate",
        "msr",
        "gen_save_loss",
        "final_share_rate",
        "final_loss_rate",
        "earn_save_loss",
    ]
    first = rows[0]
    assert first["aco_id"] == "A1001" and first["msr"] == "0.020000" and first["msr_match"] == "1"
    one_sided = next(r for r in rows if r["track"] in ("A", "B"))
    assert one_sided["final_loss_rate"] == ""
    text = capsys.readouterr().out
    assert "PY2023: 453 ACO-years" in text and "earn_save_loss" in text and "MISMATCH" in text


def test_json_format(tmp_path, puf_path, capsys):
    out = tmp_path / "out.json"
    assert main(["puf", "reconcile", str(puf_path(2016)), "--year", "2016", "--out", str(out), "--format", "json"]) == 0
    data = json.loads(out.read_text())
    assert data["summary"]["aco_years"] == 432 and len(data["rows"]) == 432
    used = {u["column"]: u for u in data["columns"]["used"]}
    assert used["MinSavPerc"]["unit"] == "fraction" and "UpdatedBnchmk" in data["columns"]["ignored"]
    assert json.loads(capsys.readouterr().out)["fields"]["msr"]["matched"] == 432


def test_parse_error_is_reported(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n")
    assert main(["puf", "reconcile", str(bad), "--year", "2022", "--out", str(tmp_path / "o.csv")]) == 2
    assert "bad.csv" in capsys.readouterr().err


def test_console_entry_point_subprocess(tmp_path, puf_path):
    out = tmp_path / "out.csv"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "acoms.cli",
            "puf",
            "reconcile",
            str(puf_path(2018)),
            "--year",
            "2018",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "PY2018: 548 ACO-years" in proc.stdout
    assert sum(1 for _ in out.open()) == 549


SYNTHETIC = ROOT / "tests" / "data" / "puf" / "synthetic"
EXCERPTS = ROOT / "tests" / "data" / "puf" / "excerpts"


def test_report_of_columns_used_and_ignored_is_printed(tmp_path, capsys):
    out = tmp_path / "o.csv"
    assert main(["puf", "reconcile", str(SYNTHETIC / "PY2021_synthetic.csv"), "--year", "2021", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Sav_Rate = Sav_rate -> pub.savings_rate (rate) [percent" in text
    assert "published columns ignored" in text and "PY2021: 3 ACO-years" in text


def test_unit_option_settles_an_ambiguous_column(tmp_path, capsys):
    out = tmp_path / "o.csv"
    args = ["puf", "reconcile", str(EXCERPTS / "ericwalczyk_2015_head.csv"), "--year", "2015", "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "ambiguous unit" in err and "--unit Sav_rate=percent" in err
    assert main([*args, "--unit", "Sav_rate=fraction"]) == 0
    assert main([*args, "--unit", "Sav_rate=sideways"]) == 2
    assert "expected COLUMN=percent or COLUMN=fraction" in capsys.readouterr().err


def test_period_option_and_not_computable_lines(tmp_path, capsys, puf_path):
    out = tmp_path / "o.csv"
    assert (
        main(
            [
                "puf",
                "reconcile",
                str(SYNTHETIC / "PY2019_jul_dec_synthetic.csv"),
                "--year",
                "2019",
                "--period",
                "jul-dec",
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    assert "period" not in capsys.readouterr().out
    assert main(["puf", "reconcile", str(puf_path(2023)), "--year", "2023", "--out", str(out), "--quiet"]) == 0
    assert capsys.readouterr().out.count("NOT COMPUTABLE") == 7

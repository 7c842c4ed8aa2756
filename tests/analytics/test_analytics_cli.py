"""`acoms claims synth`, `acoms assign` and `acoms assign explain` through cli.main(argv)."""

import pyarrow.parquet as pq

from acoms.analytics import cli
from analytics.claims import Claims


def test_synth_assign_and_explain(tmp_path, capsys):
    data, run = tmp_path / "d", tmp_path / "run.parquet"
    assert (
        cli.main(
            ["claims", "synth", "--benes", "400", "--acos", "3", "--py", "2025", "--seed", "2", "--out", str(data)]
        )
        == 0
    )
    assert (
        cli.main(
            [
                "assign",
                "--data",
                str(data),
                "--participants",
                str(data / "participants.csv"),
                "--py",
                "2025",
                "--out",
                str(run),
            ]
        )
        == 0
    )
    assert run.exists() and (tmp_path / "run.explanation.parquet").exists()
    t = pq.read_table(run).to_pylist()
    won = next(r for r in t if r["step"] == "step1")
    capsys.readouterr()
    assert cli.main(["assign", "explain", won["bene_id"], "--run", str(run)]) == 0
    text = capsys.readouterr().out
    assert f"assigned to {won['aco_id']} in step1" in text
    assert "Deciding rule: §425.402(b)(3) step 1" in text


def test_explain_names_a_tie(tmp_path, capsys):
    c = Claims()
    c.bene("TIE")
    for npi, tin, aco in (("1000000001", "111111111", "A1001"), ("1000000011", "222222222", "A1002")):
        c.provider(npi, tin, "08")
        c.participant(aco, tin)
        c.claim("TIE", "2025-02-01", [("99214", 120)], tin=tin, npi=npi, specialty="08")
    data = c.write(tmp_path / "d")
    run = tmp_path / "r.parquet"
    assert cli.main(["assign", "--data", str(data), "--py", "2025", "--out", str(run)]) == 0
    capsys.readouterr()
    cli.main(["assign", "explain", "TIE", "--run", str(run)])
    out = capsys.readouterr().out
    assert "not assigned - tie at the top" in out and "exact tie" in out
    assert "aco  A1001" in out and "aco  A1002" in out


def test_bad_dataset_gives_a_clear_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    out = str(tmp_path / "x.parquet")
    assert cli.main(["assign", "--data", str(tmp_path / "empty"), "--py", "2025", "--out", out]) == 2
    assert "beneficiary: missing table" in capsys.readouterr().err


def test_unsupported_year_gives_a_clear_error(tmp_path, capsys):
    c = Claims()
    c.bene("B")
    data = c.write(tmp_path / "d")
    assert cli.main(["assign", "--data", str(data), "--py", "2019", "--out", str(tmp_path / "x.parquet")]) == 2
    assert "no primary care code list for PY2019" in capsys.readouterr().err


def test_assign_on_a_dataset_with_no_assignable_beneficiary_reports_zero(tmp_path, capsys):
    c = Claims()
    c.bene("NO_CLAIMS")  # enrolled all year, no claim: in no assignment step
    data = c.write(tmp_path / "d")
    assert cli.main(["assign", "--data", str(data), "--py", "2025", "--out", str(tmp_path / "x.parquet")]) == 0
    assert "assigned 0 of 0" in capsys.readouterr().err

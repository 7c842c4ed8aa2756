"""`acoms finance run | explain | puf` end to end on the worked example (DuckDB), with the engine's own
risk stage: the files written, the per-ACO summary, the explanation chain and the PUF rows."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
from finance_world import worked_example

from acoms.cli import main

TABLES = (
    "fe_parameters",
    "fe_population",
    "fe_bene_year_type",
    "fe_truncation",
    "fe_risk",
    "fe_risk_norm",
    "fe_national",
    "fe_county",
    "fe_aco_county",
    "fe_aco_year",
    "fe_hist_type",
    "fe_hist",
    "fe_update_type",
    "fe_update",
    "fe_settlement",
    "fe_puf",
)


def test_run_explain_puf(tmp_path, capsys):
    data = worked_example().write(tmp_path / "data")
    out = tmp_path / "run"
    rc = main(
        [
            "finance",
            "run",
            "--data",
            str(data),
            "--participants",
            str(data / "participants.csv"),
            "--agreements",
            str(data / "agreements.csv"),
            "--py",
            "2026",
            "--out",
            str(out),
        ]
    )
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    lines = {line.split()[0]: line for line in captured.out.splitlines()[1:]}
    assert "769.46" in lines["A1"] and "shared_savings" in lines["A1"]
    assert "-699.28" in lines["A2"] and "shared_losses_loss_protection" in lines["A2"]
    for name in TABLES:
        assert (out / f"{name}.parquet").exists(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engine"] == "duckdb" and manifest["performance_year"] == 2026
    assert len(manifest["inputs"]["claim_line"]["sha256"]) == 64 and manifest["tables"]["fe_puf"] == 2
    assert {"name", "value", "unit", "status", "source", "years"} <= set(
        pq.read_table(out / "fe_parameters.parquet").column_names
    )

    assert main(["finance", "explain", "A1", "--run", str(out)]) == 0
    text = capsys.readouterr().out
    order = [
        "Historical benchmark",
        "historical benchmark",
        "[A] national per capita BY3",
        "[K] three-way blend",
        "[M] updated benchmark",
        "[R] savings rate",
        "Settlement",
    ]
    positions = [text.index(s) for s in order]
    assert positions == sorted(positions)
    assert "9,335.73" in text and "425.656(c)-(d)" in text and "769.46" in text

    assert main(["finance", "puf", "--run", str(out), "--out", str(tmp_path / "puf26.csv")]) == 0
    with open(tmp_path / "puf26.csv", newline="", encoding="utf-8") as f:  # PY2026's layout is our reading: PY2025's
        assert {r["ACO_ID"]: r["EarnSaveLoss"] for r in csv.DictReader(f)} == {"A1": "769", "A2": "-699"}
    assert main(["finance", "puf", "--run", str(out), "--out", str(tmp_path / "x.csv"), "--layout-year", "2012"]) == 2
    assert "no results PUF layout for PY2012" in capsys.readouterr().err  # the program's first results are PY2013
    puf = ["finance", "puf", "--run", str(out), "--out", str(tmp_path / "puf.csv"), "--layout-year", "2025"]
    assert main(puf) == 0
    with open(tmp_path / "puf.csv", newline="", encoding="utf-8") as f:
        rows = {r["ACO_ID"]: r for r in csv.DictReader(f)}
    assert rows["A1"]["EarnSaveLoss"] == "769" and rows["A2"]["UpdatedBnchmk"] == "17846"
    assert rows["A2"]["Rev_Exp_Cat"] == "-" and rows["A1"]["FinalAdjCat"] == "regional"  # PY2025 writes "-"
    assert rows["A1"]["Sav_rate"] == "6.29" and rows["A2"]["FinalShareRate"] == "75"  # §10's percents, as CMS prints

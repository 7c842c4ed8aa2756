"""`acoms runs create --now` on the synthetic dataset, then `acoms datahub --list/--view/--download`
against a live server with the data contact's API token (and another ACO's token: refused)."""

import json

import pytest
from django.core.management import CommandError, call_command

from acoms.api import actions as token_actions
from acoms.performance import actions
from acoms.performance.models import Deliverable, Run


@pytest.mark.timeout(600)
def test_runs_create_and_datahub_cli(people, claims, live_server, settings, tmp_path, capsys, transactional_db):
    settings.DATA_DIR = tmp_path / "var"
    call_command(
        "runs",
        "create",
        "--data",
        str(claims["data"]),
        "--py",
        "2026",
        "--agreements",
        str(claims["agreements"]),
        "--user",
        "cms-analyst",
        "--now",
    )
    out = capsys.readouterr().out
    run = Run.objects.get()
    assert f"run {run.pk}: done" in out and run.created_by == people["cms-analyst"]
    call_command("runs", "list")
    assert f"{run.pk}\tPY2026\tdone\tdraft" in capsys.readouterr().out
    with pytest.raises(CommandError, match="agreements"):
        call_command("runs", "create", "--data", str(claims["data"]), "--py", "2026", "--agreements", "nope.csv")
    assert Run.objects.count() == 1

    actions.publish_run(by=people["cms-analyst"], run=run)
    _, token = token_actions.create_token(by=people["aco-data"], name="cli")
    base = ["--aco", "A1001", "--url", live_server.url, "--token", token]
    call_command("datahub", *base, "--year", "2026", "--list")
    listed = capsys.readouterr().out.splitlines()
    names = sorted(Deliverable.objects.filter(organization__aco_id="A1001").values_list("file_name", flat=True))
    assert sorted(line.split("\t")[1] for line in listed) == names and len(names) == 6  # six deliverable kinds
    call_command("datahub", *base, "--view", "--file", "129")
    (alr,) = json.loads(capsys.readouterr().out)
    assert alr["kind"] == "AALR"
    target = tmp_path / "downloads"
    call_command("datahub", *base, "--download", "--createdAfter", "2000-01-01", "--out", str(target))
    assert sorted(p.name for p in target.iterdir()) == names
    sizes = {d.file_name: d.size for d in Deliverable.objects.filter(organization__aco_id="A1001")}
    assert all((target / n).stat().st_size == sizes[n] for n in names)
    call_command("datahub", *base, "--download", "--out", str(target))
    assert capsys.readouterr().out.count("skipped") == 6
    call_command("datahub", *base, "--list", "--createdAfter", "2999-01-01")
    assert capsys.readouterr().out == ""

    _, other = token_actions.create_token(by=people["other-aco"], name="cli")
    with pytest.raises(CommandError, match="404"):
        call_command("datahub", "--aco", "A1001", "--url", live_server.url, "--token", other, "--list")

import argparse
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.core.management import call_command, get_commands, load_command_class

import acoms
from acoms import cli
from acoms.accounts.management.commands.demo import gunicorn_command
from acoms.accounts.models import Membership, Organization, User
from acoms.analytics import cli as analytics_cli
from acoms.rules import cli as rules_cli


def test_acoms_runs_management_commands_with_the_settings_preset(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "acoms.cli", "check"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_command_loads_every_role_and_can_run_twice(db):
    out = StringIO()
    call_command("demo", stdout=out)
    counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Organization.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for username in (
        "aco-executive",
        "aco-signer",
        "other-aco",
        "cms-reviewer",
        "cms-approver",
        "cms-analyst",
        "cms-admin",
    ):
        assert username in text


def test_demo_command_shows_its_steps_lists_each_log_in_once_and_says_how_to_stop_and_reset(db):
    out = StringIO()
    call_command("demo", stdout=out)
    lines = out.getvalue().splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]
    for username in ("cms-admin", "aco-executive", "prairie-exec"):  # prairie-exec holds two roles
        assert listed.count(username) == 1, listed
    steps = [line for line in lines if line.startswith("[")]
    assert any("migrate" in s for s in steps) and any("static" in s for s in steps)
    assert any("participant lists" in s for s in steps)  # each app's seed says what it loads
    text = out.getvalue()
    assert "Ctrl-C" in text and "make demo-reset" in text


def test_the_demo_web_server_keeps_its_control_socket_in_the_data_folder(settings):
    argv = gunicorn_command("127.0.0.1", 8000)
    socket = Path(argv[argv.index("--control-socket") + 1])
    assert socket.parent == Path(settings.DATA_DIR)


def _help_less_options(parser, where):
    """'where: option' for each argument of an argparse parser (and its subcommands) that has no help text."""
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if not choice.help:
                    missing.append(f"{where} {choice.dest}")
            for name, sub in action.choices.items():
                missing += _help_less_options(sub, f"{where} {name}")
        elif not action.help:
            missing.append(f"{where}: {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_help_lists_the_project_command_groups_first_and_hides_django_internals(capsys):
    assert cli.main(["--help"]) == 0
    text = capsys.readouterr().out
    listed = [line.split()[0] for line in text.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    for group in ("claims", "assign", "puf", "participants", "applications", "demo"):
        assert group in listed[:-1], group  # the last indented line is the advanced section's
    assert text.index("ACO-MS commands:") < text.index("Advanced (Django management)")
    for internal in ("sqlflush", "squashmigrations", "remove_stale_contenttypes", "clean_duplicate_history"):
        assert internal not in text
    assert "acoms django help" in text


def test_acoms_django_runs_a_django_command(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["DATA_DIR"] = str(tmp_path)
    env["PYTHONPATH"] = str(Path(acoms.__file__).parents[1])  # this checkout's code, not an installed copy
    result = subprocess.run(
        [sys.executable, "-m", "acoms.cli", "django", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_every_option_of_every_project_command_has_help_text():
    missing = (
        _help_less_options(analytics_cli._claims_parser(), "claims")
        + _help_less_options(analytics_cli._assign_parser(), "assign")
        + _help_less_options(analytics_cli._explain_parser(), "assign explain")
        + _help_less_options(rules_cli.parser(), "puf")
    )
    project = {name: app for name, app in get_commands().items() if app.startswith("acoms.")}
    assert {"demo", "participants", "applications"} <= set(project)
    for name, app in project.items():
        missing += _help_less_options(load_command_class(app, name).create_parser("acoms", name), name)
    assert missing == []

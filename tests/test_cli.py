import os
import subprocess
import sys
from io import StringIO

from django.core.management import call_command

from acoms.accounts.models import Membership, Organization, User


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
    for username in ("aco-executive", "aco-signer", "other-aco", "cms-reviewer", "cms-approver", "cms-analyst",
                     "cms-admin"):
        assert username in text

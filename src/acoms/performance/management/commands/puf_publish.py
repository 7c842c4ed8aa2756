"""`acoms puf publish --run RUN --out DIR`: write the public-use files of a published run (performance/puf.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from acoms.accounts.roles import SYSTEM
from acoms.performance import actions
from acoms.performance.models import Run


class Command(BaseCommand):
    help = "Write the Shared Savings Program public-use files of a published run."

    def add_arguments(self, parser):
        parser.add_argument("--run", required=True, type=int, help="the run's id (acoms runs list)")
        parser.add_argument("--out", required=True, help="folder to write the files into")

    def handle(self, *args, **o):
        run = Run.objects.filter(pk=o["run"]).first()
        if run is None:
            raise CommandError(f"no run {o['run']}")
        try:
            files = actions.publish_pufs(by=SYSTEM, run=run, out=Path(o["out"]))
        except ValueError as e:
            raise CommandError(str(e)) from e
        for path in files.values():
            self.stdout.write(str(path))

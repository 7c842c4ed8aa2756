"""`acoms runs create --data DIR --py YYYY --agreements FILE [--engine duckdb|pyspark] [--user NAME] [--now]`
creates a performance-year run and queues it for the worker (`--now`: compute it in this process).
`acoms runs list` shows the runs; `acoms runs sweep [--minutes N]` fails runs whose worker stopped."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from acoms.accounts.roles import SYSTEM
from acoms.performance import actions
from acoms.performance.models import Run
from acoms.performance.runner import STALE_MINUTES, execute, sweep_stale


class Command(BaseCommand):
    help = "Performance-year runs of the financial engine: create, list, sweep stale runs."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        c = sub.add_parser("create", help="create a run and queue it")
        c.add_argument("--data", required=True, help="claims dataset folder")
        c.add_argument("--py", required=True, type=int, help="performance year")
        c.add_argument("--agreements", required=True, help="agreements CSV or Parquet")
        c.add_argument("--engine", choices=["duckdb", "pyspark"], help="default: ACOMS_ENGINE or duckdb")
        c.add_argument("--user", help="username of the CMS Program Analyst creating the run (default: the system)")
        c.add_argument("--now", action="store_true", help="compute in this process instead of the worker")
        sub.add_parser("list", help="list the runs")
        s = sub.add_parser("sweep", help="fail running runs without a heartbeat")
        s.add_argument(
            "--minutes",
            type=int,
            default=STALE_MINUTES,
            help="fail running runs without a heartbeat for this many minutes (default %(default)s)",
        )

    def handle(self, *args, **o):
        if o["subcommand"] == "list":
            for run in Run.objects.all():
                self.stdout.write(f"{run.pk}\tPY{run.py}\t{run.status}\t{run.publication}\t{run.engine}")
            return
        if o["subcommand"] == "sweep":
            self.stdout.write(f"{sweep_stale(o['minutes'])} stale run(s) failed")
            return
        by = SYSTEM  # a run started from the command line without --user is the system's
        if o["user"]:
            by = get_user_model().objects.filter(username=o["user"]).first()
            if by is None:
                raise CommandError(f"no user {o['user']!r}")
        try:
            run = actions.create_run(
                by=by,
                data_dir=o["data"],
                py=o["py"],
                agreements=o["agreements"],
                engine=o["engine"],
                enqueue=not o["now"],
            )
        except ValidationError as e:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in e.message_dict.items())) from e
        except PermissionDenied as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"run {run.pk} created for PY{run.py} ({run.engine})")
        if o["now"]:
            execute(run.pk)
            run.refresh_from_db()
            self.stdout.write(f"run {run.pk}: {run.status}")
            if run.status != Run.Status.DONE:
                raise CommandError(run.log.strip().splitlines()[-1] if run.log.strip() else run.status)

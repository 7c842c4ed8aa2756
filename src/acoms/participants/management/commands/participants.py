"""`acoms participants validate FILE [--aco A1234] [--py YYYY] [--format json|table]`

Runs the page's validation on a file. Without --aco only the rules that need no database run
(formats, check digits, CCN types, duplicates, star ratings); with --aco the registry, other
ACOs' lists and attached agreements are checked as on upload. Nothing is saved. The exit
status is 1 when there are error findings, 2 when the file cannot be read.

`acoms participants load-registry FILE` loads a Medicare enrollment reference CSV (columns
tin,npi,ccn,legal_name,specialty_code,bills_primary_care) or a claims dataset's provider.parquet.
"""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from acoms.accounts.roles import SYSTEM
from acoms.participants import validation, years
from acoms.participants.reader import UploadError, read_upload


class Command(BaseCommand):
    help = "Participant lists: validate a CSV/XLSX file offline; load the enrollment registry."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        v = sub.add_parser("validate", help="validate a participant, provider/supplier or SNF affiliate list")
        v.add_argument("file", help="the list, as a CSV or XLSX file")
        v.add_argument("--aco", help="check against this ACO's context (registry, other lists, agreements)")
        v.add_argument("--py", type=int, help="performance year (default: next year)")
        v.add_argument("--format", choices=["json", "table"], default="table", help="output format (default table)")
        r = sub.add_parser("load-registry", help="load the Medicare enrollment registry")
        r.add_argument("file", help="the registry: a CSV file, or the provider.parquet of a claims dataset")

    def handle(self, *args, **options):
        if options["subcommand"] == "validate":
            return self._validate(options)
        return self._load(options)

    def _validate(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            py = years.parse_py(options["py"] if options["py"] is not None else timezone.localdate().year + 1)
        except ValidationError as error:
            raise CommandError(f"--py: {' '.join(error.messages)}") from None
        try:
            parsed = read_upload(path.read_bytes(), path.name)
        except UploadError as error:
            self.stderr.write(f"{path.name}: {error}")
            sys.exit(2)
        ctx = None
        if options["aco"]:
            from acoms.accounts.models import Organization  # noqa: PLC0415
            from acoms.participants.context import context_for  # noqa: PLC0415

            aco = Organization.objects.filter(aco_id=options["aco"], kind="aco").first()
            if aco is None:
                raise CommandError(f"no ACO {options['aco']}")
            try:
                py = years.check_py(aco, py)  # the same check as the page and the API
            except ValidationError as error:
                raise CommandError(f"--py: {' '.join(error.messages)}") from None
            ctx = context_for(aco, py, parsed.layout.kind)
        report = validation.validate(parsed.layout, parsed.rows, ctx)
        if options["format"] == "json":
            self.stdout.write(json.dumps({"file": path.name, "py": py, **report.as_dict()}, indent=2))
        else:
            self.stdout.write(
                f"{path.name}: {parsed.layout.title}, {len(parsed.rows)} rows, "
                f"{len(report.accepted)} accepted, {len(report.rejected)} rejected"
            )
            for f in report.findings:
                self.stdout.write(
                    f"  row {f['row']:>6}  {f['severity']:<7} {f['code']:<22} {f['field']}: {f['message']}"
                )
        if report.error_count:
            sys.exit(1)

    def _load(self, options):
        from acoms.participants import actions  # noqa: PLC0415

        path = Path(options["file"])
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq  # noqa: PLC0415

            rows = pq.read_table(path, columns=["npi", "tin", "specialty_code", "legal_name"]).to_pylist()
            records = [{**r, "legal_name": r["legal_name"] or ""} for r in rows]
        else:
            from acoms.participants.registry import read_registry_csv  # noqa: PLC0415

            if not path.is_file():
                raise CommandError(f"no such file: {path}")
            try:
                records = read_registry_csv(path.read_bytes())
            except UploadError as error:
                raise CommandError(f"{path.name}: {error}") from None
        counts = actions.load_registry(by=SYSTEM, records=records, source=path.name)
        self.stdout.write(f"registry: {counts['added']} added, {counts['updated']} updated")

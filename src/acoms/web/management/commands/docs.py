import os
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from acoms import demo
from acoms.web import screenshots


class Command(BaseCommand):
    help = "Documentation helpers: `screenshots` writes docs/img/*.png of the main screens from the demo data."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["screenshots"], help="screenshots: the user guide's pictures")
        parser.add_argument("--out", default="docs/img", help="folder for the PNG files (default docs/img)")
        parser.add_argument(
            "--chromium",
            default=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            help="the Chromium to drive (default $CHROMIUM or the Debian package's)",
        )

    def handle(self, *args, what, out, chromium, **options):
        call_command("demo", stdout=self.stdout)  # the database and the demo data (idempotent)
        written = screenshots.take(Path(out), demo.DEMO_PASSWORD, chromium, lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS(f"{len(written)} screenshots in {out}"))

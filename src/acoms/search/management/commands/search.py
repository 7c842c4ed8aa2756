"""`acoms search reindex`: rebuild the search index from the records (after a restore or an upgrade that
changes what is indexed)."""

from django.core.management.base import BaseCommand
from django.db import connection

from acoms.search import schema
from acoms.search.sources import SOURCES


class Command(BaseCommand):
    help = "Search: rebuild the full-text index of ACOs, applications, list rows, contacts and the registry."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("reindex", help="rebuild the search index from every searchable record")

    def handle(self, *args, **options):
        counts = schema.reindex(connection)
        for kind, n in counts.items():
            self.stdout.write(f"{SOURCES[kind].label}: {n:,}")
        self.stdout.write(f"Indexed {sum(counts.values()):,} records.")

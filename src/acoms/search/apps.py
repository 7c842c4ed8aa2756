from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class SearchConfig(AppConfig):
    name = "acoms.search"
    label = "search"

    def ready(self):
        pre_migrate.connect(_uninstall, sender=self)
        post_migrate.connect(_install, sender=self)


def _uninstall(sender, using="default", **kwargs):
    from django.db import connections  # noqa: PLC0415 (the app registry must be ready)

    from acoms.search import schema  # noqa: PLC0415

    schema.uninstall(connections[using])


def _install(sender, using="default", **kwargs):
    # Triggers live outside Django's schema: SQLite drops a table's triggers whenever a migration rebuilds the
    # table, so every migrate puts them back (idempotent), and indexes the records of a database whose index is
    # empty (the first migrate of an existing database, a restore without the index).
    from django.db import connections  # noqa: PLC0415 (the app registry must be ready)

    from acoms.search import schema  # noqa: PLC0415

    connection = connections[using]
    schema.install(connection)
    if schema.needs_reindex(connection):
        schema.reindex(connection)

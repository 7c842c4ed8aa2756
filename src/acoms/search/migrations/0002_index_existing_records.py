"""Index the records a database already holds (the triggers index every later write)."""

from django.db import migrations


def index(apps, schema_editor):
    from acoms.search import schema  # noqa: PLC0415 (the index is vendor SQL, not historical models)

    schema.reindex(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("accounts", "0003_invitation"),
        ("applications", "0003_application_history_without_answers"),
        ("participants", "0005_estimate_worker"),
    ]

    operations = [migrations.RunPython(index, migrations.RunPython.noop)]

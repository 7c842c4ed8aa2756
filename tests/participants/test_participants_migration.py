"""Migration 0003: open-ended rows become one row per year, bounded by what was validated."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from acoms.search import schema

BEFORE = [("participants", "0002_change_window_closed")]
AFTER = [("participants", "0004_list_rows_per_year_columns")]


@pytest.mark.django_db(transaction=True)
def test_old_rows_are_split_into_the_years_they_were_in_force_and_no_further():
    schema.uninstall(connection)  # as `migrate` does before it runs (search's pre_migrate)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organization = old.get_model("accounts", "Organization")
    Participant = old.get_model("participants", "Participant")
    Certification = old.get_model("participants", "Certification")
    x = Organization.objects.create(name="X", kind="aco", aco_id="A1001")
    y = Organization.objects.create(name="Y", kind="aco", aco_id="A1002")
    Participant.objects.create(organization=x, tin="201234560", legal_name="Open", start_date=dt.date(2025, 1, 1))
    Participant.objects.create(
        organization=x,
        tin="371234561",
        legal_name="Ended",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    Participant.objects.create(
        organization=y, tin="260000001", legal_name="Never certified", start_date=dt.date(2012, 1, 1)
    )
    Certification.objects.create(organization=x, py=2027, rows={}, content_hash="0" * 64)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("participants", "Participant")
    years = sorted(new.objects.values_list("tin", "py"))
    assert years == [
        ("201234560", 2025),
        ("201234560", 2026),
        ("201234560", 2027),  # up to the certified year
        ("260000001", 2012),  # an open row of an ACO that never certified: its own year only
        ("371234561", 2024),
        ("371234561", 2025),
    ]  # an ended row: the years it was on the list

    executor = MigrationExecutor(connection)  # leave the database as the other tests expect it
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    schema.install(connection)  # as `migrate` does after it runs (search's post_migrate)

"""Two ACOs adding the same TIN for the same year at the same moment: the write locks the TIN's
registry row, so the second waits for the first and then sees its row (§425.306(b) holds).

PostgreSQL only: that is where writers run concurrently and `select_for_update` matters; SQLite
opens every write transaction IMMEDIATE, so its writers never overlap (config.sqlite_database)."""

import threading

import pytest
from django.db import connection, connections

from acoms.participants import actions, writes

HARBOR = {"tin": "371234561", "legal_name": "Harbor Clinic LLC"}  # enrolled, primary care, on no list


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_simultaneous_writers_waits_and_is_refused(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")
    x, y = world["_orgs"]["aco_x"], world["_orgs"]["aco_y"]
    holding, release = threading.Event(), threading.Event()
    real = writes._upsert

    def slow_for_x(aco, py, kind, rows, counts, by):  # A1001's write pauses after writing, before committing
        real(aco, py, kind, rows, counts, by)
        if aco.pk == x.pk:
            holding.set()
            release.wait(20)

    monkeypatch.setattr(writes, "_upsert", slow_for_x)
    reports = {}

    def add(user, aco):
        try:
            reports[aco.aco_id] = actions.add_row(by=user, aco=aco, py=2028, kind="participants", raw=HARBOR)
        finally:
            connections.close_all()

    first = threading.Thread(target=add, args=(world["aco-executive"], x))
    first.start()
    assert holding.wait(20)
    second = threading.Thread(target=add, args=(world["other-aco"], y))
    second.start()
    second.join(1.5)
    assert second.is_alive()  # waiting for the TIN's lock, not validating against a list without A1001's row
    release.set()
    first.join(20)
    second.join(20)
    assert not reports["A1001"].rejected
    assert [f["code"] for f in reports["A1002"].findings] == ["EXCLUSIVITY", "NO_AGREEMENT"]
    assert sorted(actions.entries(y, 2028, "participants").values_list("tin", flat=True)) == []

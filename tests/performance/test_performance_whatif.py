"""What-if projections: recomputed by the engine from the run's own data, stored apart, never published.
An unchanged agreement reproduces the actual result to the cent; a one-sided track shares no losses
(42 CFR 425.605(d)(1)(i)-(ii)); bad changes are refused with a message; another ACO sees nothing."""

import pytest
from django.core.exceptions import ValidationError

from acoms.performance import actions, whatif
from acoms.performance.models import AcoResult, Deliverable, WhatIf

from .test_performance_pages import published  # noqa: F401 (the published run fixture)


def _project(people, run, changes, user="aco-data"):
    w = actions.create_whatif(
        by=people[user], run=run, organization=people["_orgs"]["aco_x"], changes=changes, enqueue=False
    )
    whatif.compute(w.pk)
    w.refresh_from_db()
    assert w.status == "done", w.log
    return w


@pytest.mark.timeout(900)
def test_an_unchanged_election_reproduces_the_actual_and_a_one_sided_track_shares_no_losses(
    published,  # noqa: F811
    people,
    client,
):
    actual = AcoResult.objects.get(run=published, aco_id="A1001")
    assert actual.earned < 0  # the fixture's A1001 (BASIC E, two-sided) owes shared losses
    same = _project(people, published, {"msr_election": "variable"})  # its election already is variable
    assert same.projected["earned"] == pytest.approx(actual.earned, abs=0.005)
    assert same.projected["assigned"] == actual.assigned == same.actual["assigned"]
    one_sided = _project(people, published, {"track": "A"})
    assert one_sided.projected["earned"] == 0 and one_sided.projected["benchmark"] == pytest.approx(actual.benchmark)
    assert not Deliverable.objects.filter(run=published).exists()  # nothing published, no Data Hub file
    client.force_login(people["aco-data"])
    page = client.get(f"/aco/A1001/performance/whatif/{one_sided.pk}/").content.decode()
    assert page.count("What-if — not a result") >= 3 and 'data-testid="whatif-table"' in page
    client.force_login(people["other-aco"])
    assert client.get(f"/aco/A1001/performance/whatif/{one_sided.pk}/").status_code == 404
    assert client.get(f"/aco/A1002/performance/whatif/{one_sided.pk}/").status_code == 404


def test_bad_changes_are_refused_and_nothing_is_stored(published, people, client):  # noqa: F811
    aco = people["_orgs"]["aco_x"]
    for changes, field in (
        ({"remove_tins": ["999999999"]}, "remove_tins"),
        ({"add_tins": ["12"]}, "add_tins"),
        ({"track": "Z"}, "track"),
        ({}, "__all__"),
    ):
        with pytest.raises(ValidationError) as refused:
            actions.create_whatif(by=people["aco-data"], run=published, organization=aco, changes=changes)
        assert field in refused.value.message_dict
    with pytest.raises(Exception, match="data right"):
        actions.create_whatif(by=people["aco-liaison"], run=published, organization=aco, changes={"track": "A"})
    client.force_login(people["aco-data"])
    response = client.post("/aco/A1001/performance/whatif/", {"run": published.pk, "track": "", "add_tins": "12"})
    assert response.status_code == 200 and "usa-error-message" in response.content.decode()
    assert not WhatIf.objects.exists()

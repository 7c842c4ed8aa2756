"""The review page's figures on hand-made results: totals, savings-rate bands, outliers, differences."""

from acoms.performance.models import AcoResult, Run
from acoms.performance.review import summary


def _run(people, rates, status="done"):
    run = Run.objects.create(py=2026, data_dir="d", agreements="a", created_by=people["cms-analyst"], status=status)
    for i, rate in enumerate(rates):
        AcoResult.objects.create(
            run=run,
            aco_id=f"A{2001 + i}",
            assigned=1000,
            benchmark=10_000_000.0,
            expenditures=10_000_000.0 * (1 - rate),
            savings_rate=rate,
            earned=rate * 1e6,
        )
    return run


def test_summary_totals_bands_outliers(people):
    rates = [0.01] * 9 + [0.30]
    run = _run(people, rates)
    s = summary(run)
    assert s["totals"]["acos"] == 10 and s["totals"]["assigned"] == 10_000
    assert s["totals"]["earned"] == sum(r * 1e6 for r in rates)
    bands = {b["label"]: b["count"] for b in s["bands"]}
    assert bands["0% to 2%"] == 9 and bands["10% and above"] == 1 and sum(bands.values()) == 10
    assert [r.aco_id for r in s["outliers"]] == ["A2010"]
    assert s["previous"] is None


def test_differences_from_previous_run(people, client):
    first = _run(people, [0.01, 0.02, 0.03])
    second = _run(people, [0.01, 0.05])
    changes = {c["aco_id"]: c["what"] for c in summary(second)["changes"]}
    assert changes == {"A2002": "changed", "A2003": "not in this run"}
    assert summary(second)["previous"] == first
    same = _run(people, [0.01, 0.05])
    assert summary(same)["changes"] == []
    client.force_login(people["cms-analyst"])
    page = client.get(f"/performance/runs/{same.pk}/").content.decode()
    assert f"run {second.pk}</a>" in page and "No differences." in page

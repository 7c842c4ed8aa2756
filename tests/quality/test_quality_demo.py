"""The demo ACOs have reported PY2026 quality and their APP score shows (docs/quality.md, "Demo")."""

import pytest

from acoms import demo
from acoms.accounts.models import User
from acoms.quality import scoring
from acoms.quality.models import MeasureReport, Submission


@pytest.mark.django_db
def test_the_demo_acos_have_reported_and_their_scores_show(client):
    demo.seed()
    demo.seed()  # idempotent
    assert Submission.objects.filter(py=2026).count() == 2
    assert MeasureReport.objects.count() == 10
    orgs = {s.organization.aco_id: s.organization for s in Submission.objects.select_related("organization")}
    x, y = scoring.score_aco(orgs["A1001"], 2026), scoring.score_aco(orgs["A1002"], 2026)
    # hand-worked in quality/demo.py: 66 and 50 of 80 measure points
    assert (x.score.score, x.score.met_qps) == (pytest.approx(82.5), True)
    assert (y.score.score, y.score.met_qps, y.score.met_alt_qps) == (pytest.approx(62.5), False, True)
    # A1001: PI only from the TIN with a score (88); 0.5 x 82.5 + 0.3 x 88 + 0.2 x 100
    assert x.apm.final_score == pytest.approx(41.25 + 26.4 + 20)

    client.force_login(User.objects.get(username="aco-executive"))
    page = client.get("/aco/A1001/quality/2026/").content.decode()
    assert "Meets the quality performance standard" in page and "82.50" in page and "87.65" in page
    report = client.get("/aco/A1001/quality/2026/report/")
    assert report.status_code == 200 and "Attested by the system" in report.content.decode()

"""479 and 484 computed from claims (DuckDB) become the ACO's CMS inputs and are scored against CMS's
benchmarks: the hand-made datasets of tests/analytics, with A1001/A1002 for their ACOs."""

import pyarrow as pa
import pytest

from acoms.accounts.roles import SYSTEM
from acoms.analytics import dataset
from acoms.analytics import engine as eng
from acoms.analytics.quality import hwr, mcc, risk
from acoms.quality import claims_measures, scoring
from acoms.quality.models import CmsInputs
from analytics import test_analytics_quality_hwr as hwr_case
from analytics import test_analytics_quality_mcc as mcc_case


def test_claims_measures_feed_the_quality_score(people, tmp_path):
    con, con2 = eng.connect("duckdb"), eng.connect("duckdb")  # one dataset per connection (tables by name)
    mcc_tables = dataset.open_dataset(mcc_case.build(tmp_path / "mcc")).tables(con)
    hwr_tables = dataset.open_dataset(hwr_case.build(tmp_path / "hwr")).tables(con2)
    ids = {"A1": "A1001", "A2": "A1002", "A9": "A9999"}
    m_assigned = eng.to_arrow(mcc_case.assigned(con)).to_pydict()
    h_assigned = eng.to_arrow(hwr_case.assigned(con2)).to_pydict()

    def renamed(d, name, con):
        return eng.from_arrow(con, pa.table({"bene_id": d["bene_id"], "aco_id": [ids[a] for a in d["aco_id"]]}), name)

    m = eng.to_arrow(
        mcc.observed_by_aco(mcc.persons(con, mcc_tables, 2023), renamed(m_assigned, "m_a", con))
    ).to_pylist()
    h = eng.to_arrow(
        hwr.observed_by_aco(hwr.index_stays(hwr_tables, 2023), renamed(h_assigned, "h_a", con2))
    ).to_pylist()
    recorded = claims_measures.record(by=SYSTEM, py=2023, hwr_rows=h, mcc_rows=m)
    assert set(recorded) == {"A1001", "A1002"}
    a1 = CmsInputs.objects.get(organization=people.orgs["aco_x"], py=2023)
    assert a1.cases_484 == 4 and a1.rate_484 == pytest.approx(3 / (1174 / 365.25) * 100)
    assert a1.cases_479 == 6 and a1.rate_479 == pytest.approx(1 / 1.5 * 0.25)
    assert risk.RATE_STAND_IN_LABEL in a1.claims_method and risk.STAND_IN_LABEL in a1.claims_method
    # both below their case minimum (200 index stays, 18 patients): left out of the score, not 0 points
    q = scoring.score_aco(people.orgs["aco_x"], 2023).score
    claims = {m.measure_id: (m.status, m.counted) for m in q.measures if m.measure_id in ("479", "484")}
    assert claims == {"479": ("below case minimum", False), "484": ("below case minimum", False)}

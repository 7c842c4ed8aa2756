"""ED visits, admissions and 30-day readmissions on hand-made claims (DuckDB), counted by hand."""

import datetime as dt

import ibis
import pyarrow as pa

from acoms.performance.utilisation import per_beneficiary

D = dt.date


def _claims(rows):
    names = ["bene_id", "claim_id", "claim_type", "revenue_center_code", "claim_start_date", "claim_end_date"]
    return pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})


def test_hand_counted_utilisation():
    table = _claims(
        [
            # A: three stays; the 2nd starts 10 days after the 1st discharge (readmission), the 3rd 40 days after
            ("A", "i1", "inpatient", None, D(2026, 1, 5), D(2026, 1, 10)),
            ("A", "i2", "inpatient", None, D(2026, 1, 20), D(2026, 1, 25)),
            ("A", "i3", "inpatient", None, D(2026, 3, 6), D(2026, 3, 9)),
            # A: ED visits on two claims (0450 twice on one claim counts once), 0981 on another; 0460 is not ED
            ("A", "o1", "outpatient", "0450", D(2026, 2, 1), D(2026, 2, 1)),
            ("A", "o1", "outpatient", "0459", D(2026, 2, 1), D(2026, 2, 1)),
            ("A", "o2", "outpatient", "0981", D(2026, 4, 1), D(2026, 4, 1)),
            ("A", "o3", "outpatient", "0460", D(2026, 5, 1), D(2026, 5, 1)),
            # B: a stay of 2025 does not count, nor its readmission link; one ED visit in 2026
            ("B", "i4", "inpatient", None, D(2025, 12, 1), D(2025, 12, 20)),
            ("B", "i5", "inpatient", None, D(2026, 1, 2), D(2026, 1, 4)),
            ("B", "o4", "outpatient", "0451", D(2026, 7, 1), D(2026, 7, 1)),
        ]
    )
    con = ibis.duckdb.connect()
    got = per_beneficiary({"claim_line": con.create_table("claim_line", table)}, 2026).to_pyarrow().to_pylist()
    by_bene = {r["bene_id"]: r for r in got}
    assert by_bene["A"] == {"bene_id": "A", "ed_visits": 2, "admissions": 3, "readmissions": 1}
    assert by_bene["B"] == {"bene_id": "B", "ed_visits": 1, "admissions": 1, "readmissions": 0}

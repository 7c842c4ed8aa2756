"""A PY2026 ACO worked by hand against CMS's PY2026 benchmarks (rules/quality_data/2026.json, qpp-measures-data
v11.1.0): every rate sits on a decile bound, so each measure earns exactly that decile's points.

Medicare CQM (the SSP benchmarks, ids 001SSP ...):
  001  2,227 / 10,000 = 22.27%  inverse, bound of decile 6 -> 6 points
  112    500 /  1,000 = 50.00%  bound of decile 6           -> 6
  113    700 /  1,000 = 70.00%  bound of decile 8           -> 8
  134  6,556 / 10,000 = 65.56%  bound of decile 6           -> 6
  236  7,409 / 10,000 = 74.09%  bound of decile 7           -> 7
CAHPS: each summary measure at the bound of decile 5 (CAHPS_7 has no benchmark) -> 5
479: 0.1675 (bound of decile 6) -> 6; 484: 47.61 (bound of decile 6) -> 6
Sum 50 of 80 available -> quality score 62.50 (no improvement scoring, COA or health equity in PY2026).
The 40th-percentile value is 73.85 (parameters/quality_standard.csv): 11.35 points short, = 9.08 measure
points at 1.25 score points each. Best outcome measure: 236 in decile 7 (the 60th percentile) >= the 10th:
the alternative standard is met.
PI: 10 clinicians at 80 and 30 at 60 -> 65.0; IA 100 (assigned); final = 0.5 x 62.5 + 0.3 x 65 + 0.2 x 100
= 70.75, below the performance threshold 75: negative, -9% x (75 - 70.75) / (75 - 18.75) = -0.68%.
"""

MEASURES = [  # measure, collection, eligible population, denominator, exclusions, exceptions, numerator
    ("001", "Medicare CQM", 12000, 10000, 0, 0, 2227),
    ("112", "Medicare CQM", 1200, 1000, 0, 0, 500),
    ("113", "Medicare CQM", 1200, 1000, 0, 0, 700),
    ("134", "Medicare CQM", 12000, 10000, 0, 0, 6556),
    ("236", "Medicare CQM", 12000, 10000, 0, 0, 7409),
]
CAHPS = {
    "CAHPS_1": 82.81,
    "CAHPS_2": 93.89,
    "CAHPS_3": 92.41,
    "CAHPS_4": 74.96,
    "CAHPS_5": 64.45,
    "CAHPS_6": 61.54,
    "CAHPS_8": 85.64,
    "CAHPS_9": 92.89,
    "CAHPS_11": 25.68,
}
PI = [("111111111", 10, 80.0), ("222222222", 30, 60.0)]
CLAIMS = {"rate_479": 0.1675, "cases_479": 300, "rate_484": 47.61, "cases_484": 100}
SCORE = 62.5
GAP = 11.35
MEASURE_POINTS = 9.08
PI_SCORE = 65.0
FINAL = 70.75
ADJUSTMENT = -0.09 * (75 - 70.75) / (75 - 18.75)


def measures_csv() -> bytes:
    lines = ["measure_id,collection_type,eligible_population,denominator,exclusions,exceptions,numerator"]
    lines += [",".join(str(c) for c in row) for row in MEASURES]
    return ("\n".join(lines) + "\n").encode()

"""CMS-calculated quality measures from the claims dataset (Ibis; the same code on DuckDB and PySpark).

``hwr``: Quality ID 479, hospital-wide 30-day all-cause readmission, observed per ACO, with a documented
risk-standardization interface (``risk``) whose model is an input; the only model here is ACO-MS's own
labelled stand-in. Quality ID 484 is not implemented (docs/quality.md says why).
"""

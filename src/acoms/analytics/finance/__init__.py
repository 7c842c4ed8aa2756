"""The performance-year financial engine (spec financial-engine.md): one module per stage.

Every stage is an Ibis expression over the claims dataset's tables; `engine.py` is the only
engine-aware module, so the stages run unchanged on DuckDB and PySpark.
"""

"""Claims analytics on Ibis: one expression, DuckDB (embedded default) or PySpark.

Nothing in this package imports Django. `engine.py` is the only module that knows which
engine runs; everything else builds Ibis expressions over the tables of a claims dataset.
"""

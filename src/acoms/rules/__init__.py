"""ACO-MS program rules: the Medicare Shared Savings Program's regulation as plain Python.

No Django, no dataframes. Parameters are data tables keyed by performance year (parameters/*.csv),
each row with its 42 CFR citation.
"""

from .quality import QualityResult
from .reconcile import Inputs, Result, reconcile

__all__ = ["Inputs", "QualityResult", "Result", "reconcile"]

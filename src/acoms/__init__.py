"""ACO-MS: Accountable Care Organization Management System for the Medicare Shared Savings Program."""

__version__ = "0.1.0"

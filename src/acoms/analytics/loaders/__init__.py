"""Loaders that write the claims-dataset layout (acoms.analytics.dataset.SCHEMA)."""

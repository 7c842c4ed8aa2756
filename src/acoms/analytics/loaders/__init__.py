"""Loaders that write the claims-dataset layout (spec/claims-contract.md)."""

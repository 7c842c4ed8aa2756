"""Vendored CMS qpp-measures-data files (see PROVENANCE.md); written by acoms.rules.measures.import_measures."""

"""Enrollment types in words: the financial engine's codes (`fe_*`: ESRD, DIS, AGDU, AGND) and the
assignment's (`pe_*`: esrd, disabled, aged_dual, aged_nondual)."""

ENGINE_TYPES = {"ESRD": "ESRD", "DIS": "Disabled", "AGDU": "Aged/dual", "AGND": "Aged/non-dual"}
ASSIGNMENT_TYPES = {"esrd": "ESRD", "disabled": "Disabled", "aged_dual": "Aged/dual", "aged_nondual": "Aged/non-dual"}

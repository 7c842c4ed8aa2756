"""What the program allows on the lists, by facility kind, and the thresholds the list pages use.

The CCN itself — its state codes, facility ranges and swing-bed letters — is read by
`acoms.lib.identifiers` from CMS's State Operations Manual tables (`lib/reference/*.csv`).
"""

FACILITY_LABELS = {
    "eta_hospital": "ETA hospital",
    "cah": "critical access hospital",
    "fqhc": "FQHC",
    "rhc": "RHC",
    "snf": "skilled nursing facility",
    "swing_bed": "swing-bed hospital",
}

# Who may be what (§425.102(a) and §425.402(f) for participant CCNs; §425.612(a) for SNF affiliates).
PARTICIPANT_FACILITIES = frozenset({"fqhc", "rhc", "cah", "eta_hospital"})
SNF_AFFILIATE_FACILITIES = frozenset({"snf", "swing_bed"})

# §425.612(a)(1)(iii)(B): a SNF affiliate has an overall CMS star rating of 3 or more (if rated).
MINIMUM_SNF_STARS = 3
# §425.110: an ACO needs at least 5,000 assigned beneficiaries.
MINIMUM_ASSIGNED = 5000

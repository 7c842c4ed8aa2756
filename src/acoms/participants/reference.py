"""What the program allows on the lists, by facility kind, and the thresholds the list pages use.

The CCN itself — its state codes, facility ranges and swing-bed letters — is read by
`acoms.lib.identifiers` from CMS's State Operations Manual tables (`lib/reference/*.csv`).
"""

from acoms.applications.parameters import named

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
# §425.110: the minimum number of assigned beneficiaries, a program parameter (applications/parameters/program.csv).
MINIMUM_ASSIGNED = int(named("program")["minimum_assigned_beneficiaries"])

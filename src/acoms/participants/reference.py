"""Reference tables for checking CMS Certification Numbers (CCNs), kept as data.

A CCN is six characters: a two-digit state code, then four characters whose numeric range
names the kind of facility (CMS State Operations Manual, chapter 2, §2779A "CCN structure";
42 CFR 489). A third character of U, W, Y or Z marks a hospital's swing beds, which may be
SNF affiliates (§425.612(a)(1): "SNF — including swing-bed providers").
"""

# State codes (SOM §2779A, exhibit "State codes"). The table lists the codes in use for the 50
# states, DC and the territories; codes CMS adds when a state exhausts its numbers go here too.
STATE_CODES: dict[str, str] = {
    "01": "AL", "02": "AK", "03": "AZ", "04": "AR", "05": "CA", "06": "CO", "07": "CT", "08": "DE",
    "09": "DC", "10": "FL", "11": "GA", "12": "HI", "13": "ID", "14": "IL", "15": "IN", "16": "IA",
    "17": "KS", "18": "KY", "19": "LA", "20": "ME", "21": "MD", "22": "MA", "23": "MI", "24": "MN",
    "25": "MS", "26": "MO", "27": "MT", "28": "NE", "29": "NV", "30": "NH", "31": "NJ", "32": "NM",
    "33": "NY", "34": "NC", "35": "ND", "36": "OH", "37": "OK", "38": "OR", "39": "PA", "40": "PR",
    "41": "RI", "42": "SC", "43": "SD", "44": "TN", "45": "TX", "46": "UT", "47": "VT", "48": "VI",
    "49": "VA", "50": "WA", "51": "WV", "52": "WI", "53": "WY", "55": "CA", "64": "AS", "65": "GU",
    "66": "MP", "67": "TX", "68": "FL",
}

# Facility ranges of the last four digits (SOM §2779A): (first, last, kind).
FACILITY_RANGES: list[tuple[int, int, str]] = [
    (1, 879, "eta_hospital"),  # short-term acute hospitals; ETA status is an election CMS confirms (§415.160)
    (1000, 1199, "fqhc"),
    (1300, 1399, "cah"),
    (1800, 1989, "fqhc"),
    (3400, 3499, "rhc"),
    (3800, 3974, "rhc"),
    (3975, 3999, "rhc"),
    (5000, 6499, "snf"),
    (8500, 8999, "rhc"),
]
SWING_BED_MARKS = frozenset("UWYZ")

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


def facility_kind(ccn: str) -> str | None:
    """The kind of facility a well-formed CCN names, or None when its range is not listed."""
    if ccn[2] in SWING_BED_MARKS and ccn[3:].isdigit():
        return "swing_bed"
    if not ccn[2:].isdigit():
        return None
    number = int(ccn[2:])
    for first, last, kind in FACILITY_RANGES:
        if first <= number <= last:
            return kind
    return None

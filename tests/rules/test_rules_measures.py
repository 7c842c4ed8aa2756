"""Measure catalog and benchmarks imported from CMS's qpp-measures-data (spec §4.1, program-deliverables §4.2)."""

import hashlib
import json
import tarfile

import pytest

from acoms.rules.measures import CatalogError, _catalog_from, catalog, import_measures, years


def test_vendored_years_and_provenance():
    assert {2022, 2023, 2024, 2025, 2026} <= set(years())
    for y in years():
        s = catalog(y).source
        assert s["package"] == "qpp-measures-data" and s["version"]
        assert all(len(h) == 64 for h in s["files"].values()) and len(s["files"]) == 2


@pytest.mark.parametrize("py", [2022, 2023, 2024])
def test_app_set_is_the_spec_table(py):
    # spec §4.1: APP = 001, 134, 236, 321 (CAHPS), 479, 484
    assert catalog(py).measure_set("app1") == ["001", "134", "236", "321", "479", "484"]


def test_app_plus_phase_in_and_web_interface_end():
    # spec §4.1: APP Plus PY2025 = 001, 134, 236, 112, 321, 479; PY2026 + 113, 484; Web Interface last used PY2024
    assert catalog(2025).measure_set("appPlus") == ["001", "112", "134", "236", "321", "479"]
    assert catalog(2026).measure_set("appPlus") == ["001", "112", "113", "134", "236", "321", "479", "484"]
    assert catalog(2024).measure_set("cmsWebInterface") == [
        "001",
        "110",
        "112",
        "113",
        "134",
        "226",
        "236",
        "318",
        "370",
        "438",
    ]
    assert catalog(2025).measure_set("cmsWebInterface") == []


def test_measure_types_and_inverse_flags():
    c = catalog(2024)
    assert c.measures["001"].inverse and c.measures["001"].measure_type == "intermediateOutcome"
    assert c.measures["479"].inverse and c.measures["479"].is_outcome
    assert not c.measures["134"].inverse and c.measures["134"].measure_type == "process"
    assert c.measures["321"].metric_type == "cahps"


def test_benchmarks_match_the_values_quoted_in_the_reference_notes():
    # program-deliverables §4.2 (PY2024): 479 p10 0.1343, p90 0.1671; 236SSP 44.87 / 70.15 / 82.81 at 10/40/90;
    # 001SSP (inverse) 7.03 / 18.93 / 49.19 at 10/40/90.
    c = catalog(2024)
    hwr = c.benchmark("479", "administrativeClaims")
    assert hwr.inverse and hwr.bounds[0] == 0.1671 and hwr.bounds[-1] == 0.1343
    bp = c.benchmark("236SSP", "registry")
    assert (bp.bounds[0], bp.bounds[3], bp.bounds[-1]) == (44.87, 70.15, 82.81)
    a1c = c.benchmark("001SSP", "registry")
    assert (a1c.bounds[-1], a1c.bounds[5], a1c.bounds[0]) == (7.03, 18.93, 49.19)


def test_deciles_direct_and_inverse():
    c = catalog(2024)
    hwr = c.benchmark("479", "administrativeClaims")
    assert hwr.decile(0.1700) == 1 and hwr.decile(0.1671) == 2 and hwr.decile(0.1343) == 10
    bp = c.benchmark("236SSP", "registry")
    assert bp.decile(44.86) == 1 and bp.decile(44.87) == 2 and bp.decile(70.15) == 5 and bp.decile(90) == 10


def test_pre_2023_decile_files_read_as_published():
    # PY2022 files carry 'deciles' (lower bounds of deciles 2..10); Web Interface benchmarks are flat percentages
    wi = catalog(2022).benchmark("110", "cmsWebInterface")
    assert wi.bounds == (0, 0, 30, 40, 50, 60, 70, 80, 90) and wi.decile(35) == 4 and wi.decile(5) == 3


def _package(tmp_path, version="9.9.9"):
    measures = [
        {
            "measureId": "001",
            "title": "A1c",
            "measureType": "intermediateOutcome",
            "isInverse": True,
            "category": "quality",
            "metricType": "singlePerformanceRate",
            "allowedPrograms": ["mips", "app1"],
            "submissionMethods": ["registry"],
        },
        {
            "measureId": "999",
            "title": "not APP",
            "measureType": "process",
            "isInverse": False,
            "category": "quality",
            "allowedPrograms": ["mips"],
            "submissionMethods": ["registry"],
        },
    ]
    benchmarks = [
        {
            "measureId": "001",
            "submissionMethod": "registry",
            "performanceYear": 2099,
            "benchmarkYear": 2097,
            "isInverse": True,
            "percentiles": {str(k): 100 - k for k in (1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 99)},
        },
        {
            "measureId": "999",
            "submissionMethod": "registry",
            "performanceYear": 2099,
            "benchmarkYear": 2097,
            "deciles": [1, 2, 3, 4, 5, 6, 7, 8, 9],
        },
    ]
    root = tmp_path / "pkg"
    (root / "benchmarks").mkdir(parents=True)
    (root / "measures" / "2099").mkdir(parents=True)
    (root / "package.json").write_text(json.dumps({"name": "qpp-measures-data", "version": version}))
    (root / "benchmarks" / "2099.json").write_text(json.dumps(benchmarks))
    (root / "measures" / "2099" / "measures-data.json").write_text(json.dumps(measures))
    tgz = tmp_path / "qpp-measures-data-9.9.9.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        tar.add(root, arcname="package")
    return root, tgz


@pytest.mark.parametrize("kind", ["dir", "tgz"])
def test_importer_trims_and_records_provenance(tmp_path, kind):
    root, tgz = _package(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    [path] = import_measures(root if kind == "dir" else tgz, out, origin="test")
    doc = json.loads(path.read_text())
    assert path.name == "2099.json" and doc["source"]["version"] == "9.9.9"
    assert [m["measureId"] for m in doc["measures"]] == ["001"]  # 999 is not in the APP set
    assert [b["measureId"] for b in doc["benchmarks"]] == ["001"]
    sha = hashlib.sha256((root / "benchmarks" / "2099.json").read_bytes()).hexdigest()
    assert doc["source"]["files"]["benchmarks/2099.json"] == sha
    c = _catalog_from(doc)
    assert c.benchmark("001", "registry").bounds[0] == 10 and c.benchmark("001", "registry").decile(5) == 10


def test_importer_refuses_a_source_without_data(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CatalogError):
        import_measures(tmp_path / "empty", tmp_path)
    with pytest.raises(CatalogError):
        catalog(1999)

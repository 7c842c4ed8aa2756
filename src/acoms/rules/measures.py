"""Quality measure catalog and MIPS benchmarks per performance year, as CMS publishes them (docs/quality.md).

The data are CMS's own machine-readable files from the ``qpp-measures-data`` package
(``measures/<PY>/measures-data.json`` and ``benchmarks/<PY>.json``), trimmed to the measures an SSP ACO
can be scored on (APP, APP Plus, CMS Web Interface, the CAHPS for MIPS summary measures) and vendored
in ``quality_data/<PY>.json`` with the package version and the sha256 of each source file. Nothing here
is retyped: ``import_measures`` (``acoms quality import-measures --from TGZ|DIR``) rewrites the files.

Collection types are named as CMS names them in these files: ``electronicHealthRecord`` (eCQM),
``registry`` (MIPS CQM; Medicare CQM under the SSP companion ids such as ``001SSP``), ``cmsWebInterface``,
``administrativeClaims`` (479, 484) and ``certifiedSurveyVendor`` (CAHPS).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tarfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

PACKAGE = "qpp-measures-data"
DATA_PACKAGE = "acoms.rules.quality_data"
PROGRAMS = ("app1", "appPlus")  # allowedPrograms tags of the APP and APP Plus sets
WEB_INTERFACE = "cmsWebInterface"
MEASURE_FIELDS = (
    "measureId",
    "title",
    "measureType",
    "isInverse",
    "metricType",
    "isHighPriority",
    "allowedPrograms",
    "submissionMethods",
    "companionMeasureId",
    "firstPerformanceYear",
    "lastPerformanceYear",
    "category",
)
OUTCOME_TYPES = ("outcome", "intermediateOutcome")


class CatalogError(ValueError):
    pass


@dataclass(frozen=True)
class Measure:
    measure_id: str
    title: str
    measure_type: str  # process, intermediateOutcome, outcome, patientEngagementExperience, ...
    inverse: bool  # a lower rate is better
    metric_type: str  # singlePerformanceRate, multiPerformanceRate, cahps, costScore, ...
    collection_types: tuple[str, ...]
    programs: tuple[str, ...]  # app1 / appPlus among the allowedPrograms
    companions: tuple[str, ...] = ()

    @property
    def is_outcome(self) -> bool:
        return self.measure_type in OUTCOME_TYPES


@dataclass(frozen=True)
class Benchmark:
    """Decile bounds of one measure and collection type.

    ``bounds``: the 9 bounds of deciles 2..10 as CMS orders them (ascending for a direct measure: the
    inclusive lower bound; descending for an inverse measure: the inclusive upper bound).
    """

    measure_id: str
    collection_type: str
    benchmark_year: int | None
    inverse: bool
    bounds: tuple[float, ...]
    topped_out_by_program: bool = False
    bottom: float | None = None  # where decile 1 starts: the 1st percentile (99th for inverse) in PY2023+ files

    def decile(self, rate: float) -> int:
        d = 1
        for i, bound in enumerate(self.bounds):
            if (rate <= bound) if self.inverse else (rate >= bound):
                d = i + 2
        return d


@dataclass(frozen=True)
class Catalog:
    year: int
    source: dict
    measures: dict[str, Measure]
    benchmarks: dict[tuple[str, str], Benchmark]

    def measure_set(self, name: str) -> list[str]:
        """Quality measure ids of a set: ``app1`` (APP), ``appPlus`` (APP Plus) or ``cmsWebInterface``."""
        if name == WEB_INTERFACE:
            ids = [m.measure_id for m in self.measures.values() if WEB_INTERFACE in m.collection_types]
        else:
            ids = [m.measure_id for m in self.measures.values() if name in m.programs]
        return sorted(i for i in ids if not i.startswith("CAHPS_") and not i.endswith("SSP"))

    def benchmark(self, measure_id: str, collection_type: str) -> Benchmark | None:
        return self.benchmarks.get((measure_id, collection_type))

    def cahps_summary_measures(self) -> list[str]:
        return sorted((m for m in self.measures if m.startswith("CAHPS_")), key=lambda m: int(m.split("_")[1]))


def _bottom(record: dict, inverse: bool) -> float | None:
    p = record.get("percentiles") or {}
    value = p.get("99" if inverse else "1")
    return None if value is None or record.get("deciles") else float(value)


def _bounds(record: dict, inverse: bool) -> tuple[float, ...]:
    """The 9 decile bounds of a benchmark record (``deciles`` up to PY2022, ``percentiles`` from PY2023).

    With percentiles, decile k (2..10) of a direct measure starts at percentile 10(k-1); for an inverse
    measure the percentiles are of the raw rate, so decile k ends at percentile 100 - 10(k-1)
    (decile 10 = at or below the 10th percentile rate) [READING, checked against the PY2022 decile files].
    """
    if record.get("deciles"):
        return tuple(float(x) for x in record["deciles"][:9])
    p = record.get("percentiles") or {}
    keys = [str(100 - 10 * k) if inverse else str(10 * k) for k in range(1, 10)]
    if not all(k in p and p[k] is not None for k in keys):
        name = f"{record.get('measureId')}/{record.get('submissionMethod')}"
        raise CatalogError(f"benchmark {name}: no deciles or percentiles")
    return tuple(float(p[k]) for k in keys)


def _catalog_from(doc: dict) -> Catalog:
    measures = {}
    for m in doc["measures"]:
        measures[m["measureId"]] = Measure(
            m["measureId"],
            m.get("title") or "",
            m.get("measureType") or "",
            bool(m.get("isInverse")),
            m.get("metricType") or "",
            tuple(m.get("submissionMethods") or ()),
            tuple(p for p in (m.get("allowedPrograms") or ()) if p in PROGRAMS),
            tuple(m.get("companionMeasureId") or ()),
        )
    benchmarks = {}
    for b in doc["benchmarks"]:
        mid = b["measureId"]
        base = measures.get(mid) or measures.get(mid.removesuffix("SSP"))
        inverse = bool(b["isInverse"]) if b.get("isInverse") is not None else bool(base and base.inverse)
        benchmarks[(mid, b["submissionMethod"])] = Benchmark(
            mid,
            b["submissionMethod"],
            b.get("benchmarkYear"),
            inverse,
            _bounds(b, inverse),
            bool(b.get("isToppedOutByProgram")),
            _bottom(b, inverse),
        )
    return Catalog(doc["performance_year"], doc["source"], measures, benchmarks)


def years() -> list[int]:
    root = resources.files(DATA_PACKAGE)
    return sorted(int(p.name[:4]) for p in root.iterdir() if re.fullmatch(r"\d{4}\.json", p.name))


@cache
def catalog(py: int) -> Catalog:
    """The measure catalog and benchmarks of performance year ``py``."""
    path = resources.files(DATA_PACKAGE).joinpath(f"{py}.json")
    if not path.is_file():
        raise CatalogError(
            f"no measure catalog for performance year {py} (have {years()}); run acoms quality import-measures"
        )
    return _catalog_from(json.loads(path.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- importer


def _keep(m: dict) -> bool:
    mid = m.get("measureId", "")
    if mid.startswith("CAHPS_"):
        return True
    if m.get("category") != "quality":
        return False
    in_app = bool(set(m.get("allowedPrograms") or ()) & set(PROGRAMS))
    return in_app or WEB_INTERFACE in (m.get("submissionMethods") or ())


def _read_source(source: Path) -> tuple[dict[str, bytes], str]:
    """{path inside the package: bytes} of the measure and benchmark files, and the package version."""
    wanted = re.compile(r"^(?:package/)?(benchmarks/\d{4}\.json|measures/\d{4}/measures-data\.json|package\.json)$")
    files: dict[str, bytes] = {}
    if source.is_dir():
        for rel in ("package.json",):
            if (source / rel).is_file():
                files[rel] = (source / rel).read_bytes()
        for p in list(source.glob("benchmarks/*.json")) + list(source.glob("measures/*/measures-data.json")):
            rel = p.relative_to(source).as_posix()
            if wanted.match(rel):
                files[rel] = p.read_bytes()
    elif tarfile.is_tarfile(source):
        with tarfile.open(source) as tar:
            for member in tar.getmembers():
                m = wanted.match(member.name)
                if m and member.isfile():
                    f = tar.extractfile(member)
                    if f is not None:
                        files[m.group(1)] = f.read()
    else:
        raise CatalogError(f"{source}: not a directory or a .tgz of {PACKAGE}")
    version = json.loads(files["package.json"]).get("version", "") if "package.json" in files else ""
    return files, version


def import_measures(source, out_dir=None, years_wanted: list[int] | None = None, origin: str = "") -> list[Path]:
    """Write ``<out_dir>/<PY>.json`` for every year that has both a measures and a benchmarks file.

    ``origin`` says where the package came from (registry, repository and commit) for the provenance.
    """
    source = Path(source)
    out = Path(out_dir) if out_dir else Path(str(resources.files(DATA_PACKAGE)))
    files, version = _read_source(source)
    found = sorted(
        {int(k[11:15]) for k in files if k.startswith("benchmarks/")}
        & {int(k[9:13]) for k in files if k.startswith("measures/")}
    )
    chosen = [y for y in found if years_wanted is None or y in years_wanted]
    if not chosen:
        raise CatalogError(
            f"{source}: no year with both measures and benchmarks (found {found}, wanted {years_wanted})"
        )
    written = []
    for y in chosen:
        mpath, bpath = f"measures/{y}/measures-data.json", f"benchmarks/{y}.json"
        measures = [{k: m[k] for k in MEASURE_FIELDS if k in m} for m in json.loads(files[mpath]) if _keep(m)]
        ids = {m["measureId"] for m in measures}
        benchmarks = [b for b in json.loads(files[bpath]) if b.get("measureId") in ids]
        doc = {
            "performance_year": y,
            "source": {
                "package": PACKAGE,
                "version": version,
                "origin": origin or str(source.name),
                "files": {
                    mpath: hashlib.sha256(files[mpath]).hexdigest(),
                    bpath: hashlib.sha256(files[bpath]).hexdigest(),
                },
                "trimmed_to": "quality measures tagged app1/appPlus or collected by cmsWebInterface, "
                "the CAHPS summary measures, and their benchmarks; records otherwise unchanged",
            },
            "measures": sorted(measures, key=lambda m: m["measureId"]),
            "benchmarks": sorted(benchmarks, key=lambda b: (b["measureId"], b["submissionMethod"])),
        }
        _catalog_from(doc)  # refuse to write what the loader cannot read
        path = out / f"{y}.json"
        buf = io.StringIO()
        json.dump(doc, buf, indent=1, sort_keys=False)
        path.write_text(buf.getvalue() + "\n", encoding="utf-8")
        written.append(path)
    catalog.cache_clear()
    return written

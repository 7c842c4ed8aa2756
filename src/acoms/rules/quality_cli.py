"""`acoms quality ...`: the measure catalog importer and the reproduction of CMS's published quality scores.

- ``acoms quality import-measures --from TGZ|DIR [--years 2022,2023] [--origin TEXT] [--out DIR]``
- ``acoms quality reproduce PUF_FILE --year YYYY --out FILE.csv``
"""

from __future__ import annotations

import argparse
import sys

from .measures import CatalogError, import_measures


def _import(args) -> int:
    years = [int(y) for y in args.years.split(",")] if args.years else None
    try:
        paths = import_measures(args.source, args.out, years, origin=args.origin or "")
    except (CatalogError, OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for p in paths:
        print(f"wrote {p}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="acoms quality")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import-measures", help="vendor CMS's qpp-measures-data measure and benchmark files")
    imp.add_argument("--from", dest="source", required=True, help="npm pack .tgz or a directory of the package")
    imp.add_argument("--years", help="comma-separated performance years (default: every year in the package)")
    imp.add_argument("--origin", help="where the package came from, for the provenance (registry, repo@commit)")
    imp.add_argument("--out", help="output directory (default: the package's quality_data)")
    args = parser.parse_args(argv[1:])
    if args.command == "import-measures":
        return _import(args)
    return 2

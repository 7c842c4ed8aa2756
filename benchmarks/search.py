"""Search benchmark: the header's search over 500 ACOs, 50,000 participant rows and 500,000 enrollment registry
rows, against a LIKE '%…%' scan of the same index rows.

    python benchmarks/search.py [--acos 500] [--participants 50000] [--registry 500000] [--queries 100]

Builds a throw-away SQLite database (a temporary DATA_DIR; the same triggers as the site index every row as it
is written), then runs --queries searches as a CMS reviewer, a mix of a TIN's first five digits, two words of a
legal name and a whole NPI, each timed through `acoms.search.query.search` (ranked, 50 results). The baseline
runs the same words as `LIKE '%word%'` conditions over the same rows (no ranking, stops at 50 matches). Prints
the p50 and p95 of each and the ratio of the p95s. Target (issue 12): p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

SURNAMES = [
    "Adams",
    "Baker",
    "Carter",
    "Diaz",
    "Evans",
    "Foster",
    "Garcia",
    "Harris",
    "Ito",
    "Jensen",
    "Kim",
    "Lopez",
    "Moore",
    "Nguyen",
    "Ortiz",
    "Patel",
    "Quinn",
    "Rivera",
    "Smith",
    "Turner",
    "Underwood",
    "Vargas",
    "Walker",
    "Xu",
    "Young",
    "Zimmer",
    "Allen",
    "Brooks",
    "Chen",
    "Davis",
    "Ellis",
    "Flores",
    "Gray",
    "Hughes",
    "Irwin",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nelson",
    "Owens",
    "Price",
    "Reed",
    "Shah",
    "Thomas",
    "Ueda",
    "Vance",
    "Wong",
    "Yates",
    "Zhou",
]
PLACES = [
    "Riverside",
    "Harbor",
    "Valley",
    "Lakeshore",
    "Maple",
    "Summit",
    "Prairie",
    "Cedar",
    "Bayview",
    "Highland",
    "Meadow",
    "Granite",
    "Willow",
    "Coastal",
    "Pioneer",
    "Redwood",
    "Heritage",
    "Sunrise",
    "Canyon",
    "Northgate",
]
KINDS = [
    "Family Medicine",
    "Cardiology",
    "Pediatrics",
    "Internal Medicine",
    "Orthopedics",
    "Primary Care",
    "Oncology",
    "Clinic",
]
SUFFIXES = ("PC", "LLC", "PA", "Group", "Associates")
TRIGGERED_ROWS = 5_000


def _setup(data_dir: str):
    os.environ["DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo log-ins, not timed

    call_command("migrate", verbosity=0)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)} {rng.choice(SURNAMES)} {rng.choice(KINDS)} {rng.choice(SUFFIXES)}"


def _npi(i: int) -> str:
    from stdnum import luhn

    stem = f"1{i:08d}"
    return stem + luhn.calc_check_digit("80840" + stem)


def _without_source_triggers():
    """Drop the triggers on the source tables (the index's own FTS5 triggers stay): the world is loaded in bulk
    and indexed by one reindex, as an operator would after a restore; `schema.reindex` puts them back."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%' "
            "AND tbl_name <> 'search_entry'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER {name}")


def _world(n_acos: int, n_participants: int, n_registry: int, rng: random.Random) -> dict:
    """Writes the rows and returns what the queries are drawn from."""
    from django.db import connection
    from django.utils import timezone

    from acoms import demo
    from acoms.accounts.models import Organization
    from acoms.participants.models import EnrollmentRecord, Participant

    demo.seed_people()
    _without_source_triggers()
    aco_ids = [
        aco.pk
        for aco in Organization.objects.bulk_create(
            [
                Organization(kind="aco", name=f"{rng.choice(PLACES)} {rng.choice(SURNAMES)} ACO", aco_id=f"B{i:04d}")
                for i in range(n_acos)
            ]
        )
    ]
    now = timezone.now()
    tins = [f"{rng.choice('2345678')}{i:08d}" for i in range(n_registry)]
    npis, names, records = [], [], []
    for i in range(n_registry):  # a third TINs, two thirds NPIs reassigned to one of them
        name = _name(rng)
        names.append(name)
        npi = "" if i % 3 == 0 else _npi(i)
        if npi:
            npis.append(npi)
        records.append((tins[i - i % 3], npi, "", name, "", True, "benchmark"))
    participants = [
        (aco_ids[i % n_acos], 2027, tins[3 * i % n_registry], names[3 * i], "[]", now) for i in range(n_participants)
    ]
    with connection.cursor() as cursor:  # plain inserts: the ORM's bulk_create is the slow part at this size
        cursor.executemany(
            f"INSERT INTO {EnrollmentRecord._meta.db_table} (tin, npi, ccn, legal_name, specialty_code, "
            "bills_primary_care, source) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            records,
        )
        cursor.executemany(
            f"INSERT INTO {Participant._meta.db_table} (organization_id, py, tin, legal_name, ccns, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            participants,
        )
    return {"tins": tins, "npis": npis, "names": names}


QUERY_TYPES = ("TIN prefix", "legal-name words", "NPI")


def _queries(world: dict, n: int, rng: random.Random) -> list[str]:
    out = []
    for i in range(n):
        if i % 3 == 0:
            out.append(rng.choice(world["tins"])[:5])
        elif i % 3 == 1:
            words = rng.choice(world["names"]).split()
            out.append(f"{words[1]} {words[0]}".lower())
        else:
            out.append(rng.choice(world["npis"]))
    return out


def _like(words: list[str], limit: int = 50):
    from django.db import connection

    where = " AND ".join(["(title || ' ' || terms) LIKE %s"] * len(words))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT kind, ref, title, detail FROM search_entry WHERE {where} LIMIT %s",
            [*(f"%{w}%" for w in words), limit],
        )
        return cursor.fetchall()


def _timed(function, queries) -> list[float]:
    times = []
    for q in queries:
        start = time.perf_counter()
        function(q)
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--acos", type=int, default=500)
    p.add_argument("--participants", type=int, default=50_000)
    p.add_argument("--registry", type=int, default=500_000)
    p.add_argument("--queries", type=int, default=100)
    args = p.parse_args(argv)
    rng = random.Random(2027)
    with tempfile.TemporaryDirectory(prefix="acoms-search-bench-") as data_dir:
        _setup(data_dir)
        from django.db import connection

        from acoms.accounts.models import User
        from acoms.participants.models import EnrollmentRecord
        from acoms.search import query, schema

        start = time.perf_counter()
        world = _world(args.acos, args.participants, args.registry, rng)
        print(
            f"wrote {args.acos:,} ACOs, {args.participants:,} participant and {args.registry:,} registry rows "
            f"in {time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        counts = schema.reindex(connection)
        print(f"acoms search reindex: {sum(counts.values()):,} records in {time.perf_counter() - start:.1f} s")
        extra = [EnrollmentRecord(tin=f"9{i:08d}", legal_name=_name(rng)) for i in range(TRIGGERED_ROWS)]
        start = time.perf_counter()
        EnrollmentRecord.objects.bulk_create(extra)
        per_row = (time.perf_counter() - start) * 1000 / TRIGGERED_ROWS
        print(f"{TRIGGERED_ROWS:,} more registry rows written and indexed by the triggers: {per_row:.2f} ms a row")
        cms = User.objects.get(username="cms-reviewer")
        queries = _queries(world, args.queries, rng)
        found = [len(query.search(cms, q)) for q in queries]  # warm the page cache once, as a running site is
        fts = _timed(lambda q: query.search(cms, q), queries)
        like = _timed(lambda q: _like(query.words(q)), queries)
        print(f"{len(queries)} queries, {sum(1 for n in found if n):,} with results, {statistics.mean(found):.1f} each")
        for label, times in (("full-text (FTS5, ranked)", fts), ("LIKE '%…%' scan", like)):
            print(f"  {label:26} p50 {statistics.median(times):8.1f} ms   p95 {p95(times):8.1f} ms")
        for i, kind in enumerate(QUERY_TYPES):
            print(f"    {kind:24} p95 {p95(fts[i::3]):8.1f} ms (LIKE {p95(like[i::3]):8.1f} ms)")
        ratio = p95(like) / p95(fts)
        print(f"p95 {p95(fts):.1f} ms (target < 100 ms); the LIKE scan's p95 is {ratio:.1f} times longer")
        return 0 if p95(fts) < 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())

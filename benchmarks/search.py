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
BATCH = 10_000


def _setup(data_dir: str):
    os.environ["DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)} {rng.choice(SURNAMES)} {rng.choice(KINDS)} {rng.choice(SUFFIXES)}"


def _npi(i: int) -> str:
    from stdnum import luhn

    stem = f"1{i:08d}"
    return stem + luhn.calc_check_digit("80840" + stem)


def _world(n_acos: int, n_participants: int, n_registry: int, rng: random.Random) -> dict:
    """Writes the rows (the triggers index each one) and returns what the queries are drawn from."""
    from acoms import demo
    from acoms.accounts.models import Organization
    from acoms.participants.models import EnrollmentRecord, Participant

    demo.seed_people()
    acos = Organization.objects.bulk_create(
        [
            Organization(kind="aco", name=f"{rng.choice(PLACES)} {rng.choice(SURNAMES)} ACO", aco_id=f"B{i:04d}")
            for i in range(n_acos)
        ]
    )
    tins = [f"{rng.choice('2345678')}{i:08d}" for i in range(n_registry)]
    npis, names = [], []
    records = []
    for i in range(n_registry):  # a third TINs, two thirds NPIs reassigned to one of them
        name = _name(rng)
        names.append(name)
        if i % 3 == 0:
            records.append(EnrollmentRecord(tin=tins[i], legal_name=name))
        else:
            npis.append(_npi(i))
            records.append(EnrollmentRecord(tin=tins[i - i % 3], npi=npis[-1], legal_name=name))
    for start in range(0, len(records), BATCH):
        EnrollmentRecord.objects.bulk_create(records[start : start + BATCH])
    participants = [
        Participant(organization=acos[i % n_acos], py=2027, tin=tins[3 * i % n_registry], legal_name=names[3 * i])
        for i in range(n_participants)
    ]
    for start in range(0, len(participants), BATCH):
        Participant.objects.bulk_create(participants[start : start + BATCH])
    return {"tins": tins, "npis": npis, "names": names}


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
        from acoms.accounts.models import User
        from acoms.search import query
        from acoms.search.models import Entry

        start = time.perf_counter()
        world = _world(args.acos, args.participants, args.registry, rng)
        written = time.perf_counter() - start
        print(f"wrote and indexed {Entry.objects.count():,} records in {written:.1f} s")
        cms = User.objects.get(username="cms-reviewer")
        queries = _queries(world, args.queries, rng)
        found = [len(query.search(cms, q)) for q in queries]  # warm the page cache once, as a running site is
        fts = _timed(lambda q: query.search(cms, q), queries)
        like = _timed(lambda q: _like(query.words(q)), queries)
        print(f"{len(queries)} queries, {sum(1 for n in found if n):,} with results, {statistics.mean(found):.1f} each")
        for label, times in (("full-text (FTS5, ranked)", fts), ("LIKE '%…%' scan", like)):
            print(f"  {label:26} p50 {statistics.median(times):8.1f} ms   p95 {p95(times):8.1f} ms")
        ratio = p95(like) / p95(fts)
        print(f"p95 {p95(fts):.1f} ms (target < 100 ms); the LIKE scan's p95 is {ratio:.1f} times longer")
        return 0 if p95(fts) < 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())

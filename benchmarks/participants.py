"""Participant list validation benchmark: server-side validation of a 10,000-row participant
list and a 100,000-row provider/supplier list, against reading the same file with no validation.

    python benchmarks/participants.py [--participants 10000] [--providers 100000] [--repeat 3]

Builds a throw-away SQLite database (a temporary DATA_DIR) holding an enrollment registry with
every TIN and NPI, other ACOs' lists and attached agreements, then times, best of --repeat:
  read      read_upload(bytes): decode, parse, recognise the layout (the baseline)
  validate  read + load the rules' context from the database + every rule on every row
  save      the whole upload action: validate and save the accepted rows in one transaction
and prints each time with its ratio to `read`. Targets (issue 5): participants < 1 s, providers < 10 s.
About 1% of rows carry a mistake, so the findings path is exercised too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def _setup(data_dir: str):
    os.environ["DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "acoms.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _tins(n: int) -> list[str]:
    prefixes = ["20", "26", "27", "45", "46", "47", "81", "82", "83", "84"]
    return [f"{prefixes[i % 10]}{i:07d}" for i in range(n)]


def _npis(n: int) -> list[str]:
    from stdnum import luhn

    stems = [f"1{i:08d}" for i in range(n)]
    return [s + luhn.calc_check_digit("80840" + s) for s in stems]


def _world(n_part: int, n_prov: int):
    """Registry, agreements and a competing ACO; returns the participant and provider CSV bytes."""
    from acoms import demo
    from acoms.applications.models import Cycle
    from acoms.participants.models import AgreementDocument, EnrollmentRecord, Participant

    orgs = demo.seed_people()
    Cycle.objects.get_or_create(agreement_start=dt.date(2027, 1, 1))  # PY2027-PY2031 are years of the program
    aco, other = orgs["aco_x"], orgs["aco_y"]
    user = orgs["aco_x"].memberships.get(role="aco_executive").user
    tins = _tins(n_part)
    npis = _npis(n_prov)
    EnrollmentRecord.objects.bulk_create(
        [EnrollmentRecord(tin=t, legal_name=f"Practice {t}") for t in tins]
        + [
            EnrollmentRecord(tin=tins[i % n_part], npi=npi, legal_name=f"Clinician {npi}") for i, npi in enumerate(npis)
        ],
        batch_size=5000,
    )
    AgreementDocument.objects.bulk_create(
        [
            AgreementDocument(
                organization=aco, identifier=t, file="x.pdf", filename="x.pdf", sha256="0", uploaded_by=user
            )
            for t in tins
        ],
        batch_size=5000,
    )
    Participant.objects.bulk_create(
        [Participant(organization=other, tin=t, legal_name=f"Practice {t}", py=2027) for t in tins[::500]]
    )
    part = ["Participant TIN,Participant Legal Business Name,CCNs"]
    for i, t in enumerate(tins):
        name = f"Practice {t}" if i % 100 else "Misspelled Practice"
        part.append(f"{t},{name},{'361801' if i == 1 else ''}")
    prov = ["Billing TIN,Individual NPI,Provider Name"]
    for i, npi in enumerate(npis):
        prov.append(f"{tins[i % n_part]},{npi if i % 100 else npi[:-1] + '0'},Clinician {npi}")
    return aco, user, "\n".join(part).encode(), "\n".join(prov).encode()


def _best(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--participants", type=int, default=10_000)
    p.add_argument("--providers", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="acoms-bench-") as data_dir:
        _setup(data_dir)
        from django.db import transaction

        from acoms.participants import actions, validation
        from acoms.participants.context import context_for
        from acoms.participants.reader import read_upload

        t0 = time.perf_counter()
        aco, user, part_csv, prov_csv = _world(args.participants, args.providers)
        print(
            f"setup: {args.participants:,} TINs, {args.providers:,} NPIs in the registry "
            f"({time.perf_counter() - t0:.1f}s)"
        )
        # the providers' TINs must be on the ACO's list of each year: save the participant lists first (not timed)
        for py in (2027, 2028):
            actions.save_list(by=user, aco=aco, py=py, parsed=read_upload(part_csv), filename="p.csv", data=part_csv)
        targets = {"participants": 1.0, "providers": 10.0}
        for label, data in (("participants", part_csv), ("providers", prov_csv)):
            read_s, parsed = _best(lambda: read_upload(data, "list.csv"), args.repeat)

            def check():
                parsed = read_upload(data, "list.csv")
                return validation.validate(parsed.layout, parsed.rows, context_for(aco, 2027, parsed.layout.kind))

            validate_s, report = _best(check, args.repeat)

            def save():
                with transaction.atomic():
                    upload = actions.save_list(
                        by=user, aco=aco, py=2028, parsed=read_upload(data), filename="b.csv", data=data
                    )
                    transaction.set_rollback(True)  # each repeat starts from the same state
                return upload

            save_s, upload = _best(save, args.repeat)
            ok = "OK" if validate_s < targets[label] else "OVER TARGET"
            print(
                f"{label:>12}: {len(parsed.rows):>7,} rows, {report.error_count:,} error findings | "
                f"read {read_s:6.3f}s | validate {validate_s:6.3f}s ({validate_s / read_s:4.1f}x read; "
                f"target < {targets[label]:.0f}s: {ok}) | validate+save {save_s:6.3f}s ({save_s / read_s:4.1f}x read)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A small builder for hand-made claims datasets (test support, imported as `analytics.claims`)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from acoms.analytics import dataset


def months(start: str, end: str) -> list[dt.date]:
    a, b = dt.date.fromisoformat(start + "-01"), dt.date.fromisoformat(end + "-01")
    out = []
    while a <= b:
        out.append(a)
        a = dt.date(a.year + a.month // 12, a.month % 12 + 1, 1)
    return out


class Claims:
    """Build a claims dataset by hand: beneficiaries, enrollment months, claim lines, registry,
    participants and designations. Dates are ISO strings; money is a string or number."""

    def __init__(self):
        self.benes, self.enroll, self.lines, self.providers = [], [], [], []
        self.participants, self.designations = [], []
        self._claim = itertools.count(1)

    def bene(self, bene_id, start="2022-01", end="2025-12", death=None, **month_flags):
        """A beneficiary enrolled in Parts A and B in every month start..end. `month_flags` maps a
        column to {"YYYY-MM": value} overrides, e.g. ghp={"2025-03": True}."""
        self.benes.append(
            {
                "bene_id": bene_id,
                "birth_date": dt.date(1950, 1, 1),
                "death_date": dt.date.fromisoformat(death) if death else None,
                "sex": "F",
                "race": "1",
            }
        )
        for m in months(start, end):
            row = {
                "bene_id": bene_id,
                "month": m,
                "part_a": True,
                "part_b": True,
                "ghp": False,
                "esrd": False,
                "disabled": False,
                "dual": False,
                "county_fips": "06037",
                "other_initiative": None,
            }
            for col, overrides in month_flags.items():
                row[col] = overrides.get(m.isoformat()[:7], row[col]) if isinstance(overrides, dict) else overrides
            self.enroll.append(row)
        return bene_id

    def provider(self, npi, tin, specialty, start="2020-01-01", end=None):
        self.providers.append(
            {
                "npi": npi,
                "tin": tin,
                "specialty_code": specialty,
                "legal_name": f"TIN {tin}",
                "enrolled_from": dt.date.fromisoformat(start),
                "enrolled_to": dt.date.fromisoformat(end) if end else None,
            }
        )

    def participant(self, aco_id, tin, ccn=None, start="2022-01-01", end=None):
        self.participants.append(
            {
                "aco_id": aco_id,
                "tin": tin,
                "ccn": ccn,
                "start_date": dt.date.fromisoformat(start),
                "end_date": dt.date.fromisoformat(end) if end else None,
            }
        )

    def designate(self, bene_id, npi, date):
        self.designations.append({"bene_id": bene_id, "npi": npi, "designation_date": dt.date.fromisoformat(date)})

    def claim(
        self,
        bene_id,
        date,
        lines,
        claim_type="carrier",
        end=None,
        tin=None,
        ccn=None,
        bill_type=None,
        npi=None,
        specialty=None,
        pos="11",
    ):
        """One claim; `lines` is a list of (hcpcs, allowed) or dicts overriding line fields."""
        cid = f"{next(self._claim):013d}"
        d = dt.date.fromisoformat(date)
        for n, line in enumerate(lines, 1):
            if isinstance(line, tuple):
                line = {"hcpcs_code": line[0], "allowed_amount": line[1]}
            inst = claim_type != "carrier"
            row = {
                "claim_id": cid,
                "claim_line_number": n,
                "bene_id": bene_id,
                "claim_type": claim_type,
                "claim_start_date": d,
                "claim_end_date": dt.date.fromisoformat(end) if end else d,
                "service_date": d,
                "hcpcs_code": None,
                "revenue_center_code": "0521" if inst else None,
                "bill_type_code": bill_type,
                "place_of_service_code": None if inst else pos,
                "rendering_npi": npi,
                "rendering_specialty_code": specialty,
                "billing_tin": None if inst else tin,
                "ccn": ccn if inst else None,
                "allowed_amount": 0,
                "paid_amount": 0,
                "ime_amount": None,
                "dsh_amount": None,
            }
            row.update(line)
            row["allowed_amount"] = Decimal(str(row["allowed_amount"]))
            row["paid_amount"] = Decimal(str(row["paid_amount"]))
            self.lines.append(row)
        return cid

    def write(self, root: Path) -> Path:
        def table(name, rows):
            schema = dataset.arrow_schema(name)
            return pa.Table.from_pylist(rows, schema=schema)

        tables = {
            "beneficiary": table("beneficiary", self.benes),
            "enrollment": table("enrollment", self.enroll),
            "claim_line": table("claim_line", self.lines),
            "claim_diagnosis": table("claim_diagnosis", []),
            "provider": table("provider", self.providers),
            "voluntary_alignment": table("voluntary_alignment", self.designations),
        }
        dataset.write_dataset(tables, root)
        pacsv.write_csv(table("participants", self.participants), root / "participants.csv")
        return root

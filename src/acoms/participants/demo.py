"""Demo data: the Medicare enrollment registry, a certified list of this year for A1001 and A1002 with
providers/suppliers and SNF affiliates, carried forward to next year, signed agreements, and an open
change window for next year. The TINs come from a small synthetic claims dataset
(DATA_DIR/claims/demo-synthetic, generated once) so the assignment estimate has claims to count.
Idempotent. The years must be years of the program (`participants.years`): the applications demo
creates its cycles first and then calls this."""

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from acoms.accounts.models import User
from acoms.accounts.roles import SYSTEM
from acoms.participants import actions, estimate
from acoms.participants.layouts import LAYOUTS
from acoms.participants.models import Certification
from acoms.participants.reader import Parsed

PROGRESS = "the enrollment registry and the participant lists of A1001 and A1002"

DATASET = "demo-synthetic"
PRACTICE_NAMES = [
    "Riverside Family Medicine, PC",
    "Lakeview Internal Medicine Group",
    "Northside Primary Care, LLC",
    "Harbor Pediatrics and Adult Care",
    "Elm Street Physicians",
    "Cedar Valley Health Partners",
    "Summit Geriatrics Associates",
    "Prairie Community Health Center",
    "Bluewater Medical Group",
    "Oak Ridge Family Practice",
    "Meadowbrook Clinicians, PA",
    "Grand River Health Associates",
    "Pinecrest Internal Medicine",
    "Willow Creek Medical, LLC",
    "Stonebridge Primary Care",
    "Maple Leaf Physicians Group",
    "Ashford Community Clinic",
    "Fairview Family Health",
]
FALLBACK_TINS = {
    "A1001": ["200000000", "270015838", "460031676", "810047514"],
    "A1002": ["260007919", "450023757", "470039595", "820055433"],
}
SNFS = {
    "A1001": [("365012", "Maple Grove Nursing Center", 4), ("365187", "Buckeye Rehabilitation and Care", 3)],
    "A1002": [("145103", "Lakeshore Skilled Nursing", 5)],
}
EXTRA_REGISTRY = [  # enrolled TINs on no list: what an ACO may add in the demo
    {"tin": "840000017", "legal_name": "Westside Primary Care Associates"},
    {"tin": "300000019", "legal_name": "Valley Cardiology, LLC", "bills_primary_care": False},
]
REQUESTED_PRACTICE = {"tin": "510000014", "legal_name": "Northgate Family Clinic"}  # enrolled, on no list yet
PDF = b"%PDF-1.4\n% ACO-MS demo agreement (signed)\n%%EOF\n"


def _dataset_lists() -> dict[str, list[tuple[str, list[str]]]]:
    """{aco_id: [(tin, [ccn...])]} from the synthetic dataset's participants.csv (generated if absent)."""
    root = estimate.claims_root() / DATASET
    try:
        if not (root / "participants.csv").exists():
            from acoms.analytics.loaders import synthetic  # noqa: PLC0415

            synthetic.generate(root, benes=20_000, acos=2, py=timezone.localdate().year - 1, seed=0)
        text = (root / "participants.csv").read_text()
    except (ImportError, OSError):
        return {aco: [(tin, []) for tin in tins] for aco, tins in FALLBACK_TINS.items()}
    lists: dict[str, dict[str, list[str]]] = {}
    owner: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["end_date"] or owner.setdefault(row["tin"], row["aco_id"]) != row["aco_id"]:
            continue  # a TIN that left, or one listed by a second ACO: keep the demo lists clean
        ccns = lists.setdefault(row["aco_id"], {}).setdefault(row["tin"], [])
        if row["ccn"]:
            ccns.append(row["ccn"])
    return {aco: sorted(tins.items()) for aco, tins in lists.items()}


def _providers(tins: set[str]) -> list[dict]:
    root = estimate.claims_root() / DATASET / "provider.parquet"
    if not root.exists():
        return []
    import pyarrow.parquet as pq  # noqa: PLC0415

    table = pq.read_table(root, columns=["npi", "tin", "specialty_code"]).to_pylist()
    return [r for r in table if r["tin"] in tins]


def _template_examples() -> list[dict]:
    """The sample row of each downloadable template (layouts.py), enrolled, so the sample validates in the demo."""
    example = {kind: {c.field: c.example for c in layout.columns} for kind, layout in LAYOUTS.items()}
    participant, provider, snf = example["participants"], example["providers"], example["snf"]
    return [
        {"tin": participant["tin"], "legal_name": participant["legal_name"]},
        {"tin": provider["tin"], "npi": provider["npi"], "legal_name": provider["name"]},
        {"ccn": snf["ccn"], "legal_name": snf["name"]},
    ]


def _csv_rows(kind, rows):
    layout = LAYOUTS[kind]
    return Parsed(layout, [(i, dict(zip(layout.fields, r, strict=False))) for i, r in enumerate(rows, 2)])


@transaction.atomic
def seed(orgs) -> None:
    this_year = timezone.localdate().year
    aco_x, aco_y = orgs["aco_x"], orgs["aco_y"]
    if Certification.objects.filter(organization=aco_x, py=this_year).exists():
        return
    editors = {"A1001": User.objects.get(username="aco-executive"), "A1002": User.objects.get(username="other-aco")}
    lists = _dataset_lists()
    names = iter(PRACTICE_NAMES * 4)
    registry, tin_names = [], {}
    for aco_id in ("A1001", "A1002"):
        for tin, _ in lists.get(aco_id, []):
            tin_names[tin] = next(names)
            registry.append({"tin": tin, "legal_name": tin_names[tin]})
    registry += EXTRA_REGISTRY + [REQUESTED_PRACTICE] + _template_examples()
    all_tins = set(tin_names)
    providers = _providers(all_tins)
    for i, p in enumerate(providers):
        p["legal_name"] = (
            f"{['Jane', 'Omar', 'Lucia', 'Wei', 'Amara', 'Tom'][i % 6]} {['Rivera', 'Haddad', 'Nguyen', 'Okafor', 'Smith', 'Kowalski'][i // 6 % 6]}"
        )
        registry.append(
            {"tin": p["tin"], "npi": p["npi"], "legal_name": p["legal_name"], "specialty_code": p["specialty_code"]}
        )
    for snfs in SNFS.values():
        registry += [{"ccn": ccn, "legal_name": name} for ccn, name, _ in snfs]
    registry.append({"ccn": "235003", "legal_name": "Great Lakes Care Center"})
    actions.load_registry(by=SYSTEM, records=registry, source="ACO-MS demo (PECOS-like reference file)")

    for aco, aco_id in ((aco_x, "A1001"), (aco_y, "A1002")):
        editor = editors[aco_id]
        entries = lists.get(aco_id, [])
        for tin, _ in entries:
            actions.attach_agreement(
                by=editor,
                aco=aco,
                identifier=tin,
                upload=SimpleUploadedFile(f"agreement-{tin}.pdf", PDF, "application/pdf"),
            )
        for ccn, _, _ in SNFS[aco_id]:
            actions.attach_agreement(
                by=editor,
                aco=aco,
                identifier=ccn,
                upload=SimpleUploadedFile(f"snf-agreement-{ccn}.pdf", PDF, "application/pdf"),
            )
        for kind, rows in (
            ("participants", [(tin, tin_names[tin], "; ".join(ccns)) for tin, ccns in entries]),
            (
                "providers",
                [(p["tin"], p["npi"], p["legal_name"]) for p in providers if p["tin"] in {t for t, _ in entries}],
            ),
            ("snf", [(ccn, name, str(stars)) for ccn, name, stars in SNFS[aco_id]]),
        ):
            if rows:
                actions.save_list(
                    by=editor,
                    aco=aco,
                    py=this_year,
                    parsed=_csv_rows(kind, rows),
                    filename=f"demo-{kind}.csv",
                    data=repr(rows).encode(),
                )
        signer = User.objects.get(username="aco-signer") if aco_id == "A1001" else SYSTEM
        actions.certify(by=signer, aco=aco, py=this_year, attest=True)
        actions.carry_forward(by=editor, aco=aco, py=this_year + 1)  # next year's list, for the change window
    today = timezone.localdate()
    actions.open_change_window(
        by=SYSTEM, py=this_year + 1, opens_on=today - dt.timedelta(days=14), closes_on=today + dt.timedelta(days=45)
    )
    _change_requests(aco_x, aco_y, editors, lists)


def _change_requests(aco_x, aco_y, editors, lists) -> None:
    """One change request in each state, so the CMS queue and the ACO's changes page have something to show:
    A1001 asks to add a newly enrolled practice (pending); A1002's deletion of its SNF affiliate was approved
    and its deletion of a participant TIN denied."""
    approver = User.objects.get(username="cms-approver")
    actions.attach_agreement(
        by=editors["A1001"],
        aco=aco_x,
        identifier=REQUESTED_PRACTICE["tin"],
        upload=SimpleUploadedFile(f"agreement-{REQUESTED_PRACTICE['tin']}.pdf", PDF, "application/pdf"),
    )
    actions.request_change(by=editors["A1001"], aco=aco_x, kind="participants", action="add", raw=REQUESTED_PRACTICE)
    snf = actions.request_change(
        by=editors["A1002"], aco=aco_y, kind="snf", action="delete", raw={"ccn": SNFS["A1002"][0][0]}
    )
    actions.decide_change(by=approver, change=snf, approve=True, reason="The affiliation agreement ended.")
    tins = lists.get("A1002") or [(FALLBACK_TINS["A1002"][0], [])]
    kept = actions.request_change(
        by=editors["A1002"], aco=aco_y, kind="participants", action="delete", raw={"tin": tins[0][0]}
    )
    actions.decide_change(
        by=approver,
        change=kept,
        reason="The request came without the participant's notice of termination; send it with a new request.",
        approve=False,
    )

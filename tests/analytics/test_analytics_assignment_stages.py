"""Each named stage of assignment (docs/assignment.md "Stages") on its own, on DuckDB and PySpark.

One small hand-made dataset, PY2025 retrospective (window 2025, expanded window 2024-2025). ACO A1001 has TIN T1 and
FQHC CCN F1; ACO A1002 has TIN T2; TIN T_BOTH is on both lists (with CCN C_BOTH listed under it for A1001); TIN T_OLD
left A1001 at the end of 2023; TX is on no list. Every expected row below is worked by hand from 42 CFR 425.400-404
and the readings of docs/assignment.md; none comes from running the code.
"""

from decimal import Decimal as D

import pytest

from acoms.analytics import assignment as a
from acoms.analytics import dataset, parameters
from acoms.analytics import engine as eng
from analytics.claims import Claims

ACO1, ACO2 = "A1001", "A1002"
T1, T2, T_BOTH, T_OLD, TX = "111111111", "222222222", "333333333", "444444444", "999999999"
F1, C_BOTH = "221001", "221002"
PCP1, NP1, CARD1, SURG1 = "1000000001", "1000000002", "1000000003", "1000000004"
PCP2, PCP3, PCPX, NPX, NEURX = "1000000011", "1000000021", "1000000091", "1000000092", "1000000093"
CLINICIANS = {  # npi -> (tin, specialty)
    PCP1: (T1, "08"),
    NP1: (T1, "50"),
    CARD1: (T1, "06"),
    SURG1: (T1, "02"),
    PCP2: (T2, "11"),
    PCP3: (T_BOTH, "08"),
    PCPX: (TX, "08"),
    NPX: (TX, "50"),
    NEURX: (TX, "13"),
}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    c = Claims()
    for npi, (tin, spec) in CLINICIANS.items():
        c.provider(npi, tin, spec)
    c.participant(ACO1, T1)
    c.participant(ACO1, T1, ccn=F1)
    c.participant(ACO2, T2)
    c.participant(ACO1, T_BOTH)
    c.participant(ACO1, T_BOTH, ccn=C_BOTH)
    c.participant(ACO2, T_BOTH)
    c.participant(ACO1, T_OLD, end="2023-12-31")

    def visit(bene, npi, amount, date="2025-03-01", code="99213"):
        tin, spec = CLINICIANS[npi]
        return c.claim(bene, date, [(code, amount)], tin=tin, npi=npi, specialty=spec)

    # eligibility
    c.bene("OK")
    c.bene("GHP", ghp={"2025-03": True})
    c.bene("B_ONLY", part_a={"2025-05": False})
    c.bene("ABROAD", county_fips="99999")
    c.bene("OTHER", other_initiative={"2025-07": "KCC"})
    c.bene("DUAL", dual={f"2025-{m:02d}": True for m in range(1, 8)})  # 7 of 12 months
    c.bene("DIED", death="2025-04-15", ghp={"2025-06": True})  # the GHP month is after death
    # which lines count
    visit("OK", PCP1, 100)
    visit("OK", SURG1, 500)  # general surgery is neither a primary care physician nor a 425.402(c) specialist
    visit("OK", PCP1, 50, code="93000")  # not a primary care code
    visit("OK", PCPX, 80, date="2024-06-01")  # expanded window only
    visit("OK", PCP3, 500)  # T_BOTH is on two lists
    c.claim("OK", "2025-04-01", [("99213", 150)], claim_type="outpatient", ccn=F1, bill_type="771", npi=NPX)
    c.claim("OK", "2025-04-02", [("99213", 70)], claim_type="outpatient", ccn=C_BOTH, bill_type="771")
    visit("DUAL", PCP1, 40, code="99354")  # an add-on alone on its claim
    c.claim("DUAL", "2025-05-01", [("99213", 60), ("99354", 30)], tin=T1, npi=PCP1, specialty="08")
    visit("GHP", PCP1, 100)  # ineligible: counted, but no charges by entity
    visits = {  # beneficiary -> its 99213 visits (clinician, allowed, date if not 2025-03-01)
        "SUMS": [(PCP1, 100), (NP1, 70), (CARD1, 30), (PCP1, 40, "2024-02-01"), (PCPX, 80)],
        "TIE": [(PCP1, 100), (PCP2, 60), (PCP2, 40)],
        "STEP2": [(CARD1, 200), (NEURX, 150)],
        "STEP3": [(NP1, 100), (NPX, 120), (PCP1, 50, "2024-05-01")],
        "NO_POOL": [(NP1, 300), (PCPX, 100)],
        "NON_ACO": [(PCP1, 100), (PCPX, 150)],
        "NPP_ONLY_OUTSIDE": [(NPX, 90)],  # no physician service anywhere, no ACO service: not assignable
        # in A1002's pool; an A1001 NP in 2025 and an A1001 physician in 2024
        "RETRY": [(PCP2, 50), (NP1, 300), (PCP1, 40, "2024-05-01")],
        "VA_IN": [(PCP1, 500)],
        "VA_OUT": [(PCP1, 100)],
    }
    for bene, seen in visits.items():
        c.bene(bene)
        for v in seen:
            visit(bene, *v)
    # voluntary alignment
    c.designate("VA_IN", PCP2, "2024-06-01")
    c.designate("VA_OUT", PCPX, "2024-06-01")
    c.bene("VA_INELIGIBLE", ghp={"2025-02": True})
    c.designate("VA_INELIGIBLE", PCP2, "2024-06-01")
    return c.write(tmp_path_factory.mktemp("stages") / "claims")


@pytest.fixture
def tables(engine, data):
    return dataset.open_dataset(data).tables(engine, dataset.read_participants(data / "participants.csv"))


P = parameters.for_year(2025)


def rows(expr, *columns, where=None):
    """The rows of `expr` as tuples of `columns` in the order of their text, optionally for some beneficiaries."""
    out = []
    for r in eng.to_arrow(expr).to_pylist():
        if where is None or r["bene_id"] in where:
            out.append(tuple(r[c] for c in columns))
    return sorted(out, key=lambda r: tuple("" if v is None else str(v) for v in r))


def _services(engine, tables):
    return a.counted_lines(engine, tables, a.competing_entities(tables["participants"], P), P)


def _totals(engine, tables):
    elig = a.eligibility(tables, P)
    eligible = elig.filter(elig.eligible).select("bene_id")
    return a.allowed_charges_by_entity(a.primary_care_services(_services(engine, tables)), eligible)


def test_competing_entities_drop_a_tin_on_two_lists_and_the_ccns_under_it(tables):
    entities = a.competing_entities(tables["participants"], P)
    got = rows(entities, "key_kind", "key", "excluded")
    # T_OLD's list row ended before 2025: it is no entity of A1001 (it competes on its own, as any other TIN)
    assert got == [
        ("ccn", F1, False),
        ("ccn", C_BOTH, True),
        ("tin", T1, False),
        ("tin", T2, False),
        ("tin", T_BOTH, True),
    ]
    owners = rows(entities.filter(~entities.excluded), "key", "aco_id")
    assert owners == [(T1, ACO1), (F1, ACO1), (T2, ACO2)]


def test_eligibility_gives_the_first_failing_condition_and_the_majority_enrollment_type(tables):
    got = rows(
        a.eligibility(tables, P),
        "bene_id",
        "eligible",
        "ineligible_reason",
        "enrollment_type",
        where={"OK", "GHP", "B_ONLY", "ABROAD", "OTHER", "DUAL", "DIED"},
    )
    assert got == [
        ("ABROAD", False, "resides outside the U.S.", "aged_nondual"),
        ("B_ONLY", False, "Part A-only or Part B-only month", "aged_nondual"),
        ("DIED", True, None, "aged_nondual"),
        ("DUAL", True, None, "aged_dual"),
        ("GHP", False, "Medicare group health plan month", "aged_nondual"),
        ("OK", True, None, "aged_nondual"),
        ("OTHER", False, "aligned to another shared-savings initiative", "aged_nondual"),
    ]


def test_counted_lines_keep_primary_care_services_under_their_competing_entity(engine, tables):
    got = rows(_services(engine, tables), "cls", "entity_kind", "entity_id", "in_w", "in_x", "amt", where={"OK"})
    assert got == [
        # the FQHC line counts as a primary care physician service of the ACO whose CCN it is, whoever rendered it
        ("pcp", "aco", ACO1, True, True, D("100.00")),
        ("pcp", "aco", ACO1, True, True, D("150.00")),
        ("pcp", "tin", TX, False, True, D("80.00")),
    ]


def test_primary_care_services_drop_an_add_on_alone_on_its_claim(engine, tables):
    counted = rows(_services(engine, tables), "is_addon", "amt", where={"DUAL"})
    assert counted == [(False, D("60.00")), (True, D("30.00")), (True, D("40.00"))]
    kept = rows(a.primary_care_services(_services(engine, tables)), "is_addon", "amt", where={"DUAL"})
    assert kept == [(False, D("60.00")), (True, D("30.00"))]


def test_allowed_charges_by_entity_sum_each_step_and_skip_ineligible_beneficiaries(engine, tables):
    columns = ("entity_id", "pn12", "sp12", "all24", "phys12", "pn12_any", "npp12", "phys24")
    got = rows(_totals(engine, tables), *columns, where={"SUMS", "GHP"})
    assert got == [
        (TX, D("80.00"), D("0.00"), D("80.00"), True, True, False, True),
        (ACO1, D("170.00"), D("30.00"), D("240.00"), True, True, True, True),  # PCP 100 + NP 70; card 30; + 2024 40
    ]


def test_candidate_steps_pick_the_deciding_step_and_the_pre_step_pool(engine, tables):
    got = rows(
        a.candidate_steps(_totals(engine, tables), P),
        "bene_id",
        "cand_step",
        "pooled",
        where={"TIE", "STEP2", "STEP3", "NO_POOL", "NPP_ONLY_OUTSIDE", "RETRY"},
    )
    assert got == [
        ("NO_POOL", "step1", False),  # only an NP of A1001: outside every pool, ranked in step 1 for the record
        ("RETRY", "step1", True),
        ("STEP2", "step2", True),
        ("STEP3", "step3", True),
        ("TIE", "step1", True),
    ]


def test_step_ranking_ranks_every_entity_by_the_steps_charges(engine, tables):
    totals = _totals(engine, tables)
    cand = a.candidate_steps(totals, P)
    cols = ("bene_id", "entity_id", "allowed_amount", "rank", "qualifies", "n_top")
    assert rows(a.step_ranking(totals, cand, "step1"), *cols, where={"TIE", "NO_POOL"}) == [
        ("NO_POOL", TX, D("100.00"), 2, False, 1),
        ("NO_POOL", ACO1, D("300.00"), 1, False, 1),  # no A1001 physician service in the window
        ("TIE", ACO1, D("100.00"), 1, True, 2),
        ("TIE", ACO2, D("100.00"), 1, True, 2),
    ]
    assert rows(a.step_ranking(totals, cand, "step2"), *cols) == [
        ("STEP2", TX, D("150.00"), 2, False, 1),
        ("STEP2", ACO1, D("200.00"), 1, True, 1),
    ]
    assert rows(a.step_ranking(totals, cand, "step3"), *cols) == [
        ("STEP3", TX, D("120.00"), 2, False, 1),
        ("STEP3", ACO1, D("150.00"), 1, True, 1),  # NP 100 (2025) + PCP 50 (2024)
    ]


def test_top_entity_and_claims_based_outcome_break_ties_and_give_the_reason(engine, tables):
    totals = _totals(engine, tables)
    cand = a.candidate_steps(totals, P)
    ranking = a.step_ranking(totals, cand, "step1").union(a.step_ranking(totals, cand, "step2"))
    top = a.top_entity(ranking)
    assert rows(top, "bene_id", "n_top", "top_kind", "top_id", where={"TIE", "NON_ACO"}) == [
        ("NON_ACO", 1, "tin", TX),
        ("TIE", 2, "aco", ACO2),
    ]
    got = rows(
        a.claims_based(cand, top),
        "bene_id",
        "aco_id",
        "step",
        "allowed_amount",
        "reason",
        where={"TIE", "STEP2", "NO_POOL", "NON_ACO", "RETRY"},
    )
    assert got == [
        ("NON_ACO", None, "none", D("0.00"), "plurality to a non-ACO tin"),
        ("NO_POOL", None, "none", D("0.00"), "no primary care service from an ACO physician"),
        ("RETRY", None, "none", D("0.00"), "plurality ACO lacks the step's qualifying ACO service"),
        ("STEP2", ACO1, "step2", D("200.00"), "plurality of allowed charges"),
        ("TIE", None, "none", D("0.00"), "tie at the top"),
    ]


def test_step3_retry_assigns_a_beneficiary_of_another_acos_pool(engine, tables):
    totals = _totals(engine, tables)
    cand = a.candidate_steps(totals, P)
    ranking = a.step_ranking(totals, cand, "step1").union(a.step_ranking(totals, cand, "step2"))
    outcome = a.claims_based(cand, a.top_entity(ranking))
    retry = a.step3_retry_ranking(totals, cand, outcome)
    assert rows(retry, "bene_id", "entity_id", "allowed_amount", "rank", "qualifies") == [
        ("RETRY", ACO1, D("340.00"), 1, True),  # NP 300 (2025) + PCP 40 (2024)
        ("RETRY", ACO2, D("50.00"), 2, False),  # A1002's pool: its physician visit is in the window
    ]
    assert rows(a.step3_retry_winners(retry), "bene_id", "aco_id", "step", "allowed_amount") == [
        ("RETRY", ACO1, "step3", D("340.00"))
    ]


def test_voluntary_alignment_overrides_or_blocks_the_claims_and_needs_eligibility(engine, tables):
    entities = a.competing_entities(tables["participants"], P)
    va = a.voluntary(tables, entities, P)
    assert rows(va, "bene_id", "va_aco") == [("VA_IN", ACO2), ("VA_INELIGIBLE", ACO2), ("VA_OUT", None)]
    totals = _totals(engine, tables)
    cand = a.candidate_steps(totals, P)
    outcome = a.claims_based(cand, a.top_entity(a.step_ranking(totals, cand, "step1")))
    elig = a.eligibility(tables, P)
    final = a.with_voluntary_alignment(outcome, va, elig.filter(elig.eligible).select("bene_id"))
    got = rows(final, "bene_id", "aco_id", "step", "reason", where={"VA_IN", "VA_OUT", "VA_INELIGIBLE"})
    assert got == [
        ("VA_IN", ACO2, "voluntary", "voluntary alignment"),  # the claims favour A1001 ($500)
        ("VA_OUT", None, "none", "designated a clinician outside any ACO"),
    ]

"""Beneficiary assignment, one test per rule, on DuckDB and PySpark (the `engine` fixture).

Every expectation below is worked by hand from 42 CFR 425.400-425.404 and the readings of
spec §2.7 (cited per test); none comes from running the code. All golden beneficiaries live in
one hand-built dataset, assigned once per (engine, performance year, method).
"""

from decimal import Decimal as D

import pytest

from analytics.claims import Claims

ACO1, ACO2 = "A1001", "A1002"
T1, T2, T_BOTH, T_OLD = "111111111", "222222222", "333333333", "444444444"
TX, TY = "999999999", "888888888"  # not on any participant list
FQHC_A1, CAH_A2, RHC_X, ETA = "221001", "221301", "223400", "220010"
PCP1, NP1, CARD1, SURG1, NOSPEC1 = "1000000001", "1000000002", "1000000003", "1000000004", "1000000005"
PCP2, NP2, PSY2 = "1000000011", "1000000012", "1000000013"
PCP3, PCP4, CAHDOC = "1000000021", "1000000031", "1000000041"
PCPX, NPX, NEURX = "1000000091", "1000000092", "1000000093"
SPEC = {
    PCP1: "08",
    NP1: "50",
    CARD1: "06",
    SURG1: "02",
    PCP2: "11",
    NP2: "97",
    PSY2: "26",
    PCP3: "08",
    PCP4: "08",
    CAHDOC: "11",
    PCPX: "08",
    NPX: "50",
    NEURX: "13",
}
TIN = {
    PCP1: T1,
    NP1: T1,
    CARD1: T1,
    SURG1: T1,
    NOSPEC1: T1,
    PCP2: T2,
    NP2: T2,
    PSY2: T2,
    PCP3: T_BOTH,
    PCP4: T_OLD,
    CAHDOC: T2,
    PCPX: TX,
    NPX: TX,
    NEURX: TX,
}


def build() -> Claims:
    c = Claims()
    for npi, tin in TIN.items():
        c.provider(npi, tin, SPEC.get(npi, "08"))
    c.participant(ACO1, T1)
    c.participant(ACO1, T1, ccn=FQHC_A1)
    c.participant(ACO2, T2)
    c.participant(ACO2, T2, ccn=CAH_A2)
    c.participant(ACO1, T_BOTH)
    c.participant(ACO2, T_BOTH)
    c.participant(ACO1, T_OLD, end="2024-06-30")

    def visit(b, npi, amount, date="2025-03-01", code="99213", **kw):
        return c.claim(b, date, [(code, amount)], tin=TIN[npi], npi=npi, specialty=SPEC.get(npi), **kw)

    # --- step 1 ---
    visit(c.bene("S1_WIN"), PCP1, 100)
    visit("S1_WIN", PCPX, 80)
    visit(c.bene("S1_NONACO"), PCP1, 100)
    visit("S1_NONACO", PCPX, 150)
    visit(c.bene("S1_TIE"), PCP1, 100)
    visit("S1_TIE", PCP2, 60)
    visit("S1_TIE", PCP2, 40)
    visit(c.bene("S1_NPP_NO_POOL"), NP1, 300)
    visit("S1_NPP_NO_POOL", PCPX, 100)
    visit(c.bene("S1_SPEC_NOT_COUNTED"), CARD1, 500)
    visit("S1_SPEC_NOT_COUNTED", NP1, 60)
    visit("S1_SPEC_NOT_COUNTED", PCPX, 100)
    visit(c.bene("S1_NPP_WITH_POOL"), CARD1, 50)
    visit("S1_NPP_WITH_POOL", NP1, 120)
    visit("S1_NPP_WITH_POOL", PCPX, 100)
    visit(c.bene("S1_ACO_VS_ACO"), PCP1, 100)
    visit("S1_ACO_VS_ACO", NP2, 70)
    visit("S1_ACO_VS_ACO", PCP2, 50)
    # --- step 2 ---
    visit(c.bene("S2_WIN"), CARD1, 200)
    visit("S2_WIN", NEURX, 150)
    visit(c.bene("S2_LOSE"), PSY2, 100)
    visit("S2_LOSE", NEURX, 150)
    visit(c.bene("S2_GATE"), CARD1, 500)
    visit("S2_GATE", NPX, 10)
    # --- which services count ---
    visit(c.bene("NONCOUNT_SPEC"), SURG1, 500)
    visit("NONCOUNT_SPEC", PCPX, 100)
    visit(c.bene("NON_PC_CODE"), PCP1, 500, code="93000")
    visit("NON_PC_CODE", PCPX, 100)
    c.bene("NULL_SPEC")
    c.claim("NULL_SPEC", "2025-03-01", [("99213", 150)], tin=T1, npi=NOSPEC1, specialty=None)
    visit("NULL_SPEC", PCPX, 100)
    visit(c.bene("OLD_PARTICIPANT"), PCP4, 100)
    visit("OLD_PARTICIPANT", PCPX, 80)
    # --- TIN exclusivity ---
    visit(c.bene("EXCL"), PCP3, 500)
    visit("EXCL", PCP2, 100)
    visit(c.bene("EXCL_ONLY"), PCP3, 500)
    # --- CCN claims ---
    c.bene("FQHC")
    c.claim(
        "FQHC",
        "2025-03-01",
        [("99213", 150)],
        claim_type="outpatient",
        ccn=FQHC_A1,
        bill_type="771",
        npi=NPX,
        specialty="50",
    )
    visit("FQHC", PCPX, 100)
    c.bene("RHC_NONPART")
    c.claim("RHC_NONPART", "2025-03-01", [("99213", 200)], claim_type="outpatient", ccn=RHC_X, bill_type="711")
    visit("RHC_NONPART", PCP1, 100)
    c.bene("CAH2")
    c.claim(
        "CAH2",
        "2025-03-01",
        [
            {"hcpcs_code": "99213", "allowed_amount": 150, "revenue_center_code": "0960"},
            {"hcpcs_code": "99214", "allowed_amount": 1000, "revenue_center_code": "0450"},
        ],
        claim_type="outpatient",
        ccn=CAH_A2,
        bill_type="851",
        npi=CAHDOC,
        specialty="11",
    )
    visit("CAH2", PCPX, 100)
    c.bene("ETA_OPD")
    c.claim("ETA_OPD", "2025-03-01", [("G0463", 500)], claim_type="outpatient", ccn=ETA, bill_type="131")
    visit("ETA_OPD", PCP1, 100)
    # --- setting exclusions ---
    visit(c.bene("NF_IN_SNF"), PCP1, 300, code="99308", pos="31")
    visit("NF_IN_SNF", PCPX, 100)
    visit(c.bene("NF_NOT_SNF"), PCP1, 300, code="99308", pos="32")
    visit("NF_NOT_SNF", PCPX, 100)
    c.bene("NF_FQHC_IN_SNF")
    c.claim(
        "NF_FQHC_IN_SNF",
        "2025-03-01",
        [{"hcpcs_code": None, "allowed_amount": 9000, "revenue_center_code": "0191"}],
        claim_type="snf",
        end="2025-03-20",
        ccn="225001",
        bill_type="211",
    )
    c.claim("NF_FQHC_IN_SNF", "2025-03-10", [("99308", 300)], claim_type="outpatient", ccn=FQHC_A1, bill_type="771")
    visit("NF_FQHC_IN_SNF", PCPX, 100)
    visit(c.bene("ACP_INPATIENT"), PCP1, 300, code="99497", pos="21")
    visit("ACP_INPATIENT", PCPX, 100)
    visit(c.bene("ADDON_ALONE"), PCP1, 300, code="99354")
    visit("ADDON_ALONE", PCPX, 100)
    c.bene("ADDON_WITH_BASE")
    c.claim("ADDON_WITH_BASE", "2025-03-01", [("99213", 50), ("99354", 100)], tin=T1, npi=PCP1, specialty="08")
    visit("ADDON_WITH_BASE", PCPX, 120)
    # --- code lists by year and the COVID-19 PHE ---
    visit(c.bene("PHE_2023"), PCP1, 100, date="2023-03-01", code="99442")
    visit("PHE_2023", PCPX, 80, date="2023-03-01")
    visit(c.bene("PHE_CODE_2025"), PCP1, 100, code="99442")
    visit("PHE_CODE_2025", PCPX, 80)
    visit(c.bene("CODE_2025_ONLY_IN_2024"), PCP1, 100, date="2024-03-01", code="G0556")
    visit("CODE_2025_ONLY_IN_2024", PCPX, 80, date="2024-03-01")
    visit(c.bene("CODE_2025_IN_2025"), PCP1, 100, code="G0556")
    visit("CODE_2025_IN_2025", PCPX, 80)
    # --- step 3 (PY2025+, 24-month expanded window) ---
    visit(c.bene("S3_WIN"), NP1, 100)
    visit("S3_WIN", PCP1, 50, date="2024-05-01")
    visit("S3_WIN", NPX, 120)
    visit(c.bene("S3_NO_PHYSICIAN"), NP1, 100)
    visit(c.bene("S3_LOSE"), NP1, 100)
    visit("S3_LOSE", PCP1, 50, date="2024-05-01")
    visit("S3_LOSE", PCPX, 200, date="2024-06-01")
    visit(c.bene("S3_IN_POOL_GOES_STEP1"), NP1, 100)
    visit("S3_IN_POOL_GOES_STEP1", PCP1, 50, date="2024-05-01")
    visit("S3_IN_POOL_GOES_STEP1", CARD1, 70)
    # --- voluntary alignment ---
    visit(c.bene("VA_ACO"), PCP1, 500)
    c.designate("VA_ACO", PCP2, "2024-06-01")
    visit(c.bene("VA_OUTSIDE"), PCP1, 500)
    c.designate("VA_OUTSIDE", PCPX, "2024-06-01")
    visit(c.bene("VA_LATEST"), PCP1, 500)
    c.designate("VA_LATEST", PCP2, "2023-01-01")
    c.designate("VA_LATEST", PCPX, "2024-05-01")
    visit(c.bene("VA_AFTER_PY_START"), PCP1, 100)
    c.designate("VA_AFTER_PY_START", PCP2, "2025-02-01")
    c.bene("VA_NO_CLAIMS")
    c.designate("VA_NO_CLAIMS", NP1, "2024-11-30")
    c.bene("VA_INELIGIBLE", ghp={"2025-04": True})
    c.designate("VA_INELIGIBLE", PCP1, "2024-01-01")
    # --- eligibility (§425.401(a)) ---
    for name, flags in {
        "GHP_MONTH": {"ghp": {"2025-04": True}},
        "PART_A_ONLY": {"part_b": {"2025-02": False}},
        "ABROAD": {"county_fips": {"2025-12": "99999"}},
        "ABROAD_EARLY": {"county_fips": {"2025-01": "99999"}},
        "OTHER_INITIATIVE": {"other_initiative": {"2025-07": "K1234"}},
        "GHP_BEFORE_WINDOW": {"ghp": {"2024-04": True}},
    }.items():
        c.bene(name, **flags)
        visit(name, PCP1, 100)
    c.bene("DIED", death="2025-06-15", ghp=dict.fromkeys(("2025-07", "2025-08"), True))
    visit("DIED", PCP1, 100)
    c.bene("NO_ENROLLMENT", start="2022-01", end="2024-12")
    visit("NO_ENROLLMENT", PCP1, 100)
    c.bene(
        "ETYPE", esrd={f"2025-{m:02d}": True for m in range(1, 6)}, dual={f"2025-{m:02d}": True for m in range(6, 10)}
    )
    visit("ETYPE", PCP1, 100)
    # --- prospective window (Oct 2023 - Sep 2024 for PY2025, spec §2.5 [UNCONFIRMED] lag) ---
    visit(c.bene("PROSPECTIVE"), PCP1, 100, date="2024-03-01")
    visit("PROSPECTIVE", PCPX, 80, date="2024-10-15")
    return c


@pytest.fixture(scope="session")
def golden(tmp_path_factory):
    return build().write(tmp_path_factory.mktemp("golden") / "claims")


@pytest.fixture
def py2025(engine, golden, run_assignment):
    return run_assignment(engine, golden, 2025)


def money(x):
    return D(str(x)).quantize(D("0.01"))


def assigned(aco, step, amount):
    return (aco, step, money(amount))


NONE = (None, "none", money(0))


# ---- step 1: §425.402(b)(3) -------------------------------------------------------------
def test_step1_aco_with_more_pcp_charges_than_a_non_aco_tin_is_assigned(py2025):
    assert py2025.outcome("S1_WIN") == assigned(ACO1, "step1", 100)


def test_step1_non_aco_tin_with_more_charges_keeps_the_beneficiary_unassigned(py2025):
    assert py2025.outcome("S1_NONACO") == NONE
    assert py2025["S1_NONACO"]["reason"] == "plurality to a non-ACO tin"


def test_step1_exact_tie_assigns_nobody(py2025):
    # ACO1 $100 vs ACO2 $60 + $40 = $100: "greater than" is strict (reading 9)
    assert py2025.outcome("S1_TIE") == NONE
    assert {r["entity_id"]: r["rank"] for r in py2025.expl["S1_TIE"]} == {ACO1: 1, ACO2: 1}


def test_step1_aco_plurality_without_aco_physician_service_assigns_nobody(py2025):
    # NP at ACO1 $300 > PCP at TX $100, but no ACO1 physician service: not in ACO1's pool (reading 8)
    assert py2025.outcome("S1_NPP_NO_POOL") == NONE
    top = [r for r in py2025.expl["S1_NPP_NO_POOL"] if r["rank"] == 1][0]
    assert (top["entity_id"], top["qualifies"]) == (ACO1, False)


def test_step1_counts_only_pcp_and_npp_charges_not_specialists(py2025):
    # ACO1: cardiology $500 (pool only) + NP $60 = $60 in step 1 < TX PCP $100
    assert py2025.outcome("S1_SPEC_NOT_COUNTED") == NONE


def test_step1_specialist_service_puts_beneficiary_in_pool_and_npp_charges_win(py2025):
    # ACO1 pool via cardiology; step 1 ACO1 NP $120 > TX $100
    assert py2025.outcome("S1_NPP_WITH_POOL") == assigned(ACO1, "step1", 120)


def test_step1_aco_against_aco(py2025):
    # ACO1 PCP $100 vs ACO2 NP $70 + PCP $50 = $120
    assert py2025.outcome("S1_ACO_VS_ACO") == assigned(ACO2, "step1", 120)


# ---- step 2: §425.402(b)(4) -------------------------------------------------------------
def test_step2_specialist_plurality_assigns_when_no_pcp_or_npp_service(py2025):
    assert py2025.outcome("S2_WIN") == assigned(ACO1, "step2", 200)


def test_step2_non_aco_specialist_plurality_assigns_nobody(py2025):
    assert py2025.outcome("S2_LOSE") == NONE


def test_step2_is_skipped_when_any_npp_service_exists_anywhere(py2025):
    # one $10 NP visit outside the ACO sends the beneficiary to step 1, where TX wins
    assert py2025.outcome("S2_GATE") == NONE
    assert {r["step"] for r in py2025.expl["S2_GATE"]} == {"step1"}


# ---- which services and clinicians count: §425.400(c), §425.402(c), readings 3-4 ---------
def test_specialty_outside_the_lists_is_ignored(py2025):
    assert py2025.outcome("NONCOUNT_SPEC") == NONE
    assert {r["entity_id"] for r in py2025.expl["NONCOUNT_SPEC"]} == {TX}


def test_code_not_on_the_primary_care_list_is_ignored(py2025):
    assert {r["entity_id"] for r in py2025.expl["NON_PC_CODE"]} == {TX}


def test_missing_line_specialty_falls_back_to_registry_specialty(py2025):
    assert py2025.outcome("NULL_SPEC") == assigned(ACO1, "step1", 150)


def test_participant_row_that_ended_before_the_py_is_not_the_aco(py2025):
    assert py2025.outcome("OLD_PARTICIPANT") == NONE
    assert {r["entity_id"] for r in py2025.expl["OLD_PARTICIPANT"]} == {T_OLD, TX}


# ---- TIN exclusivity: §425.306(b), §425.400(a)(2)(iii), reading 7 ------------------------
def test_tin_listed_by_two_acos_counts_for_neither(py2025):
    assert py2025.outcome("EXCL") == assigned(ACO2, "step1", 100)
    assert T_BOTH not in {r["entity_id"] for r in py2025.expl["EXCL"]}
    assert py2025.outcome("EXCL_ONLY") is None  # its only service is removed from the pool


# ---- CCN claims: §425.402(f), §425.404, reading 3 ---------------------------------------
def test_fqhc_claim_under_participant_ccn_counts_as_primary_care_physician_service(py2025):
    assert py2025.outcome("FQHC") == assigned(ACO1, "step1", 150)


def test_rhc_not_on_any_list_competes_as_its_own_ccn(py2025):
    assert py2025.outcome("RHC_NONPART") == NONE
    assert py2025["RHC_NONPART"]["reason"] == "plurality to a non-ACO ccn"


def test_method_ii_cah_professional_line_counts_and_facility_line_does_not(py2025):
    assert py2025.outcome("CAH2") == assigned(ACO2, "step1", 150)


def test_hospital_outpatient_line_does_not_count(py2025):
    assert py2025.outcome("ETA_OPD") == assigned(ACO1, "step1", 100)


# ---- setting exclusions: §425.400(c)(1), reading 5 ---------------------------------------
def test_nursing_facility_visit_in_snf_place_of_service_is_excluded(py2025):
    assert py2025.outcome("NF_IN_SNF") == NONE
    assert py2025.outcome("NF_NOT_SNF") == assigned(ACO1, "step1", 300)


def test_nursing_facility_code_on_fqhc_claim_during_snf_stay_is_excluded(py2025):
    assert py2025.outcome("NF_FQHC_IN_SNF") == NONE


def test_advance_care_planning_in_inpatient_setting_is_excluded(py2025):
    assert py2025.outcome("ACP_INPATIENT") == NONE


def test_prolonged_service_addon_counts_only_with_a_primary_care_base_code(py2025):
    assert py2025.outcome("ADDON_ALONE") == NONE
    assert py2025.outcome("ADDON_WITH_BASE") == assigned(ACO1, "step1", 150)


# ---- code lists by year and the PHE: §425.400(c)(1)-(2) ----------------------------------
def test_phe_telephone_codes_count_in_a_window_with_phe_months(engine, golden, run_assignment):
    run = run_assignment(engine, golden, 2023)
    assert run.outcome("PHE_2023") == assigned(ACO1, "step1", 100)


def test_phe_telephone_codes_do_not_count_after_the_phe(py2025):
    assert py2025.outcome("PHE_CODE_2025") == NONE


def test_code_added_for_py2025_does_not_count_in_py2024(engine, golden, run_assignment):
    run = run_assignment(engine, golden, 2024)
    assert run.outcome("CODE_2025_ONLY_IN_2024") == NONE


def test_code_added_for_py2025_counts_in_py2025(py2025):
    assert py2025.outcome("CODE_2025_IN_2025") == assigned(ACO1, "step1", 100)


# ---- step 3: §425.402(b)(5), PY2025+ -----------------------------------------------------
def test_step3_npp_in_window_and_aco_physician_in_expanded_window(py2025):
    # not in any pool (no physician service in 2025); NP $100 (2025) + PCP $50 (2024) = $150 > NPX $120
    assert py2025.outcome("S3_WIN") == assigned(ACO1, "step3", 150)


def test_step3_needs_an_aco_physician_service_in_the_expanded_window(py2025):
    assert py2025.outcome("S3_NO_PHYSICIAN") is None


def test_step3_compares_charges_over_the_expanded_window(py2025):
    # ACO1 $150 vs TX PCP $200 in 2024
    assert py2025.outcome("S3_LOSE") == NONE


def test_step3_is_not_used_for_a_beneficiary_in_the_pre_step_pool(py2025):
    assert py2025.outcome("S3_IN_POOL_GOES_STEP1") == assigned(ACO1, "step1", 100)


def test_step3_does_not_exist_before_py2025(engine, golden, run_assignment):
    # PY2024 window is 2024: S3_WIN has ACO1 PCP $50 in 2024 (pool) and nothing else
    run = run_assignment(engine, golden, 2024)
    assert run.outcome("S3_WIN") == assigned(ACO1, "step1", 50)
    assert "step3" not in {r["step"] for rows in run.expl.values() for r in rows}


# ---- voluntary alignment: §425.402(e), reading 11 -----------------------------------------
def test_designation_of_an_aco_professional_overrides_claims(py2025):
    assert py2025.outcome("VA_ACO") == assigned(ACO2, "voluntary", 0)


def test_designation_of_a_non_aco_clinician_blocks_claims_based_assignment(py2025):
    assert py2025.outcome("VA_OUTSIDE") == NONE
    assert py2025["VA_OUTSIDE"]["reason"] == "designated a clinician outside any ACO"


def test_latest_designation_wins(py2025):
    assert py2025.outcome("VA_LATEST") == NONE


def test_designation_dated_in_the_py_does_not_count(py2025):
    assert py2025.outcome("VA_AFTER_PY_START") == assigned(ACO1, "step1", 100)


def test_voluntary_alignment_needs_no_claims_and_any_specialty(py2025):
    assert py2025.outcome("VA_NO_CLAIMS") == assigned(ACO1, "voluntary", 0)


def test_voluntary_alignment_needs_eligibility(py2025):
    assert py2025.outcome("VA_INELIGIBLE") is None


# ---- eligibility: §425.401(a), reading 10 -------------------------------------------------
@pytest.mark.parametrize(
    "bene,reason",
    [
        ("GHP_MONTH", "Medicare group health plan month"),
        ("PART_A_ONLY", "Part A-only or Part B-only month"),
        ("ABROAD", "resides outside the U.S."),
        ("OTHER_INITIATIVE", "aligned to another shared-savings initiative"),
    ],
)
def test_ineligible_beneficiaries_are_not_assignable(py2025, bene, reason):
    assert py2025.outcome(bene) is None
    assert py2025.ineligible[bene] == reason


def test_eligibility_is_judged_in_the_window_and_residence_at_its_end(py2025):
    assert py2025.outcome("GHP_BEFORE_WINDOW") == assigned(ACO1, "step1", 100)
    assert py2025.outcome("ABROAD_EARLY") == assigned(ACO1, "step1", 100)


def test_months_after_death_are_ignored(py2025):
    assert py2025.outcome("DIED") == assigned(ACO1, "step1", 100)


def test_no_enrollment_in_the_window_means_not_assignable(py2025):
    assert py2025.outcome("NO_ENROLLMENT") is None


def test_enrollment_type_is_the_majority_of_window_months(py2025):
    # 5 ESRD months, 4 aged/dual, 3 aged/non-dual
    assert py2025["ETYPE"]["enrollment_type"] == "esrd"
    assert py2025["S1_WIN"]["enrollment_type"] == "aged_nondual"


# ---- prospective method: §425.400(a)(3) -------------------------------------------------
def test_prospective_window_is_the_12_months_ending_3_months_before_the_py(engine, golden, run_assignment):
    run = run_assignment(engine, golden, 2025, "prospective")
    # window Oct 2023 - Sep 2024: the PCP1 visit (Mar 2024) counts, the TX visit (Oct 2024) does not
    assert run.outcome("PROSPECTIVE") == assigned(ACO1, "step1", 100)


# ---- explanation table ------------------------------------------------------------------
def test_explanation_ranks_every_competing_entity(py2025):
    rows = sorted(py2025.expl["S1_WIN"], key=lambda r: r["rank"])
    assert [(r["step"], r["entity_kind"], r["entity_id"], r["allowed_amount"], r["rank"]) for r in rows] == [
        ("step1", "aco", ACO1, money(100), 1),
        ("step1", "tin", TX, money(80), 2),
    ]

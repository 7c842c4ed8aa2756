"""Synthetic claims datasets (vectorized numpy; ~1M beneficiaries in a couple of minutes).

`generate(out_dir, benes, acos, py, seed)` writes a claims dataset covering py-1 and py
(24 months) plus participants.csv. It produces every case the assignment rules distinguish:
primary care physicians, NPs/PAs/CNSs, step-2 specialists, non-counting specialties,
FQHC/RHC/method II CAH/ETA-hospital claims under CCNs, Part A-only and group-health-plan
months, deaths, beneficiaries abroad, other shared-savings initiatives, voluntary alignment
(to ACO and non-ACO clinicians), a TIN on two ACOs' lists, a participant row that ended before
the PY, nursing-facility and advance-care-planning codes in excluded settings, add-on codes,
PHE-only telephone codes and codes that count only in later years.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from acoms.lib.identifiers import MBI_ALNUM, MBI_LETTERS, npi_check_digit

from ..dataset import write_dataset

SPECIALTIES = {  # class -> (codes, weights)
    "pcp": (["01", "08", "11", "37", "38"], [0.05, 0.45, 0.4, 0.03, 0.07]),
    "npp": (["50", "97", "89"], [0.6, 0.35, 0.05]),
    "specialist": (
        ["06", "13", "16", "26", "29", "39", "46", "70", "83", "90", "12", "84"],
        [0.2, 0.1, 0.08, 0.08, 0.1, 0.08, 0.08, 0.06, 0.06, 0.06, 0.05, 0.05],
    ),
    "other": (["02", "20", "30", "48", "14", "41"], [0.2, 0.2, 0.2, 0.15, 0.1, 0.15]),
}
CLASS_SHARE = {"pcp": 0.38, "npp": 0.25, "specialist": 0.22, "other": 0.15}
# (code, weight, base allowed $) for the first line of a professional visit
VISIT_CODES = [
    ("99213", 0.28, 92),
    ("99214", 0.22, 131),
    ("99212", 0.05, 57),
    ("99215", 0.04, 184),
    ("G0439", 0.05, 133),
    ("G0438", 0.01, 175),
    ("99490", 0.04, 62),
    ("99497", 0.01, 85),
    ("99308", 0.03, 88),
    ("99348", 0.02, 95),
    ("99421", 0.01, 15),
    ("G2012", 0.01, 13),
    ("99442", 0.01, 55),
    ("98016", 0.01, 14),
    ("G0556", 0.01, 15),
    ("99495", 0.02, 200),
    ("99484", 0.01, 44),
    ("G0136", 0.01, 18),
    ("93000", 0.06, 17),
    ("71046", 0.05, 28),
    ("20610", 0.04, 60),
    ("99203", 0.03, 110),
    ("G0463", 0.0, 120),
]
EXTRA_CODES = [
    ("36415", 0.3, 3),
    ("80053", 0.2, 11),
    ("85025", 0.15, 8),
    ("81002", 0.1, 3),
    ("G2211", 0.15, 16),
    ("99354", 0.05, 100),
    ("99406", 0.05, 15),
]
COUNTIES = ["06037", "17031", "48201", "04013", "06073", "12086", "36047", "53033", "26163", "72127"]
DX = ["E119", "I10", "E785", "J449", "N183", "F329", "I2510", "M170", "Z0000", "R05"]
_NONE = np.array(None, dtype=object)  # the null of the object arrays below
EIN_PREFIXES = ["20", "26", "27", "45", "46", "47", "81", "82", "83", "84"]


def _log(msg: str, progress: bool) -> None:
    if progress:
        print(f"[synth] {msg}", file=sys.stderr, flush=True)


def _choice(rng, items, weights, size):
    w = np.asarray(weights, float)
    return rng.choice(len(items), size=size, p=w / w.sum())


def _strings(values: list[str], idx: np.ndarray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(idx))


def _padded(ints: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pa.array(ints).cast(pa.string()), width, "0")


def mbis(n: int, offset: int = 0) -> pa.Array:
    """n distinct MBI-format identifiers (vectorized mixed radix)."""
    i = np.arange(n, dtype=np.int64) + offset
    L, A = np.frombuffer(MBI_LETTERS.encode(), np.uint8), np.frombuffer(MBI_ALNUM.encode(), np.uint8)
    D = np.frombuffer(b"0123456789", np.uint8)
    radices = [(D[1:], 9), (L, 20), (A, 30), (D, 10), (L, 20), (A, 30), (D, 10), (L, 20), (L, 20), (D, 10), (D, 10)]
    out = np.empty((n, 11), np.uint8)
    for pos in range(10, -1, -1):
        alphabet, base = radices[pos]
        out[:, pos] = alphabet[i % base]
        i = i // base
    return pa.array(out.view("S11").ravel().astype(str))


def _money(x: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(np.round(x, 2)), pa.decimal128(14, 2), safe=False)


def _dates(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype("datetime64[D]"), pa.date32())


def generate(
    out_dir,
    benes: int,
    acos: int,
    py: int,
    seed: int = 0,
    progress: bool = False,
    *,
    finance: bool = False,
    years: int = 5,
) -> dict:
    """Write a synthetic claims dataset to `out_dir`; returns a small summary. With `finance`, the
    financial engine's dataset of `years` calendar years (`synthetic_finance.generate`)."""
    if finance:
        from . import synthetic_finance  # noqa: PLC0415 (the finance generator imports this module)

        return synthetic_finance.generate(out_dir, benes, acos, py, seed, progress, years=years)
    t0 = time.time()
    rng = np.random.default_rng(seed)
    n, k = int(benes), max(1, int(acos))
    start = np.datetime64(f"{py - 1}-01-01")
    py_start, end = np.datetime64(f"{py}-01-01"), np.datetime64(f"{py}-12-31")
    c = clinicians(rng, n, k, py, seed)

    # --- beneficiaries and enrollment ----------------------------------------------------
    _log(f"{n:,} beneficiaries, {c['n_tins']:,} TINs, {len(c['prov_tin']):,} clinicians, {k} ACOs", progress)
    bene_ids = mbis(n, offset=int(rng.integers(0, 10**9)))
    age = rng.integers(66, 96, n)
    disabled = rng.random(n) < 0.1
    age[disabled] = rng.integers(30, 64, disabled.sum())
    birth = (py_start - (age * 365.25).astype("timedelta64[D]")).astype("datetime64[D]")
    dies = rng.random(n) < 0.02
    death = np.where(dies, py_start + rng.integers(0, 365, n).astype("timedelta64[D]"), np.datetime64("NaT", "D"))
    beneficiary = pa.table(
        {
            "bene_id": bene_ids,
            "birth_date": _dates(birth),
            "death_date": pa.array(death.astype("datetime64[D]"), pa.date32(), mask=~dies),
            "sex": _strings(["F", "M"], rng.integers(0, 2, n)),
            "race": _strings(list("0123456"), _choice(rng, list("0123456"), [1, 75, 10, 3, 3, 6, 2], n)),
        }
    )
    enrollment = _enrollment(rng, n, bene_ids, disabled, death, dies, py)
    _log(f"enrollment: {enrollment.num_rows:,} rows ({time.time() - t0:.0f}s)", progress)

    # --- visits (claims) -----------------------------------------------------------------
    claim_line, claim_dx, n_claims = _claims(
        rng,
        n,
        bene_ids,
        c["prov_tin"],
        c["prov_class"],
        c["prov_spec"],
        c["npi_str"],
        c["tin_str"],
        c["facilities"],
        death,
        dies,
        start,
        end,
        py,
    )
    _log(f"claims: {n_claims:,} claims, {claim_line.num_rows:,} lines ({time.time() - t0:.0f}s)", progress)
    provider = provider_table(c, dt.date(py - 3, 1, 1))
    voluntary = _voluntary(rng, n, bene_ids, c["npi_str"], c["prov_tin"], c["tin_aco"], py)
    tables = {
        "beneficiary": beneficiary,
        "enrollment": enrollment,
        "claim_line": claim_line,
        "claim_diagnosis": claim_dx,
        "provider": provider,
        "voluntary_alignment": voluntary,
    }
    write_dataset(tables, out_dir, extra_files={"participants.csv": c["participants"].encode()})
    _log(f"wrote {out_dir} ({time.time() - t0:.0f}s)", progress)
    return {
        "beneficiaries": n,
        "claim_lines": claim_line.num_rows,
        "claims": n_claims,
        "tins": c["n_tins"],
        "clinicians": len(c["prov_tin"]),
        "acos": k,
        "seconds": round(time.time() - t0, 1),
    }


def clinicians(rng, n: int, k: int, py: int, seed: int, benes_per_tin: int = 300) -> dict:
    """Clinicians (NPI, specialty class and code, TIN), registry rows, TINs on ACO lists, CCN facilities and
    the participants.csv text."""
    n_tins = max(12, n // benes_per_tin)
    per_tin = 1 + rng.poisson(4, n_tins)
    prov_tin = np.repeat(np.arange(n_tins), per_tin)
    n_npi = len(prov_tin)
    classes = list(CLASS_SHARE)
    prov_class = _choice(rng, classes, list(CLASS_SHARE.values()), n_npi)
    prov_spec = np.empty(n_npi, dtype=object)
    for ci, cls in enumerate(classes):
        codes, w = SPECIALTIES[cls]
        m = prov_class == ci
        prov_spec[m] = np.asarray(codes)[_choice(rng, codes, w, m.sum())]
    stems = [f"1{200_000_00 + i:08d}"[-9:] for i in range(n_npi)]
    npi_str = [s + npi_check_digit(s) for s in stems]
    tin_str = [EIN_PREFIXES[i % 10] + f"{(i * 7919 + seed) % 10_000_000:07d}" for i in range(n_tins)]
    assert len(set(tin_str)) == n_tins
    # 2% of clinicians also reassign to a second TIN (an extra registry row)
    second = rng.random(n_npi) < 0.02
    reg_npi = np.concatenate([np.arange(n_npi), np.flatnonzero(second)])
    reg_tin = np.concatenate([prov_tin, (prov_tin[second] + rng.integers(1, n_tins, second.sum())) % n_tins])
    tin_aco = np.full(n_tins, -1)
    n_part = int(n_tins * 0.45)
    tin_aco[:n_part] = np.arange(n_part) % k
    facilities = _facilities(rng, n, n_tins)
    return {
        "n_tins": n_tins,
        "prov_tin": prov_tin,
        "prov_class": prov_class,
        "prov_spec": prov_spec,
        "npi_str": npi_str,
        "tin_str": tin_str,
        "reg_npi": reg_npi,
        "reg_tin": reg_tin,
        "tin_aco": tin_aco,
        "facilities": facilities,
        "participants": _participants(tin_str, tin_aco, facilities, k, py),
    }


def provider_table(c: dict, enrolled_from: dt.date) -> pa.Table:
    """The registry (provider.parquet) of `clinicians`, every row enrolled from `enrolled_from`."""
    reg_npi, reg_tin, tin_str = c["reg_npi"], c["reg_tin"], c["tin_str"]
    return pa.table(
        {
            "npi": _strings(c["npi_str"], reg_npi),
            "tin": _strings(tin_str, reg_tin),
            "specialty_code": pa.array(c["prov_spec"][reg_npi].astype(str)),
            "legal_name": pc.binary_join_element_wise("Practice ", _strings(tin_str, reg_tin), ""),
            "enrolled_from": pa.array([enrolled_from] * len(reg_npi), pa.date32()),
            "enrolled_to": pa.nulls(len(reg_npi), pa.date32()),
        }
    )


def _facilities(rng, n, n_tins):
    """CCN facilities: kind, CCN, owner TIN index. Owners alternate participant / not."""
    n_fac = max(8, n // 4000)
    kinds = np.array(["fqhc", "rhc", "cah", "eta"])[np.arange(n_fac) % 4]
    base = {"fqhc": 1000, "rhc": 3400, "cah": 1300, "eta": 1}
    ccn = [f"{10 + i % 40:02d}{base[kd] + i // 4 % 90:04d}" for i, kd in enumerate(kinds)]
    owner = np.where(
        np.arange(n_fac) % 8 < 4,
        np.arange(n_fac) % max(1, int(n_tins * 0.45)),
        n_tins - 1 - np.arange(n_fac) % max(1, n_tins // 2),
    )
    return {"kind": kinds, "ccn": ccn, "owner": owner}


def _participants(tin_str, tin_aco, fac, k, py) -> str:
    rows = ["aco_id,tin,ccn,start_date,end_date"]
    aco = lambda a: f"A{1001 + a}"  # noqa: E731
    start = f"{py - 1}-01-01"
    part = np.flatnonzero(tin_aco >= 0)
    for i in part:
        rows.append(f"{aco(tin_aco[i])},{tin_str[i]},,{start},")
    for kind, ccn, owner in zip(fac["kind"], fac["ccn"], fac["owner"], strict=True):
        if tin_aco[owner] >= 0 and kind != "eta":
            rows.append(f"{aco(tin_aco[owner])},{tin_str[owner]},{ccn},{start},")
    if k >= 2 and len(part) > 2:  # one TIN on two ACOs' lists (counts for neither)
        i = part[-1]
        rows.append(f"{aco((tin_aco[i] + 1) % k)},{tin_str[i]},,{start},")
    if len(part) > 3:  # a participant that left before the PY (its row is not in force)
        rows[len(part) - 1] += f"{py - 1}-06-30"
    return "\n".join(rows) + "\n"


def _enrollment(rng, n, bene_ids, disabled, death, dies, py) -> pa.Table:
    months = np.array([np.datetime64(f"{py - 1 + m // 12}-{m % 12 + 1:02d}-01") for m in range(24)])
    alive = np.ones((n, 24), bool)
    dmonth = (death.astype("datetime64[M]") - months[0].astype("datetime64[M]")).astype(int)
    alive[dies] = np.arange(24)[None, :] <= dmonth[dies, None]
    part_b = np.ones((n, 24), bool)
    a_only = rng.random(n) < 0.02
    part_b[a_only, : rng.integers(1, 24)] = False
    ghp = np.zeros((n, 24), bool)
    ma = np.flatnonzero(rng.random(n) < 0.04)
    ghp[ma[:, None], np.arange(24)[None, :]] = np.arange(24)[None, :] >= rng.integers(0, 24, len(ma))[:, None]
    esrd = np.repeat((rng.random(n) < 0.01)[:, None], 24, 1)
    dual = np.repeat((rng.random(n) < 0.15)[:, None], 24, 1)
    county_idx = np.repeat(rng.integers(0, len(COUNTIES), n)[:, None], 24, 1)
    abroad = np.flatnonzero(rng.random(n) < 0.005)
    county_idx[abroad, 21:] = len(COUNTIES)
    other = np.zeros((n, 24), bool)
    other[rng.random(n) < 0.01, 12:] = True
    m = alive.ravel()
    rows = np.repeat(np.arange(n), 24)[m]
    return pa.table(
        {
            "bene_id": bene_ids.take(pa.array(rows)),
            "month": _dates(np.tile(months, n)[m]),
            "part_a": np.ones(m.sum(), bool),
            "part_b": part_b.ravel()[m],
            "ghp": ghp.ravel()[m],
            "esrd": esrd.ravel()[m],
            "disabled": np.repeat(disabled, 24)[m],
            "dual": dual.ravel()[m],
            "county_fips": _strings(COUNTIES + ["99999"], county_idx.ravel()[m]),
            "other_initiative": pa.array(np.where(other.ravel()[m], "K0001", _NONE).astype(object), pa.string()),
        }
    )


def _claims(rng, n, bene_ids, prov_tin, prov_class, prov_spec, npi_str, tin_str, fac, death, dies, start, end, py):
    line, _, _ = _visit_lines(
        rng, n, bene_ids, prov_tin, prov_class, prov_spec, npi_str, tin_str, fac, death, dies, start, end
    )
    v = len(pc.unique(line["claim_id"]))
    stays = _stays(rng, n, bene_ids, death, dies, start, end, v)
    line = pa.concat_tables([line, stays.cast(line.schema)])
    ids = pc.unique(line["claim_id"])
    nd = 1 + (rng.random(len(ids)) < 0.5)
    didx = np.repeat(np.arange(len(ids)), nd)
    seq = np.arange(len(didx)) - np.repeat(np.cumsum(nd) - nd, nd) + 1
    first_bene = pc.index_in(ids, line["claim_id"])
    dx = pa.table(
        {
            "claim_id": ids.take(pa.array(didx)),
            "bene_id": line["bene_id"].take(first_bene).take(pa.array(didx)),
            "diagnosis_sequence": seq.astype(np.int64),
            "diagnosis_code": _strings(DX, rng.integers(0, len(DX), len(didx))),
        }
    )
    return line, dx, len(ids)


def _visit_lines(
    rng,
    n,
    bene_ids,
    prov_tin,
    prov_class,
    prov_spec,
    npi_str,
    tin_str,
    fac,
    death,
    dies,
    start,
    end,
    visit_scale=7.5,
    first_claim=0,
):
    """Professional and CCN-facility visits: (claim lines, each claim's beneficiary index, each claim's day)."""
    n_npi = len(prov_tin)
    counting = np.flatnonzero(prov_class != 3)
    w = np.array([0.55, 0.2, 0.2, 0.05])[prov_class]
    home = rng.choice(n_npi, n, p=w / w.sum())
    other = rng.choice(n_npi, n, p=w / w.sum())
    # visits per beneficiary over the span (gamma-Poisson, mean 2 x visit_scale); some have none
    visits = rng.poisson(rng.gamma(2.0, visit_scale, n))
    bene = np.repeat(np.arange(n), visits)
    v = len(bene)
    last = np.where(dies, death.astype("datetime64[D]"), end)
    span = (last - start).astype(int) + 1
    day = start + (rng.random(v) * span[bene]).astype(int).astype("timedelta64[D]")
    u = rng.random(v)
    npi = np.where(u < 0.55, home[bene], np.where(u < 0.8, other[bene], counting[rng.integers(0, len(counting), v)]))
    # institutional visits: 10% of beneficiaries use a CCN facility for most visits
    fac_of = np.where(rng.random(n) < 0.10, rng.integers(0, len(fac["ccn"]), n), -1)
    inst = (fac_of[bene] >= 0) & (rng.random(v) < 0.7)
    fidx = np.where(inst, fac_of[bene], 0)
    fkind = fac["kind"][fidx]
    lines_per = 1 + rng.binomial(2, 0.45, v)
    cl = np.repeat(np.arange(v), lines_per)
    line_no = np.arange(len(cl)) - np.repeat(np.cumsum(lines_per) - lines_per, lines_per) + 1
    first = line_no == 1
    vc, vw, va = zip(*VISIT_CODES, strict=True)
    ec, ew, ea = zip(*EXTRA_CODES, strict=True)
    code_first = _choice(rng, vc, vw, len(cl))
    code_extra = _choice(rng, ec, ew, len(cl))
    codes = list(vc) + list(ec)
    code = np.where(first, code_first, len(vc) + code_extra)
    ccl = inst[cl]
    kind_l = fkind[cl]
    code = np.where(ccl & first & (kind_l == "eta"), vc.index("G0463"), code)
    base = np.array(list(va) + list(ea), float)[code]
    allowed = base * rng.lognormal(0, 0.15, len(cl))
    pos = np.where(
        np.isin(code, [vc.index("99308")]),
        np.where(rng.random(len(cl)) < 0.5, 1, 2),
        np.where(code == vc.index("99497"), np.where(rng.random(len(cl)) < 0.3, 3, 0), 0),
    )
    pos_s = ["11", "31", "32", "21"]
    clinician = npi[cl]
    spec = prov_spec[clinician].astype(str)
    spec_known = rng.random(len(cl)) > 0.05
    is_carrier = ~ccl
    bill = np.select([kind_l == "fqhc", kind_l == "rhc", kind_l == "cah"], ["771", "711", "851"], "131")
    rev = np.select([kind_l == "fqhc", kind_l == "rhc", kind_l == "cah"], ["0521", "0521", "0960"], "0510")
    ctype = np.where(ccl, "outpatient", "carrier")
    line_day = day[cl]
    claim_id = _padded(np.arange(v, dtype=np.int64) + 10**11 + first_claim, 13)
    mask_inst = pa.array(ccl)
    line = pa.table(
        {
            "claim_id": claim_id.take(pa.array(cl)),
            "claim_line_number": line_no.astype(np.int64),
            "bene_id": bene_ids.take(pa.array(bene[cl])),
            "claim_type": pa.array(ctype),
            "claim_start_date": _dates(line_day),
            "claim_end_date": _dates(line_day),
            "service_date": _dates(line_day),
            "hcpcs_code": _strings(codes, code),
            "revenue_center_code": pc.if_else(mask_inst, pa.array(rev), pa.nulls(len(cl), pa.string())),
            "bill_type_code": pc.if_else(mask_inst, pa.array(bill), pa.nulls(len(cl), pa.string())),
            "place_of_service_code": pc.if_else(mask_inst, pa.nulls(len(cl), pa.string()), _strings(pos_s, pos)),
            "rendering_npi": pc.if_else(
                pa.array(is_carrier | (kind_l == "cah")), _strings(npi_str, clinician), pa.nulls(len(cl), pa.string())
            ),
            "rendering_specialty_code": pc.if_else(
                pa.array((is_carrier | (kind_l == "cah")) & spec_known), pa.array(spec), pa.nulls(len(cl), pa.string())
            ),
            "billing_tin": pc.if_else(
                mask_inst, pa.nulls(len(cl), pa.string()), _strings(tin_str, prov_tin[clinician])
            ),
            "ccn": pc.if_else(mask_inst, _strings(list(fac["ccn"]), fidx[cl]), pa.nulls(len(cl), pa.string())),
            "allowed_amount": _money(allowed),
            "paid_amount": _money(allowed * 0.8),
            "ime_amount": pa.nulls(len(cl), pa.decimal128(14, 2)),
            "dsh_amount": pa.nulls(len(cl), pa.decimal128(14, 2)),
        }
    )
    return line, bene, day


def _stays(rng, n, bene_ids, death, dies, start, end, first_claim) -> pa.Table:
    """SNF and inpatient stays and DME claims (one line each)."""
    who = np.flatnonzero(rng.random(n) < 0.08)
    m = len(who)
    kind = np.array(["snf", "inpatient", "dme"])[rng.integers(0, 3, m)]
    last = np.where(dies[who], death[who].astype("datetime64[D]"), end)
    span = np.maximum((last - start).astype(int) - 30, 1)
    s = start + (rng.random(m) * span).astype(int).astype("timedelta64[D]")
    e = s + np.where(kind == "dme", 0, rng.integers(3, 30, m)).astype("timedelta64[D]")
    amt = np.where(kind == "dme", 180.0, np.where(kind == "snf", 9000.0, 14000.0)) * rng.lognormal(0, 0.2, m)
    inst = kind != "dme"
    return pa.table(
        {
            "claim_id": _padded(np.arange(m, dtype=np.int64) + 10**11 + first_claim, 13),
            "claim_line_number": np.ones(m, np.int64),
            "bene_id": bene_ids.take(pa.array(who)),
            "claim_type": pa.array(kind),
            "claim_start_date": _dates(s),
            "claim_end_date": _dates(e),
            "service_date": _dates(s),
            "hcpcs_code": pa.array(np.where(kind == "dme", "E0601", _NONE).astype(object), pa.string()),
            "revenue_center_code": pa.array(
                np.where(kind == "snf", "0191", np.where(inst, "0120", _NONE)).astype(object), pa.string()
            ),
            "bill_type_code": pa.array(
                np.where(kind == "snf", "211", np.where(inst, "111", _NONE)).astype(object), pa.string()
            ),
            "place_of_service_code": pa.array(np.where(inst, _NONE, "12").astype(object), pa.string()),
            "rendering_npi": pa.nulls(m, pa.string()),
            "rendering_specialty_code": pa.nulls(m, pa.string()),
            "billing_tin": pa.nulls(m, pa.string()),
            "ccn": pa.array(
                np.where(inst, np.where(kind == "snf", "105001", "100001"), _NONE).astype(object), pa.string()
            ),
            "allowed_amount": _money(amt),
            "paid_amount": _money(amt * 0.85),
            "ime_amount": pa.nulls(m, pa.decimal128(14, 2)),
            "dsh_amount": pa.nulls(m, pa.decimal128(14, 2)),
        }
    )


def _voluntary(rng, n, bene_ids, npi_str, prov_tin, tin_aco, py) -> pa.Table:
    who = np.flatnonzero(rng.random(n) < 0.01)
    m = len(who)
    npi = rng.integers(0, len(npi_str), m)
    when = np.datetime64(f"{py - 1}-01-01") + rng.integers(0, 540, m).astype("timedelta64[D]")
    return pa.table(
        {"bene_id": bene_ids.take(pa.array(who)), "npi": _strings(npi_str, npi), "designation_date": _dates(when)}
    )

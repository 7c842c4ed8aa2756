from acoms.lib import identifiers as ids


def test_npi_luhn_with_80840_prefix():
    assert ids.is_npi("1234567893")  # the CMS NPI check-digit example
    assert not ids.is_npi("1234567890")
    assert ids.is_npi(ids.make_npi(42))
    assert not ids.is_npi(1234567893)  # identifiers are strings


def test_tin_ccn_mbi_aco():
    assert ids.is_tin("012345678") and not ids.is_tin("12345678")
    assert ids.normalize_tin("01-2345678") == "012345678"
    assert ids.is_ccn("221301") and ids.ccn_facility_kind("221301") == "cah"
    assert ids.ccn_facility_kind("221001") == "fqhc" and ids.ccn_facility_kind("223400") == "rhc"
    assert ids.is_mbi("1EG4TE5MK73") and not ids.is_mbi("1EG4TE5MK7S")
    assert ids.is_aco_id("A1001") and not ids.is_aco_id("1001")

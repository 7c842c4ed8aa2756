"""The Beneficiary Data Sharing Exclusion file (BNEX, code 114) of an ACO and PY, in CMS's XML layout
(program-deliverables.md §3.4: row tag `Beneficiary`; MBI, HICN, names, DOB as YYYYMMDD, GENDER,
BENEEXCREASONS; header HEADERCODE, FILECREATIONDATE, PERFORMANCEYEAR, REPORTMONTH).

Rows: the beneficiaries assigned to the ACO in the PY whose claims the ACO no longer receives because
they died (`BD`). Beneficiaries who declined data sharing (`PC`, 42 CFR 425.708) wait for a source of
data-sharing preferences the claims dataset does not have (docs/datahub.md).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from acoms.performance.alr import AlrSource

HEADER_CODE = "HDR_BENEXCLUSION"  # the header record's code as CMS's file carries it [UNCONFIRMED]


def bnex(data_dir: str, fe: Path, aco_id: str, py: int, method: str, when: dt.datetime) -> bytes:
    src = AlrSource(data_dir, fe, aco_id, py, method)
    root = ET.Element("BeneficiaryExclusionFile")
    header = ET.SubElement(root, "Header")
    for tag, value in (
        ("HEADERCODE", HEADER_CODE),
        ("ACOIDENTIFIER", aco_id),
        ("FILECREATIONDATE", f"{when:%Y%m%d}"),
        ("PERFORMANCEYEAR", str(py)),
        ("REPORTMONTH", f"{when:%m}"),
    ):
        ET.SubElement(header, tag).text = value
    benes = ET.SubElement(root, "Beneficiaries")
    for r in src.assigned:
        b = src.benes.get(r["bene_id"], {})
        died = b.get("death_date")
        if not died or died.year > py:
            continue
        row = ET.SubElement(benes, "Beneficiary")
        for tag, value in (
            ("MBI", r["bene_id"]),
            ("HICN", ""),
            ("FIRSTNAME", ""),
            ("MIDDLENAME", ""),
            ("LASTNAME", ""),
            ("DOB", f"{b['birth_date']:%Y%m%d}" if b.get("birth_date") else ""),
            ("GENDER", b.get("sex") or ""),
            ("BENEEXCREASONS", "BD"),
        ):
            ET.SubElement(row, tag).text = value
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

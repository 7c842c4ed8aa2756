"""The settlement letter (PDF) of an ACO's performance-year result: the figures of `fe_settlement` and
`fe_update`, the outcome, and the engine's explanation with its 42 CFR citations."""

from __future__ import annotations

from fpdf import FPDF

from acoms.applications.letters import _latin1 as latin1_letter
from acoms.lib.formats import long_date, money, number, percent
from acoms.performance.models import AcoResult, Run

NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}


def _latin1(text: str) -> str:
    """The PDF core fonts are Latin-1; the minus sign of our money format is not in it."""
    return latin1_letter(text.replace("\u2212", "-").replace("\u00d7", "x"))


def figures(result: AcoResult) -> list[tuple[str, str]]:
    return [
        ("Assigned beneficiaries", number(result.assigned)),
        ("Updated benchmark", money(result.benchmark)),
        ("Performance-year expenditures", money(result.expenditures)),
        ("Benchmark minus expenditures", money(result.gross_savings)),
        ("Savings rate", percent(result.savings_rate, 2)),
        ("Minimum savings rate", percent(result.msr, 2)),
        ("Minimum loss rate", percent(result.mlr, 2) if result.mlr is not None else "not applicable"),
        ("Earned shared savings (+) or losses owed (-)", money(result.earned, cents=True)),
    ]


def settlement_letter(run: Run, result: AcoResult) -> bytes:
    org = result.organization
    pdf = FPDF(format="letter")
    pdf.set_compression(False)  # plain text streams: the letter is small and its text stays searchable
    pdf.set_title(f"Settlement PY{run.py} {result.aco_id}")
    pdf.set_author("ACO-MS")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(
        0, 8, _latin1(f"Medicare Shared Savings Program - Settlement for Performance Year {run.py}"), **NEXT_LINE
    )
    pdf.set_font("Helvetica", "", 11)
    pdf.ln(2)
    when = run.published_at or run.finished_at
    lines = [
        f"{org.legal_name or org.name if org else result.aco_id} ({result.aco_id})",
        f"Date: {long_date(when)}",
        f"Result: {result.outcome.replace('_', ' ')}",
    ]
    for line in lines:
        pdf.multi_cell(0, 6, _latin1(line), **NEXT_LINE)
    pdf.ln(3)
    for label, value in figures(result):
        pdf.cell(120, 7, _latin1(label), border="B")
        pdf.cell(0, 7, _latin1(value), border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(
        0,
        6,
        _latin1(
            "Shared savings and losses are determined under 42 CFR 425.605 (BASIC track) or 425.610 "
            "(ENHANCED track), against the benchmark of 42 CFR 425.652. The Financial Reconciliation "
            "Package (file type 120) in your Data Hub lists every intermediate figure with its citation."
        ),
        **NEXT_LINE,
    )
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, "How the result was computed", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Courier", "", 7)
    for line in (result.explain or "").splitlines():
        pdf.multi_cell(0, 3.6, _latin1(line), **NEXT_LINE)
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(
        0, 4, _latin1(f"ACO-MS run {run.pk}, code version {run.code_version[:12] or 'unknown'}."), **NEXT_LINE
    )
    return bytes(pdf.output())

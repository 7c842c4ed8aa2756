"""The settlement letter (PDF) of an ACO's performance-year result: the figures of `fe_settlement` and
`fe_update`, the outcome, and the engine's explanation with its 42 CFR citations — printed like every letter
(acoms.web.pdf: a tagged PDF/UA-1 from templates/performance/settlement_letter.html)."""

from __future__ import annotations

from acoms.lib.formats import money, number, percent
from acoms.performance.models import AcoResult, Run
from acoms.web import pdf


def figures(result: AcoResult) -> list[tuple[str, str]]:
    return [
        ("Assigned beneficiaries", number(result.assigned)),
        ("Updated benchmark", money(result.benchmark)),
        ("Performance-year expenditures", money(result.expenditures)),
        ("Benchmark minus expenditures", money(result.gross_savings)),
        ("Savings rate", percent(result.savings_rate, 2)),
        ("Minimum savings rate", percent(result.msr, 2)),
        ("Minimum loss rate", percent(result.mlr, 2) if result.mlr is not None else "not applicable"),
        ("Earned shared savings (+) or losses owed (−)", money(result.earned, cents=True)),
    ]


def settlement_letter(run: Run, result: AcoResult) -> bytes:
    org = result.organization
    context = {
        "run": run,
        "result": result,
        "name": (org.legal_name or org.name) if org else result.aco_id,
        "when": run.published_at or run.finished_at,
        "outcome": result.outcome.replace("_", " "),
        "figures": figures(result),
        "explain": result.explain or "",
        "version": run.code_version[:12] or "unknown",
    }
    return pdf.letter_pdf("performance/settlement_letter.html", "letters/letter.css", context)

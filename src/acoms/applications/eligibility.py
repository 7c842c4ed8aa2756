"""Which application types and participation options an ACO may choose (spec §1.3–1.4, §1.9, §1.11).

Pure functions over plain values, so they read like the regulation and are tested without a
database: `history` is the ACO's prior agreements as (start, end, level, terminated_early)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from acoms.lib.formats import long_date
from acoms.rules import msr as msr_rules
from acoms.rules import repayment as repayment_rules
from acoms.rules.tracks import all_tracks, track

from .parameters import named, table

INITIAL = "initial"
REENTERING = "reentering"
RENEWAL = "renewal"
EARLY_RENEWAL = "early_renewal"


@dataclass(frozen=True)
class PriorAgreement:
    start: dt.date
    end: dt.date
    level: str
    terminated_early: bool = False


def application_type(history: list[PriorAgreement], agreement_start: dt.date) -> tuple[str, str]:
    """(type, reason). Renewing: continues without a break; re-entering: the same legal entity
    after a break (§425.20). An agreement still running past the new start date is renewed early."""
    if not history:
        return (
            INITIAL,
            "The ACO has no prior Shared Savings Program agreement: a new ACO applies as an initial applicant.",
        )
    latest = max(history, key=lambda a: a.end)
    if latest.end >= agreement_start:
        return EARLY_RENEWAL, (
            f"The current agreement runs until {long_date(latest.end)}, past the new start date: the ACO would "
            "terminate it and immediately start a new one (early renewal, §425.20, §425.220)."
        )
    if latest.end == agreement_start - dt.timedelta(days=1) and not latest.terminated_early:
        return RENEWAL, (
            f"The current agreement expires on {long_date(latest.end)}, the day before the new start date: "
            "the ACO renews without a break (§425.20)."
        )
    return REENTERING, (
        f"The last agreement ended on {long_date(latest.end)}, before the new start date: the same legal "
        "entity re-enters after a break (§425.20)."
    )


def experienced(history: list[PriorAgreement], participants_experienced: bool = False) -> bool:
    """Experienced with performance-based risk: the legal entity was in a two-sided initiative, or
    at least 40% of its participants were in one in any of the 5 most recent PYs (§425.20)."""
    return participants_experienced or any(a.level in all_tracks() and track(a.level).two_sided for a in history)


def glide_path_agreements(history: list[PriorAgreement]) -> int:
    return sum(1 for a in history if a.level in all_tracks() and track(a.level).is_basic)


@dataclass(frozen=True)
class Options:
    levels: tuple[str, ...]
    reasons: tuple[str, ...]
    level_a_all_years: bool


def allowed_levels(history: list[PriorAgreement], participants_experienced: bool, app_type: str) -> Options:
    exp = experienced(history, participants_experienced)
    row = next(r for r in table("tracks_allowed") if r["experience"] == ("experienced" if exp else "inexperienced"))
    levels = tuple(row["levels"].split("|"))
    reasons = [f"{'Experienced' if exp else 'Inexperienced'} with performance-based risk: {row['citation']}."]
    max_glide = int(named("program")["glide_path_max_agreements"])
    if not exp and glide_path_agreements(history) >= max_glide:
        levels = ("E", "EN")
        reasons.append(
            f"The ACO has already used the BASIC glide path for {max_glide} agreement periods "
            "(§425.600(a)(4)(i)(C)): BASIC Level E or ENHANCED only."
        )
    level_a_all_years = not exp and glide_path_agreements(history) == 0 and app_type == INITIAL
    return Options(levels, tuple(reasons), level_a_all_years)


def level_label(code: str) -> str:
    return track(code).label


def is_two_sided(code: str) -> bool:
    return track(code).two_sided


def msr_options(code: str, agreement_year: int) -> tuple:
    if not is_two_sided(code):
        return ()
    options, _ = msr_rules.two_sided_options(track(code), agreement_year)
    return options


def msr_label(option) -> str:
    return (
        "Variable (sliding scale by assigned beneficiaries)" if option == msr_rules.VARIABLE else f"{float(option):.1%}"
    )


def add_ons_allowed(code: str) -> bool:
    return code in named("program")["add_on_levels"].split("|")


RepaymentAmount = repayment_rules.RepaymentAmount


def repayment_amount(
    code: str, assigned_beneficiaries: int, per_capita_expenditure: float, participant_revenue: float
) -> RepaymentAmount | None:
    """The repayment mechanism a two-sided ACO must hold (§425.204(f)(4)); None for one-sided levels."""
    if not is_two_sided(code):
        return None
    group = "ENHANCED" if code == "EN" else "BASIC"
    row = next(r for r in table("repayment") if r["track_group"] == group)
    rule = repayment_rules.RepaymentRule(
        basis=row["basis"],
        expenditure_pct=float(row["expenditure_pct"]),
        revenue_pct=float(row["revenue_pct"]) if row["revenue_pct"] else None,
        citation=row["citation"],
    )
    return repayment_rules.repayment_amount(rule, assigned_beneficiaries, per_capita_expenditure, participant_revenue)

"""Risk standardization of a claims measure: the interface, and ACO-MS's labelled stand-in.

CMS standardizes 479 with five hierarchical logistic models whose coefficients it does not publish. A
``RiskModel`` takes the index stays (one row per stay with ``stratum`` columns and the 0/1 ``outcome``) and
returns them with ``expected``, the probability of the outcome under the model; ``standardize`` turns
observed and expected counts per ACO into the risk-standardized rate = observed / expected x the
reference rate. Any model CMS publishes (or a user fits) plugs in through ``expected``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import ibis
from ibis import _

STAND_IN_LABEL = (
    "ACO-MS stand-in, not CMS's model: indirect standardization by age band, sex and dual "
    "status against every index stay of the dataset"
)


class RiskModel(Protocol):
    label: str

    def expected(self, stays: ibis.Table) -> ibis.Table:
        """``stays`` with a float column ``expected`` (the modelled probability of the outcome)."""
        ...


class IndirectStandardization:
    """Expected = the outcome rate of the stay's stratum (age band x sex x dual) over the reference stays."""

    label = STAND_IN_LABEL
    strata = ("age_band", "sex", "dual")

    def __init__(self, reference: ibis.Table | None = None):
        self.reference = reference

    def expected(self, stays: ibis.Table) -> ibis.Table:
        ref = self.reference if self.reference is not None else stays
        rates = ref.group_by(list(self.strata)).agg(expected=_.outcome.cast("float64").mean())
        return stays.left_join(rates, list(self.strata)).select(stays, "expected")


def standardize(stays: ibis.Table, model: RiskModel, by: str = "aco_id") -> ibis.Table:
    """Per ``by``: stays, observed outcomes, expected outcomes, observed rate and the standardized rate."""
    scored = model.expected(stays)
    reference = stays.aggregate(reference_rate=_.outcome.cast("float64").mean())
    per = scored.group_by(by).agg(
        index_stays=_.count(), observed=_.outcome.cast("int64").sum(), expected=_.expected.fill_null(0.0).sum()
    )
    per = per.cross_join(reference)
    return per.mutate(
        observed_rate=per.observed.cast("float64") / per.index_stays,
        standardized_rate=ibis.ifelse(
            per.expected > 0, per.observed / per.expected * per.reference_rate, ibis.null("float64")
        ),
        method=ibis.literal(model.label),
    )


# --------------------------------------------------------------------------- rates over person-time (484)

RATE_STAND_IN_LABEL = (
    "ACO-MS stand-in, not CMS's model: indirect standardization of the admission rate by age band, sex and "
    "dual status against every cohort beneficiary of the dataset"
)


class RateModel(Protocol):
    label: str

    def expected(self, people: ibis.Table) -> ibis.Table:
        """``people`` (``outcome`` counts over ``exposure`` person-years) with a float column ``expected``
        (the modelled number of outcomes over the person's exposure)."""
        ...


class IndirectRateStandardization:
    """Expected = the person's exposure x the outcome rate per person-year of their stratum (age band x sex x
    dual) over the reference population."""

    label = RATE_STAND_IN_LABEL
    strata = ("age_band", "sex", "dual")

    def __init__(self, reference: ibis.Table | None = None):
        self.reference = reference

    def expected(self, people: ibis.Table) -> ibis.Table:
        ref = self.reference if self.reference is not None else people
        rates = ref.group_by(list(self.strata)).agg(stratum_rate=_.outcome.cast("float64").sum() / _.exposure.sum())
        j = people.left_join(rates, list(self.strata)).select(people, "stratum_rate")
        return j.mutate(expected=j.exposure * j.stratum_rate.fill_null(0.0)).drop("stratum_rate")


def standardize_rate(people: ibis.Table, model: RateModel, by: str = "aco_id", per: int = 100) -> ibis.Table:
    """Per ``by``: patients, outcomes, person-years, expected outcomes, the observed rate and the
    standardized rate = observed / expected x the reference rate, both per ``per`` person-years."""
    scored = model.expected(people)
    reference = people.aggregate(reference_rate=_.outcome.cast("float64").sum() / _.exposure.sum() * per)
    grouped = scored.group_by(by).agg(
        patients=_.count(),
        observed=_.outcome.cast("int64").sum(),
        person_years=_.exposure.sum(),
        expected=_.expected.fill_null(0.0).sum(),
    )
    grouped = grouped.cross_join(reference)
    return grouped.mutate(
        observed_rate=ibis.ifelse(
            grouped.person_years > 0, grouped.observed / grouped.person_years * per, ibis.null("float64")
        ),
        standardized_rate=ibis.ifelse(
            grouped.expected > 0, grouped.observed / grouped.expected * grouped.reference_rate, ibis.null("float64")
        ),
        method=ibis.literal(model.label),
    )


# --------------------------------------------------------------------------- models whose coefficients are an input


def _linear_predictor(table: ibis.Table, coefficients: Mapping[str, float]) -> ibis.FloatingValue:
    """intercept + the coefficient of each ``column=value`` term the row has (``"sex=M"``, ``"dual=true"``)."""
    lp = ibis.literal(float(coefficients.get("intercept", 0.0)))
    for term, beta in coefficients.items():
        if term == "intercept":
            continue
        column, _sep, value = term.partition("=")
        if column not in table.columns:
            raise ValueError(f"coefficient {term!r}: no column {column!r} in the stays")
        cell = table[column].cast("string").lower()
        lp = lp + ibis.ifelse(cell == value.lower(), float(beta), 0.0)
    return lp


class LogisticModel:
    """A binary outcome (479): expected = 1 / (1 + exp(-lp)), lp from the given coefficients. CMS's own
    hierarchical models are not published; whoever has coefficients passes them here, with their label."""

    def __init__(self, coefficients: Mapping[str, float], label: str):
        self.coefficients, self.label = dict(coefficients), label

    def expected(self, stays: ibis.Table) -> ibis.Table:
        lp = _linear_predictor(stays, self.coefficients)
        return stays.mutate(expected=1.0 / (1.0 + (-lp).exp()))


class PoissonRateModel:
    """A count over person-time (484): expected = exposure x exp(lp), lp from the given coefficients (the
    MIF's negative binomial model has the same mean)."""

    def __init__(self, coefficients: Mapping[str, float], label: str):
        self.coefficients, self.label = dict(coefficients), label

    def expected(self, people: ibis.Table) -> ibis.Table:
        lp = _linear_predictor(people, self.coefficients)
        return people.mutate(expected=people.exposure * lp.exp())

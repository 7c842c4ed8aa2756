"""{% estimate_summary aco %}: the ACO's latest assignment estimate against the minimum, for the ACO home."""

from django import template

from acoms.participants import estimate_chart
from acoms.participants.reference import MINIMUM_ASSIGNED

register = template.Library()


@register.inclusion_tag("participants/_estimate_summary.html")
def estimate_summary(aco):
    run = estimate_chart.latest(aco)
    if run is None:
        return {"aco": aco, "run": None}
    return {
        "aco": aco,
        "run": run,
        "chart": estimate_chart.chart(run),
        "below": estimate_chart.below_minimum(run),
        "minimum": MINIMUM_ASSIGNED,
    }

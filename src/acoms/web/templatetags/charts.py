"""{% chart chart %}: a Vega-Lite chart (acoms.web.charts.Chart) with its figures as a table."""

from django import template

register = template.Library()


@register.inclusion_tag("web/chart.html")
def chart(chart):
    return {"chart": chart, "spec_id": f"{chart.key}-spec"}

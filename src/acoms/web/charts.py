"""Charts for dashboards: Vega-Lite specifications built in Python, drawn in the browser by the vendored
vega-embed (static/vendor/vega, static/acoms/charts.js), each with the same figures as a table for screen readers
and for people who would rather read than look.

    chart = charts.bar("noias", "Notices of intent by cycle", rows,
                       x=charts.Field("cycle", "Application cycle"),
                       y=charts.Field("count", "Notices of intent", "count"),
                       color=charts.Field("kind", "Type"))
    chart = chart.with_rule(5000, "Minimum of 5,000 assigned beneficiaries")

and in the template: {% load charts %} … {% chart chart %} (with {% include "web/chart_scripts.html" %} once in
the page's scripts block).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from acoms.lib import formats

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# USWDS palette: primary, accent-cool, gold, green-cool, secondary, base (the design system's theme tokens).
PALETTE = ["#005ea2", "#00bde3", "#ffbe2e", "#4d8055", "#d83933", "#71767a", "#162e51", "#e5a000"]
FONT = "Source Sans Pro Web, Helvetica Neue, Helvetica, Roboto, Arial, sans-serif"

# How a value is written in the table and on the axis: lib.formats for the table, d3-format for the axis.
AXIS_FORMATS = {"money": "$,.0f", "count": ",d", "number": ",.2f", "percent": ".1%", "text": "", "date": ""}


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # money | count | number | percent (a fraction) | text | date

    def show(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "money":
            return formats.money(value)
        if self.kind == "count":
            return formats.number(value)
        if self.kind == "number":
            return formats.number(value, 2)
        if self.kind == "percent":
            return formats.percent(value)
        if self.kind == "date":
            return formats.long_date(value)
        return str(value)

    def encoding(self, **extra: Any) -> dict[str, Any]:
        quantitative = self.kind in ("money", "count", "number", "percent")
        enc: dict[str, Any] = {"field": self.name, "title": self.label}
        enc["type"] = "quantitative" if quantitative else ("temporal" if self.kind == "date" else "ordinal")
        if quantitative:
            enc["axis"] = {"format": AXIS_FORMATS[self.kind]}
            if self.kind == "count":
                enc["axis"]["tickMinStep"] = 1  # no "0 0 0 1 1 1" on an axis of whole numbers
        enc.update(extra)
        return enc


@dataclasses.dataclass(frozen=True)
class Chart:
    key: str
    title: str
    fields: tuple[Field, ...]
    rows: tuple[Mapping[str, Any], ...]
    layers: tuple[dict[str, Any], ...]
    height: int = 260

    @property
    def spec(self) -> dict[str, Any]:
        values = [{f.name: _plain(row.get(f.name)) for f in self.fields} for row in self.rows]
        return {
            "$schema": SCHEMA,
            "description": self.title,
            "width": "container",
            "height": self.height,
            "autosize": {"type": "fit-x", "contains": "padding"},
            "data": {"values": values},
            "layer": list(self.layers),
            "config": {
                "font": FONT,
                "range": {"category": PALETTE},
                "mark": {"color": PALETTE[0]},
                "axis": {"labelFontSize": 13, "titleFontSize": 14, "labelLimit": 220},
                "axisX": {"labelAngle": 0},
                "legend": {"labelFontSize": 13, "titleFontSize": 14, "orient": "bottom"},
                "view": {"stroke": None},
            },
        }

    @property
    def table(self) -> dict[str, Any]:
        """The same figures for the table alternative: headers, and rows of (header, formatted cell)."""
        return {
            "headers": [f.label for f in self.fields],
            "rows": [[(f.label, f.show(row.get(f.name))) for f in self.fields] for row in self.rows],
        }

    def with_rule(self, value: float, label: str, axis: str = "y") -> Chart:
        """A reference line (a minimum, a benchmark), labelled."""
        rule = {
            "data": {"values": [{"value": value, "label": label}]},
            "layer": [
                {
                    "mark": {"type": "rule", "color": "#d83933", "strokeDash": [6, 4], "strokeWidth": 2},
                    "encoding": {axis: {"field": "value", "type": "quantitative"}},
                },
                {
                    "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "color": "#8b0a03", "fontSize": 13},
                    "encoding": {axis: {"field": "value", "type": "quantitative"}, "text": {"field": "label"}},
                },
            ],
        }
        return dataclasses.replace(self, layers=(*self.layers, rule))

    def with_band(self, low: float, high: float, label: str) -> Chart:
        """A shaded band across the value axis (the minimum savings and loss rates around zero, say)."""
        band = {
            "data": {"values": [{"low": low, "high": high, "label": label}]},
            "mark": {"type": "rect", "color": "#ffbe2e", "opacity": 0.25},
            "encoding": {
                "y": {"field": "low", "type": "quantitative"},
                "y2": {"field": "high"},
                "tooltip": {"field": "label"},
            },
        }
        return dataclasses.replace(self, layers=(band, *self.layers))


def bar(
    key: str,
    title: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    x: Field,
    y: Field,
    color: Field | None = None,
    stacked: bool = True,
    horizontal: bool = False,
) -> Chart:
    """Bars of y per x, coloured (stacked or side by side) by `color` when given; `horizontal` lays the bars
    along the x axis with the categories down the side (for long category names such as statuses)."""
    rows = tuple(rows)
    category, value = ("y", "x") if horizontal else ("x", "y")
    encoding: dict[str, Any] = {category: x.encoding(sort=None), value: y.encoding()}
    if color is not None:
        encoding["color"] = color.encoding(type="nominal")
        if not stacked:
            encoding[f"{category}Offset"] = {"field": color.name}
    layer = {"mark": {"type": "bar", "tooltip": True}, "encoding": encoding}
    fields = (x, color, y) if color else (x, y)
    height = max(120, 36 * len(rows)) if horizontal else 260
    return Chart(key, title, tuple(f for f in fields if f), rows, (layer,), height)


def line(
    key: str,
    title: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    x: Field,
    y: Field,
    color: Field | None = None,
) -> Chart:
    """A line of y over x (one line per `color` value), with a point at each figure."""
    encoding: dict[str, Any] = {"x": x.encoding(), "y": y.encoding()}
    if color is not None:
        encoding["color"] = color.encoding(type="nominal")
    layer = {"mark": {"type": "line", "point": True, "tooltip": True}, "encoding": encoding}
    fields = (x, color, y) if color else (x, y)
    return Chart(key, title, tuple(f for f in fields if f), tuple(rows), (layer,))


def _plain(value: Any) -> Any:
    """JSON-friendly value for the spec (Decimal → float, dates → ISO text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return float(value)

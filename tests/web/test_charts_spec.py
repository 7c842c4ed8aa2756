"""Charts are Vega-Lite specifications with their figures as a table (acoms.web.charts)."""

from decimal import Decimal

from acoms.web import charts

ROWS = [{"year": 2025, "kind": "Aged", "spend": Decimal("11250.4")}, {"year": 2026, "kind": "Aged", "spend": 11900}]


def _chart():
    return charts.line(
        "spend",
        "Spending per capita",
        ROWS,
        x=charts.Field("year", "Performance year"),
        y=charts.Field("spend", "Per capita", "money"),
        color=charts.Field("kind", "Enrollment type"),
    )


def test_the_spec_carries_the_figures_as_plain_json_values():
    spec = _chart().spec
    assert spec["data"]["values"] == [
        {"year": 2025, "kind": "Aged", "spend": 11250.4},
        {"year": 2026, "kind": "Aged", "spend": 11900},
    ]
    enc = spec["layer"][0]["encoding"]
    assert enc["y"]["type"] == "quantitative" and enc["y"]["axis"]["format"] == "$,.0f"
    assert enc["color"]["type"] == "nominal"


def test_the_table_alternative_formats_each_cell_as_pages_do():
    table = _chart().table
    assert table["headers"] == ["Performance year", "Enrollment type", "Per capita"]
    assert table["rows"][0] == [("Performance year", "2025"), ("Enrollment type", "Aged"), ("Per capita", "$11,250")]


def test_a_reference_line_is_a_labelled_layer_and_a_band_goes_underneath():
    chart = _chart().with_rule(12000, "Benchmark").with_band(11000, 11500, "MSR band")
    layers = chart.spec["layer"]
    assert layers[0]["mark"]["type"] == "rect"
    assert layers[-1]["data"]["values"] == [{"value": 12000, "label": "Benchmark"}]


def test_horizontal_bars_put_the_categories_down_the_side():
    chart = charts.bar(
        "f",
        "Funnel",
        [{"s": "In review", "n": 3}],
        x=charts.Field("s", "Status"),
        y=charts.Field("n", "Applications", "count"),
        horizontal=True,
    )
    enc = chart.spec["layer"][0]["encoding"]
    assert enc["y"]["field"] == "s" and enc["x"]["field"] == "n"
    assert enc["x"]["axis"]["tickMinStep"] == 1

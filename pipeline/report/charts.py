"""Plotly charts of the published tables, as HTML fragments with fixed ids (deterministic output).

Figures are plain plotly figure dicts rendered by `plotly.io.to_html` without validation: building
`graph_objects` validated every property and took most of a report's render time. The default plotly template
is embedded as `go.Figure` would do, so the charts look the same. The page carries plotly.js's basic bundle
(vendor/README.md) instead of the full one: the charts are all bars.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache
from importlib.resources import files

import plotly.colors
import plotly.io as pio

from pipeline.tables.model import COUNT, PERCENT, Row, Table

FONT = "Segoe UI, Arial, sans-serif"
# Ordered labels (phases, opschaalbaarheid) on a sequential scale, light to dark; its lightest quarter is left out
# (too pale on white). Unordered ones (concessiehouders) in Paul Tol's colour-blind safe set: every pair apart.
ORDERED_SCALE = "YlGnBu"
QUALITATIVE = tuple(plotly.colors.qualitative.Safe)
PREVIOUS_COLOUR, CURRENT_COLOUR = "#7fb3d5", "#1f4e79"  # the earlier and the later of two columns
OFF_SCALE_COLOUR = "#d5d8dc"  # a label outside the scale: Niet aangeleverd, Nog onbekend
SMALL_COUNT = 10  # up to here plotly's automatic ticks can fall between whole numbers

Figure = dict  # {"data": [trace, ...], "layout": {...}} as plotly.js takes it


BASIC_TRACE_TYPES = frozenset({"bar", "scatter", "pie"})  # what plotly.js's basic bundle can draw


@cache
def plotly_basic_js() -> str:
    return files("pipeline.report").joinpath("vendor", "plotly-basic.min.js").read_text(encoding="utf-8")


def plotly_basic_version() -> str:
    return re.search(r"plotly\.js \(basic - minified\) v(\S+)", plotly_basic_js()[:200]).group(1)


@cache
def _template() -> dict:
    return pio.templates[pio.templates.default].to_plotly_json()


def _bar(name: str, x: list, y: list, colour: str, horizontal: bool = False, unit: str = "projecten",
         value_format: str = "") -> dict:
    """A bar trace whose hover gives the exact figure in Dutch: 'Lopend: 244 projecten' and the trace's name."""
    value, label = ("x", "y") if horizontal else ("y", "x")
    bar = {"marker": {"color": colour}, "name": name, "x": x, "y": y, "type": "bar",
           "hovertemplate": f"%{{{label}}}: %{{{value}{value_format}}}{' ' + unit if unit else ''}"
                            "<extra>%{fullData.name}</extra>"}
    if horizontal:
        bar["orientation"] = "h"
    return bar


def ordered_colours(count: int) -> list[str]:
    """`count` colours from light to dark on the ordered scale, evenly spaced."""
    if count == 1:
        return plotly.colors.sample_colorscale(ORDERED_SCALE, [1.0])
    return plotly.colors.sample_colorscale(ORDERED_SCALE, [0.25 + 0.75 * i / (count - 1) for i in range(count)])


def _scale_colours(labels: list[str], off_scale: Collection[str]) -> list[str]:
    """Ordered colours for the labels on the scale, grey for those outside it."""
    on_scale = iter(ordered_colours(sum(label not in off_scale for label in labels)))
    return [OFF_SCALE_COLOUR if label in off_scale else next(on_scale) for label in labels]


def _figure(bars: list[dict], height: int, horizontal: bool = False, barmode: str = "group",
            x_title: str | None = None, y_title: str | None = None, x_tickformat: str | None = None,
            largest_count: float | None = None) -> Figure:
    axis = {"gridcolor": "#e5e8e8", "zeroline": False, "automargin": True}
    xaxis, yaxis = dict(axis), dict(axis)
    if horizontal:
        yaxis["autorange"] = "reversed"
    if x_title:
        xaxis["title"] = {"text": x_title}
    if x_tickformat:
        xaxis["tickformat"] = x_tickformat
    if y_title:
        yaxis["title"] = {"text": y_title}
    if largest_count is not None and largest_count <= SMALL_COUNT:
        (xaxis if horizontal else yaxis)["dtick"] = 1  # counts: no tick at 0.2 of a region
    layout = {
        "template": _template(), "height": height, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "font": {"family": FONT, "size": 12}, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "separators": ",.",  # Dutch: 12,5% and 1.000, in the axes and the hover as in the tables
        # Above the plot, so it never runs into the axis title below; in the order of the table (plotly
        # reverses a stacked chart's legend by default).
        "barmode": barmode, "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02,
                                       "yanchor": "bottom", "traceorder": "normal"},
        "xaxis": xaxis, "yaxis": yaxis,
    }
    return {"data": bars, "layout": layout}


def _largest_stack(rows: list[Row], columns: list[int]) -> float:
    return max((sum(row.values[i] for row in rows) for i in columns), default=0)


_PHASE_NUMBER = re.compile(r"^Fase (\d+)")
PHASE_STEPS = 5  # the most phases a dimension has (visie): 'Fase 3' has one colour in every chart


def phase_colour(label: str) -> str:
    """One colour per phase number across all charts, whether its dimension has four phases or five."""
    found = _PHASE_NUMBER.match(label)
    if not found:
        return OFF_SCALE_COLOUR
    return ordered_colours(PHASE_STEPS)[min(int(found.group(1)), PHASE_STEPS) - 1]


def phase_chart(table: Table) -> Figure:
    """Regions per phase, stacked per peildatum."""
    rows = table.data_rows()
    colours = [phase_colour(row.label) for row in rows]
    bars = [_bar(row.label, list(table.columns), list(row.values), colour, unit="regio's")
            for row, colour in zip(rows, colours, strict=True)]
    return _figure(bars, 360, barmode="stack", y_title="aantal regio's",
                   largest_count=_largest_stack(rows, list(range(len(table.columns)))))


def distribution_chart(table: Table) -> Figure:
    """Projects per label, one bar per peildatum."""
    rows = table.data_rows()
    bars = [_bar(column, [r.values[index] for r in rows], [r.label for r in rows],
                 PREVIOUS_COLOUR if index < len(table.columns) - 1 else CURRENT_COLOUR, horizontal=True)
            for index, column in enumerate(table.columns)]
    return _figure(bars, 80 + 42 * len(rows), horizontal=True, x_title="aantal projecten",
                   largest_count=max((v for r in rows for v in r.values), default=0))


def crosstab_chart(table: Table, colours: Callable[[list[str]], list[str]] | None = None) -> Figure:
    """Rows as stacked horizontal bars, split by the count columns (the Totaal column left out)."""
    rows = table.data_rows()
    columns = [c for c, f in zip(table.columns, table.formats, strict=True) if f == COUNT and c != "Totaal"]
    palette = colours(columns) if colours else [QUALITATIVE[i % len(QUALITATIVE)] for i in range(len(columns))]
    bars = [_bar(column, [r.values[table.columns.index(column)] for r in rows], [r.label for r in rows],
                 colour, horizontal=True)
            for column, colour in zip(columns, palette, strict=True)]
    return _figure(bars, 120 + 30 * len(rows), horizontal=True, barmode="stack", x_title="aantal projecten",
                   largest_count=_largest_stack(rows, [table.columns.index(c) for c in columns]))


def scale_crosstab_chart(table: Table, off_scale: Collection[str] = ()) -> Figure:
    """A crosstab whose columns are an ordered scale (opschaalbaarheid); `off_scale` columns are grey."""
    return crosstab_chart(table, lambda columns: _scale_colours(columns, off_scale))


def new_projects_chart(table: Table) -> Figure:
    """Share of each hoofdrubriek among new and among earlier projects."""
    rows = table.data_rows()
    shares = [i for i, c in enumerate(table.columns) if c == "Procentueel"]
    names = (table.columns[shares[0] - 1], table.columns[shares[1] - 1])
    bars = [_bar(name, [r.values[position] for r in rows], [r.label for r in rows], colour, horizontal=True,
                 unit="", value_format=":.1%")
            for colour, name, position in zip((CURRENT_COLOUR, PREVIOUS_COLOUR), names, shares, strict=True)]
    return _figure(bars, 120 + 30 * len(rows), horizontal=True, x_title="aandeel in de projecten van die periode",
                   x_tickformat=".0%")


def trend_chart(table: Table) -> Figure:
    """The course of each row over every peildatum: lines with markers, hover shows the exact figure."""
    rows = table.data_rows()
    percent = table.formats and table.formats[0] == PERCENT
    palette = [QUALITATIVE[i % len(QUALITATIVE)] for i in range(len(rows))]  # rows are no phases of one scale
    lines = [{"type": "scatter", "mode": "lines+markers", "name": row.label, "x": list(table.columns),
              "y": list(row.values), "line": {"color": colour, "width": 3}, "marker": {"size": 8, "color": colour},
              "hovertemplate": "%{x}: %{y" + (":.1%" if percent else "") + "}<extra>%{fullData.name}</extra>"}
             for row, colour in zip(rows, palette, strict=False)]
    figure = _figure(lines, 340, y_title="aandeel van de regio's" if percent else "aantal projecten",
                     largest_count=None if percent else max((v for r in rows for v in r.values), default=0))
    figure["layout"]["yaxis"]["rangemode"] = "tozero"
    if percent:
        figure["layout"]["yaxis"]["tickformat"] = ".0%"
    figure["layout"]["xaxis"]["type"] = "category"  # peildata as labels, in the table's order
    return figure


def _script() -> str:
    # As plotly.io.to_html(include_plotlyjs=True) writes it, with the basic bundle.
    return ("<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
            f"<script>{plotly_basic_js()}</script>")


class ChartWriter:
    """Turns figures into HTML fragments; plotly.js goes inline into the first one only."""

    def __init__(self, prefix: str = "grafiek"):
        self.prefix = prefix
        self.count = 0

    def html(self, figure: Figure) -> str:
        unknown = {trace["type"] for trace in figure["data"]} - BASIC_TRACE_TYPES
        if unknown:
            raise ValueError(f"plotly.js basic bundle cannot draw {sorted(unknown)}")
        self.count += 1
        fragment = pio.to_html(
            figure, full_html=False, include_plotlyjs=False, div_id=f"{self.prefix}-{self.count}",
            config={"displayModeBar": False, "responsive": True}, validate=False,
        )
        return _script() + fragment if self.count == 1 else fragment

"""Plotly charts of the published tables, as HTML fragments with fixed ids (deterministic output)."""

from __future__ import annotations

import plotly.graph_objects as go

from pipeline.tables.model import COUNT, Table

FONT = "Segoe UI, Arial, sans-serif"
SEQUENTIAL = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
QUALITATIVE = ("#1f4e79", "#2e86c1", "#7fb3d5", "#f5b041", "#a9cce3", "#d35400", "#5d6d7e", "#48c9b0")
NOT_DELIVERED_COLOUR = "#d5d8dc"


def _layout(figure: go.Figure, height: int, horizontal: bool = False) -> go.Figure:
    figure.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10}, font={"family": FONT, "size": 12},
        plot_bgcolor="white", paper_bgcolor="white", barmode=figure.layout.barmode or "group",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    axis = {"gridcolor": "#e5e8e8", "zeroline": False}
    figure.update_xaxes(**axis, automargin=True)
    figure.update_yaxes(**axis, automargin=True, autorange="reversed" if horizontal else None)
    return figure


def phase_chart(table: Table) -> go.Figure:
    """Regions per phase, stacked per peildatum."""
    figure = go.Figure()
    rows = table.data_rows()
    for index, row in enumerate(rows):
        colour = NOT_DELIVERED_COLOUR if index >= len(SEQUENTIAL) or row.label == "Niet aangeleverd" \
            else SEQUENTIAL[index + max(0, len(SEQUENTIAL) - len(rows))]
        figure.add_bar(name=row.label, x=list(table.columns), y=list(row.values), marker_color=colour)
    figure.update_layout(barmode="stack", yaxis_title="aantal regio's")
    return _layout(figure, 360)


def distribution_chart(table: Table) -> go.Figure:
    """Projects per label, one bar per peildatum."""
    figure = go.Figure()
    rows = table.data_rows()
    for index, column in enumerate(table.columns):
        figure.add_bar(name=column, y=[r.label for r in rows], x=[r.values[index] for r in rows], orientation="h",
                       marker_color=QUALITATIVE[2 if index < len(table.columns) - 1 else 0])
    figure.update_layout(xaxis_title="aantal projecten")
    return _layout(figure, 80 + 42 * len(rows), horizontal=True)


def crosstab_chart(table: Table) -> go.Figure:
    """Rows as stacked horizontal bars, split by the count columns (the Totaal column left out)."""
    figure = go.Figure()
    rows = table.data_rows()
    columns = [c for c, f in zip(table.columns, table.formats, strict=True) if f == COUNT and c != "Totaal"]
    for index, column in enumerate(columns):
        position = table.columns.index(column)
        figure.add_bar(name=column, y=[r.label for r in rows], x=[r.values[position] for r in rows],
                       orientation="h", marker_color=QUALITATIVE[index % len(QUALITATIVE)])
    figure.update_layout(barmode="stack", xaxis_title="aantal projecten")
    return _layout(figure, 120 + 30 * len(rows), horizontal=True)


def new_projects_chart(table: Table) -> go.Figure:
    """Share of each hoofdrubriek among new and among earlier projects."""
    figure = go.Figure()
    rows = table.data_rows()
    shares = [i for i, c in enumerate(table.columns) if c == "Procentueel"]
    names = (table.columns[shares[0] - 1], table.columns[shares[1] - 1])
    for colour, name, position in zip((QUALITATIVE[0], QUALITATIVE[2]), names, shares, strict=True):
        figure.add_bar(name=name, y=[r.label for r in rows], x=[r.values[position] for r in rows], orientation="h",
                       marker_color=colour)
    figure.update_layout(xaxis_tickformat=".0%", xaxis_title="aandeel in de projecten van die periode")
    return _layout(figure, 120 + 30 * len(rows), horizontal=True)


class ChartWriter:
    """Turns figures into HTML fragments; plotly.js goes inline into the first one only."""

    def __init__(self, prefix: str = "grafiek"):
        self.prefix = prefix
        self.count = 0

    def html(self, figure: go.Figure) -> str:
        self.count += 1
        return figure.to_html(
            full_html=False, include_plotlyjs=self.count == 1, div_id=f"{self.prefix}-{self.count}",
            config={"displayModeBar": False, "responsive": True},
        )

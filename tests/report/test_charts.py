"""The charts as Chromium draws them (the SVG plotly.js writes), and their colours as the figures give them."""

from __future__ import annotations

import html
import itertools
import json
import math
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.report.pdf import find_chromium
from tests.report.figures import figures

PEILDATUM = "2020-10"
PAGES = [f"voortgangsrapportage-{PEILDATUM}.html", *(f"zorgkantoren/{name}.html" for name in (
    "cz", "eno", "menzis", "vgz", "zilveren-kruis", "zorg-en-zekerheid"))]
PRINT_WIDTH = 721  # a window whose body is as wide as the printed A4 page (178 mm) plus the body's padding
ORDERED_TABLES = ("afspraken", "dynamiek", "visie", "opschaalbaarheid_x_rubriek")  # legends on a scale
OFF_SCALE = ("Niet aangeleverd", "Nog onbekend")


def _attribute(tag: str, name: str) -> str:
    return re.search(rf'\b{name}="([^"]*)"', tag).group(1)


def _translate(tag: str) -> tuple[float, float]:
    x, y = re.search(r'transform="translate\(([-\d.]+),\s*([-\d.]+)\)"', tag).groups()
    return float(x), float(y)


@dataclass(frozen=True)
class DrawnChart:
    """What plotly.js drew, in SVG pixels: the plot area, the legend box, its items, the axes' text."""

    plot: tuple[float, float, float, float]  # x, y, width, height
    legend: tuple[float, float, float, float] | None
    legend_items: list[str]  # in reading order: by row, then left to right
    below_plot: float  # the lowest baseline under the plot area (tick labels, axis title) plus a descent
    x_ticks: list[str]
    y_ticks: list[str]


def _drawn(svg: str) -> DrawnChart:
    drag = re.search(r'<rect class="nsewdrag drag"[^>]*>', svg).group(0)
    plot = tuple(float(_attribute(drag, name)) for name in ("x", "y", "width", "height"))
    legend = None
    if found := re.search(r'<g class="legend"[^>]*>\s*<rect class="bg"[^>]*>', svg):
        x, y = _translate(found.group(0))
        box = found.group(0)[found.group(0).index("<rect"):]
        legend = (x, y, float(_attribute(box, "width")), float(_attribute(box, "height")))
    items = [(_translate(tag)[::-1], html.unescape(name)) for tag, name in re.findall(
        r'(<g class="traces" transform="[^"]*"[^>]*>)<text class="legendtext"[^>]*data-unformatted="([^"]*)"', svg)]
    baselines = [float(y) + 0.3 * float(size) for y, size in re.findall(
        r'<text class="xtitle"[^>]*\by="([-\d.]+)"[^>]*font-size: ([\d.]+)px', svg)]
    baselines += [float(y) + 0.3 * 12 for y in re.findall(r'<g class="xtick"><text[^>]*\by="([-\d.]+)"', svg)]

    def ticks(axis: str) -> list[str]:
        return [html.unescape(t) for t in re.findall(rf'<g class="{axis}tick"><text[^>]*>([^<]*)</text>', svg)]

    return DrawnChart(plot, legend, [name for _, name in sorted(items)], max(baselines, default=0),
                      ticks("x"), ticks("y"))


def dump_dom(page: Path, profile: Path) -> str:
    """The page after plotly.js drew every chart, offline."""
    return subprocess.run(
        [find_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         f"--user-data-dir={profile}", f"--window-size={PRINT_WIDTH},1200", "--virtual-time-budget=15000",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True).stdout


_FIGURE = re.compile(r'<figure id="figuur-\d+" class="grafiek" data-grafiek="([^"]+)".*?</figure>', re.S)
_CHART_DIV = re.compile(r'<div id="(grafiek-\d+)" class="plotly-graph-div"')
_NEW_PLOT = re.compile(r'Plotly\.newPlot\(\s*"([^"]+)",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{"displayModeBar', re.S)


@dataclass(frozen=True)
class Chart:
    page: str
    table: str  # the key of the table the chart belongs to
    figure: dict  # the plotly figure as written
    drawn: DrawnChart

    @property
    def traces(self) -> list[str]:
        return [trace["name"] for trace in self.figure["data"]]


@pytest.fixture(scope="module")
def charts(seed_project, tmp_path_factory) -> list[Chart]:
    folder = seed_project.reports / PEILDATUM
    found = []
    for name in PAGES:
        written = (folder / name).read_text(encoding="utf-8")
        tables = {div.group(1): figure.group(1) for figure in _FIGURE.finditer(written)
                  if (div := _CHART_DIV.search(figure.group(0)))}
        figures = {div: {"data": json.loads(data), "layout": json.loads(layout)}
                   for div, data, layout in _NEW_PLOT.findall(written)}
        dom = dump_dom(folder / name, tmp_path_factory.mktemp("chromium"))
        parts = re.split(r'<div id="(grafiek-\d+)" class="plotly-graph-div[^"]*"', dom)
        drawn = {div: _drawn(svg) for div, svg in zip(parts[1::2], parts[2::2], strict=True)}
        assert set(drawn) == set(figures) == set(tables), name
        found += [Chart(name, tables[div], figures[div], drawn[div]) for div in sorted(figures)]
    return found


def test_every_legend_is_clear_of_the_plot_and_its_axes(charts):
    for chart in charts:
        plot_top = chart.drawn.plot[1]
        legend = chart.drawn.legend
        assert legend is not None, (chart.page, chart.table)
        top, bottom = legend[1], legend[1] + legend[3]
        assert bottom <= plot_top or top >= chart.drawn.below_plot, (chart.page, chart.table, legend, chart.drawn)


def test_every_legend_reads_in_the_order_of_its_table(seed_project, charts):
    folder = seed_project.reports / PEILDATUM
    for page in PAGES:
        rows = {key: labels for key, labels in figures((folder / page).read_text(encoding="utf-8")).values()}
        header = dict(re.findall(r'<figure id="tabel-\d+" data-tabel="([^"]+)".*?<thead><tr>(.*?)</tr></thead>',
                                 (folder / page).read_text(encoding="utf-8"), re.S))
        for chart in (c for c in charts if c.page == page):
            columns = [html.unescape(c).replace("\xa0", " ")
                       for c in re.findall(r"<th[^>]*>(.*?)</th>", header[chart.table])]
            order = [*rows[chart.table], *columns]  # phase charts name the table's rows, the others its columns
            legend = chart.drawn.legend_items
            assert legend == chart.traces, (page, chart.table)
            assert legend == sorted(legend, key=order.index), (page, chart.table, legend)


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a '#rrggbb' or 'rgb(r, g, b)' colour."""
    if colour.startswith("#"):
        rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    else:
        rgb = [float(v) / 255 for v in re.findall(r"[\d.]+", colour)]
    r, g, b = (v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb)
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_the_colours_of_a_chart_are_clearly_apart(charts):
    """No two series of one chart closer than ΔE 20 (CIE76): ENO and VGZ were 12 apart, barely told apart."""
    for chart in charts:
        colours = {trace["name"]: trace["marker"]["color"] for trace in chart.figure["data"]}
        for (one, a), (other, b) in itertools.combinations(colours.items(), 2):
            assert math.dist(_lab(a), _lab(b)) >= 20, (chart.page, chart.table, one, a, other, b)


def test_an_ordered_scale_runs_from_light_to_dark(charts):
    """Phases and opschaalbaarheid are ordered: each next step on the scale is darker (a lower L*)."""
    ordered = [c for c in charts if c.table in ORDERED_TABLES]
    assert {c.table for c in ordered} == set(ORDERED_TABLES)
    for chart in ordered:
        lightness = [_lab(trace["marker"]["color"])[0] for trace in chart.figure["data"]
                     if trace["name"] not in OFF_SCALE]
        assert len(lightness) >= 4
        assert all(a > b for a, b in itertools.pairwise(lightness)), (chart.page, chart.table, lightness)


def test_a_count_axis_has_whole_numbers_only(charts):
    """ENO has one region: its phase charts ticked 0, 0.2, … 1 'aantal regio's'."""
    counted = [c for c in charts if "tickformat" not in c.figure["layout"]["xaxis"]]  # not the shares chart
    assert any(c.page == "zorgkantoren/eno.html" for c in counted)
    for chart in counted:
        horizontal = chart.figure["data"][0].get("orientation") == "h"
        ticks = chart.drawn.x_ticks if horizontal else chart.drawn.y_ticks
        assert len(ticks) >= 2 and all(re.fullmatch(r"\d+", tick) for tick in ticks), (chart.page, chart.table, ticks)

"""The charts as Chromium draws them (the SVG plotly.js writes), and their colours as the figures give them."""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.report.pdf import find_chromium

PEILDATUM = "2020-10"
PAGES = [f"voortgangsrapportage-{PEILDATUM}.html", *(f"zorgkantoren/{name}.html" for name in (
    "cz", "eno", "menzis", "vgz", "zilveren-kruis", "zorg-en-zekerheid"))]
PRINT_WIDTH = 721  # a window whose body is as wide as the printed A4 page (178 mm) plus the body's padding


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


_CHART = re.compile(r'<figure id="tabel-\d+" data-tabel="([^"]+)".*?<div id="(grafiek-\d+)" class="plotly-graph-div"',
                    re.S)
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
        tables = {div: key for key, div in _CHART.findall(written)}
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

"""Render a report Document to self-contained HTML with Jinja2 (escaping on) and one stylesheet."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2
import markupsafe

from pipeline.naming import slug
from pipeline.report.blocks import RegionPageBlock
from pipeline.report.charts import ChartWriter
from pipeline.report.document import Document
from pipeline.report.formatting import nl_int, nl_percent
from pipeline.report.phase_lines import phase_lines_svg
from pipeline.report.regions import EXPERT_NOTE
from pipeline.tables import texts
from pipeline.tables.model import AMOUNT, COUNT, DATETIME, DATETIME_SHOWN, PERCENT, Row, Table, amount_text
from pipeline.warehouse.locking import Lock


def cell_text(value: object, fmt: str) -> str:
    """A table cell as every format shows it."""
    if value is None:
        return ""
    if fmt == COUNT:
        return nl_int(value)
    if fmt == PERCENT:
        return nl_percent(value, 1)
    if fmt == DATETIME:
        return f"{value:{DATETIME_SHOWN}}"
    if fmt == AMOUNT:
        return amount_text(value)
    return str(value)


@dataclass(frozen=True)
class RowGroup:
    kind: str | None  # the tbody's class
    rows: tuple[Row, ...]


def _row_groups(table: Table) -> list[RowGroup]:
    """The table's rows as row groups: one per block (a block stays on one page), else the last row on its own
    (it stays on one page with the caption, which ends the last group)."""
    if any(block is not None for block in table.blocks):
        return [RowGroup("blok", tuple(r for r in table.rows if r.block == block)) for block in table.blocks]
    return [group for group in (RowGroup(None, table.rows[:-1]), RowGroup("slot", table.rows[-1:]))
            if group.rows or group.kind]


_YEAR_RANGE = re.compile(r"(\d{4}) ?- ?(\d{4})")


def header_text(label: str) -> str:
    """A column header that wraps only between words, never inside a year range ('Totaal 2020 - 2021')."""
    return _YEAR_RANGE.sub("\\1\u00a0-\u00a0\\2", label)


# Where a long header may break (a soft hyphen) when its column is narrow: Bijlage 1's six columns on a screen,
# the region pages' project lists.
_BREAKS = {"Concessiehouder": "Concessie\u00adhouder", "Samenwerkingsdynamiek": "Samenwerkings\u00addynamiek",
           "Opschaalbaarheid": "Opschaal\u00adbaarheid"}


def header_html(label: str) -> str:
    text = header_text(label)
    for word, broken in _BREAKS.items():
        text = text.replace(word, broken)
    return text


def _css_string(value: object) -> markupsafe.Markup:
    """Text for inside a CSS string literal in a <style> block (HTML escaping would show as entities)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")
    return markupsafe.Markup(text)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.report", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    environment.filters["cell"] = cell_text
    environment.filters["css_string"] = _css_string
    environment.filters["row_groups"] = _row_groups
    environment.filters["header"] = header_html
    environment.filters["slug"] = slug
    environment.filters["kind"] = lambda block: type(block).__name__
    environment.globals["region_chart"] = phase_lines_svg
    environment.globals["EXPERT_NOTE"] = EXPERT_NOTE
    environment.globals["OUTSIDE_NOTE"] = texts.OUTSIDE_NOTE
    return environment


@cache
def _stylesheet() -> str:
    return resources.files("pipeline.report").joinpath("templates/report.css").read_text(encoding="utf-8")


@cache
def interactive_js() -> str:
    """tablesort (vendor/README.md) and the report's own filter: the sortable, filterable project lists.
    Inline like plotly.js, so the file stays self-contained and opens offline."""
    package = resources.files("pipeline.report")
    parts = [package.joinpath("vendor", name).read_text(encoding="utf-8")
             for name in ("tablesort.min.js", "tablesort.number.min.js")]
    parts.append(package.joinpath("templates", "projectlijst.js").read_text(encoding="utf-8"))
    script = "\n".join(parts)
    if "</script" in script.lower():
        raise ValueError("a script may not close its own <script> element")
    return script


def _interactive(document: Document) -> bool:
    return any(isinstance(block, RegionPageBlock) and block.projects
               for chapter in document.chapters for block in chapter.blocks)


def render_html(document: Document) -> str:
    # The stylesheet is the project's own file, not data: it goes in unescaped. The chart fragments are
    # plotly's own HTML of figures built in code; every text in them is data plotly escapes.
    writer = ChartWriter()
    return _environment().get_template("report.html.j2").render(
        doc=document, css=markupsafe.Markup(_stylesheet()), stamp=lock_stamp(document.lock),
        chart_html=lambda figure: markupsafe.Markup(writer.html(figure)),
        interactive=_interactive(document), interactive_js=markupsafe.Markup(interactive_js()))


_STAMP = re.compile(r'<meta name="wir-vaststelling" content="([^"]*)">')


def lock_stamp(lock: Lock | None) -> str:
    """What the report's <head> records of its vaststelling; 'concept' when there is none."""
    return lock.locked_at.isoformat() if lock else "concept"


def _recorded_stamp(path: Path) -> str | None:
    if not path.exists():
        return None
    with open(path, encoding="utf-8", errors="replace") as handle:
        found = _STAMP.search(handle.read(2048))
    return found.group(1) if found else None


def is_published(path: Path, lock: Lock | None) -> bool:
    """The file exists and was written for this very vaststelling: a locked report is never rewritten."""
    return lock is not None and _recorded_stamp(path) == lock_stamp(lock)


def is_locked_page(path: Path) -> bool:
    stamp = _recorded_stamp(path)
    return stamp is not None and stamp != "concept"


def write_html(document: Document, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(render_html(document), encoding="utf-8")
    os.replace(partial, path)
    return path

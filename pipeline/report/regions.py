"""The report's region pages (one per reporting region) and Bijlage 1 linked to them, with each phase's change.

The data comes from pipeline/tables/region_pages.py; here it becomes blocks. Anchors are made from the reference
names alone, in the order of regios.csv, so a region's page keeps its address from one report to the next.
"""

from __future__ import annotations

import re

import duckdb

from pipeline.naming import slug
from pipeline.periods import long_label, short_label
from pipeline.reference import Reference
from pipeline.report.blocks import Change, Chapter, Exhibit, Paragraph, RegionPageBlock, RegionPeriodRow, plain
from pipeline.report.signals import PHASE_NAMES, PhaseMove
from pipeline.tables.model import TEXT, Row, Table, amount_text
from pipeline.tables.region_pages import DIMENSIONS, RegionPage, region_pages

PROJECT_COLUMNS = ("Project", "Hoofdrubriek", "Status", "Impact", "Opschaalbaarheid", "Startjaar", "Begroting")
EXPERT_NOTE = "Impact en opschaalbaarheid zijn expertoordelen."
NO_BUDGET = "–"
_PHASE_NUMBER = re.compile(r"^Fase (\d+)", re.IGNORECASE)


def region_anchors(reference: Reference) -> dict[str, str]:
    """{regio: anchor} for every reporting region; a name whose slug is taken gets the next free number."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for region in reference.reporting_regions:
        base = f"regio-{slug(region.regio)}"
        anchor, number = base, 2
        while anchor in taken:
            anchor, number = f"{base}-{number}", number + 1
        taken.add(anchor)
        anchors[region.regio] = anchor
    return anchors


def phase_words(label: str) -> str:
    """'Fase 2: Plan van aanpak' → 'fase 2' (a label without a number stays whole)."""
    found = _PHASE_NUMBER.match(label)
    return f"fase {found.group(1)}" if found else label


def change_of(move: PhaseMove) -> Change:
    return Change(move.steps > 0, f"{'gestegen' if move.steps > 0 else 'gedaald'} van {phase_words(move.before)}")


def region_overview(stored: Table, reference: Reference, moves: list[PhaseMove],
                    anchors: dict[str, str]) -> tuple[Table, dict[str, str], dict[tuple[str, int], Change]]:
    """Bijlage 1 as the report shows it: the workbook's `Regio's` sheet with a Concessiehouder column after the
    Zorgkantoorregio, each region linked to its page and each phase with its change since the previous
    peildatum. The workbook sheet keeps the columns uitvoer.md fixes."""
    holders = {region.regio: region.rapportagegroep for region in reference.reporting_regions}
    rows = tuple(Row(row.label, (row.values[0], holders.get(row.label, ""), *row.values[1:]), row.kind, row.block)
                 for row in stored.rows)
    columns = (stored.columns[0], "Concessiehouder", *stored.columns[1:])
    table = Table(stored.key, stored.sheet, stored.title, stored.dimension, columns, (TEXT,) * len(columns), rows)
    first_phase = 2  # Zorgkantoorregio, Concessiehouder, then the dimensions in DIMENSIONS order
    changes = {(move.regio, first_phase + DIMENSIONS.index(move.dimensie)): change_of(move) for move in moves}
    links = {row.label: anchors[row.label] for row in rows if row.label in anchors}
    return table, links, changes


def _shown(value: object) -> str:
    return "" if value is None else str(value)


def _project_cells(page: RegionPage) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str | None, ...], ...]]:
    cells, keys = [], []
    for record in page.projects.astype(object).where(page.projects.notna(), None).to_dict("records"):
        budget, start = record["Begroting (EUR)"], record["Startjaar"]
        cells.append((*(_shown(record[field]) for field in ("Projectnaam", "Hoofdrubriek", "Projectstatus",
                                                            "Mate van impact", "Opschaalbaarheid")),
                      "" if start is None else str(int(start)),
                      NO_BUDGET if budget is None else amount_text(budget)))
        # Sort on the plain number; a project without a budget sorts below one of € 0.
        keys.append((None,) * 6 + ("-1" if budget is None else repr(float(budget)),))
    return tuple(cells), tuple(keys)


def region_block(page: RegionPage, anchor: str, peildatum: str) -> RegionPageBlock:
    history = tuple(
        RegionPeriodRow(period.peildatum, short_label(period.peildatum), period.zorgkantoor,
                        tuple((PHASE_NAMES[d], period.phases[d], period.labels[d]) for d in DIMENSIONS),
                        (period.toelichting or "").strip() or None)
        for period in page.history)
    cells, keys = _project_cells(page)
    ids = tuple(str(i) for i in page.projects["Project-ID"])
    return RegionPageBlock(page.regio, anchor, page.zorgkantoorregio, page.concessiehouder, page.rapportagegroep,
                           history, PROJECT_COLUMNS, cells, keys, ids, short_label(peildatum))


def region_chapter(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str, title: str,
                   scope: str | None = None) -> Chapter:
    """An appendix with the page of every reporting region (of zorgkantoor `scope`)."""
    anchors = region_anchors(reference)
    pages = region_pages(connection, reference, peildatum, scope)
    intro = Paragraph(plain(
        f"Per regio de fasen op elke peildatum tot en met {long_label(peildatum)}, elke toelichting die het "
        f"zorgkantoor gaf en de projecten van {long_label(peildatum)}. Impact en opschaalbaarheid zijn "
        "expertoordelen. Bijlage 1 linkt naar deze pagina's." if scope is None else
        f"Per regio van {scope} de fasen op elke peildatum tot en met {long_label(peildatum)}, elke toelichting "
        f"die {scope} gaf en de projecten van {long_label(peildatum)}. Impact en opschaalbaarheid zijn "
        "expertoordelen."))
    blocks: list = [intro, *(region_block(page, anchors[page.regio], peildatum) for page in pages)]
    return Chapter(title, "h-regiopaginas", blocks, appendix=True)


def with_links(exhibit: Exhibit, anchors: dict[str, str]) -> Exhibit:
    """The exhibit with each row that names a region linked to that region's page."""
    links = {row.label: anchors[row.label] for row in exhibit.table.rows if row.label in anchors}
    return Exhibit(exhibit.kind, exhibit.number, exhibit.caption, exhibit.table, exhibit.chart,
                   exhibit.phase_notes, links, exhibit.changes)


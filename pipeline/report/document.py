"""The report as a document: the analysts' chapters with their figures, tables, charts and project cards.

One builder turns the texts of a peildatum (pipeline/report/redactie.py) and the warehouse into a `Document`
of chapters and blocks; HTML, PDF and Word are renderings of that one document. The zorgkantoor views are
documents of the same blocks, built in code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import duckdb

from pipeline.naming import slug
from pipeline.periods import long_label, month_end, short_label
from pipeline.reference import Reference
from pipeline.reference.phases import phase_descriptions
from pipeline.report import charts
from pipeline.report.blocks import (
    CHART,
    TABLE,
    Chapter,
    Exhibit,
    Heading,
    ListBlock,
    Paragraph,
    ProjectCard,
    Run,
    TocEntry,
    plain,
)
from pipeline.report.expressions import Functions, RedactieError, Warning_, render_text, typed_number_warnings
from pipeline.report.facts import PHASE_DIMENSIONS, ReportFacts, report_facts
from pipeline.report.figures import FigureError, Registry, nearest
from pipeline.report.formatting import nl_date, nl_int
from pipeline.report.markdown import HeadingNumbers, split_title, to_blocks
from pipeline.report.redactie import Texts, load_texts
from pipeline.report.regions import region_anchors, region_chapter, region_overview, with_links
from pipeline.report.signals import PHASE_NAMES, Signals, signals
from pipeline.report.summary import summary
from pipeline.tables import texts
from pipeline.tables.model import DATA, DATETIME, TEXT, TOTAL, TOTAL_LABEL, Row, Table
from pipeline.tables.phases import phase_table
from pipeline.tables.projects import distribution, nieuwe_projecten, opschaalbaarheid_x_rubriek
from pipeline.tables.store import load_tables
from pipeline.warehouse.locking import Lock, lock_of

THEME_KEY = f"thema_{texts.PUBLISHED_THEME}"
CAPTIONS = {
    "afspraken": "Stand van zaken fasering plan- en projectontwikkeling in zorgkantoorregio's",
    "dynamiek": "Ontwikkeling van de samenwerkingsdynamiek verpleeghuizen in de regio",
    "visie": "Stand van zaken ontwikkeling regionale visies",
    "rubriek_x_concessiehouder": "Verdeling transitieplannen over hoofdrubrieken en concessiehouders",
    "betrokkenheid": "Betrokkenheid zorgaanbieders (aantal betrokken zorgorganisaties per project)",
    "projectstatus": "Projectstatus plannen",
    "nieuwe_projecten": "Verschuiving thema's: projecten naar startjaar",
    "impact": "Mate van impact van de projecten (expertoordeel)",
    "delen": "Deelbare resultaten",
    "opschaalbaarheid": "Analyse opschaalbaarheid (expertoordeel)",
    "opschaalbaarheid_x_rubriek": "Opschaalbaarheid per hoofdrubriek (expertoordeel)",
    THEME_KEY: "Ontwikkeling thema Technologie",
    "begroting_x_rubriek": "Begroting van de projecten per hoofdrubriek",
    "begroting_x_concessiehouder": "Begroting van de projecten per concessiehouder",
    "trend_fasen": "Aandeel regio's in de hoogste fase, alle peildata",
    "trend_projectstatus": "Projecten naar status, alle peildata",
    "regios": "Fase van ontwikkeling per regio",
    "datakwaliteit": "Aanleveringen per zorgkantoor",
    "kenmerken": "Kenmerken van de gebruikte aanleveringen",
}
DISTRIBUTIONS = ("betrokkenheid", "projectstatus", "impact", "delen", "opschaalbaarheid")
SIGNAL_KINDS = ("fasen", "themas", "alle")


def chart_for(key: str, reference: Reference) -> Callable[[Table], dict] | None:
    """The chart of a published table, or None when a table is better read than looked at."""
    if key in PHASE_DIMENSIONS:
        return charts.phase_chart
    if key in DISTRIBUTIONS:
        return charts.distribution_chart
    if key == "rubriek_x_concessiehouder":
        return charts.crosstab_chart
    if key == "nieuwe_projecten":
        return charts.new_projects_chart
    if key in ("trend_fasen", "trend_projectstatus"):
        return charts.trend_chart
    if key == "opschaalbaarheid_x_rubriek":
        # Opschaalbaarheid is an ordered scale; 'Nog onbekend' (code O) is no step of it.
        return partial(charts.scale_crosstab_chart, off_scale={reference.label("opschaalbaarheid", "O")})
    return None


@dataclass
class Document:
    title: str
    subtitle: str
    peildatum: str
    period_label: str
    facts: ReportFacts
    summary: list[str]
    chapters: list[Chapter]
    cover: dict[str, str] = field(default_factory=dict)
    letter: list = field(default_factory=list)  # the blocks of the aanbiedingsbrief; empty: no letter
    generated_for: str | None = None  # zorgkantoor of a restricted view
    lock: Lock | None = None  # the vaststelling this report belongs to; None: a concept
    from_analysts: bool = True  # False: the default skeleton, no analyst text yet
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def peildatum_date(self) -> dt.date:
        return month_end(self.peildatum)

    @property
    def peildatum_text(self) -> str:
        return nl_date(self.peildatum_date)

    def exhibits(self) -> list[Exhibit]:
        return [block for chapter in self.chapters for block in chapter.blocks if isinstance(block, Exhibit)]

    def toc(self) -> list[TocEntry]:
        entries = []
        for chapter in self.chapters:
            entries.append(TocEntry(1, chapter.heading, chapter.anchor))
            entries += [TocEntry(2, f"{b.number} {b.title}" if b.number else b.title, b.anchor)
                        for b in chapter.blocks if isinstance(b, Heading) and b.level == 2]
        return entries

    def table_numbers(self) -> dict[str, int]:
        """The number of each workbook table in this document ({table key: number}); a table placed twice keeps
        the number of its first place."""
        numbers: dict[str, int] = {}
        for exhibit in self.exhibits():
            if exhibit.kind == TABLE:
                numbers.setdefault(exhibit.table.key, exhibit.number)
        return numbers


class _Builder:
    """Renders the chapters of one document: expressions, then Markdown, then numbered blocks."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
                 facts: ReportFacts, scope: str | None = None):
        self.connection, self.reference, self.peildatum, self.facts, self.scope = (
            connection, reference, peildatum, facts, scope)
        self.registry = Registry(load_tables(connection, peildatum), peildatum)
        self.counts = {TABLE: 0, CHART: 0}
        self._explained: set[str] = set()  # phase dimensions whose phases the text has explained
        self._signals: Signals | None = None
        previous = facts.previous_phase_period or facts.previous_project_period
        self.functions = Functions(
            calls={"cel": self.registry.cel, "aandeel": self.registry.aandeel, "tabel": self._table_spec,
                   "grafiek": self._chart_spec, "project": self._project_spec, "signalen": self._signal_spec,
                   "kerncijfers": lambda: ("kerncijfers",), "fasen": lambda: ("fasen",),
                   "kenmerken": lambda: ("kenmerken",)},
            variables={"peildatum": long_label(peildatum),
                       "vorige_peildatum": long_label(previous) if previous else "de vorige peildatum"},
            block_calls=frozenset({"tabel", "grafiek", "project", "signalen", "kerncijfers", "fasen", "kenmerken"}),
            keywords={"cel": frozenset({"blok"}), "aandeel": frozenset({"blok"})})

    # --- the calls a text may make; each is tried once before rendering --------------------------
    def _table_spec(self, sheet: str) -> tuple:
        return ("tabel", self.registry.table(sheet).key)

    def _chart_spec(self, sheet: str) -> tuple:
        table = self.registry.table(sheet)
        if chart_for(table.key, self.reference) is None:
            drawn = [t.sheet for t in self.registry.tables.values() if chart_for(t.key, self.reference)]
            raise FigureError(f'van tabblad "{table.sheet}" is geen grafiek; {nearest(sheet, drawn)}')
        return ("grafiek", table.key)

    def _project_spec(self, project_id: str) -> tuple:
        rows = self._project_rows(project_id)
        if not rows:
            known = [r[0] for r in self.connection.execute(
                """SELECT DISTINCT project_id FROM projects_per_peildatum WHERE peildatum = ?
                   AND (?::VARCHAR IS NULL OR concessiehouder = ?) ORDER BY 1""",
                [self.peildatum, self.scope, self.scope]).fetchall()]
            raise FigureError(f'project "{project_id}" staat niet in de aanleveringen van '
                              f"{short_label(self.peildatum)}; {nearest(project_id, known)}")
        if len(rows) > 1:
            holders = ", ".join(r["zorgkantoor"] for r in rows)
            raise FigureError(f'Project-ID "{project_id}" komt voor bij {holders}; schrijf project("zorgkantoor: '
                              f'{project_id}"), bijvoorbeeld project("{rows[0]["zorgkantoor"]}: {project_id}")')
        return ("project", project_id)

    def _signal_spec(self, soort: str = "alle") -> tuple:
        if soort not in SIGNAL_KINDS:
            raise FigureError(f'signalen("{soort}") bestaat niet; {nearest(soort, list(SIGNAL_KINDS))}')
        return ("signalen", soort)

    def _project_rows(self, project_id: str) -> list[dict]:
        holder, _, bare = project_id.partition(":")
        holder, bare = (holder.strip(), bare.strip()) if bare else (None, project_id.strip())
        cursor = self.connection.execute(
            """SELECT concessiehouder AS zorgkantoor, project_id, projectnaam, regio, hoofdrubriek_label,
                      projectstatus_label, impact_label, opschaalbaarheid_label, delen_label, startjaar,
                      aantal_betrokken, toelichting
               FROM projects_per_peildatum WHERE peildatum = ? AND lower(project_id) = lower(?)
               AND (?::VARCHAR IS NULL OR lower(concessiehouder) = lower(?))
               AND (?::VARCHAR IS NULL OR concessiehouder = ?) ORDER BY concessiehouder""",
            [self.peildatum, bare, holder, holder, self.scope, self.scope])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- blocks, in order of appearance ---------------------------------------------------------
    def exhibit(self, kind: str, table: Table, caption: str | None = None, chart=None) -> Exhibit:
        self.counts[kind] += 1
        notes = ()
        if table.key in PHASE_DIMENSIONS and table.key not in self._explained:
            self._explained.add(table.key)
            descriptions = phase_descriptions()
            notes = tuple((term.label, descriptions.get((table.key, term.code), ""))
                          for term in self.reference.vocabulary(table.key))
        return Exhibit(kind, self.counts[kind], caption or CAPTIONS.get(table.key, table.title), table, chart, notes)

    def blocks_for(self, spec: tuple) -> list:
        kind = spec[0]
        if kind == "tabel" and spec[1] == "regios":
            return [self.region_overview()]
        if kind == "tabel":
            return [self.exhibit(TABLE, self.registry.tables[spec[1]])]
        if kind == "grafiek":
            table = self.registry.tables[spec[1]]
            return [self.exhibit(CHART, table, chart=chart_for(table.key, self.reference)(table))]
        if kind == "project":
            return [self.project_card(self._project_rows(spec[1])[0])]
        if kind == "signalen":
            return self.signal_blocks(spec[1])
        if kind == "kerncijfers":
            return [Paragraph(plain(sentence)) for sentence in summary(self.facts)]
        if kind == "fasen":
            return self.phase_blocks()
        if kind == "kenmerken":
            return [self.exhibit(TABLE, self.fingerprint_table())]
        raise ValueError(kind)

    def region_overview(self) -> Exhibit:
        """Bijlage 1: the `Regio's` table with concessiehouders, links to the region pages and phase changes."""
        table, links, changes = region_overview(self.registry.tables["regios"], self.reference,
                                                self.signals().moves, region_anchors(self.reference))
        plain_exhibit = self.exhibit(TABLE, table)
        return Exhibit(plain_exhibit.kind, plain_exhibit.number, plain_exhibit.caption, table, None,
                       plain_exhibit.phase_notes, links, changes)

    def project_card(self, row: dict) -> ProjectCard:
        involved = "onbekend" if row["aantal_betrokken"] is None else nl_int(row["aantal_betrokken"])
        fields = (("Regio", row["regio"]), ("Zorgkantoor", row["zorgkantoor"]),
                  ("Hoofdrubriek", row["hoofdrubriek_label"]), ("Projectstatus", row["projectstatus_label"]),
                  ("Startjaar", str(row["startjaar"])), ("Betrokken organisaties", involved),
                  ("Impact (expertoordeel)", row["impact_label"]),
                  ("Opschaalbaarheid (expertoordeel)", row["opschaalbaarheid_label"]),
                  ("Delen van resultaten", row["delen_label"]))
        return ProjectCard(row["project_id"], row["projectnaam"], fields, (row["toelichting"] or "").strip() or None)

    def signals(self) -> Signals:
        if self._signals is None:
            self._signals = signals(self.connection, self.reference, self.peildatum, self.scope)
        return self._signals

    def signal_blocks(self, soort: str) -> list:
        found = self.signals()
        blocks: list = []
        if soort in ("fasen", "alle"):
            if found.previous_phase_period is None:
                blocks.append(Paragraph(plain("Er is geen eerdere peildatum met fasen om mee te vergelijken.")))
            elif not found.moves:
                blocks.append(Paragraph(plain(f"Sinds {found.previous_phase_label} is geen regio een fase "
                                              "gestegen of gedaald.")))
            else:
                items = []
                for move in found.moves:
                    verb = "gestegen" if move.steps > 0 else "gedaald"
                    runs = [Run(f"{move.regio} ({move.zorgkantoor})", bold=True),
                            Run(f", {PHASE_NAMES[move.dimensie].lower()}: {verb} van {move.before} naar "
                                f"{move.now}" + (f" ({abs(move.steps)} fasen)" if abs(move.steps) > 1 else "")
                                + ". ")]
                    runs.append(Run(f"Toelichting: {move.toelichting}", italic=True) if move.toelichting
                                else Run("Het zorgkantoor gaf geen toelichting.", italic=True))
                    items.append(tuple(runs))
                blocks.append(ListBlock(tuple(items)))
                jumps = found.jumps
                blocks.append(Paragraph(plain(
                    f"Meer dan één fase verschoven: {', '.join(sorted({m.regio for m in jumps}))}." if jumps else
                    "Geen regio is meer dan één fase verschoven.")))
        if soort in ("themas", "alle"):
            if found.previous_project_period is None:
                blocks.append(Paragraph(plain("Er is geen eerdere peildatum met projecten om mee te vergelijken.")))
            elif not found.shifts:
                blocks.append(Paragraph(plain("Het aantal projecten per hoofdrubriek is niet veranderd.")))
            else:
                previous = short_label(found.previous_project_period)
                blocks.append(ListBlock(tuple(
                    (Run(shift.hoofdrubriek, bold=True),
                     Run(f": {nl_int(shift.before)} projecten in {previous}, {nl_int(shift.now)} nu "
                         f"({'+' if shift.change > 0 else '−'}{nl_int(abs(shift.change))})."))
                    for shift in found.shifts)))
        return blocks

    def phase_blocks(self) -> list:
        descriptions = phase_descriptions()
        blocks: list = []
        for dimensie in PHASE_DIMENSIONS:
            blocks.append(Paragraph((Run(PHASE_NAMES[dimensie], bold=True),)))
            blocks.append(ListBlock(tuple(
                (Run(f"{term.label}. ", bold=True), Run(descriptions.get((dimensie, term.code), "")))
                for term in self.reference.vocabulary(dimensie))))
        return blocks

    def fingerprint_table(self) -> Table:
        rows = tuple(Row(d.zorgkantoor, ("ja" if d.delivered else "nee", d.received_at, d.sha256 or "–"), DATA)
                     for d in self.facts.deliveries)
        return Table("kenmerken", "Kenmerken", CAPTIONS["kenmerken"], "Zorgkantoor",
                     ("Aangeleverd", "Ontvangen op", "Kenmerk (SHA-256)"), (TEXT, DATETIME, TEXT), rows)

    # --- chapters -----------------------------------------------------------------------------------
    def chapter(self, source, number: int | None) -> tuple[Chapter, bool]:
        """The chapter of one source file; returns (chapter, numbered?)."""
        title, unnumbered, body_line, body = split_title(source.text)
        if title is None:
            raise RedactieError(source.name, source.first_line, "een hoofdstuk begint met zijn kop: een regel "
                                "'# Titel' (zie docs/analist.md)")
        appendix = title.lower().startswith("bijlage")
        numbered = not (unnumbered or appendix)
        chapter_number = str(number) if numbered else None
        anchor = f"h-{slug(title) or 'hoofdstuk'}"
        rendered, specs = render_text(body, self.functions, source.name, source.first_line + body_line)
        numbers = HeadingNumbers(chapter_number, anchor)
        blocks = to_blocks(rendered, numbers, lambda index: self.blocks_for(specs[index]))
        return Chapter(title, anchor, blocks, chapter_number, appendix, source.name), numbered

    def letter(self, texts_: Texts) -> list:
        rendered, specs = render_text(texts_.letter.text, self.functions, texts_.letter.name,
                                      texts_.letter.first_line)
        return to_blocks(rendered, HeadingNumbers(None, "brief"), lambda index: self.blocks_for(specs[index]))


def _warnings(texts_: Texts) -> list[Warning_]:
    found = typed_number_warnings(texts_.letter.text, texts_.letter.name, texts_.letter.first_line)
    for source in texts_.chapters:
        found += typed_number_warnings(source.text, source.name, source.first_line)
    return found


def national_document(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
                      redactie: Path | None = None) -> Document:
    """The national report from the analysts' texts in `redactie` (default: $WIR_REDACTIE_DIR)."""
    from pipeline.report.redactie import redactie_root

    texts_ = load_texts(redactie or redactie_root(), peildatum)
    facts = report_facts(connection, reference, peildatum)
    builder = _Builder(connection, reference, peildatum, facts)
    letter = builder.letter(texts_)
    chapters, number = [], 1
    seen_anchors: set[str] = set()
    for source in texts_.chapters:
        chapter, numbered = builder.chapter(source, number)
        if chapter.anchor in seen_anchors:
            chapter = Chapter(chapter.title, f"{chapter.anchor}-{number}", chapter.blocks, chapter.number,
                              chapter.appendix, chapter.source)
        seen_anchors.add(chapter.anchor)
        chapters.append(chapter)
        number += numbered
    chapters.append(region_chapter(connection, reference, peildatum, _appendix_title(chapters)))
    cover = texts_.cover
    return Document(cover["titel"] or "Voortgangsrapportage", cover["ondertitel"], peildatum,
                    long_label(peildatum), facts, summary(facts), chapters, cover, letter,
                    lock=lock_of(connection, peildatum), from_analysts=texts_.from_analysts,
                    warnings=_warnings(texts_))


_NUMBERED_APPENDIX = re.compile(r"^Bijlage (\d+)\b", re.IGNORECASE)


def _appendix_title(chapters: list[Chapter]) -> str:
    """'Bijlage 4: Regiopagina's' after Bijlage 1 to 3; unnumbered when the analysts number none."""
    numbers = [int(found.group(1)) for c in chapters if c.appendix and (found := _NUMBERED_APPENDIX.match(c.title))]
    return f"Bijlage {max(numbers) + 1}: {REGION_PAGES}" if numbers else f"Bijlage: {REGION_PAGES}"


REGION_PAGES = "Regiopagina's"


def side_by_side(own: Table, national: Table, zorgkantoor: str) -> Table:
    """The zorgkantoor's columns, then the national figure of this peildatum for comparison."""
    columns = (*(f"{zorgkantoor} {c}" for c in own.columns), f"Landelijk {national.columns[-1]}")
    national_rows = {(r.label, r.block): r for r in national.rows}
    rows = []
    for row in own.rows:
        other = national_rows.get((row.label, row.block))
        rows.append(Row(row.label, (*row.values, other.values[-1] if other else 0), row.kind, row.block))
    return Table(own.key, own.sheet, own.title, own.dimension, columns, (*own.formats, national.formats[-1]),
                 tuple(rows))


PROJECT_LIST = """
SELECT project_id, projectnaam, regio, hoofdrubriek_label, startjaar, projectstatus_label, impact_label,
       opschaalbaarheid_label
FROM projects_per_peildatum WHERE peildatum = ? AND concessiehouder = ?
ORDER BY regio, project_id
"""
PROJECT_LIST_COLUMNS = ("Projectnaam", "Regio", "Hoofdrubriek", "Startjaar", "Projectstatus", "Impact",
                        "Opschaalbaarheid")


def _project_list(connection: duckdb.DuckDBPyConnection, peildatum: str, zorgkantoor: str) -> Table:
    rows = tuple(Row(str(r[0]), tuple(str(v) for v in r[1:]), DATA)
                 for r in connection.execute(PROJECT_LIST, [peildatum, zorgkantoor]).fetchall())
    count = f"{nl_int(len(rows))} {'project' if len(rows) == 1 else 'projecten'}"
    closing = Row(TOTAL_LABEL, (count, *[""] * (len(PROJECT_LIST_COLUMNS) - 1)), TOTAL)
    return Table("projectenlijst", "Projectenlijst", f"Projectenlijst {zorgkantoor}", "Project-ID",
                 PROJECT_LIST_COLUMNS, (TEXT,) * len(PROJECT_LIST_COLUMNS), (*rows, closing))


OWN_REGIONS = """
SELECT r.regio, r.zorgkantoorregio, x.afspraken_label, x.dynamiek_label, x.visie_label, x.toelichting
FROM ref_regions r LEFT JOIN regions_per_peildatum x ON x.regio = r.regio AND x.peildatum = ?
WHERE r.concessiehouder = ? ORDER BY r.region_order
"""


def _own_regions(connection: duckdb.DuckDBPyConnection, peildatum: str, zorgkantoor: str) -> Table:
    """Every region of the zorgkantoor with its phases and its explanation, also outside the national tables."""
    rows = tuple(Row(regio, (zorgkantoorregio, *(label or texts.NOT_DELIVERED for label in labels),
                             (toelichting or "").strip() or "–"))
                 for regio, zorgkantoorregio, *labels, toelichting in connection.execute(
                     OWN_REGIONS, [peildatum, zorgkantoor]).fetchall())
    columns = ("Zorgkantoorregio", *texts.PHASE_COLUMNS.values(), "Toelichting")
    return Table("eigen_regios", "Regio's", f"Fase en toelichting per regio van {zorgkantoor}", "Regio", columns,
                 (TEXT,) * len(columns), rows)


def _outside_document(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
                      zorgkantoor: str) -> Document:
    """The page of a zorgkantoor outside the national tables (DSW): what it delivered, without comparisons."""
    facts = report_facts(connection, reference, peildatum, scope=zorgkantoor)
    builder = _Builder(connection, reference, peildatum, facts, scope=zorgkantoor)
    intro = Paragraph(plain(
        f"{zorgkantoor} maakt geen gebruik van de ondersteuning van Waardigheid en trots in de regio; de regio's "
        f"en projecten van {zorgkantoor} tellen daarom niet mee in de landelijke tabellen. Dit overzicht toont wat "
        f"{zorgkantoor} voor peildatum {long_label(peildatum)} heeft aangeleverd."))
    regions = [intro, builder.exhibit(TABLE, _own_regions(connection, peildatum, zorgkantoor)),
               Heading(2, plain("Signalen"), "h-signalen", "1.1"), *builder.signal_blocks("fasen")]
    projects = [builder.exhibit(TABLE, _project_list(connection, peildatum, zorgkantoor)),
                Heading(2, plain("Verschuivingen in de hoofdrubrieken"), "h-verschuivingen", "2.1"),
                *builder.signal_blocks("themas")]
    quality = [builder.exhibit(TABLE, builder.fingerprint_table())]
    chapters = [Chapter("Regio's", "h-regio-s", regions, "1"),
                Chapter(f"Projectenlijst {zorgkantoor}", "h-projectenlijst", projects, "2"),
                Chapter("Bijlage: Datakwaliteit", "h-bijlage-datakwaliteit", quality, appendix=True)]
    return Document("Voortgangsrapportage", f"Rapportage {zorgkantoor}", peildatum, long_label(peildatum), facts,
                    [], chapters, {"afzender": "Zorgverzekeraars Nederland"}, generated_for=zorgkantoor,
                    lock=lock_of(connection, peildatum))


def zorgkantoor_document(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
                         zorgkantoor: str) -> Document:
    """The report restricted to one zorgkantoor's regions and projects, next to the national figures; for a
    zorgkantoor outside the national tables (DSW) its own page without them."""
    if not any(r.concessiehouder == zorgkantoor for r in reference.reporting_regions):
        return _outside_document(connection, reference, peildatum, zorgkantoor)
    facts = report_facts(connection, reference, peildatum, scope=zorgkantoor)
    builder = _Builder(connection, reference, peildatum, facts, scope=zorgkantoor)
    reporting = True

    def chapter(number: int, title: str, blocks: list) -> Chapter:
        return Chapter(title, f"h-{slug(title)}", blocks, str(number))

    phases: list = [Paragraph(plain(f"De regio's van {zorgkantoor} per fase" + (
        ", met in de laatste kolom het landelijke beeld." if reporting else ".")))]
    for dimensie in PHASE_DIMENSIONS:
        own = phase_table(connection, reference, dimensie, peildatum, zorgkantoor)
        shown = side_by_side(own, phase_table(connection, reference, dimensie, peildatum), zorgkantoor) \
            if reporting else own
        phases.append(builder.exhibit(CHART, own, chart=charts.phase_chart(own)))
        phases.append(builder.exhibit(TABLE, shown, texts.TEXTS[dimensie].title))
    phases.append(with_links(builder.exhibit(TABLE, _own_regions(connection, peildatum, zorgkantoor)),
                             region_anchors(reference)))
    phases.append(Heading(2, plain("Signalen"), "h-signalen", "1.1"))
    phases.append(Paragraph(plain("De regio's die een fase zijn gestegen of gedaald, met de toelichting van "
                                  f"{zorgkantoor}:")))
    phases += builder.signal_blocks("fasen")
    projects: list = [Paragraph(plain(f"De projecten van {zorgkantoor}" + (
        ", met in de laatste kolom het landelijke aantal." if reporting else ".")))]
    for dimensie in DISTRIBUTIONS:
        own = distribution(connection, reference, dimensie, peildatum, zorgkantoor)
        shown = side_by_side(own, distribution(connection, reference, dimensie, peildatum), zorgkantoor) \
            if reporting else own
        projects.append(builder.exhibit(TABLE, shown, texts.TEXTS[dimensie].title))
    new = nieuwe_projecten(connection, reference, peildatum, zorgkantoor)
    projects.append(builder.exhibit(CHART, new, chart=charts.new_projects_chart(new)))
    projects.append(builder.exhibit(TABLE, new))
    scale = opschaalbaarheid_x_rubriek(connection, reference, peildatum, zorgkantoor)
    projects.append(builder.exhibit(CHART, scale, chart=chart_for("opschaalbaarheid_x_rubriek", reference)(scale)))
    projects.append(builder.exhibit(TABLE, scale))
    projects.append(Heading(2, plain("Verschuivingen in de hoofdrubrieken"), "h-verschuivingen", "2.1"))
    projects += builder.signal_blocks("themas")
    listing = [builder.exhibit(TABLE, _project_list(connection, peildatum, zorgkantoor))]
    quality = [builder.exhibit(TABLE, builder.fingerprint_table())]
    chapters = [Chapter("Samenvatting", "h-samenvatting", builder.blocks_for(("kerncijfers",))),
                chapter(1, "Procesresultaten", phases), chapter(2, "Projecten", projects),
                chapter(3, f"Projectenlijst {zorgkantoor}", listing),
                region_chapter(connection, reference, peildatum, f"Bijlage: {REGION_PAGES}", zorgkantoor),
                Chapter("Bijlage: Datakwaliteit", "h-bijlage-datakwaliteit", quality, appendix=True)]
    return Document("Voortgangsrapportage", f"Rapportage {zorgkantoor}", peildatum, long_label(peildatum), facts,
                    summary(facts), chapters, {"afzender": "Zorgverzekeraars Nederland"},
                    generated_for=zorgkantoor, lock=lock_of(connection, peildatum))

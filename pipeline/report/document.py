"""The report as a document: sections of numbered tables with captions and charts, from the warehouse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import duckdb
import pandas as pd

from pipeline.periods import long_label, month_end, short_label
from pipeline.reference import Reference
from pipeline.report import charts
from pipeline.report.facts import ReportFacts, report_facts
from pipeline.report.formatting import nl_date
from pipeline.report.summary import PHASE_NOUNS, summary
from pipeline.tables import texts
from pipeline.tables.model import COUNT, DATA, Row, Table
from pipeline.tables.phases import phase_table, region_overview
from pipeline.tables.projects import distribution, nieuwe_projecten, opschaalbaarheid_x_rubriek
from pipeline.tables.store import load_tables
from pipeline.warehouse.locking import Lock, lock_of


@dataclass
class Exhibit:
    """A numbered table with its caption and, where a person would rather look than read, a chart."""

    number: int
    caption: str
    table: Table
    chart: str | None = None


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    exhibits: list[Exhibit] = field(default_factory=list)
    projects: pd.DataFrame | None = None  # the project list of a zorgkantoor view
    appendix: bool = False


@dataclass
class Document:
    title: str
    subtitle: str
    peildatum: str
    period_label: str
    facts: ReportFacts
    summary: list[str]
    sections: list[Section]
    generated_for: str | None = None  # zorgkantoor of a restricted view
    lock: Lock | None = None  # the vaststelling this report belongs to; None: a concept

    @property
    def peildatum_date(self) -> dt.date:
        return month_end(self.peildatum)

    @property
    def peildatum_text(self) -> str:
        return nl_date(self.peildatum_date)


class _Numbering:
    def __init__(self, writer: charts.ChartWriter):
        self.count = 0
        self.writer = writer

    def exhibit(self, caption: str, table: Table, chart: Callable[[Table], object] | None = None,
                chart_of: Table | None = None) -> Exhibit:
        """Number the table; draw `chart` of `chart_of` (default: the table itself)."""
        self.count += 1
        drawn = self.writer.html(chart(chart_of or table)) if chart else None
        return Exhibit(self.count, caption, table, drawn)


def moves_table(facts: ReportFacts) -> Table:
    """Regions that moved a phase up or down since the previous peildatum, per dimension."""
    columns = ("Gestegen", "Gelijk gebleven", "Gedaald", "Niet te vergelijken")
    rows = [Row(PHASE_NOUNS[d].capitalize(), (p.risen, p.same, p.fallen, p.not_comparable), DATA)
            for d, p in facts.phases.items()]
    since = short_label(facts.previous_phase_period) if facts.previous_phase_period else "-"
    return Table("verschuivingen", "Verschuivingen", f"Verschuivingen sinds {since}", "Dimensie", columns,
                 (COUNT,) * 4, tuple(rows))


def _phase_section(numbering: _Numbering, tables: dict[str, Table], facts: ReportFacts) -> Section:
    section = Section("Procesresultaten zorgkantoorregio's", [
        "Per regio geven de zorgkantoren aan in welke fase de samenwerking zich bevindt: de afspraken en "
        "convenanten, de samenwerkingsdynamiek tussen de zorgaanbieders en de ontwikkeling van een regionale "
        "visie. De tabellen tellen de regio's per fase over de laatste peildata; een regio zonder geaccepteerde "
        "aanlevering staat onder 'Niet aangeleverd'."])
    captions = {"afspraken": "Stand van zaken fasering plan- en projectontwikkeling (afspraken / convenanten)",
                "dynamiek": "Ontwikkeling van de samenwerkingsdynamiek in de regio",
                "visie": "Stand van zaken ontwikkeling regionale visie"}
    for key, caption in captions.items():
        section.exhibits.append(numbering.exhibit(caption, tables[key], charts.phase_chart))
    if facts.previous_phase_period:
        section.exhibits.append(numbering.exhibit(
            f"Regio's die sinds {short_label(facts.previous_phase_period)} een fase zijn gestegen of gedaald",
            moves_table(facts)))
    return section


PROJECT_EXHIBITS = (
    ("rubriek_x_concessiehouder", "Verdeling transitieplannen over hoofdrubrieken en concessiehouders",
     charts.crosstab_chart),
    ("betrokkenheid", "Betrokkenheid zorgaanbieders (aantal betrokken zorgorganisaties per project)",
     charts.distribution_chart),
    ("projectstatus", "Projectstatus van alle projecten", charts.distribution_chart),
    ("nieuwe_projecten", "Verschuiving thema's: projecten naar startjaar", charts.new_projects_chart),
    ("impact", "Mate van impact van de projecten", charts.distribution_chart),
    ("delen", "Deelbare resultaten", charts.distribution_chart),
    ("opschaalbaarheid", "Analyse opschaalbaarheid", charts.distribution_chart),
    ("opschaalbaarheid_x_rubriek", "Opschaalbaarheid per hoofdrubriek", charts.scale_crosstab_chart),
    (f"thema_{texts.PUBLISHED_THEME}", "Ontwikkeling thema Technologie", None),
)


def _scalability_chart(reference: Reference) -> Callable[[Table], charts.Figure]:
    """Opschaalbaarheid is an ordered scale; 'Nog onbekend' (code O) is no step of it."""
    return partial(charts.scale_crosstab_chart, off_scale={reference.label("opschaalbaarheid", "O")})


def national_document(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str) -> Document:
    tables = load_tables(connection, peildatum)
    facts = report_facts(connection, reference, peildatum)
    numbering = _Numbering(charts.ChartWriter())
    sections = [_phase_section(numbering, tables, facts)]
    projects = Section("Analyse transitieplannen", [
        "Alle projecten van de rapporterende regio's, gerubriceerd naar hoofdrubriek en beoordeeld op status, "
        "betrokkenheid, impact, deelbaarheid van resultaten en opschaalbaarheid. Waar twee kolommen staan, is "
        "de linker de vorige peildatum met projecten."])
    drawn = {"opschaalbaarheid_x_rubriek": _scalability_chart(reference)}
    for key, caption, chart in PROJECT_EXHIBITS:
        projects.exhibits.append(numbering.exhibit(caption, tables[key], drawn.get(key, chart)))
    sections.append(projects)
    sections.append(Section("Bijlage 1: fase per regio", exhibits=[
        numbering.exhibit("Fase van ontwikkeling per regio", tables["regios"])], appendix=True))
    sections.append(Section("Bijlage 2: datakwaliteit", [
        "Per zorgkantoor de stand van de aanlevering voor deze peildatum. 'Ontvangen op' is het moment "
        "waarop de gebruikte versie binnenkwam. DSW staat erbij maar telt, zoals in alle landelijke tabellen, "
        "niet mee in het totaal."], [numbering.exhibit("Aanleveringen per zorgkantoor",
                                                                      tables["datakwaliteit"])], appendix=True))
    return Document("Voortgangsrapportage Waardigheid en trots in de regio", "Landelijke rapportage",
                    peildatum, long_label(peildatum), facts, summary(facts), sections,
                    lock=lock_of(connection, peildatum))


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
SELECT project_id AS "Project-ID", projectnaam AS "Projectnaam", regio AS "Regio",
       hoofdrubriek_label AS "Hoofdrubriek", startjaar AS "Startjaar", projectstatus_label AS "Projectstatus",
       impact_label AS "Impact", opschaalbaarheid_label AS "Opschaalbaarheid"
FROM projects_per_peildatum WHERE peildatum = ? AND concessiehouder = ? AND in_rapportage
ORDER BY regio, project_id
"""


def zorgkantoor_document(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str,
                         zorgkantoor: str) -> Document:
    """The report restricted to one zorgkantoor's regions and projects, next to the national figures."""
    facts = report_facts(connection, reference, peildatum, scope=zorgkantoor)
    numbering = _Numbering(charts.ChartWriter())
    phases = Section("Procesresultaten", [
        f"De regio's van {zorgkantoor} per fase, met in de laatste kolom het landelijke beeld."])
    for dimensie in ("afspraken", "dynamiek", "visie"):
        own = phase_table(connection, reference, dimensie, peildatum, zorgkantoor)
        national = phase_table(connection, reference, dimensie, peildatum)
        phases.exhibits.append(numbering.exhibit(texts.TEXTS[dimensie].title, side_by_side(own, national, zorgkantoor),
                                                 charts.phase_chart, chart_of=own))
    phases.exhibits.append(numbering.exhibit("Fase van ontwikkeling per regio",
                                             region_overview(connection, reference, peildatum, zorgkantoor)))
    projects = Section("Projecten", [
        f"De projecten van {zorgkantoor}, met in de laatste kolom het landelijke aantal."])
    for dimensie in ("projectstatus", "betrokkenheid", "impact", "delen", "opschaalbaarheid"):
        own = distribution(connection, reference, dimensie, peildatum, zorgkantoor)
        national = distribution(connection, reference, dimensie, peildatum)
        projects.exhibits.append(numbering.exhibit(texts.TEXTS[dimensie].title, side_by_side(own, national,
                                                                                            zorgkantoor)))
    projects.exhibits.append(numbering.exhibit(
        "Verschuiving thema's: projecten naar startjaar", nieuwe_projecten(connection, reference, peildatum,
                                                                          zorgkantoor), charts.new_projects_chart))
    projects.exhibits.append(numbering.exhibit(
        "Opschaalbaarheid per hoofdrubriek", opschaalbaarheid_x_rubriek(connection, reference, peildatum,
                                                                        zorgkantoor), _scalability_chart(reference)))
    listing = Section(f"Projectenlijst {zorgkantoor}")
    listing.projects = connection.execute(PROJECT_LIST, [peildatum, zorgkantoor]).df()
    return Document("Voortgangsrapportage Waardigheid en trots in de regio", f"Rapportage {zorgkantoor}",
                    peildatum, long_label(peildatum), facts, summary(facts), [phases, projects, listing],
                    generated_for=zorgkantoor, lock=lock_of(connection, peildatum))


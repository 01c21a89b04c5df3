"""The report as data: chapters of blocks that the HTML, PDF and Word renderings all walk.

A chapter comes from an analyst's Markdown file (or from code for the zorgkantoor views); its text becomes
paragraphs, headings and lists, and its `{{ tabel(...) }}`-like expressions become exhibits, project cards and
signal lists. Adding a kind of block means one dataclass here and one branch per renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.tables.model import Table


@dataclass(frozen=True)
class Run:
    """A piece of inline text with its emphasis; `href` for a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


Runs = tuple[Run, ...]


def plain(text: str) -> Runs:
    return (Run(text),)


def text_of(runs: Runs) -> str:
    return "".join(run.text for run in runs)


@dataclass(frozen=True)
class Heading:
    level: int  # 2 for a paragraph (x.y), 3 for a subparagraph; the chapter title is level 1
    runs: Runs
    anchor: str
    number: str | None = None  # "2.1"; None: unnumbered

    @property
    def title(self) -> str:
        return text_of(self.runs)


@dataclass(frozen=True)
class Paragraph:
    runs: Runs
    kind: str | None = None  # "opmerking": a grey note


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Runs, ...]
    ordered: bool = False


TABLE, CHART = "tabel", "figuur"


@dataclass(frozen=True)
class Change:
    """A cell's change since the previous peildatum: an arrow, and the words that say it (its text alternative)."""

    risen: bool
    text: str  # "gestegen van fase 2"

    @property
    def arrow(self) -> str:
        return "▲" if self.risen else "▼"


@dataclass(frozen=True)
class Exhibit:
    """A numbered table at its place in the text, with its chart where `grafiek(...)` asked for one."""

    kind: str  # TABLE or CHART
    number: int  # tables and charts are numbered apart, each in order of appearance
    caption: str
    table: Table
    chart: dict | None = None  # a plotly figure (pipeline/report/charts.py), for a CHART
    phase_notes: tuple[tuple[str, str], ...] = ()  # (phase label, description) shown before a phase table
    links: dict[str, str] = field(default_factory=dict)  # row label -> anchor it links to (a region page)
    changes: dict[tuple[str, int], Change] = field(default_factory=dict)  # (row label, column index) -> change

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.number}"

    @property
    def label(self) -> str:
        return f"{self.kind.capitalize()} {self.number}"

    @property
    def title(self) -> str:
        return f"{self.label}. {self.caption}"


@dataclass(frozen=True)
class ProjectCard:
    """A highlighted project (uitgelicht project), with its data as the zorgkantoor submitted it."""

    project_id: str
    name: str
    fields: tuple[tuple[str, str], ...]  # (label, value) in reading order
    toelichting: str | None


@dataclass(frozen=True)
class RegionPeriodRow:
    """One peildatum of a region page: its phase per dimension (number for the chart, label to read)."""

    peildatum: str  # YYYY-MM
    label: str  # "okt-20"
    zorgkantoor: str
    phases: tuple[tuple[str, int, str], ...]  # (dimension name, phase number, phase label)
    toelichting: str | None


@dataclass(frozen=True)
class RegionPageBlock:
    """The page of one reporting region (pipeline/tables/region_pages.py): its phases over every peildatum,
    its zorgkantoor and concessiehouder, its explanations and its projects."""

    regio: str
    anchor: str
    zorgkantoorregio: str
    zorgkantoor: str
    concessiehouder: str
    history: tuple[RegionPeriodRow, ...]  # oldest first
    project_columns: tuple[str, ...]
    projects: tuple[tuple[str, ...], ...]  # the cells as shown, in project_columns order
    sort_keys: tuple[tuple[str | None, ...], ...]  # per cell the value to sort on (data-sort), None: its text
    project_ids: tuple[str, ...]
    peildatum_label: str  # of the projects

    @property
    def explanations(self) -> list[RegionPeriodRow]:
        return [period for period in self.history if period.toelichting]


@dataclass(frozen=True)
class Chapter:
    title: str
    anchor: str
    blocks: list = field(default_factory=list)
    number: str | None = None  # "2"; None for the letter, the summary and appendices
    appendix: bool = False
    source: str | None = None  # the file the text came from

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


Block = Heading | Paragraph | ListBlock | Exhibit | ProjectCard | RegionPageBlock


@dataclass(frozen=True)
class TocEntry:
    level: int  # 1 chapter, 2 paragraph
    title: str
    anchor: str

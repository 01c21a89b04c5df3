"""The submission workbook of Aanleverformat v1, as data: sheets, keys and columns."""

from __future__ import annotations

from dataclasses import dataclass

SHEET_AANLEVERING = "Aanlevering"
SHEET_REGIOS = "Regio's"
SHEET_PROJECTEN = "Projecten"

KEY_ZORGKANTOOR = "Zorgkantoor"
KEY_PEILDATUM = "Peildatum"
KEY_TEMPLATEVERSIE = "Templateversie"
AANLEVERING_KEYS = (KEY_ZORGKANTOOR, KEY_PEILDATUM, KEY_TEMPLATEVERSIE)
TEMPLATE_VERSION = 1

FIRST_START_YEAR = 2015
START_YEAR_MARGIN = 2  # a project may be planned up to two years after the peildatum
FIRST_PEILDATUM_YEAR = 2018  # the regional tables started in 2018
FUTURE_PEILDATUM_DAYS = 366  # a template may be filled in before its peildatum, not a year before
TOELICHTING_LENGTH = 4000


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str  # text | region | term | whole | amount
    required: bool
    dimensie: str | None = None
    default: str | None = None  # vocabulary code used when the cell is empty
    minimum: int | None = None
    maximum: int | None = None  # beyond it a value cannot be true (a typo, or a total typed in)
    max_length: int | None = None  # text, in characters
    year: bool = False  # a calendar year: its range follows the peildatum, and it is shown as 2019, never 2.019


REGION_COLUMNS = (
    Column("Regio", "regio", "region", True),
    Column("Afspraken / convenanten", "afspraken", "term", True, dimensie="afspraken"),
    Column("Samenwerkingsdynamiek", "dynamiek", "term", True, dimensie="dynamiek"),
    Column("Regiovisie", "visie", "term", True, dimensie="visie"),
    Column("Toelichting", "toelichting", "text", False, max_length=TOELICHTING_LENGTH),
)

PROJECT_COLUMNS = (
    Column("Project-ID", "project_id", "text", True, max_length=50),
    Column("Projectnaam", "projectnaam", "text", True, max_length=250),
    Column("Regio", "regio", "region", True),
    Column("Hoofdrubriek", "hoofdrubriek", "term", True, dimensie="hoofdrubriek"),
    Column("Startjaar", "startjaar", "whole", True, minimum=FIRST_START_YEAR, year=True),
    Column("Projectstatus", "projectstatus", "term", True, dimensie="projectstatus"),
    Column("Aantal betrokken zorgorganisaties", "aantal_betrokken", "whole", False, minimum=1, maximum=1000),
    Column("Mate van impact", "impact", "term", False, dimensie="impact", default="O"),
    Column("Delen van resultaten", "delen", "term", False, dimensie="delen", default="O"),
    Column("Opschaalbaarheid", "opschaalbaarheid", "term", False, dimensie="opschaalbaarheid", default="O"),
    Column("Begroting (EUR)", "begroting", "amount", False, minimum=0, maximum=100_000_000),
    Column("Toelichting", "toelichting", "text", False, max_length=TOELICHTING_LENGTH),
)

SHEET_COLUMNS = {SHEET_REGIOS: REGION_COLUMNS, SHEET_PROJECTEN: PROJECT_COLUMNS}

"""What people do to a template before they send it: tolerated variations and real mistakes.

Each function changes a built workbook in place, the way a person editing it in Excel would.
"""

from __future__ import annotations

import random

from openpyxl.styles import Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.excel import put_text
from pipeline.intake import layout
from pipeline.reference import Reference

CONTACTS = ("Anouk de Vries", "Mark Jansen", "Sanne Bakker", "Peter van Dijk", "Fatima el Amrani",
            "Joost Visser", "Ingrid Smit")
NEIGHBOUR = "Apeldoorn / Zutphen"  # a region of another zorgkantoor, typed by mistake


def _header(sheet: str, field: str) -> str:
    return next(c.header for c in layout.SHEET_COLUMNS[sheet] if c.field == field)


def _position(sheet: Worksheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def _cells(sheet: Worksheet, header: str) -> list:
    column = _position(sheet, header)
    return [sheet.cell(row, column) for row in range(2, sheet.max_row + 1)]


def _write(cell, value: object) -> None:
    if isinstance(value, str):
        put_text(cell, value)
    else:
        cell.value = value


def region_alias(workbook: Workbook, reference: Reference, regio: str, alias: str) -> None:
    """A region written the way it appears in older reports, e.g. 'AM - Regio Zeeland'."""
    for sheet in (layout.SHEET_REGIOS, layout.SHEET_PROJECTEN):
        for cell in _cells(workbook[sheet], _header(sheet, "regio")):
            if cell.value == regio:
                put_text(cell, alias)


def phases_as(workbook: Workbook, reference: Reference, style: str) -> None:
    """Phases typed as 'Fase 3' (style 'fase') or as the bare number 3 (style 'number')."""
    sheet = workbook[layout.SHEET_REGIOS]
    for column in layout.REGION_COLUMNS:
        if column.kind != "term":
            continue
        for cell in _cells(sheet, column.header):
            match = reference.resolve_term(column.dimensie, cell.value) if cell.value else None
            if match:
                _write(cell, f"Fase {match.value}" if style == "fase" else int(match.value))


def alias_label(workbook: Workbook, reference: Reference, sheet: str, field: str, code: str,
                alias: str) -> None:
    """A vocabulary value written as one of its aliases, e.g. 'Anders opleiden'."""
    column = next(c for c in layout.SHEET_COLUMNS[sheet] if c.field == field)
    label = reference.label(column.dimensie, code)
    for cell in _cells(workbook[sheet], column.header):
        if cell.value == label:
            put_text(cell, alias)


def years_as_text(workbook: Workbook, reference: Reference, year: int) -> None:
    """Start years typed as text, as after pasting from another document."""
    sheet = layout.SHEET_PROJECTEN
    for cell in _cells(workbook[sheet], _header(sheet, "startjaar")):
        if cell.value == year:
            put_text(cell, str(year))


def extra_column(workbook: Workbook, reference: Reference, sheet: str, header: str, seed: str) -> None:
    """An own column added at the end, e.g. a contact person per row."""
    rng = random.Random(seed)
    target = workbook[sheet]
    column = target.max_column + 1
    put_text(target.cell(1, column), header).font = Font(bold=True)
    for row in range(2, target.max_row + 1):
        put_text(target.cell(row, column), rng.choice(CONTACTS))


def empty_row(workbook: Workbook, reference: Reference, sheet: str) -> None:
    """An empty row in the middle of the table."""
    target = workbook[sheet]
    target.insert_rows(2 + (target.max_row - 1) // 2)


def columns_first(workbook: Workbook, reference: Reference, sheet: str, fields: tuple[str, ...]) -> None:
    """Columns rearranged (the drop-down lists do not follow: they are dropped, as after a copy)."""
    target = workbook[sheet]
    headers = [_header(sheet, f) for f in fields]
    grid = [[cell.value for cell in row] for row in target.iter_rows()]
    order = [grid[0].index(h) for h in headers] + [i for i, h in enumerate(grid[0]) if h not in headers]
    target.delete_rows(1, target.max_row)
    for row, values in enumerate(grid, start=1):
        for column, index in enumerate(order, start=1):
            _write(target.cell(row, column), values[index])
    for cell in target[1]:
        cell.font = Font(bold=True)
    target.data_validations.dataValidation = []


def mistakes(workbook: Workbook, reference: Reference, zorgkantoor: str) -> None:
    """Errors that reject the file: a misspelt hoofdrubriek, a foreign region, an empty start year."""
    sheet = layout.SHEET_PROJECTEN
    target = workbook[sheet]
    themes = _cells(target, _header(sheet, "hoofdrubriek"))
    technology = reference.label("hoofdrubriek", "TE") if "TE" in reference.codes("hoofdrubriek") else None
    first = next((c.row for c in themes if c.value == technology), 2)
    others = [c.row for c in themes if c.row != first]
    put_text(target.cell(first, themes[0].column), "Tecnologie")
    own = {r.regio for r in reference.regions_of(zorgkantoor)}
    foreign = [r.regio for r in reference.regions if r.regio not in own]
    region = NEIGHBOUR if NEIGHBOUR in foreign else foreign[0]
    put_text(target.cell(others[1], _position(target, _header(sheet, "regio"))), region)
    target.cell(others[3], _position(target, _header(sheet, "startjaar"))).value = None

"""The tables workbook `tabellen-<YYYY-MM>.xlsx`: one sheet per table, in the order of Outputs v1."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from pipeline.excel import put_text, save_deterministic
from pipeline.periods import long_label
from pipeline.tables import texts
from pipeline.tables.model import AMOUNT, BLOCK, DATETIME, OUTSIDE, PERCENT, TEXT, TOTAL, Table
from pipeline.warehouse.processed import tables_workbook_path

WORKBOOK_ORDER = (
    "afspraken", "dynamiek", "visie", "rubriek_x_concessiehouder", "betrokkenheid", "projectstatus",
    "nieuwe_projecten", "impact", "delen", "opschaalbaarheid", "opschaalbaarheid_x_rubriek",
    f"thema_{texts.PUBLISHED_THEME}", "begroting_x_rubriek", "begroting_x_concessiehouder",
    "trend_fasen", "trend_projectstatus", "regios", "datakwaliteit",
)
PERCENT_FORMAT = "0.0%"
AMOUNT_FORMAT = "€ #,##0"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"  # as the report shows it (model.DATETIME_SHOWN)
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TOTAL_BORDER = Border(top=Side(style="thin"))


def sheet_title(table: Table, peildatum: str, number: int | None, vastgesteld: bool) -> str:
    """'Tabel 4. <title> — peildatum oktober 2020 — CONCEPT': the number the table has in the report."""
    title = f"Tabel {number}. {table.title}" if number else table.title
    return f"{title} — peildatum {long_label(peildatum)}" + ("" if vastgesteld else " — CONCEPT")


def _sheet(workbook: Workbook, table: Table, peildatum: str, number: int | None, vastgesteld: bool) -> None:
    sheet = workbook.create_sheet(table.sheet)
    put_text(sheet.cell(1, 1), sheet_title(table, peildatum, number, vastgesteld)).font = Font(bold=True, size=12)
    for position, text in enumerate((table.dimension, *table.columns), start=1):
        cell = put_text(sheet.cell(2, position), text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for offset, row in enumerate(table.rows, start=3):
        shown = f"{row.label} ({texts.OUTSIDE_NOTE})" if row.kind == OUTSIDE else row.label
        label = put_text(sheet.cell(offset, 1), shown)
        label.font = Font(bold=row.kind in (TOTAL, BLOCK), italic=row.kind == BLOCK)
        if row.kind == BLOCK:
            continue
        for position, (value, fmt) in enumerate(zip(row.values, table.formats, strict=True), start=2):
            cell = sheet.cell(offset, position)
            if fmt == TEXT:
                put_text(cell, value)
            else:
                cell.value = value
                if fmt == PERCENT:
                    cell.number_format = PERCENT_FORMAT
                elif fmt == DATETIME:
                    cell.number_format = DATETIME_FORMAT
                elif fmt == AMOUNT:
                    cell.number_format = AMOUNT_FORMAT
            if row.kind == TOTAL:
                cell.font = Font(bold=True)
                cell.border = TOTAL_BORDER
        if row.kind == TOTAL:
            label.border = TOTAL_BORDER
    sheet.column_dimensions["A"].width = 52
    for position in range(2, len(table.columns) + 2):
        width = 34 if TEXT in table.formats else 16
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.row_dimensions[2].height = 32
    sheet.freeze_panes = "B3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


def build_tables_workbook(tables: dict[str, Table], peildatum: str, numbers: dict[str, int] | None = None,
                          vastgesteld: bool = False) -> Workbook:
    """`numbers`: the table number of each key in the report (pipeline/report); without it the titles carry
    none. `vastgesteld`: without it every title says CONCEPT."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for key in WORKBOOK_ORDER:
        _sheet(workbook, tables[key], peildatum, (numbers or {}).get(key), vastgesteld)
    return workbook


def write_tables_workbook(tables: dict[str, Table], peildatum: str, reports_dir: Path,
                          numbers: dict[str, int] | None = None, vastgesteld: bool = False) -> Path:
    path = tables_workbook_path(reports_dir, peildatum)
    save_deterministic(build_tables_workbook(tables, peildatum, numbers, vastgesteld), path)
    return path

"""Write the submission workbook of Aanleverformat v1: empty, or pre-filled with content."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.dutch import dutch_number
from pipeline.excel import put_text, save_deterministic
from pipeline.intake import layout
from pipeline.intake.layout import Column
from pipeline.naming import slug
from pipeline.periods import month_end, parse_key
from pipeline.reference import Reference
from pipeline.template import texts

INSTRUCTION_CHARS_PER_LINE = 100  # at the column width of 110 set below
VALIDATED_ROWS = 1000  # rows a user adds by hand are checked too
DATE_FORMAT = "dd-mm-yyyy"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
KIND_WIDTHS = {"text": 16, "region": 34, "term": 50, "whole": 14, "amount": 16}
FIELD_WIDTHS = {"projectnaam": 45, "toelichting": 60}
REGION_LIST = "regio"  # key of the drop-down list of the zorgkantoor's own regions


@dataclass(frozen=True, eq=False)  # eq=False: comparing DataFrames has no single truth value
class TemplateContent:
    """Values to pre-fill, as the intake reads them: region names, vocabulary codes, numbers."""

    regions: pd.DataFrame  # regio, afspraken, dynamiek, visie, toelichting
    projects: pd.DataFrame  # project_id, projectnaam, regio, hoofdrubriek, startjaar, ... toelichting


def build_template(reference: Reference, zorgkantoor: str, peildatum: str,
                   content: TemplateContent | None = None) -> openpyxl.Workbook:
    """The workbook for one zorgkantoor and peildatum (`YYYY-MM`), with drop-down lists."""
    if zorgkantoor not in reference.concessiehouders:
        raise ValueError(f"Onbekend zorgkantoor '{zorgkantoor}'. Kies uit: "
                         f"{', '.join(reference.concessiehouders)}.")
    year, _ = parse_key(peildatum)
    own_regions = [r.regio for r in reference.regions_of(zorgkantoor)]
    workbook = openpyxl.Workbook()
    instruction = workbook.active
    instruction.title = texts.SHEET_INSTRUCTIE
    _instruction(instruction, zorgkantoor, peildatum)
    _aanlevering(workbook.create_sheet(layout.SHEET_AANLEVERING), zorgkantoor, peildatum)
    regions = workbook.create_sheet(layout.SHEET_REGIOS)
    projects = workbook.create_sheet(layout.SHEET_PROJECTEN)
    lists = _lists(workbook.create_sheet(texts.SHEET_LIJSTEN), reference, own_regions)
    region_rows = _region_rows(own_regions, content.regions if content else None)
    project_rows = _records(content.projects if content else None)
    for sheet, columns, rows in ((regions, layout.REGION_COLUMNS, region_rows),
                                 (projects, layout.PROJECT_COLUMNS, project_rows)):
        _table(sheet, columns, rows, reference)
        _validations(sheet, columns, lists, year, max(VALIDATED_ROWS, len(rows) + 1))
    return workbook


def write_template(reference: Reference, zorgkantoor: str, peildatum: str, path: Path,
                   content: TemplateContent | None = None) -> Path:
    """Build the template and save it reproducibly (same input, same bytes); into a folder under its own name."""
    path = Path(path)
    if path.is_dir():
        path = path / template_file_name(zorgkantoor, peildatum)
    save_deterministic(build_template(reference, zorgkantoor, peildatum, content), path)
    return path


def template_file_name(zorgkantoor: str, peildatum: str) -> str:
    return f"aanlevertemplate-{slug(zorgkantoor)}-{peildatum}.xlsx"


def _instruction(sheet: Worksheet, zorgkantoor: str, peildatum: str) -> None:
    fonts = {"title": Font(bold=True, size=14), "heading": Font(bold=True, size=12), "text": Font()}
    sheet.column_dimensions["A"].width = 110
    for row, (style, text) in enumerate(texts.instruction_lines(zorgkantoor, peildatum), start=1):
        cell = put_text(sheet.cell(row, 1), text)
        cell.font = fonts[style]
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Spreadsheets do not grow a wrapped row by themselves: give it room for its lines.
        lines = max(1, math.ceil(len(text) / INSTRUCTION_CHARS_PER_LINE))
        sheet.row_dimensions[row].height = lines * (20 if style == "title" else 15) + 3


def _aanlevering(sheet: Worksheet, zorgkantoor: str, peildatum: str) -> None:
    values = {
        layout.KEY_ZORGKANTOOR: zorgkantoor,
        layout.KEY_PEILDATUM: month_end(peildatum),
        layout.KEY_TEMPLATEVERSIE: layout.TEMPLATE_VERSION,
    }
    for row, key in enumerate(layout.AANLEVERING_KEYS, start=1):
        put_text(sheet.cell(row, 1), key).font = HEADER_FONT
        cell = sheet.cell(row, 2)
        if isinstance(values[key], str):
            put_text(cell, values[key])
        else:
            cell.value = values[key]
        cell.alignment = Alignment(horizontal="left")
        if key == layout.KEY_PEILDATUM:
            cell.number_format = DATE_FORMAT
        put_text(sheet.cell(row, 3), texts.AANLEVERING_HINT).font = Font(italic=True, color="808080")
    for letter, width in zip("ABC", (18, 24, 36), strict=True):
        sheet.column_dimensions[letter].width = width


def _lists(sheet: Worksheet, reference: Reference, own_regions: list[str]) -> dict[str, str]:
    """Write each drop-down source as a column of the hidden sheet; return its range per key.

    Ranges, not inline lists: several labels contain commas.
    """
    sources: dict[str, tuple[str, list[str]]] = {REGION_LIST: ("Regio", own_regions)}
    for column in (*layout.REGION_COLUMNS, *layout.PROJECT_COLUMNS):
        if column.kind == "term":
            sources.setdefault(column.dimensie, (column.header, reference.labels(column.dimensie)))
    ranges = {}
    for index, (key, (title, values)) in enumerate(sources.items(), start=1):
        letter = get_column_letter(index)
        put_text(sheet.cell(1, index), title).font = HEADER_FONT
        for row, value in enumerate(values, start=2):
            put_text(sheet.cell(row, index), value)
        sheet.column_dimensions[letter].width = 40
        ranges[key] = f"={quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(values) + 1}"
    sheet.sheet_state = "hidden"
    return ranges


def _records(frame: pd.DataFrame | None) -> list[dict]:
    return [] if frame is None else frame.to_dict("records")


def _region_rows(own_regions: list[str], frame: pd.DataFrame | None) -> list[dict]:
    """Every own region in reference order, filled where content has it; other content after."""
    by_name = {record["regio"]: record for record in _records(frame)}
    names = own_regions + [name for name in by_name if name not in own_regions]
    return [by_name.get(name, {"regio": name}) for name in names]


def _table(sheet: Worksheet, columns: tuple[Column, ...], rows: list[dict],
           reference: Reference) -> None:
    for position, column in enumerate(columns, start=1):
        cell = put_text(sheet.cell(1, position), column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        width = FIELD_WIDTHS.get(column.field, KIND_WIDTHS[column.kind])
        sheet.column_dimensions[get_column_letter(position)].width = max(width, len(column.header) + 4)
    sheet.freeze_panes = "A2"
    for row, record in enumerate(rows, start=2):
        for position, column in enumerate(columns, start=1):
            _write(sheet.cell(row, position), column, record.get(column.field), reference)


def _write(cell: Cell, column: Column, value: object, reference: Reference) -> None:
    if _missing(value):
        return
    if column.kind == "term":
        put_text(cell, _label(reference, column, value))
    elif column.kind in ("whole", "amount"):
        number = float(value)
        if column.kind == "whole" and not number.is_integer():
            raise ValueError(f"'{value}' is geen geheel getal voor '{column.header}'.")
        cell.value = int(number) if number.is_integer() else number
        if column.kind == "amount":
            cell.number_format = "#,##0" if number.is_integer() else "#,##0.00"
    else:
        put_text(cell, value)


def _label(reference: Reference, column: Column, code: object) -> str:
    code = str(code)
    if code not in reference.codes(column.dimensie):
        raise ValueError(f"Onbekende code '{code}' voor '{column.header}'.")
    return reference.label(column.dimensie, code)


def _missing(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))


def _validations(sheet: Worksheet, columns: tuple[Column, ...], lists: dict[str, str], year: int,
                 last_row: int) -> None:
    for position, column in enumerate(columns, start=1):
        validation = _validation(column, lists, year)
        if validation is not None:
            letter = get_column_letter(position)
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)


def _validation(column: Column, lists: dict[str, str], year: int) -> DataValidation | None:
    if column.kind in ("region", "term"):
        key = REGION_LIST if column.kind == "region" else column.dimensie
        message = texts.REGION_ERROR if column.kind == "region" else texts.LIST_ERROR
        return DataValidation(type="list", formula1=lists[key], allow_blank=True, showErrorMessage=True,
                              errorTitle=texts.LIST_ERROR_TITLE, error=message)
    # The limits are the intake's own (layout), so Excel warns before a submission would be rejected for them.
    if column.year:
        limits = {"low": column.minimum, "high": year + layout.START_YEAR_MARGIN}  # a year: no thousands dot
        return _number("whole", column.minimum, limits["high"], texts.START_YEAR_ERROR.format(**limits),
                       texts.START_YEAR_PROMPT_TITLE, texts.START_YEAR_PROMPT.format(**limits))
    if column.kind in ("whole", "amount") and column.minimum is not None and column.maximum is not None:
        limits = {"low": dutch_number(column.minimum), "high": dutch_number(column.maximum)}
        if column.kind == "whole":
            return _number("whole", column.minimum, column.maximum, texts.INVOLVED_ERROR.format(**limits),
                           texts.INVOLVED_PROMPT_TITLE, texts.INVOLVED_PROMPT.format(**limits))
        return _number("decimal", column.minimum, column.maximum, texts.BUDGET_ERROR.format(**limits),
                       texts.BUDGET_PROMPT_TITLE, texts.BUDGET_PROMPT.format(**limits))
    if column.max_length is not None:
        limit = dutch_number(column.max_length)
        return DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(column.max_length),
                              allow_blank=True, showErrorMessage=True, errorTitle=texts.TEXT_ERROR_TITLE,
                              error=texts.TEXT_ERROR.format(limit=limit), showInputMessage=True,
                              promptTitle=texts.TEXT_PROMPT_TITLE, prompt=texts.TEXT_PROMPT.format(limit=limit))
    return None


def _number(kind: str, low: int, high: int, error: str, prompt_title: str, prompt: str) -> DataValidation:
    return DataValidation(type=kind, operator="between", formula1=str(low), formula2=str(high), allow_blank=True,
                          showErrorMessage=True, errorTitle=texts.NUMBER_ERROR_TITLE, error=error,
                          showInputMessage=True, promptTitle=prompt_title, prompt=prompt)

"""The submission template: contract layout, drop-down lists, literal text, and the round trip."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_to_tuple

from pipeline.dutch import dutch_number
from pipeline.intake import layout
from pipeline.intake.assess import assess_batch, read_submission
from pipeline.intake.history import PreviousState
from pipeline.periods import month_end
from pipeline.reference import load_reference
from pipeline.template import TemplateContent, build_template, write_template

ZORGKANTOOR = "Menzis"
PEILDATUM = "2020-10"
FORMULA_LIKE = ("=SUM(A1)", "@cmd", "+31 6 12345678", "-5 dagen eerder", "=1+1")
SHEETS = ["Instructie", layout.SHEET_AANLEVERING, layout.SHEET_REGIOS, layout.SHEET_PROJECTEN, "Lijsten"]


@pytest.fixture(scope="module")
def reference():
    return load_reference()


def _cycle(codes: list[str], index: int) -> str:
    return codes[index % len(codes)]


@pytest.fixture(scope="module")
def content(reference) -> TemplateContent:
    regions = pd.DataFrame([
        {"regio": region.regio, **{dim: _cycle(reference.codes(dim), i) for dim in ("afspraken", "dynamiek", "visie")},
         "toelichting": "=1+1" if i == 0 else None}
        for i, region in enumerate(reference.regions_of(ZORGKANTOOR))
    ])
    own = [r.regio for r in reference.regions_of(ZORGKANTOOR)]
    projects = pd.DataFrame([
        {"project_id": f"MEN-{i + 1:04d}", "projectnaam": _cycle([*FORMULA_LIKE, "Leefstijlcoach Twente"], i),
         "regio": _cycle(own, i), "hoofdrubriek": code, "startjaar": 2018 + i % 4,
         "projectstatus": _cycle(reference.codes("projectstatus"), i),
         "aantal_betrokken": None if i % 5 == 0 else 1 + i,
         "impact": _cycle(reference.codes("impact"), i), "delen": _cycle(reference.codes("delen"), i),
         "opschaalbaarheid": _cycle(reference.codes("opschaalbaarheid"), i),
         "begroting": None if i % 4 == 0 else 15000.0 + 2500.5 * i,
         "toelichting": "@cmd" if i == 1 else None}
        for i, code in enumerate(reference.codes("hoofdrubriek"))
    ])
    return TemplateContent(regions=regions, projects=projects)


@pytest.fixture(scope="module")
def written(tmp_path_factory, reference, content):
    path = tmp_path_factory.mktemp("template") / "menzis.xlsx"
    return write_template(reference, ZORGKANTOOR, PEILDATUM, path, content=content)


def test_sheets_headers_and_frozen_panes(written):
    workbook = load_workbook(written)
    assert workbook.sheetnames == SHEETS
    assert workbook["Lijsten"].sheet_state == "hidden"
    instruction = " ".join(str(c.value) for c in workbook["Instructie"]["A"] if c.value)
    assert "team WIR" in instruction and "Project-ID" in instruction and "Nog onbekend" in instruction
    for name, columns in layout.SHEET_COLUMNS.items():
        sheet = workbook[name]
        assert [cell.value for cell in sheet[1]] == [c.header for c in columns]
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        for position in range(1, len(columns) + 1):
            assert sheet.column_dimensions[get_column_letter(position)].width >= 14


def test_aanlevering_keys(written):
    sheet = load_workbook(written)[layout.SHEET_AANLEVERING]
    assert [sheet.cell(r, 1).value for r in (1, 2, 3)] == list(layout.AANLEVERING_KEYS)
    assert sheet["B1"].value == ZORGKANTOOR
    assert sheet["B2"].value == dt.datetime.combine(month_end(PEILDATUM), dt.time())
    assert sheet["B2"].number_format == "dd-mm-yyyy"
    assert sheet["B3"].value == layout.TEMPLATE_VERSION


def _validation(sheet, letter: str):
    found = [dv for dv in sheet.data_validations.dataValidation
             if f"{letter}2" in dv.sqref and f"{letter}1000" in dv.sqref]
    assert len(found) == 1, f"{sheet.title}!{letter}"
    return found[0]


def _list_values(workbook, formula: str) -> list[str]:
    name, (min_col, min_row, max_col, max_row) = range_to_tuple(formula.lstrip("="))
    assert min_col == max_col
    return [workbook[name].cell(row, min_col).value for row in range(min_row, max_row + 1)]


def test_drop_down_for_every_vocabulary_column_and_region(written, reference):
    workbook = load_workbook(written)
    own = [r.regio for r in reference.regions_of(ZORGKANTOOR)]
    checked = 0
    for name, columns in layout.SHEET_COLUMNS.items():
        for position, column in enumerate(columns, start=1):
            if column.kind not in ("term", "region"):
                continue
            validation = _validation(workbook[name], get_column_letter(position))
            assert validation.type == "list"
            assert validation.showErrorMessage and validation.error
            expected = own if column.kind == "region" else reference.labels(column.dimensie)
            assert _list_values(workbook, validation.formula1) == expected
            checked += 1
    assert checked == 3 + 5 + 2


def test_number_validations(written):
    sheet = load_workbook(written)[layout.SHEET_PROJECTEN]
    letters = {c.field: get_column_letter(i) for i, c in enumerate(layout.PROJECT_COLUMNS, start=1)}
    year = _validation(sheet, letters["startjaar"])
    assert (year.type, year.operator, year.formula1, year.formula2) == (
        "whole", "between", str(layout.FIRST_START_YEAR), str(2020 + layout.START_YEAR_MARGIN))
    # The same limits as the intake's, so that Excel warns before a submission would be rejected.
    columns = {c.field: c for c in layout.PROJECT_COLUMNS}
    for field, kind in (("aantal_betrokken", "whole"), ("begroting", "decimal")):
        column = columns[field]
        validation = _validation(sheet, letters[field])
        assert (validation.type, validation.operator, validation.formula1, validation.formula2) == (
            kind, "between", str(column.minimum), str(column.maximum))
        assert dutch_number(column.maximum) in validation.error and dutch_number(column.maximum) in validation.prompt
        assert validation.showErrorMessage and validation.showInputMessage


def test_text_length_validations(written):
    workbook = load_workbook(written)
    checked = 0
    for name, columns in layout.SHEET_COLUMNS.items():
        for position, column in enumerate(columns, start=1):
            if column.max_length is None:
                continue
            validation = _validation(workbook[name], get_column_letter(position))
            assert (validation.type, validation.operator, validation.formula1) == (
                "textLength", "lessThanOrEqual", str(column.max_length))
            limit = f"{dutch_number(column.max_length)} tekens"
            assert limit in validation.error and limit in validation.prompt, (name, column.header)
            assert validation.showErrorMessage and validation.showInputMessage
            checked += 1
    assert checked == 1 + 3  # Toelichting on Regio's; Project-ID, Projectnaam and Toelichting on Projecten


def test_validation_texts_fit_excel(written):
    # Excel refuses longer titles and messages in a data validation (and repairs the file).
    workbook = load_workbook(written)
    for name in layout.SHEET_COLUMNS:
        for validation in workbook[name].data_validations.dataValidation:
            assert len(validation.errorTitle or "") <= 32 and len(validation.promptTitle or "") <= 32
            assert len(validation.error or "") <= 225 and len(validation.prompt or "") <= 255


def test_own_regions_prelisted_without_content(reference):
    workbook = build_template(reference, ZORGKANTOOR, PEILDATUM)
    sheet = workbook[layout.SHEET_REGIOS]
    own = [r.regio for r in reference.regions_of(ZORGKANTOOR)]
    assert [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)] == own
    assert all(cell.value is None for row in sheet.iter_rows(min_row=2, min_col=2) for cell in row)
    assert workbook[layout.SHEET_PROJECTEN].max_row == 1


def test_formula_like_text_is_stored_as_text(written):
    workbook = load_workbook(written)
    names = [cell for cell in workbook[layout.SHEET_PROJECTEN]["B"][1:]]
    found = {cell.value: cell.data_type for cell in names}
    for text in FORMULA_LIKE:
        assert found[text] == "s", text
    assert workbook[layout.SHEET_REGIOS]["E2"].data_type == "s"


def test_same_input_same_bytes(tmp_path, reference, content, written):
    again = write_template(reference, ZORGKANTOOR, PEILDATUM, tmp_path / "again.xlsx", content=content)
    assert again.read_bytes() == written.read_bytes()


def test_unknown_input_is_refused(reference, content):
    with pytest.raises(ValueError, match="Onbekend zorgkantoor"):
        build_template(reference, "Achmea", PEILDATUM)
    wrong = TemplateContent(regions=content.regions.assign(visie="9"), projects=content.projects)
    with pytest.raises(ValueError, match="Onbekende code"):
        build_template(reference, ZORGKANTOOR, PEILDATUM, wrong)


def _records(frame: pd.DataFrame, fields: list[str]) -> list[dict]:
    def clean(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        return float(value) if isinstance(value, int | float) else value
    return [{f: clean(row[f]) for f in fields} for row in frame.to_dict("records")]


def test_round_trip_through_the_intake(written, reference, content):
    parsed = read_submission(written, reference)
    assess_batch({"template": parsed}, reference, 2020, previous=lambda zk: PreviousState())
    assert parsed.findings == []
    assert (parsed.zorgkantoor, parsed.peildatum) == (ZORGKANTOOR, PEILDATUM)
    region_fields = [c.field for c in layout.REGION_COLUMNS]
    project_fields = [c.field for c in layout.PROJECT_COLUMNS]
    assert _records(parsed.regions, region_fields) == _records(content.regions, region_fields)
    assert _records(parsed.projects, project_fields) == _records(content.projects, project_fields)

"""Feedback documents as the zorgkantoor receives them: every finding, located, safely written."""

from __future__ import annotations

import zipfile

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from tests.builders import cz_book, moment, project_row, xml_text_forms

pytestmark = pytest.mark.alleen_html  # no test here reads the PDF or the Word file

HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://example.org","klik")'


def _documents(project, suffix):
    return sorted((project.reports / "2020-10" / "terugkoppeling").glob(f"*{suffix}"))


def test_feedback_lists_every_finding_safely(project):
    cz_book(projects=[project_row("CZ-1", "Zeeland", Hoofdrubriek=HOSTILE),
                      project_row("CZ-2", "Zeeland", Projectstatus=FORMULA),
                      project_row("CZ-3", "Zeeland", Startjaar=None)]).write(
        project.raw / "fout.xlsx", received_at=moment(1))
    project.run()
    findings = project.findings("fout.xlsx")
    assert len(findings) == 3

    (page,) = _documents(project, ".html")
    text = page.read_text(encoding="utf-8")
    assert HOSTILE not in text and str(escape(HOSTILE)) in text
    assert "Afgewezen" in text and "fout.xlsx" in text
    for finding in findings.itertuples():
        assert str(escape(finding.message)) in text
        assert str(escape(finding.action)) in text
    assert "<script" not in text.lower()
    assert "nan" not in text.split()  and ">nan<" not in text  # an empty cell is shown empty

    (sheet_file,) = _documents(project, ".xlsx")
    sheet = load_workbook(sheet_file).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    header = rows.index(("Ernst", "Tabblad", "Rij", "Kolom", "Gevonden waarde", "Melding", "Wat te doen"))
    listed = rows[header + 1:]
    plain = findings.astype(object).where(findings.notna(), None)
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in listed] == [
        (f.severity, f.sheet, int(f.excel_row), f.column_name, f.value) for f in plain.itertuples()]
    assert listed[-1][4] is None
    formula_cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert formula_cells and all(c.data_type == "s" and c.quotePrefix for c in formula_cells)


def test_accepted_file_without_findings_says_so(project):
    cz_book().write(project.raw / "goed.xlsx", received_at=moment(1))
    project.run()
    (page,) = _documents(project, ".html")
    text = page.read_text(encoding="utf-8")
    assert "Geaccepteerd: deze aanlevering wordt gebruikt" in text
    assert "Geen bevindingen." in text


def test_feedback_is_reproducible(project):
    cz_book(projects=[project_row("CZ-1", "Zeeland", Startjaar="2019")]).write(
        project.raw / "cz.xlsx", received_at=moment(1))
    project.run()
    first = {p.name: p.read_bytes() for p in _documents(project, "")}
    project.run()
    assert {p.name: p.read_bytes() for p in _documents(project, "")} == first


def test_the_workbook_names_the_kenmerk_of_the_page(project):
    # The handleiding tells the zorgkantoor to quote the kenmerk; both forms of the feedback must show it.
    cz_book().write(project.raw / "goed.xlsx", received_at=moment(1))
    project.run()
    sha256 = project.query("SELECT sha256 FROM received_files")["sha256"][0]
    (page,) = _documents(project, ".html")
    assert f"<code>{sha256[:16]}</code>" in page.read_text(encoding="utf-8")
    (sheet_file,) = _documents(project, ".xlsx")
    rows = [tuple(c.value for c in row)[:2] for row in load_workbook(sheet_file).active.iter_rows()]
    assert ("Kenmerk", sha256[:16]) in rows


def test_control_characters_in_the_file_name_and_values_are_written_visibly(project):
    # A vertical tab pasted in Excel is stored as _x000B_; openpyxl refuses to write it back (IllegalCharacterError).
    name = "cz\x0b2020.xlsx"
    path = cz_book(projects=[project_row("CZ-1", "Zeeland", Projectnaam="§")]).write(project.raw / name)
    with zipfile.ZipFile(path) as archive:
        parts = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    sheet = "xl/worksheets/sheet3.xml"
    for form in xml_text_forms("§"):
        parts[sheet] = parts[sheet].replace(f"<t>{form}</t>".encode(), b"<t>Samen_x000B_sterk_x001B_[31m</t>")
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    project.run()
    findings = project.findings(name)
    assert findings["rule"].tolist() == ["waarde.stuurteken"]
    assert findings["value"][0] == "Samen[U+000B]sterk[U+001B][31m"
    (page,) = _documents(project, ".html")
    text = page.read_text(encoding="utf-8")
    assert "cz[U+000B]2020.xlsx" in text and "Samen[U+000B]sterk[U+001B][31m" in text and "\x0b" not in text
    (sheet_file,) = _documents(project, ".xlsx")
    cells = [c.value for row in load_workbook(sheet_file).active.iter_rows() for c in row]
    assert "cz[U+000B]2020.xlsx" in cells and "Samen[U+000B]sterk[U+001B][31m" in cells

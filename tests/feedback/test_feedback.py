"""Feedback documents as the zorgkantoor receives them: every finding, located, safely written."""

from __future__ import annotations

from markupsafe import escape
from openpyxl import load_workbook

from tests.builders import cz_book, moment, project_row

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

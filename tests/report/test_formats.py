"""WIR_RAPPORTFORMATEN: a run that writes the report as HTML only, and the next full run that adds the PDF and
the Word file; a PDF or Word file left from an earlier run never stands beside a newer HTML."""

from __future__ import annotations

from pipeline.report.files import report_docx_path, report_html_path, report_pdf_path
from tests.builders import cz_book, cz_regions, moment

P = "2020-10"


def test_html_only_then_every_format(project, capsys, monkeypatch):
    cz_book().write(project.raw / "cz.xlsx", received_at=moment(1))
    html, pdf, docx = (path(project.reports, P) for path in (report_html_path, report_pdf_path, report_docx_path))

    monkeypatch.setenv("WIR_RAPPORTFORMATEN", "html")
    assert project.cli("run") == 0
    assert "(geen PDF of Word: WIR_RAPPORTFORMATEN is html)" in capsys.readouterr().out
    assert html.is_file() and not pdf.exists() and not docx.exists()

    monkeypatch.delenv("WIR_RAPPORTFORMATEN")  # the files that are missing make the run do the peildatum again
    assert project.cli("run") == 0
    out = capsys.readouterr().out
    assert "ongewijzigd" not in out and f"{html} (en .pdf en .docx)" in out
    assert pdf.read_bytes().startswith(b"%PDF-") and docx.read_bytes().startswith(b"PK")

    monkeypatch.setenv("WIR_RAPPORTFORMATEN", "HTML, docx")
    correction = cz_book(regions=cz_regions(afspraken="Fase 3: Plan van aanpak"))
    correction.write(project.raw / "cz-correctie.xlsx", received_at=moment(2))
    assert project.cli("run") == 0
    assert f"{html} (en .docx)" in capsys.readouterr().out
    assert not pdf.exists()  # it showed the figures before the correction
    assert docx.stat().st_mtime >= html.stat().st_mtime

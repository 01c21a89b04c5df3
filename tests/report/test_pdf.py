"""PDF printing with headless Chromium: A4, page numbers from CSS, JavaScript run before printing, Dutch errors."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.report.pdf import PdfError, find_chromium, print_pdf

# Two A4 pages, numbered by a CSS page-margin box; the script writes its text a moment after load,
# and builds it from parts, so the words reach the PDF only if JavaScript ran before printing.
SAMPLE_HTML = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Proefrapport</title>
<style>
  @page { size: A4; margin: 20mm; @bottom-right { content: "pagina " counter(page) " van " counter(pages); } }
  body { font-family: "DejaVu Sans", sans-serif; }
  .nieuwe-pagina { break-before: page; }
</style></head>
<body>
  <h1>Eerste pagina</h1>
  <p id="doel"></p>
  <h1 class="nieuwe-pagina">Tweede pagina</h1>
  <script>
    window.addEventListener("load", () => setTimeout(() => {
      document.getElementById("doel").textContent = ["geschreven", "door", "JavaScript"].join(" ");
    }, 300));
  </script>
</body></html>
"""


def pdf_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


def pdf_info(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample printed once for the tests that read it; into a folder that does not exist yet."""
    folder = tmp_path_factory.mktemp("pdf")
    html = folder / "proef.html"
    html.write_text(SAMPLE_HTML, encoding="utf-8")
    pdf = folder / "uit" / "proef.pdf"
    assert print_pdf(html, pdf) == pdf
    return pdf


@pytest.fixture
def html(tmp_path) -> Path:
    path = tmp_path / "rapport.html"
    path.write_text(SAMPLE_HTML, encoding="utf-8")
    return path


def test_two_a4_pages(sample_pdf):
    info = pdf_info(sample_pdf)
    assert re.search(r"^Pages:\s+2$", info, re.MULTILINE), info
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE).groups())
    # A4 is 595.28 x 841.89 pt; Chromium rounds to whole CSS pixels (594.96 x 841.92).
    assert width == pytest.approx(595.28, abs=1) and height == pytest.approx(841.89, abs=1), info


def test_javascript_ran_before_printing(sample_pdf):
    assert "geschreven door JavaScript" in pdf_text(sample_pdf, 1)


def test_page_numbers_come_from_css_not_chromium(sample_pdf):
    first, second = pdf_text(sample_pdf, 1), pdf_text(sample_pdf, 2)
    assert "Eerste pagina" in first and "pagina 1 van 2" in first
    assert "Tweede pagina" in second and "pagina 2 van 2" in second
    # Chromium's own header and footer (title, date, file URL, "1/2") are off.
    for text in (first, second):
        assert "file://" not in text and "Proefrapport" not in text and "1/2" not in text


def test_no_temporary_files_left(sample_pdf):
    assert [p.name for p in sample_pdf.parent.iterdir()] == [sample_pdf.name]


def test_chromium_from_env_that_does_not_exist(monkeypatch):
    monkeypatch.setenv("WIR_CHROMIUM", "/nonexistent")
    with pytest.raises(PdfError, match=r"Chromium niet gevonden.*WIR_CHROMIUM=/nonexistent"):
        find_chromium()


def test_no_chromium_on_path(monkeypatch, tmp_path):
    monkeypatch.delenv("WIR_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfError, match=r"Chromium niet gevonden.*make setup"):
        find_chromium()


def test_missing_chromium_leaves_existing_pdf(monkeypatch, tmp_path, html):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(b"%PDF- oud")
    monkeypatch.setenv("WIR_CHROMIUM", "/nonexistent")
    with pytest.raises(PdfError, match="niet gevonden"):
        print_pdf(html, pdf)
    assert pdf.read_bytes() == b"%PDF- oud"


def test_missing_html(tmp_path):
    with pytest.raises(PdfError, match=r"PDF niet gemaakt: .*weg\.html bestaat niet"):
        print_pdf(tmp_path / "weg.html", tmp_path / "weg.pdf")


def fake_chromium(tmp_path: Path, body: str) -> Path:
    """A stand-in for Chromium: a shell script with the given body."""
    script = tmp_path / "nep-chromium"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return script


def test_chromium_failure(monkeypatch, tmp_path, html):
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(b"%PDF- oud")
    failing = fake_chromium(tmp_path, "echo 'dbus: ruis' >&2; echo 'kapot gegaan' >&2; exit 3")
    monkeypatch.setenv("WIR_CHROMIUM", str(failing))
    with pytest.raises(PdfError, match=r"rapport\.html niet naar PDF afdrukken \(exitcode 3\)") as error:
        print_pdf(html, pdf)
    assert "kapot gegaan" in str(error.value) and "dbus" not in str(error.value)
    # The old PDF is untouched and no half-written file is left behind.
    assert pdf.read_bytes() == b"%PDF- oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nep-chromium", "rapport.html", "rapport.pdf"]


@pytest.mark.parametrize("body", ["exit 0", 'for a; do case "$a" in --print-to-pdf=*) : > "${a#*=}";; esac; done'])
def test_chromium_writes_no_pdf(monkeypatch, tmp_path, html, body):
    monkeypatch.setenv("WIR_CHROMIUM", str(fake_chromium(tmp_path, body)))
    with pytest.raises(PdfError, match=r"Chromium schreef geen PDF voor rapport\.html"):
        print_pdf(html, tmp_path / "rapport.pdf")
    assert not (tmp_path / "rapport.pdf").exists()


def test_chromium_timeout(monkeypatch, tmp_path, html):
    # The sleep is a child of the shell: the whole process group must go, or communicate() would wait for it.
    monkeypatch.setenv("WIR_CHROMIUM", str(fake_chromium(tmp_path, "sleep 30; exit 0")))
    started = time.perf_counter()
    with pytest.raises(PdfError, match=r"na 0\.5 seconden nog niet klaar met rapport\.html"):
        print_pdf(html, tmp_path / "rapport.pdf", timeout=0.5)
    assert time.perf_counter() - started < 10


def test_flags_offline_and_fresh_profile(monkeypatch, tmp_path, html):
    # Records its arguments and checks that the profile folder is there and empty, then writes a PDF.
    args = tmp_path / "args.txt"
    body = f"""for a; do
  echo "$a" >> {args}
  case "$a" in
    --user-data-dir=*) [ -d "${{a#*=}}" ] && [ -z "$(ls -A "${{a#*=}}")" ] || exit 9;;
    --print-to-pdf=*) printf '%%PDF-1.4 nep' > "${{a#*=}}";;
  esac
done"""
    monkeypatch.setenv("WIR_CHROMIUM", str(fake_chromium(tmp_path, body)))
    pdf = print_pdf(html, tmp_path / "rapport.pdf")
    assert pdf.read_bytes() == b"%PDF-1.4 nep"
    seen = args.read_text().splitlines()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--no-pdf-header-footer", "--host-resolver-rules=MAP * ~NOTFOUND"):
        assert flag in seen
    assert any(re.fullmatch(r"--virtual-time-budget=\d+", a) for a in seen)
    assert seen[-1] == html.resolve().as_uri()
    profile = next(a.split("=", 1)[1] for a in seen if a.startswith("--user-data-dir="))
    assert not Path(profile).exists()



# --- the report's table of contents: page numbers and bookmarks, whatever PDF was there before ----------------

def _toc_html(chapters: list[tuple[str, int]]) -> str:
    """A contents page and chapters, each chapter `pages` A4 pages long: its heading on a page that depends on
    the chapters before it."""
    items = "".join(f'<li class="niveau-1"><a href="#h{i}"><span class="titel">{title}</span>'
                    f'<span class="pagina" data-doel="h{i}"></span></a></li>' for i, (title, _) in enumerate(chapters))
    body = "".join(f'<section style="break-before: page"><h1 id="h{i}">{title}</h1>'
                   + '<div style="height: 250mm"></div>' * (pages - 1) + "</section>"
                   for i, (title, pages) in enumerate(chapters))
    return (f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><style>@page {{ size: A4; margin: 20mm; }}'
            f' .pagina {{ flex: 1 0 2.5rem; text-align: right; }} a {{ display: flex; }}</style></head>'
            f'<body><ol class="toc" style="list-style: none">{items}</ol>{body}</body></html>')


def _contents_and_bookmarks(pdf: Path) -> tuple[list[str], list[tuple[str, int]]]:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    contents = [" ".join(line.split()) for line in pdf_text(pdf, 1).splitlines() if line.strip()]
    return contents, [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]


@pytest.mark.parametrize("before", ["geen", "dezelfde", "andere indeling", "beschadigd"])
def test_report_pdf_numbers_its_contents_whatever_pdf_it_replaces(tmp_path, before):
    from pipeline.report.pdf import print_report_pdf

    html, pdf = tmp_path / "rapport.html", tmp_path / "rapport.pdf"
    if before == "andere indeling":  # the earlier report: the same chapters on other pages
        html.write_text(_toc_html([("Inleiding", 3), ("Fasen", 1), ("Projecten", 1)]), encoding="utf-8")
        print_report_pdf(html, pdf)
        assert _contents_and_bookmarks(pdf)[1] == [("Inleiding", 2), ("Fasen", 5), ("Projecten", 6)]
    elif before == "dezelfde":  # its numbers are right the first time
        html.write_text(_toc_html([("Inleiding", 1), ("Fasen", 2), ("Projecten", 1)]), encoding="utf-8")
        print_report_pdf(html, pdf)
    elif before == "beschadigd":
        pdf.write_bytes(b"%PDF- half geschreven")
    html.write_text(_toc_html([("Inleiding", 1), ("Fasen", 2), ("Projecten", 1)]), encoding="utf-8")
    assert print_report_pdf(html, pdf) == (pdf, 5)
    contents, bookmarks = _contents_and_bookmarks(pdf)
    assert contents == ["Inleiding 2", "Fasen 3", "Projecten 5"]
    assert bookmarks == [("Inleiding", 2), ("Fasen", 3), ("Projecten", 5)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html", "rapport.pdf"]

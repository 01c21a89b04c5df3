"""The Word version and the PDF's outline, read back from the files `wir-monitor run` wrote."""

from __future__ import annotations

import re
import subprocess

import pytest
from docx import Document as open_word
from docx.oxml.ns import qn
from pypdf import PdfReader

PEILDATUM = "2020-10"


@pytest.fixture(scope="module")
def folder(seed_project):
    return seed_project.reports / PEILDATUM


@pytest.fixture(scope="module")
def page(folder) -> str:
    return (folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def word(folder):
    return open_word(str(folder / f"voortgangsrapportage-{PEILDATUM}.docx"))


def _chapters(page: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", h).split()).replace("&#39;", "'")
            for h in re.findall(r'<section class="hoofdstuk[^"]*" id="[^"]+">\s*<h2>(.*?)</h2>', page)]


def test_word_has_the_chapters_as_heading_styles(word, page):
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == _chapters(page)
    assert "1 Inleiding" in headings and "Bijlage 1: Fase per regio" in headings
    paragraphs = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert "2.1 Fase van ontwikkeling van de samenwerking in de regio" in paragraphs


def test_word_has_a_table_of_contents_field_and_page_numbers(word):
    body = word.element.body
    codes = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(code.strip().startswith("TOC ") for code in codes)
    footer_codes = [t.text.strip() for t in word.sections[0].footer._element.iter(qn("w:instrText"))]
    assert footer_codes == ["PAGE", "NUMPAGES"]
    assert word.settings.element.find(qn("w:updateFields")) is not None
    assert "CONCEPT" in word.sections[0].header.paragraphs[0].text


def test_word_tables_are_real_tables_with_a_repeated_header_row(word, page):
    numbered = re.findall(r'<figure id="tabel-\d+" data-tabel="([^"]+)"', page)
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption" and p.text.startswith("Tabel ")]
    assert [int(c.split()[1].rstrip(".")) for c in captions] == list(range(1, len(numbered) + 1))
    data_tables = [t for t in word.tables if t.rows[0]._tr.trPr is not None
                   and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    # Besides the numbered tables, the region pages' phases and projects (their own header rows).
    region_tables = [t for t in data_tables if t.rows[0].cells[0].text in ("Peildatum", "Project")]
    assert len(data_tables) - len(region_tables) == len(numbered) and len(region_tables) > 34
    status = next(t for t in data_tables if t.rows[0].cells[0].text == "Projectstatus")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in status.rows[1:]}
    assert rows["Lopend"] == ["237", "244"] and rows["Totaal"] == ["268", "318"]  # seed 003, Tabel 6


def test_word_charts_are_images(word, page):
    charts = len(re.findall(r'<figure id="figuur-\d+"', page))
    images = [r for r in word.element.body.iter(qn("pic:pic"))]
    assert len(images) == charts >= 6
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption" and p.text.startswith("Figuur")]
    assert [int(c.split()[1].rstrip(".")) for c in captions] == list(range(1, charts + 1))


def _outline(reader: PdfReader, items, depth: int = 0) -> list[tuple[int, str, int]]:
    found = []
    for item in items:
        if isinstance(item, list):
            found += _outline(reader, item, depth + 1)
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return found


def test_pdf_bookmarks_every_chapter_table_and_chart_at_its_page(folder, page):
    pdf = folder / f"voortgangsrapportage-{PEILDATUM}.pdf"
    reader = PdfReader(pdf)
    outline = _outline(reader, reader.outline)
    top = [title for depth, title, _ in outline if depth == 0]
    assert top == _chapters(page)
    titles = [title for _, title, _ in outline]
    tables = len(re.findall(r'<figure id="tabel-\d+"', page))
    charts = len(re.findall(r'<figure id="figuur-\d+"', page))
    assert [int(t.split()[1].rstrip(".")) for t in titles if t.startswith("Tabel ")] == list(range(1, tables + 1))
    assert sorted(int(t.split()[1].rstrip(".")) for t in titles if t.startswith("Figuur ")) == \
        list(range(1, charts + 1))
    # Each bookmark's page is the page its heading or caption is printed on, and the contents say the same.
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")
    contents = " ".join(text[1].split())
    for depth, title, number in outline:
        if depth == 0:
            assert title in " ".join(text[number - 1].split()), (title, number)
            assert re.search(re.escape(title) + r"[ .]*" + str(number) + r"\b", contents), (title, number)
        elif title.startswith("Tabel "):  # a caption is printed under its table: this page or, long, the next
            assert any(title in " ".join(text[p - 1].split()) for p in (number, number + 1)), (title, number)


def test_word_chart_images_are_kept_by_figure(tmp_path, monkeypatch):
    """Charts drawn for an earlier Word file are not drawn again; a changed chart is, and the folder keeps only
    the images of the latest call."""
    from pipeline.report import chart_images as module

    drawn = []
    real = module.chart_images
    monkeypatch.setattr(module, "chart_images", lambda figures, timeout=120: drawn.append(len(figures)) or
                        real(figures, timeout))

    def figure(values: list[int]) -> dict:
        return {"data": [{"type": "bar", "x": ["a", "b"], "y": values}], "layout": {"height": 200}}

    folder = tmp_path / "grafieken"
    first = module.kept_chart_images([figure([1, 2]), figure([3, 4])], folder)
    assert all(image.startswith(b"\x89PNG") for image in first) and first[0] != first[1]
    again = module.kept_chart_images([figure([1, 2]), figure([5, 6])], folder)
    assert drawn == [2, 1] and again[0] == first[0] and again[1] not in first
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{module._key(figure(v))}.png" for v in ([1, 2], [5, 6]))
    assert module.kept_chart_images([], folder) == [] and drawn == [2, 1, 0] and not list(folder.iterdir())

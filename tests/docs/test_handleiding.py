"""The Handleiding aanleveren: one master text, escaped HTML, and an A4 PDF that names the whole contract."""

from __future__ import annotations

import base64
import fnmatch
import html
import re
import subprocess
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from pipeline.handleiding import (
    MASTER,
    handleiding_markdown,
    image_names,
    render_handleiding_html,
    write_handleiding_pdf,
)
from pipeline.intake import layout
from pipeline.reference import load_reference
from pipeline.report.pdf import PdfError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_COPY = PROJECT_ROOT / "pipeline" / "handleiding" / MASTER
DOCS = PROJECT_ROOT / "docs"
DOCS_COPY = DOCS / MASTER
TITLE = "Handleiding aanleveren WIR-monitor"
# Every label a zorgkantoor picks from a drop-down list is explained or listed in the handleiding.
EXPLAINED = ("afspraken", "dynamiek", "visie", "hoofdrubriek", "projectstatus", "impact", "delen", "opschaalbaarheid")


def flat(text: str) -> str:
    """Text with every run of whitespace (line and page breaks of the PDF too) as one space."""
    return " ".join(text.split())


def headings(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [flat("".join(c.content for c in tokens[i + 1].children if c.type in ("text", "code_inline")))
            for i, token in enumerate(tokens) if token.type == "heading_open"]


def run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged handleiding printed once, into a folder that does not exist yet."""
    target = tmp_path_factory.mktemp("handleiding") / "uit" / "handleiding-aanleveren.pdf"
    assert write_handleiding_pdf(target) == target
    return target


@pytest.fixture(scope="module")
def pdf_text(pdf: Path) -> str:
    return flat(run("pdftotext", str(pdf), "-"))


def test_docs_copy_is_the_packaged_master():
    assert handleiding_markdown() == PACKAGE_COPY.read_text(encoding="utf-8")
    assert DOCS_COPY.read_text(encoding="utf-8") == handleiding_markdown(), (
        "docs/handleiding-aanleveren.md wijkt af van de brontekst in het pakket; pas de brontekst aan en voer uit: "
        "cp pipeline/handleiding/handleiding-aanleveren.md docs/handleiding-aanleveren.md")


def test_pdf_is_a4_with_title(pdf):
    info = run("pdfinfo", str(pdf))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE).groups())
    # A4 is 595.28 x 841.89 pt; Chromium rounds to whole CSS pixels.
    assert width == pytest.approx(595.28, abs=1) and height == pytest.approx(841.89, abs=1), info
    assert re.search(rf"^Title:\s+{TITLE}$", info, re.MULTILINE), info
    assert int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE).group(1)) >= 4, info


def test_every_page_is_numbered(pdf):
    pages = int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", str(pdf)), re.MULTILINE).group(1))
    for page in (1, pages):
        text = flat(run("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"))
        assert f"pagina {page} van {pages}" in text
        assert TITLE in text  # the footer
        assert "file://" not in text  # Chromium's own header and footer are off


def test_pdf_has_every_heading(pdf_text):
    found = headings(handleiding_markdown())
    assert len(found) > 15
    for heading in found:
        assert heading in pdf_text, heading
    assert "Inhoud" in pdf_text


def test_pdf_names_every_sheet_key_and_column_of_the_contract(pdf_text):
    for sheet in (layout.SHEET_AANLEVERING, layout.SHEET_REGIOS, layout.SHEET_PROJECTEN):
        assert f"Tabblad {sheet}" in pdf_text, sheet
    for name in (*layout.AANLEVERING_KEYS, *(c.header for c in layout.REGION_COLUMNS + layout.PROJECT_COLUMNS)):
        assert name in pdf_text, name


def test_every_label_of_the_drop_down_lists_is_explained():
    # Checked in the page rather than the PDF: a label that wraps inside a table cell comes out of pdftotext
    # interleaved with the cell beside it.
    page = html.unescape(re.sub(r"<[^>]+>", " ", render_handleiding_html()))
    reference = load_reference()
    for dimensie in EXPLAINED:
        for label in reference.labels(dimensie):
            assert flat(label) in flat(page), (dimensie, label)


def test_pdf_names_every_zorgkantoor(pdf_text):
    for holder in load_reference().concessiehouders:
        assert holder in pdf_text, holder


def test_markdown_is_escaped_never_markup():
    page = render_handleiding_html(
        "# Titel <script>alert(1)</script>\n\n"
        "<img src=x onerror=alert(2)>\n\n"
        "Tekst met <b>vet</b> & een [link](javascript:alert(3)).\n\n"
        "## Hoofdstuk \"<i>\"\n")
    assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "javascript:" not in page.replace("[link](javascript:alert(3))", "")
    assert "<title>Titel &lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "met &lt;b&gt;vet&lt;/b&gt; &amp; een" in page
    assert '<a href="#h-1">Hoofdstuk &quot;&lt;i&gt;&quot;</a>' in page


def test_page_is_self_contained():
    page = render_handleiding_html()
    assert not re.search(r"<(script|link|iframe|frame|object|embed|source|video|audio|svg|base|meta http)\b", page)
    assert not re.search(r"url\(|@import", page)
    # images only as PNG inside the page; links only to the page's own chapters
    images = re.findall(r"<img\b[^>]*>", page)
    assert images and all(re.fullmatch(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="[^"<>]+">', image)
                          for image in images)
    rest = re.sub(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+"', "<img", page)  # the image data aside
    assert not re.search(r"\b(?:src|href|srcset|poster|data|action)\s*=\s*(?![\"']?#)", rest)
    assert "@page" in page and "counter(pages)" in page and "DejaVu Sans" in page


def test_every_image_ships_in_the_package_and_shows_in_the_page_and_the_pdf(pdf):
    names = image_names()
    assert len(names) >= 4 and len(set(names)) == len(names)
    master = handleiding_markdown()
    assert len(re.findall(r"!\[", master)) == len(names)  # every image in the master is a packaged one
    patterns = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "pipeline.handleiding"]
    page = render_handleiding_html()
    for name in names:
        packaged = resources.files("pipeline.handleiding").joinpath("img", name)
        data = packaged.read_bytes()
        assert any(fnmatch.fnmatch(f"img/{name}", pattern) for pattern in patterns), name  # an installed one too
        assert (DOCS / "img" / name).read_bytes() == data, (
            f"docs/img/{name} wijkt af van de afbeelding in het pakket: cp pipeline/handleiding/img/{name} docs/img/")
        assert f'<img src="data:image/png;base64,{base64.b64encode(data).decode()}"' in page, name
        assert len(data) < 250_000, name  # small: 256 colours, optimised
    # pdfimages lists each image once per page it is drawn on (the PNGs have no transparency: no masks)
    listed = [line.split() for line in run("pdfimages", "-list", str(pdf)).splitlines()[2:]]
    assert [row[2] for row in listed] == ["image"] * len(names), listed
    assert all(int(row[3]) >= 600 for row in listed), listed  # not shrunk to a thumbnail


def test_only_packaged_png_images_are_shown():
    page = render_handleiding_html(
        "# Titel\n\n"
        "![extern](http://example.org/a.png) ![proto](//example.org/a.png) ![js](javascript:alert(1))\n\n"
        "![omhoog](img/../render.py) ![svg](img/a.svg) ![onbekend](img/bestaat-niet.png)\n\n"
        "![data](data:image/png;base64,iVBORw0KGgo=) ![css](handleiding.css) ![\"><script>](img/x.png)\n")
    assert "<img" not in page and "<script" not in page and "example.org/a.png\"" not in page
    for text in ("extern", "proto", "omhoog", "svg", "onbekend", "data", "css", "&quot;&gt;&lt;script&gt;"):
        assert text in page, text


def test_table_of_contents_links_every_chapter():
    page = render_handleiding_html()
    chapters = re.findall(r'<h2 id="(h-\d+)">', page)
    assert len(chapters) >= 8
    for anchor in chapters:
        assert f'<a href="#{anchor}">' in page


def test_missing_chromium_is_a_dutch_error(monkeypatch, tmp_path):
    monkeypatch.setenv("WIR_CHROMIUM", "/nonexistent")
    with pytest.raises(PdfError, match="Chromium niet gevonden"):
        write_handleiding_pdf(tmp_path / "h.pdf")
    assert not (tmp_path / "h.pdf").exists()

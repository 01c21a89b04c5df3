"""The printed layout of the report, read back from the PDF: page breaks and column alignment.

Words come from `pdftotext -bbox` with their position on the page; the CONCEPT watermark (very tall letters)
and the page footer are left out, and words on one baseline form a line.
"""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.report.figures import figures

PEILDATUM = "2020-10"
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
FOOTER = 20 / 25.4 * 72  # the bottom page margin (report.css @page) in points


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    page: int
    y0: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


def pdf_words(pdf: Path) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, page, height = [], 0, 0.0
    for line in out.splitlines():
        if found := _PAGE.search(line):
            page, height = page + 1, float(found.group(2))
        elif found := _WORD.search(line):
            x0, y0, x1, y1 = map(float, found.groups()[:4])
            if y1 - y0 < 30 and y0 < height - FOOTER:  # not the watermark, not the footer
                # an unbroken soft hyphen prints nothing
                words.append(Word(page, html.unescape(found.group(5)).replace("\u00ad", ""), x0, y0, x1, y1))
    return words


def pdf_lines(words: list[Word]) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.page, round(w.y0), w.x0)):
        last = lines[-1] if lines else None
        if last and last.page == word.page and abs(last.y0 - word.y0) < 2:
            lines[-1] = Line(last.page, last.y0, (*last.words, word))
        else:
            lines.append(Line(word.page, word.y0, (word,)))
    return [Line(line.page, line.y0, tuple(sorted(line.words, key=lambda w: w.x0))) for line in lines]


@pytest.fixture(scope="module")
def folder(seed_project):
    return seed_project.reports / PEILDATUM


@pytest.fixture(scope="module")
def national(folder):
    return figures((folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lines(folder):
    return pdf_lines(pdf_words(folder / f"voortgangsrapportage-{PEILDATUM}.pdf"))


def _caption_line(lines: list[Line], number: int) -> int:
    """The caption under the table (the contents list the same words first)."""
    return max(i for i, line in enumerate(lines) if line.text.startswith(f"Tabel {number}. "))


def test_every_caption_is_printed_under_the_end_of_its_table(national, lines):
    """A caption never starts a page on its own: the table's last row is right above it on the same page."""
    for number, (key, labels) in national.items():
        at = _caption_line(lines, number)
        above = [line.text for line in lines[max(0, at - 3):at] if line.page == lines[at].page]
        assert any(labels[-1] in text for text in above), (number, key, lines[at].page, above)


def test_a_block_of_the_theme_table_is_never_split_over_two_pages(national, lines):
    number = next(n for n, (key, _) in national.items() if key.startswith("thema_"))
    _, labels = national[number]
    blocks = [label for label in labels if label in ("Impact", "Resultaten te delen", "Opschaalbaar")]
    assert len(blocks) == 3
    end = _caption_line(lines, number)
    start = next(i for i in range(_caption_line(lines, number - 1), end)
                 if lines[i].text.startswith("Thema Technologie"))
    table = lines[start:end]
    headings = [i for i, line in enumerate(table) if line.text in blocks]
    assert [table[i].text for i in headings] == blocks
    for heading in headings:
        total = next(line for line in table[heading:] if line.text.startswith("Totaal "))
        assert total.page == table[heading].page, (table[heading].text, table[heading].page, total.page)


def test_a_long_table_repeats_its_header_row_on_every_page(national, lines):
    number = next(n for n, (key, _) in national.items() if key == "regios")
    _, labels = national[number]
    heading = max(i for i, line in enumerate(lines[:_caption_line(lines, number)]) if line.text.startswith("Bijlage 1"))
    first = next(i for i, line in enumerate(lines) if i > heading and line.text.startswith(f"{labels[0]} "))
    pages = {line.page for line in lines[first:_caption_line(lines, number)]}
    assert len(pages) > 1  # the table does run over a page break here
    for page in pages:
        assert any(line.page == page and line.text.startswith("Regio Zorgkantoorregio") for line in lines), page


@pytest.fixture(scope="module")
def words(folder):
    return pdf_words(folder / f"voortgangsrapportage-{PEILDATUM}.pdf")


_TABLE = re.compile(r'<figure id="tabel-\d+" data-tabel="([^"]+)".*?<thead><tr>(.*?)</tr></thead>'
                    r'.*?<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>', re.S)


def _appendix_pages(lines: list[Line], heading: str, number: int) -> set[int]:
    """The pages from the appendix's heading (not its line in the contents) to the caption of its table."""
    caption = _caption_line(lines, number)
    first = max(i for i, line in enumerate(lines[:caption]) if line.text.startswith(heading))
    return set(range(lines[first].page, lines[caption].page + 1))


@pytest.mark.parametrize(("key", "heading"), [("regios", "Bijlage 1"), ("datakwaliteit", "Bijlage 3")])
def test_every_header_is_aligned_like_its_column(folder, national, lines, words, key, heading):
    """A text column and its header start at the same left edge, a number column and its header end at the same
    right edge; no two headers run into each other."""
    page = (folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8")
    header, first_row = next((h, r) for k, h, r in _TABLE.findall(page) if k == key)
    headers = re.findall(r"<th[^>]*>(.*?)</th>", header)
    formats = ["label", *re.findall(r'<td class="([^"]*)"', first_row)]  # each column's format, from its cells
    number = next(n for n, (k, _) in national.items() if k == key)
    pages = _appendix_pages(lines, heading, number)
    first_header = html.unescape(headers[0])
    # The header row on each page: its bottom line starts with the first header, wrapped headers end on it.
    bands = [(line.page, line.y0) for line in lines if line.page in pages and line.text.startswith(first_header + " ")]
    # From the page where the table starts (the appendix's opening text may end a page) to its caption.
    pages = {page for page in pages if page >= min(page for page, _ in bands)}
    assert {page for page, _ in bands} == pages
    in_header = [w for w in words if any(w.page == page and y - 16 < w.y0 < y + 2 for page, y in bands)]
    for text, fmt in zip(headers, formats, strict=True):
        left = fmt in ("label", "tekst")
        name = html.unescape(text).replace("\u00ad", "").split()[0 if left else -1]  # soft hyphens unbroken
        heads = [w for w in in_header if w.text == name]
        assert {w.page for w in heads} == pages, (key, text)
        for head in heads:
            edge = (lambda w: w.x0) if left else (lambda w: w.x1)
            below = [w for w in words if w.page == head.page and w.y0 > head.y1 and abs(edge(w) - edge(head)) < 1]
            assert below, (key, text, "left" if left else "right", head)
    for line in (line for line in lines if line.page in pages):
        for one, other in itertools.pairwise(line.words):
            assert one.x1 < other.x0, (key, line.text)


def test_a_phase_label_of_bijlage_1_takes_at_most_two_lines(national, lines, words):
    """'Fase 5: Strategische keuzes' was squeezed over three lines by a narrow Regiovisie column."""
    number = next(n for n, (k, _) in national.items() if k == "regios")
    pages = _appendix_pages(lines, "Bijlage 1", number)
    found = [w for w in words if w.page in pages and w.text == "Strategische"]
    assert found
    for middle in found:
        beside = [w for w in words if w.page == middle.page and abs(w.y0 - middle.y0) < 1
                  and ((w.text == "5:" and 0 < middle.x0 - w.x1 < 5)
                       or (w.text == "keuzes" and 0 < w.x0 - middle.x1 < 5))]
        assert beside, middle


def test_the_contents_list_the_headings_as_they_are_numbered(folder, lines):
    """Chapters numbered, appendices not ('3. Bijlage 1: …' numbered an appendix as a chapter); in the PDF each
    line of the contents ends with the page the heading is printed on."""
    page = (folder / f"voortgangsrapportage-{PEILDATUM}.html").read_text(encoding="utf-8")
    headings = [re.sub(r"<[^>]+>", "", html.unescape(h)).strip()
                for h in re.findall(r'<section class="hoofdstuk[^"]*" id="[^"]+">\s*<h2>(.*?)</h2>', page)]
    assert any(h.startswith("Bijlage") for h in headings) and "1 Inleiding" in headings
    start = next(i for i, line in enumerate(lines) if line.text == "Inhoudsopgave")
    contents = {line.text.rsplit(" ", 1)[0]: int(line.text.rsplit(" ", 1)[1]) for line in lines[start + 1:]
                if line.page == lines[start].page and line.text.rsplit(" ", 1)[-1].isdigit()}
    for heading in headings:
        printed = [line.page for line in lines if line.text == heading and line.page != lines[start].page]
        assert printed and contents[heading] == printed[0], (heading, contents.get(heading), printed)

"""The report as a Word document (`voortgangsrapportage-<P>.docx`) with python-docx, for ZN to edit.

It walks the same `Document` as the HTML: Word heading styles (so Word's navigation pane and table of
contents work), a table-of-contents field that Word fills in on opening, real tables whose header row
repeats on every page, charts as images, page numbers in the footer and CONCEPT in the header until the
peildatum is vastgesteld. python-docx has no call for fields or repeated header rows; those few elements are
added as the OOXML the specification defines.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from docx import Document as new_word_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pipeline.report.blocks import (
    CHART,
    Exhibit,
    Heading,
    ListBlock,
    Paragraph,
    ProjectCard,
    RegionPageBlock,
    Runs,
)
from pipeline.report.chart_images import kept_chart_images
from pipeline.report.document import Document
from pipeline.report.regions import EXPERT_NOTE
from pipeline.report.render import cell_text, header_html, header_text
from pipeline.tables import texts
from pipeline.tables.model import BLOCK, OUTSIDE, TEXT, TOTAL

BLUE = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x5D, 0x6D, 0x7E)
CONCEPT_COLOUR = RGBColor(0xA0, 0x40, 0x00)
RISEN, FALLEN = RGBColor(0x14, 0x6C, 0x43), RGBColor(0xB0, 0x2A, 0x37)
CONTENT_WIDTH = Cm(17)
# The region pages' tables, their columns as in the HTML (report.css): the project list's words fit whole.
PHASE_SHARES = (13, 29, 29, 29)
PROJECT_SHARES = (19, 16, 13, 14, 15, 11, 12)  # A4 minus 2 cm margins


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES) in `paragraph`; Word computes its result."""
    _field_start(paragraph, instruction)
    paragraph.add_run(placeholder)
    _field_end(paragraph)


def _fld_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        element.set(qn("w:dirty"), "true")  # Word updates the field when it opens the file
    paragraph.add_run()._r.append(element)


def _field_start(paragraph, instruction: str) -> None:
    """The start of a field whose shown result follows in this and later paragraphs, up to `_field_end`."""
    _fld_char(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _fld_char(paragraph, "separate")


def _field_end(paragraph) -> None:
    _fld_char(paragraph, "end")


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_together(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _runs(paragraph, runs: Runs) -> None:
    for item in runs:
        text = item.text if not item.href or item.href == item.text else f"{item.text} ({item.href})"
        run = paragraph.add_run(text)
        run.bold = item.bold or None
        run.italic = item.italic or None


CHAR, PADDING = Cm(0.2), Cm(0.45)  # an average character of the 8.5 pt table text, and a cell's padding


def _column_widths(table, char=CHAR) -> list:
    """Each column at least as wide as its longest word (a header word is bold, and a year range joined by
    no-break spaces is one word); in a table of counts the label column takes the rest of the page, in a table
    of text the columns share the page in proportion to their typical cell."""
    columns = [[table.dimension, *(r.label for r in table.rows)]]
    for index, label in enumerate(table.columns):
        columns.append([header_text(label), *(cell_text(r.values[index], table.formats[index]) for r in table.rows
                                              if r.kind != BLOCK)])

    def least(texts_: list[str]) -> int:
        header = max((len(w) for w in texts_[0].split(" ")), default=1) * 1.25
        body = max((len(w) for t in texts_[1:] for w in t.split(" ")), default=1)
        return int(max(header, body, 3) * char + PADDING)

    minimum = [least(c) for c in columns]
    if TEXT not in table.formats:
        rest = CONTENT_WIDTH - sum(minimum[1:])
        widths = [max(rest, Cm(4)), *minimum[1:]]
    else:
        wanted = [max(m, int(min(sorted(len(t) for t in c)[len(c) // 2], 30) * char + PADDING))
                  for m, c in zip(minimum, columns, strict=True)]
        widths = wanted
    total = sum(widths)
    return [int(w * CONTENT_WIDTH / total) for w in widths], sum(minimum) <= CONTENT_WIDTH


def fitted_columns(table) -> tuple[list, Pt]:
    """Column widths and the font size of a table: 8.5 pt, or 7 pt where the words do not fit otherwise."""
    widths, fits = _column_widths(table)
    if fits:
        return widths, Pt(8.5)
    return _column_widths(table, int(CHAR * 7 / 8.5))[0], Pt(7)


class _Writer:
    def __init__(self, document: Document, images: dict[int, bytes]):
        self.doc = document
        self.images = images  # id(exhibit) → PNG
        self.word = new_word_document()
        self._styles()

    def _styles(self) -> None:
        styles = self.word.styles
        styles["Normal"].font.name = "Arial"
        styles["Normal"].font.size = Pt(10)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
            styles[name].font.color.rgb = BLUE
            styles[name].font.name = "Arial"
        styles["Caption"].font.color.rgb = GREY
        section = self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.different_first_page_header_footer = True  # the cover has no page number
        footer = section.footer.paragraphs[0]
        footer.text = f"{self.doc.title} · peildatum {self.doc.period_label}   ·   pagina "
        _field(footer, "PAGE", "1")
        footer.add_run(" van ")
        _field(footer, "NUMPAGES", "1")
        if self.doc.lock is None:
            header = section.header.paragraphs[0]
            run = header.add_run("CONCEPT — deze peildatum is nog niet vastgesteld")
            run.bold, run.font.color.rgb = True, CONCEPT_COLOUR
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # Word asks to update the fields (the table of contents) when the file is opened.
        settings = self.word.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)

    def _page_break(self) -> None:
        self.word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def cover(self) -> None:
        doc, cover = self.doc, self.doc.cover
        self.word.add_paragraph("Waardigheid en trots in de regio").runs[0].font.color.rgb = GREY
        self.word.add_paragraph(doc.title, style="Title")
        for line in dict.fromkeys((doc.subtitle, doc.generated_for)):
            if line and (line == doc.subtitle or line not in doc.subtitle):
                self.word.add_paragraph(line, style="Subtitle")
        self.word.add_paragraph().add_run(f"Peildatum {doc.peildatum_text}").bold = True
        if doc.lock:
            self.word.add_paragraph(f"Vastgesteld. {doc.lock.text}" + (f" — {doc.lock.reason}" if doc.lock.reason
                                                                        else ""))
        else:
            run = self.word.add_paragraph().add_run(
                "CONCEPT: deze peildatum is nog niet vastgesteld; de getallen kunnen nog veranderen.")
            run.font.color.rgb = CONCEPT_COLOUR
        if not doc.from_analysts:
            self.word.add_paragraph("Zonder tekst van de analisten: deze rapportage is gemaakt uit het "
                                    "standaardsjabloon.").runs[0].italic = True
        self.word.add_paragraph(cover.get("afzender") or "Zorgverzekeraars Nederland")
        if cover.get("datum"):
            self.word.add_paragraph(", ".join(p for p in (cover.get("plaats"), cover.get("datum")) if p))
        self._page_break()

    def contents(self) -> None:
        """Word's own table of contents (a TOC field over the heading styles). Until Word updates it (it asks
        when the file opens) the field shows the chapters and paragraphs without page numbers."""
        self.word.add_paragraph("Inhoudsopgave", style="TOC Heading")
        entries = self.doc.toc()
        paragraphs = [self.word.add_paragraph() for _ in entries] or [self.word.add_paragraph()]
        first, last = paragraphs[0], paragraphs[-1]
        _field_start(first, 'TOC \\o "1-2" \\h \\z \\u')
        for paragraph, entry in zip(paragraphs, entries, strict=False):
            paragraph.add_run(entry.title).bold = entry.level == 1 or None
            paragraph.paragraph_format.left_indent = Cm(0.6 * (entry.level - 1))
            paragraph.paragraph_format.space_after = Pt(1)
        _field_end(last)
        self._page_break()

    def letter(self) -> None:
        cover = self.doc.cover
        for line in cover.get("geadresseerde", "").splitlines():
            self.word.add_paragraph(line).paragraph_format.space_after = Pt(0)
        self.word.add_paragraph()
        for label, key in (("Onderwerp", "onderwerp"), ("Datum", "datum"), ("Ons kenmerk", "kenmerk")):
            paragraph = self.word.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(cover.get(key) or "–")
        self.word.add_paragraph()
        if cover.get("aanhef"):
            self.word.add_paragraph(cover["aanhef"])
        for block in self.doc.letter:
            self.block(block)
        if cover.get("afsluiting"):
            self.word.add_paragraph(cover["afsluiting"])
        for line in cover.get("ondertekening", "").splitlines():
            self.word.add_paragraph(line).paragraph_format.space_after = Pt(0)

    def chapters(self) -> None:
        for chapter in self.doc.chapters:
            self.word.add_heading(chapter.heading, level=1)
            for block in chapter.blocks:
                self.block(block)

    def block(self, block) -> None:
        if isinstance(block, Heading):
            heading = self.word.add_heading(level=block.level)
            if block.number:
                heading.add_run(f"{block.number} ")
            _runs(heading, block.runs)
        elif isinstance(block, Paragraph):
            _runs(self.word.add_paragraph(), block.runs)
        elif isinstance(block, ListBlock):
            for item in block.items:
                _runs(self.word.add_paragraph(style="List Number" if block.ordered else "List Bullet"), item)
        elif isinstance(block, Exhibit):
            self.exhibit(block)
        elif isinstance(block, ProjectCard):
            self.project(block)
        elif isinstance(block, RegionPageBlock):
            self.region_page(block)

    def _phase_notes(self, exhibit: Exhibit) -> None:
        for label, description in exhibit.phase_notes:
            paragraph = self.word.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(f"{label}. ").bold = True
            paragraph.add_run(description)

    def exhibit(self, exhibit: Exhibit) -> None:
        self._phase_notes(exhibit)
        if exhibit.kind == CHART:
            self.word.add_picture(io.BytesIO(self.images[id(exhibit)]), width=CONTENT_WIDTH)
            self.word.paragraphs[-1].paragraph_format.keep_with_next = True
        else:
            self.table(exhibit)
        self.word.add_paragraph(exhibit.title, style="Caption")

    def table(self, exhibit: Exhibit) -> None:
        table_data = exhibit.table
        word_table = self.word.add_table(rows=1, cols=len(table_data.columns) + 1)
        word_table.style = "Table Grid"
        word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = word_table.rows[0]
        _repeat_header(header)
        for index, text in enumerate((table_data.dimension, *table_data.columns)):
            cell = header.cells[index]
            cell.text = header_text(text)
            run = cell.paragraphs[0].runs[0]
            run.bold, run.font.color.rgb = True, RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, "1F4E79")
            if index and table_data.formats[index - 1] != TEXT:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in table_data.rows:
            cells = word_table.add_row()
            _keep_together(cells)
            label = f"{row.label} ({texts.OUTSIDE_NOTE})" if row.kind == OUTSIDE else row.label
            cells.cells[0].text = label
            if row.kind == BLOCK:
                _shade(cells.cells[0], "DDE8F3")
                cells.cells[0].paragraphs[0].runs[0].italic = True
            for index, (value, fmt) in enumerate(zip(row.values, table_data.formats, strict=True), start=1):
                if row.kind == BLOCK:
                    continue
                cell = cells.cells[index]
                cell.text = cell_text(value, fmt)
                change = exhibit.changes.get((row.label, index - 1))
                if change:  # the arrow and its words: Word has no hidden text alternative
                    mark = cell.paragraphs[0].add_run(f" {change.arrow} {change.text}")
                    mark.font.color.rgb = RISEN if change.risen else FALLEN
                if fmt != TEXT:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if row.kind == TOTAL:
                for cell in cells.cells:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        widths, size = fitted_columns(table_data)
        word_table.autofit = False
        for column, width in zip(word_table.columns, widths, strict=True):
            column.width = width  # the grid, which LibreOffice follows; Word follows the cells
        for row in word_table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = size

    def project(self, card: ProjectCard) -> None:
        title = self.word.add_paragraph()
        title.paragraph_format.keep_with_next = True
        title.add_run(card.name).bold = True
        title.add_run(f"  {card.project_id}").font.color.rgb = GREY
        word_table = self.word.add_table(rows=0, cols=2)
        word_table.style = "Table Grid"
        for label, value in card.fields:
            cells = word_table.add_row().cells
            cells[0].text, cells[1].text = label, value
            _shade(cells[0], "F2F5F8")
        if card.toelichting:
            self.word.add_paragraph(card.toelichting).runs[0].italic = True
        else:
            self.word.add_paragraph()

    def _simple_table(self, header: tuple[str, ...], rows: list[tuple[str, ...]], shares: tuple[float, ...]) -> None:
        """A table of text with a repeated header row; `shares`: each column's part of the page's width."""
        word_table = self.word.add_table(rows=1, cols=len(header))
        word_table.style = "Table Grid"
        _repeat_header(word_table.rows[0])
        for cell, text in zip(word_table.rows[0].cells, header, strict=True):
            cell.text = header_html(text)  # a long word may break at its soft hyphen
            run = cell.paragraphs[0].runs[0]
            run.bold, run.font.color.rgb = True, RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, "1F4E79")
        for values in rows:
            cells = word_table.add_row()
            _keep_together(cells)
            for cell, text in zip(cells.cells, values, strict=True):
                cell.text = text
        widths, size = [int(CONTENT_WIDTH * share / sum(shares)) for share in shares], Pt(8)
        word_table.autofit = False
        for column, width in zip(word_table.columns, widths, strict=True):
            column.width = width
        for row in word_table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = size

    def region_page(self, page: RegionPageBlock) -> None:
        """The region page with its phases as a table: the static version of the HTML's chart."""
        self.word.add_heading(page.regio, level=3)
        facts = self.word.add_paragraph()
        for label, value in (("Zorgkantoorregio", page.zorgkantoorregio), ("Zorgkantoor", page.zorgkantoor),
                             ("Concessiehouder", page.concessiehouder)):
            facts.add_run(f"{label}: ").font.color.rgb = GREY
            facts.add_run(f"{value}   ")
        if page.history:
            self._simple_table(("Peildatum", *(name for name, _, _ in page.history[0].phases)),
                               [(p.label, *(label for _, _, label in p.phases)) for p in page.history],
                               PHASE_SHARES)
        else:
            self.word.add_paragraph("Voor deze regio is nog geen fase aangeleverd.")
        title = self.word.add_paragraph()
        title.add_run("Toelichting van het zorgkantoor").bold = True
        for period in page.explanations:
            paragraph = self.word.add_paragraph()
            paragraph.add_run(f"{period.label} ({period.zorgkantoor}): ").bold = True
            paragraph.add_run(period.toelichting)
        if not page.explanations:
            self.word.add_paragraph("Het zorgkantoor gaf bij deze regio geen toelichting.")
        title = self.word.add_paragraph()
        title.add_run(f"Projecten op peildatum {page.peildatum_label} ({len(page.projects)})").bold = True
        if page.projects:
            self.word.add_paragraph(EXPERT_NOTE).runs[0].italic = True
            self._simple_table(page.project_columns, [(f"{cells[0]} ({project_id})", *cells[1:-1],
                                                       cells[-1].replace(" ", "\u00a0"))  # € 12.500 on one line
                                                      for cells, project_id in zip(page.projects, page.project_ids,
                                                                                   strict=True)],
                               PROJECT_SHARES)
        else:
            self.word.add_paragraph("Geen projecten op deze peildatum.")

    def build(self):
        self.cover()
        self.contents()
        if self.doc.letter:
            self.letter()
        self.chapters()
        return self.word


def _images(document: Document, folder: Path) -> dict[int, bytes]:
    charted = [e for e in document.exhibits() if e.kind == CHART]
    images = kept_chart_images([e.chart for e in charted], folder)
    return {id(e): image for e, image in zip(charted, images, strict=True)}


def chart_folder(path: Path) -> Path:
    """Where the chart images of the Word file at `path` are kept between runs (beside it, hidden)."""
    return path.with_name(f".{path.stem}-grafieken")


def write_docx(document: Document, path: Path) -> Path:
    """Write the Word version; the old file stays until the new one is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    word = _Writer(document, _images(document, chart_folder(path))).build()
    partial = path.with_name(path.name + ".partial")
    word.save(partial)
    os.replace(partial, path)
    return path


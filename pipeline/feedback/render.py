"""Render the feedback of one judged file as a readable HTML page and an Excel list."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from pipeline.excel import put_text, save_deterministic
from pipeline.naming import slug
from pipeline.periods import long_label
from pipeline.visible import visible

COLUMNS = ("Ernst", "Tabblad", "Rij", "Kolom", "Gevonden waarde", "Melding", "Wat te doen")
WIDTHS = (14, 14, 6, 30, 30, 60, 70)
UNATTRIBUTED_FOLDER = "zonder-peildatum"


def feedback_folder(reports_dir: Path, peildatum: str | None) -> Path:
    """Where the feedback of a peildatum's files goes; files without a readable peildatum have their own."""
    return reports_dir / (peildatum or UNATTRIBUTED_FOLDER) / "terugkoppeling"


@dataclass(frozen=True)
class FeedbackDocument:
    """Everything one feedback document says."""

    file_name: str
    zorgkantoor: str | None
    peildatum: str | None
    received_at: dt.datetime
    sha256: str
    status: str  # geaccepteerd | afgewezen
    in_force: bool
    errors: int
    warnings: int
    findings: pd.DataFrame
    locked_at: dt.datetime | None = None  # set when the file arrived after its peildatum was vastgesteld

    @property
    def verdict(self) -> str:
        if self.status == "afgewezen":
            return "Afgewezen: deze aanlevering wordt niet gebruikt. Herstel de fouten en lever opnieuw aan."
        if self.locked_at is not None:
            return (f"Geaccepteerd. De peildatum is op {self.locked_at:%d-%m-%Y} vastgesteld; deze aanlevering "
                    "telt mee zodra team WIR de peildatum heropent. Neem contact op met team WIR als dat nodig is.")
        if self.in_force:
            return "Geaccepteerd: deze aanlevering wordt gebruikt voor de rapportage."
        return "Geaccepteerd, maar vervangen door een latere aanlevering van dezelfde peildatum."

    @property
    def kenmerk(self) -> str:
        """The code that names exactly this file, as the zorgkantoor quotes it (the start of its hash)."""
        return self.sha256[:16]

    @property
    def period(self) -> str:
        return long_label(self.peildatum) if self.peildatum else "onbekend"

    def rows(self) -> list[tuple]:
        """(severity, sheet, row, column, value, message, action); absent parts are None, never NaN."""
        return self._rows

    @cached_property
    def _rows(self) -> list[tuple]:  # computed once: the page and the workbook each ask several times
        columns = ["severity", "sheet", "excel_row", "column_name", "value", "message", "action"]
        plain = self.findings[columns].astype(object).where(self.findings[columns].notna(), None)
        return [
            (*r[:2], None if r[2] is None else int(r[2]), *r[3:])
            for r in plain.itertuples(index=False, name=None)
        ]


def document_stem(document: FeedbackDocument) -> str:
    """File name without extension; built from reference values and the hash, never from file content."""
    who = slug(document.zorgkantoor) if document.zorgkantoor else "onbekend-zorgkantoor"
    return f"{document.received_at:%Y%m%d-%H%M%S}-{who}-{document.sha256[:8]}"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.feedback", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_visible,
    )


def _visible(value: object) -> object:
    """Every text on the page with its control characters shown ([U+000B]), as in the feedback workbook."""
    return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def render_html(document: FeedbackDocument) -> str:
    return _environment().get_template("feedback.html.j2").render(doc=document, columns=COLUMNS)


def build_workbook(document: FeedbackDocument) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Terugkoppeling"
    summary = [
        ("Bestand", document.file_name),
        ("Zorgkantoor", document.zorgkantoor or "onbekend"),
        ("Peildatum", document.period),
        ("Ontvangen op", f"{document.received_at:%d-%m-%Y %H:%M}"),
        ("Kenmerk", document.kenmerk),
        ("Oordeel", document.verdict),
        ("Fouten", document.errors),
        ("Waarschuwingen", document.warnings),
    ]
    put_text(sheet.cell(row=1, column=1), "Terugkoppeling aanlevering WIR-monitor").font = Font(bold=True, size=14)
    for offset, (label, value) in enumerate(summary, start=3):
        sheet.cell(row=offset, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=offset, column=2)
        if isinstance(value, int):
            cell.value = value
        else:
            put_text(cell, value)
    header_row = len(summary) + 4
    for position, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=header_row, column=position, value=title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        sheet.column_dimensions[cell.column_letter].width = width
    error_fill = PatternFill("solid", fgColor="F8D7DA")
    for offset, values in enumerate(document.rows(), start=header_row + 1):
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=offset, column=position)
            if isinstance(value, int):
                cell.value = value
            else:
                put_text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if values[0] == "fout":
                cell.fill = error_fill
    if not document.rows():
        put_text(sheet.cell(row=header_row + 1, column=1), "Geen bevindingen.")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.auto_filter.ref = f"A{header_row}:G{max(header_row + 1, header_row + len(document.rows()))}"
    return workbook


def write_feedback(document: FeedbackDocument, reports_dir: Path) -> tuple[Path, Path]:
    folder = feedback_folder(reports_dir, document.peildatum)
    stem = document_stem(document)
    xlsx, html = folder / f"{stem}.xlsx", folder / f"{stem}.html"
    save_deterministic(build_workbook(document), xlsx)
    partial = html.with_name(html.name + ".partial")
    partial.write_text(render_html(document), encoding="utf-8")
    os.replace(partial, html)  # a reader never sees half a page, also not after a crash
    return xlsx, html

"""Where the report files of a peildatum go (Outputs v1)."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.config import SettingError
from pipeline.naming import slug

FORMATS_VARIABLE = "WIR_RAPPORTFORMATEN"
FORMATS = ("html", "pdf", "docx")


def report_html_path(reports_dir: Path, peildatum: str) -> Path:
    return reports_dir / peildatum / f"voortgangsrapportage-{peildatum}.html"


def report_pdf_path(reports_dir: Path, peildatum: str) -> Path:
    return reports_dir / peildatum / f"voortgangsrapportage-{peildatum}.pdf"


def report_docx_path(reports_dir: Path, peildatum: str) -> Path:
    return reports_dir / peildatum / f"voortgangsrapportage-{peildatum}.docx"


def zorgkantoor_html_path(reports_dir: Path, peildatum: str, zorgkantoor: str) -> Path:
    return reports_dir / peildatum / "zorgkantoren" / f"{slug(zorgkantoor)}.html"


def report_formats() -> tuple[str, ...]:
    """The versions of the national report a run writes (WIR_RAPPORTFORMATEN, e.g. `html` for a quick look
    at a correction); all three when unset. The HTML is always written: the PDF is printed from it."""
    raw = os.environ.get(FORMATS_VARIABLE, "").strip()
    if not raw:
        return FORMATS
    chosen = {part.strip().lower() for part in raw.split(",") if part.strip()}
    if not chosen <= set(FORMATS):
        raise SettingError(FORMATS_VARIABLE, raw, "een lijst met komma's uit html, pdf en docx")
    return tuple(kind for kind in FORMATS if kind in chosen | {"html"})


def report_paths(reports_dir: Path, peildatum: str) -> list[Path]:
    """The national report's files that a run writes, by `report_formats`."""
    paths = {"html": report_html_path, "pdf": report_pdf_path, "docx": report_docx_path}
    return [paths[kind](reports_dir, peildatum) for kind in report_formats()]

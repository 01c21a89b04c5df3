"""Where the report files of a peildatum go (Outputs v1)."""

from __future__ import annotations

from pathlib import Path

from pipeline.naming import slug


def report_html_path(reports_dir: Path, peildatum: str) -> Path:
    return reports_dir / peildatum / f"voortgangsrapportage-{peildatum}.html"


def report_pdf_path(reports_dir: Path, peildatum: str) -> Path:
    return reports_dir / peildatum / f"voortgangsrapportage-{peildatum}.pdf"


def report_docx_path(reports_dir: Path, peildatum: str) -> Path:
    return reports_dir / peildatum / f"voortgangsrapportage-{peildatum}.docx"


def zorgkantoor_html_path(reports_dir: Path, peildatum: str, zorgkantoor: str) -> Path:
    return reports_dir / peildatum / "zorgkantoren" / f"{slug(zorgkantoor)}.html"

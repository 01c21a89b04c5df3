"""Reading one file into a parsed submission: what the reader child (`isolation`) runs for each file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline import periods
from pipeline.config import Limits
from pipeline.intake import layout
from pipeline.intake.messages import finding
from pipeline.intake.parse import ParsedSubmission, parse_identity, parse_submission, read_header
from pipeline.intake.workbook import UnreadableWorkbook, open_workbook
from pipeline.periods import peildatum_key
from pipeline.reference import Reference
from pipeline.reference.keys import match_key


def submission(reference: Reference, path: Path, file_name: str | None = None,
               received: dt.date | None = None, limits: Limits | None = None) -> ParsedSubmission:
    """Parse one file; a file that is no workbook becomes a submission with that one finding."""
    try:
        workbook = open_workbook(path, limits=limits)
    except UnreadableWorkbook as unreadable:
        return ParsedSubmission(findings=[unreadable.finding])
    parsed = parse_submission(workbook, reference, received)
    named = periods.named_peildatum(file_name or path.name)
    if parsed.peildatum and named and named != parsed.peildatum:
        parsed.findings.append(finding("peildatum.bestandsnaam", sheet=layout.SHEET_AANLEVERING,
                                       row=parsed.peildatum_row, column="B",
                                       value=periods.short_label(parsed.peildatum),
                                       named=periods.short_label(named)))
    return parsed


def identity(reference: Reference, path: Path, received: dt.date | None = None, limits: Limits | None = None
             ) -> tuple[str | None, str | None]:
    """(zorgkantoor, peildatum key) from the Aanlevering sheet alone; None where not readable."""
    try:
        workbook = open_workbook(path, only=match_key(layout.SHEET_AANLEVERING), limits=limits)
    except UnreadableWorkbook:
        return None, None
    header, _ = read_header(workbook)
    zorgkantoor, peildatum, _ = parse_identity(header, reference, received)
    return zorgkantoor, (peildatum_key(peildatum) if peildatum else None)

"""Read and judge a batch of submission files: every finding of every file, all at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pipeline import periods
from pipeline.intake import layout
from pipeline.intake.findings import Finding
from pipeline.intake.history import PreviousState, missing_regions, phase_changes, project_changes
from pipeline.intake.messages import finding
from pipeline.intake.parse import ParsedSubmission, parse_identity, parse_submission, read_header
from pipeline.intake.validate import validate_batch
from pipeline.intake.workbook import UnreadableWorkbook, open_workbook
from pipeline.periods import peildatum_key
from pipeline.reference import Reference
from pipeline.reference.keys import match_key


def read_submission(path: Path, reference: Reference, file_name: str | None = None,
                    received: dt.date | None = None) -> ParsedSubmission:
    """Parse one file; a file that is no workbook becomes a submission with that one finding."""
    try:
        workbook = open_workbook(path)
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


def read_identity(path: Path, reference: Reference, received: dt.date | None = None
                  ) -> tuple[str | None, str | None]:
    """(zorgkantoor, peildatum key) from the Aanlevering sheet alone; None where not readable."""
    try:
        workbook = open_workbook(path, only=match_key(layout.SHEET_AANLEVERING))
    except UnreadableWorkbook:
        return None, None
    header, _ = read_header(workbook)
    zorgkantoor, peildatum, _ = parse_identity(header, reference, received)
    return zorgkantoor, (peildatum_key(peildatum) if peildatum else None)


def is_accepted(parsed: ParsedSubmission) -> bool:
    return (
        parsed.zorgkantoor is not None
        and parsed.peildatum is not None
        and not any(f.is_error for f in parsed.findings)
    )


def assess_batch(
    batch: dict[str, ParsedSubmission],
    reference: Reference,
    year: int,
    previous: Callable[[str], PreviousState],
) -> None:
    """Add the value, cross-row and cross-period findings to each parsed submission, sorted."""
    value_findings = validate_batch(batch, reference, year)
    for file_id, parsed in batch.items():
        findings: list[Finding] = parsed.findings + value_findings[file_id]
        structurally_sound = parsed.regions is not None and parsed.projects is not None
        if parsed.zorgkantoor and structurally_sound and not any(f.is_error for f in findings):
            state = previous(parsed.zorgkantoor)
            findings += missing_regions(parsed.zorgkantoor, parsed.regions, reference)
            findings += phase_changes(parsed.regions, state, reference, parsed.peildatum)
            findings += project_changes(parsed.projects, state, reference)
        parsed.findings = sorted(findings, key=Finding.sort_key)

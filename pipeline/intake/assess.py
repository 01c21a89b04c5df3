"""Read and judge a batch of submission files: every finding of every file, all at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pipeline.config import Limits
from pipeline.intake.findings import Finding
from pipeline.intake.history import PreviousState, missing_regions, phase_changes, project_changes
from pipeline.intake.isolation import ReaderFailed, reader
from pipeline.intake.parse import ParsedSubmission
from pipeline.intake.validate import validate_batch
from pipeline.reference import Reference


def read_submission(path: Path, reference: Reference, file_name: str | None = None,
                    received: dt.date | None = None) -> ParsedSubmission:
    """Parse one file in the reader child; a file that is no workbook, or that makes the reader fail, becomes a
    submission with that one finding."""
    try:
        return reader().call("submission", reference, path, file_name, received, Limits.from_env())
    except ReaderFailed as failed:
        return ParsedSubmission(findings=[failed.finding])


def read_identity(path: Path, reference: Reference, received: dt.date | None = None
                  ) -> tuple[str | None, str | None]:
    """(zorgkantoor, peildatum key) from the Aanlevering sheet alone, read in the reader child; None where not
    readable."""
    try:
        return reader().call("identity", reference, path, received, Limits.from_env())
    except ReaderFailed:
        return None, None


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

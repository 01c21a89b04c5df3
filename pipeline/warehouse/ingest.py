"""The ingest service: archive new files, judge them per peildatum and load what is accepted.

A file that fails in any way is judged (rejected with a finding) instead of stopping the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.intake.archive import ChangedWhileArchiving, Skipped, archive_file, scan_raw_folder
from pipeline.intake.assess import assess_batch, read_identity, read_submission
from pipeline.intake.history import PreviousState
from pipeline.intake.parse import ParsedSubmission
from pipeline.perf import span
from pipeline.reference import Reference
from pipeline.warehouse.load import known_hashes, record_submission, register_file
from pipeline.warehouse.queries import pending_files, previous_states


@dataclass
class ArchiveSummary:
    new_files: list[str] = field(default_factory=list)
    already_known: int = 0
    unattributed: int = 0
    skipped: list[Skipped] = field(default_factory=list)  # left in the raw folder for the next run


def archive_new_files(connection: duckdb.DuckDBPyConnection, raw_dir: Path, archive_dir: Path,
                      reference: Reference) -> ArchiveSummary:
    """Archive every file with unseen content first, then register it with its peildatum.

    A file that cannot be taken in now (unreadable, or changing because it is still being copied) is
    skipped and stays in the raw folder; the next run tries it again, and the other files go on.
    """
    scan = scan_raw_folder(raw_dir)
    summary = ArchiveSummary(skipped=list(scan.skipped))
    seen = known_hashes(connection)
    for raw in scan.files:
        if raw.sha256 in seen:
            summary.already_known += 1
            continue
        try:
            target = archive_file(raw, archive_dir)
        except ChangedWhileArchiving:
            summary.skipped.append(Skipped(raw.relative_path, "veranderde tijdens het archiveren; wordt het nog "
                                                              "gekopieerd? De volgende run probeert het opnieuw"))
            continue
        except FileNotFoundError:
            continue  # removed from the raw folder since it was read: nothing left to take in
        zorgkantoor, peildatum = read_identity(target, reference, raw.received_at.date())
        register_file(connection, raw, str(target), peildatum, zorgkantoor)
        seen.add(raw.sha256)
        summary.new_files.append(raw.relative_path)
        if not peildatum:
            summary.unattributed += 1
    return summary


@dataclass(frozen=True)
class Judgement:
    submission_id: int
    file_name: str
    zorgkantoor: str | None
    status: str
    errors: int
    warnings: int


def judge_pending(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str | None
                  ) -> list[Judgement]:
    """Judge and load every archived, not yet judged file of a peildatum (None: without one)."""
    pending = pending_files(connection, peildatum)
    if not pending:
        return []
    with span("lezen", files=len(pending)):
        batch: dict[str, ParsedSubmission] = {
            item.sha256: read_submission(Path(item.archive_path), reference, item.file_name, item.received_at.date())
            for item in pending
        }
    for item in pending:
        parsed = batch[item.sha256]
        if parsed.peildatum is None and peildatum is not None:
            # The Aanlevering sheet was readable while the rest was not: the file still belongs to its
            # zorgkantoor and peildatum, so its feedback goes where that zorgkantoor looks.
            parsed.peildatum, parsed.zorgkantoor = peildatum, parsed.zorgkantoor or item.zorgkantoor
    # Without a peildatum, the start-year range runs from the year the files arrived: the same on every rerun.
    year = int(peildatum[:4]) if peildatum else max(item.received_at for item in pending).year
    with span("valideren", files=len(pending)):
        states = previous_states(connection, peildatum)  # before any file of this batch is loaded
        assess_batch(batch, reference, year, lambda zorgkantoor: states.get(zorgkantoor) or PreviousState())
    judgements = []
    with span("laden", files=len(pending)):
        for item in pending:  # oldest first, so a later file supersedes an earlier one
            parsed = batch[item.sha256]
            submission_id, status = record_submission(connection, item.sha256, parsed)
            judgements.append(Judgement(
                submission_id, item.file_name, parsed.zorgkantoor, status,
                sum(f.is_error for f in parsed.findings), sum(not f.is_error for f in parsed.findings)))
    return judgements

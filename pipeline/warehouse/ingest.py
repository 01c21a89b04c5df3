"""The ingest service: archive new files, judge them per peildatum and load what is accepted.

A file that fails in any way is judged (rejected with a finding) instead of stopping the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.config import Limits
from pipeline.intake.archive import ChangedWhileArchiving, RawFile, Skipped, archive_file, scan_raw_folder
from pipeline.intake.assess import assess_batch, read_identity, read_submission
from pipeline.intake.history import PreviousState
from pipeline.intake.isolation import reader
from pipeline.intake.manifest import FROM_FOLDER, Manifest, manifest_path, write_manifest
from pipeline.intake.messages import finding
from pipeline.intake.parse import ParsedSubmission
from pipeline.perf import span
from pipeline.reference import Reference
from pipeline.warehouse.load import known_hashes, record_batch, record_submission, register_files
from pipeline.warehouse.locking import backfill_lock_records
from pipeline.warehouse.queries import PendingFile, pending_files, previous_states


@dataclass
class ArchiveSummary:
    new_files: list[str] = field(default_factory=list)
    already_known: int = 0
    unattributed: int = 0
    too_large: list[str] = field(default_factory=list)  # recorded, not copied
    skipped: list[Skipped] = field(default_factory=list)  # left in the raw folder for the next run


def archive_new_files(connection: duckdb.DuckDBPyConnection, raw_dir: Path, archive_dir: Path,
                      reference: Reference, limits: Limits | None = None) -> ArchiveSummary:
    """Archive every stable file with unseen content first (with its manifest), then register them all.

    A file that cannot be taken in now (unreadable, still being written) is skipped and stays in the raw folder;
    the next run tries it again, and the other files go on. A file over the size limit is recorded by name,
    size and hash without being copied. A problem with the archive itself (disk full, no access) stops the run:
    then no file can be taken in safely.
    """
    limits = limits or Limits.from_env()
    backfill_manifests(connection)
    backfill_lock_records(connection, archive_dir)
    scan = scan_raw_folder(raw_dir)
    summary = ArchiveSummary(skipped=list(scan.skipped))
    seen = known_hashes(connection)
    archived: list[tuple[RawFile, Manifest]] = []
    for raw in scan.files:
        if raw.sha256 in seen:
            summary.already_known += 1
            continue
        try:
            _, manifest = archive_file(raw, archive_dir, limits.max_file_mb * 2**20)
        except ChangedWhileArchiving:
            summary.skipped.append(Skipped(raw.relative_path, "veranderde tijdens het archiveren; wordt het nog "
                                                              "gekopieerd? De volgende run probeert het opnieuw"))
            continue
        except FileNotFoundError:
            if raw.path.exists():
                raise  # the archive folder, not the file, is missing: not this file's problem
            continue  # removed from the raw folder since it was read: nothing left to take in
        seen.add(raw.sha256)
        archived.append((raw, manifest))
    # Every file is archived before any is read; should registering fail, the next run registers them.
    peildata = register_manifests(connection, [manifest for _, manifest in archived], reference)
    for (raw, manifest), peildatum in zip(archived, peildata, strict=True):
        summary.new_files.append(raw.relative_path)
        if not manifest.copied:
            summary.too_large.append(raw.relative_path)
        if not peildatum:
            summary.unattributed += 1
    return summary


def backfill_manifests(connection: duckdb.DuckDBPyConnection) -> int:
    """Files archived before manifests existed get one from the warehouse's record, so that `herstel` finds
    them too; returns how many. (Their receipt moment was then the file's modification time.)"""
    written = 0
    for sha256, name, path, archive, size, received, modified, raw_bytes, copied, source in connection.execute(
            """SELECT sha256, file_name, raw_path, archive_path, size_bytes, received_at, modified_at,
                      raw_path_bytes, coalesce(copied, true), source FROM received_files""").fetchall():
        target = Path(archive)
        if manifest_path(target).exists() or not target.parent.exists():
            continue
        kind, _, place = (source or f"{FROM_FOLDER}:").partition(":")
        write_manifest(Manifest(
            sha256=sha256, file_name=name, relative_path=path,
            relative_bytes=bytes(raw_bytes) if raw_bytes is not None else path.encode(), size_bytes=size,
            received_at=received, modified_at=modified or received, source_kind=kind, source=place,
            copied=copied, archive_path=target), target)
        written += 1
    return written


def register_manifests(connection: duckdb.DuckDBPyConnection, manifests: list[Manifest], reference: Reference
                       ) -> list[str | None]:
    """Register archived files, each with the zorgkantoor and peildatum its Aanlevering sheet names (the sheets
    read side by side), in one insert; returns their peildata. Used by every run and by `wir-monitor herstel`,
    which registers the archive's manifests."""
    identities = reader().map(lambda manifest: _identity(manifest, reference), manifests)
    register_files(connection, [(manifest, peildatum, zorgkantoor)
                                for manifest, (zorgkantoor, peildatum) in zip(manifests, identities, strict=True)])
    return [peildatum for _, peildatum in identities]


def _identity(manifest: Manifest, reference: Reference) -> tuple[str | None, str | None]:
    if not manifest.copied:
        return None, None
    try:
        return read_identity(manifest.archive_path, reference, manifest.received_at.date())
    except Exception:  # whatever the reader trips over, the file is then judged without a
        return None, None  # peildatum, and its judging reports what is wrong with it


@dataclass(frozen=True)
class Judgement:
    submission_id: int
    file_name: str
    zorgkantoor: str | None
    peildatum: str | None
    status: str
    errors: int
    warnings: int


def judge_pending(connection: duckdb.DuckDBPyConnection, reference: Reference, peildatum: str | None
                  ) -> list[Judgement]:
    """Judge and load every archived, not yet judged file of a peildatum (None: without one).

    Whatever fails for one file while it is read, assessed or loaded becomes that file's finding and its
    verdict (afgewezen); the other files are judged as if it were not there, and the file is never met
    again as a failure, since it is judged.
    """
    pending = pending_files(connection, peildatum)
    if not pending:
        return []
    with span("lezen", files=len(pending)):
        # Side by side in the reader children; every file's outcome is its own, whichever child read it.
        read = reader().map(lambda item: _read(item, reference), pending)
        batch: dict[str, ParsedSubmission] = {item.sha256: parsed for item, parsed in zip(pending, read, strict=True)}
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
        _assess(batch, reference, year, lambda zorgkantoor: states.get(zorgkantoor) or PreviousState())
    with span("laden", files=len(pending)):
        outcomes = _load(connection, pending, batch)
    judgements = []
    for item, (submission_id, status) in zip(pending, outcomes, strict=True):
        parsed = batch[item.sha256]
        judgements.append(Judgement(
            submission_id, item.file_name, parsed.zorgkantoor, parsed.peildatum, status,
            sum(f.is_error for f in parsed.findings), sum(not f.is_error for f in parsed.findings)))
    return judgements


def _load(connection: duckdb.DuckDBPyConnection, pending: list[PendingFile], batch: dict[str, ParsedSubmission]
          ) -> list[tuple[int, str]]:
    """Record the batch in one transaction (oldest first, so a later file supersedes an earlier one); should
    that fail, each file in its own transaction, so that only the failing file fails."""
    try:
        return record_batch(connection, [(item.sha256, batch[item.sha256]) for item in pending])
    except Exception:  # rolled back: find the file it was, below
        pass
    outcomes = []
    for item in pending:
        try:
            outcomes.append(record_submission(connection, item.sha256, batch[item.sha256]))
        except Exception:  # rolled back; the file is then recorded as rejected with why.
            # Should the warehouse itself be failing, this second attempt fails too and stops the run.
            batch[item.sha256] = _failed(batch[item.sha256], "laden")
            outcomes.append(record_submission(connection, item.sha256, batch[item.sha256]))
    return outcomes


def _read(item: PendingFile, reference: Reference) -> ParsedSubmission:
    if not item.copied:
        limit = Limits.from_env().max_file_mb
        return ParsedSubmission(findings=[finding("bestand.te_groot", size=_megabytes(item.size_bytes),
                                                  limit=_megabytes(limit * 2**20))])
    try:
        return read_submission(Path(item.archive_path), reference, item.file_name, item.received_at.date())
    except Exception:  # any reader failure is this file's finding, never the end of the run
        return _failed(ParsedSubmission(zorgkantoor=item.zorgkantoor), "lezen")


def _assess(batch: dict[str, ParsedSubmission], reference: Reference, year: int,
            previous: Callable[[str], PreviousState]) -> None:
    """Assess the batch at once; should that fail, each file alone, so that only the failing one fails."""
    before = {key: list(parsed.findings) for key, parsed in batch.items()}
    try:
        assess_batch(batch, reference, year, previous)
        return
    except Exception:  # find the file it was: see below
        pass
    for key, parsed in batch.items():
        parsed.findings = list(before[key])
        try:
            assess_batch({key: parsed}, reference, year, previous)
        except Exception:  # this file's finding
            batch[key] = _failed(parsed, "beoordelen")


def _failed(parsed: ParsedSubmission, stage: str) -> ParsedSubmission:
    """The file as rejected because `stage` failed: it keeps whom and when it is for, not its rows."""
    return ParsedSubmission(zorgkantoor=parsed.zorgkantoor, peildatum=parsed.peildatum,
                            peildatum_date=parsed.peildatum_date,
                            findings=[finding("bestand.verwerkingsfout", stage=stage)])


def _megabytes(size: float) -> str:
    megabytes = size / 2**20
    return f"{megabytes:.{1 if megabytes >= 1 else 2}f}".replace(".", ",")  # 0,05 MB, not 0,0

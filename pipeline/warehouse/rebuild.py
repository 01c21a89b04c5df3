"""Rebuild the warehouse from the archive alone (`wir-monitor herstel`).

The archive is the truth: every file the monitor ever took in lies there unchanged, with a manifest that says
when it was received, and every vaststelling and heropening lies there as a record (vaststellingen.py).
`herstel` replays that history in order: before each record it registers the files judged by then (oldest
first) and judges them, then locks or reopens exactly as recorded; finally it registers the rest and runs the
pipeline as `wir-monitor run` does. That gives the same verdicts, timeliness, locks and tables as before.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.intake.manifest import SUFFIX, Manifest
from pipeline.reference import Reference
from pipeline.warehouse.connection import connect, transaction
from pipeline.warehouse.ingest import register_manifests
from pipeline.warehouse.locking import apply_lock, apply_reopening
from pipeline.warehouse.vaststellingen import LOCKED, LockRecord


def set_aside(warehouse: Path, moment: dt.datetime) -> Path | None:
    """Move an existing warehouse file (and its write-ahead log) out of the way, never delete it."""
    if not warehouse.exists():
        return None
    aside = warehouse.with_name(f"{warehouse.name}.voor-herstel-{moment:%Y%m%d-%H%M%S}")
    os.replace(warehouse, aside)
    wal = warehouse.with_name(warehouse.name + ".wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + ".wal"))
    return aside


def without_manifest(archive_dir: Path, manifests: list[Manifest]) -> list[Path]:
    """Archived files that no readable manifest describes: `herstel` cannot know when they were received."""
    described = {m.sha256 for m in manifests}
    return sorted(p for p in archive_dir.glob("??/*") if p.is_file() and not p.name.endswith((SUFFIX, ".partial"))
                  and p.name.split(".")[0] not in described)


def register_archive(warehouse: Path, manifests: list[Manifest], reference: Reference) -> None:
    """Register the archived files in a new warehouse, in the order they were received."""
    with connect(warehouse) as connection:
        register_manifests(connection, manifests, reference)


@dataclass(frozen=True)
class Stage:
    """Files to register and judge, then the record to replay (None: the end, where `run` takes over)."""

    manifests: list[Manifest]
    record: LockRecord | None


def stages(manifests: list[Manifest], records: list[LockRecord]) -> list[Stage]:
    """The archive's history in order: before each record, the files that had been judged when it was made."""
    left, result = list(manifests), []
    for record in records:
        judged = set(record.judged)
        result.append(Stage([m for m in left if m.sha256 in judged], record))
        left = [m for m in left if m.sha256 not in judged]
    return [*result, Stage(left, None)]


def replay(warehouse: Path, record: LockRecord) -> None:
    """Lock or reopen as the record says, in one transaction; the lock covers every file judged so far."""
    with connect(warehouse) as connection, transaction(connection):
        if record.kind == LOCKED:
            (last,) = connection.execute("SELECT coalesce(max(submission_id), 0) FROM submissions").fetchone()
            apply_lock(connection, record, last)
        else:
            apply_reopening(connection, record)

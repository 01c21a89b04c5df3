"""Vaststellen (locking) and heropenen of a peildatum, and the log of everything that changes its numbers.

A lock records the last submission judged at that moment. Views in the schema then show the tables of a
locked peildatum only the submissions up to that one, so a late file is judged and fed back but changes
nothing that was published until the peildatum is reopened.

Locks go in order: a report shows earlier peildata as comparison, so locking a peildatum locks every earlier
one that is still open, and an earlier one reopens only after the later ones.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline import periods
from pipeline.clock import dutch_time
from pipeline.dutch import dutch_list
from pipeline.warehouse.connection import transaction
from pipeline.warehouse.load import log_event, now
from pipeline.warehouse.vaststellingen import LOCKED, REOPENED, LockRecord, folder, write_record


class LockError(Exception):
    """A lock or reopen that cannot be done; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class Lock:
    peildatum: str
    locked_at: dt.datetime
    locked_by: str
    reason: str | None
    last_submission_id: int

    @property
    def text(self) -> str:
        return f"Vastgesteld op {dutch_time(self.locked_at):%d-%m-%Y %H:%M} door {self.locked_by}"


def current_user() -> str:
    """Who does it: $WIR_GEBRUIKER, else the login name."""
    try:
        return os.environ.get("WIR_GEBRUIKER") or getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"


def lock_of(connection: duckdb.DuckDBPyConnection, peildatum: str) -> Lock | None:
    row = connection.execute(
        "SELECT peildatum, locked_at, locked_by, reason, last_submission_id FROM period_locks WHERE peildatum = ?",
        [peildatum]).fetchone()
    return Lock(*row) if row else None


def lock_peildatum(connection: duckdb.DuckDBPyConnection, peildatum: str, who: str, reason: str | None,
                   archive_dir: Path) -> tuple[Lock, list[Lock]]:
    """Lock the peildatum and every earlier open one with accepted data; returns (its lock, the earlier ones).

    The vaststelling is also recorded in the archive (pipeline/warehouse/vaststellingen.py)."""
    existing = lock_of(connection, peildatum)
    if existing:
        raise LockError(f"Peildatum {periods.short_label(peildatum)} is al vastgesteld ({existing.text}). "
                        "Heropen hem eerst met 'wir-monitor heropenen' als er iets moet veranderen.")
    (in_force,) = connection.execute(
        "SELECT count(*) FROM current_submissions WHERE peildatum = ?", [peildatum]).fetchone()
    if not in_force:
        raise LockError(f"Voor peildatum {periods.short_label(peildatum)} is geen geaccepteerde aanlevering: "
                        "er valt niets vast te stellen. Voer eerst 'wir-monitor run' uit.")
    earlier = [row[0] for row in connection.execute(
        """SELECT DISTINCT peildatum FROM current_submissions
           WHERE peildatum < ? AND peildatum NOT IN (SELECT peildatum FROM period_locks) ORDER BY 1""",
        [peildatum]).fetchall()]
    along = f"vastgesteld met {periods.short_label(peildatum)}" + (f": {reason}" if reason else "")
    locks = tuple([*((key, along) for key in earlier), (peildatum, reason)])
    judged, last = _judged(connection)
    record = LockRecord(LOCKED, peildatum, now(), who, reason, locks=locks, judged=judged, last_submission_id=last)
    with recorded(connection, archive_dir, record):
        apply_lock(connection, record, last)
    return lock_of(connection, peildatum), [lock_of(connection, key) for key in earlier]


def _judged(connection: duckdb.DuckDBPyConnection) -> tuple[tuple[str, ...], int]:
    """Every file judged so far (SHA-256, in the order judged), and the last submission id."""
    judged = tuple(sha256 for (sha256,) in connection.execute(
        "SELECT sha256 FROM submissions ORDER BY submission_id").fetchall())
    (last,) = connection.execute("SELECT coalesce(max(submission_id), 0) FROM submissions").fetchone()
    return judged, last


def apply_lock(connection: duckdb.DuckDBPyConnection, record: LockRecord, last_submission_id: int) -> None:
    """The locks of a vaststelling, as made or as replayed by `herstel` from its record (same who, when, why)."""
    for key, why in record.locks:
        connection.execute("INSERT OR REPLACE INTO period_locks VALUES (?, ?, ?, ?, ?)",
                           [key, record.at, record.by, why, last_submission_id])
        log_event(connection, key, "vastgesteld", record.by, why, at=record.at)


def apply_reopening(connection: duckdb.DuckDBPyConnection, record: LockRecord) -> None:
    connection.execute("DELETE FROM period_locks WHERE peildatum = ?", [record.peildatum])
    log_event(connection, record.peildatum, "heropend", record.by, record.reason, at=record.at)


@contextmanager
def recorded(connection: duckdb.DuckDBPyConnection, archive_dir: Path, record: LockRecord) -> Iterator[None]:
    """One transaction for the change, with its record written to the archive before the commit: the
    warehouse never has a lock the archive lacks. Should the commit fail, the record is taken back."""
    written: Path | None = None
    try:
        with transaction(connection):
            yield
            written = write_record(archive_dir, record)
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise


def backfill_lock_records(connection: duckdb.DuckDBPyConnection, archive_dir: Path) -> int:
    """Locks made before vaststellingen were recorded in the archive get a record from the warehouse, so that
    `herstel` keeps them; returns how many. Only while the archive has no record at all: after that, every
    vaststelling and heropening writes its own."""
    if any(folder(archive_dir).glob("*.json")):
        return 0
    rows = connection.execute("""SELECT peildatum, locked_at, locked_by, reason, last_submission_id FROM period_locks
                                 ORDER BY locked_at, peildatum""").fetchall()
    for peildatum, at, by, reason, last in rows:
        judged = tuple(sha256 for (sha256,) in connection.execute(
            "SELECT sha256 FROM submissions WHERE submission_id <= ? ORDER BY submission_id", [last]).fetchall())
        write_record(archive_dir, LockRecord(LOCKED, peildatum, at, by, reason, locks=((peildatum, reason),),
                                             judged=judged, last_submission_id=last))
    return len(rows)


def reopen_peildatum(connection: duckdb.DuckDBPyConnection, peildatum: str, who: str, reason: str,
                     archive_dir: Path) -> Lock:
    existing = lock_of(connection, peildatum)
    if existing is None:
        raise LockError(f"Peildatum {periods.short_label(peildatum)} is niet vastgesteld; heropenen is niet nodig.")
    later = [periods.short_label(row[0]) for row in connection.execute(
        "SELECT peildatum FROM period_locks WHERE peildatum > ? ORDER BY 1 DESC", [peildatum]).fetchall()]
    if later:
        one = len(later) == 1
        raise LockError(
            f"Peildatum {periods.short_label(peildatum)} kan niet worden heropend zolang {dutch_list(later)} "
            f"{'is' if one else 'zijn'} vastgesteld: {'die rapportage toont' if one else 'die rapportages tonen'} "
            f"{periods.short_label(peildatum)} als vergelijking. Heropen eerst {dutch_list(later)}.")
    if not reason.strip():
        raise LockError("Geef met --reden op waarom de peildatum wordt heropend; dat wordt vastgelegd.")
    judged, last = _judged(connection)
    record = LockRecord(REOPENED, peildatum, now(), who, reason, judged=judged, last_submission_id=last)
    with recorded(connection, archive_dir, record):
        apply_reopening(connection, record)
    return existing


def waiting_submissions(connection: duckdb.DuckDBPyConnection, peildatum: str) -> int:
    """Accepted files judged after the lock: they count once the peildatum is reopened."""
    return connection.execute(
        """SELECT count(*) FROM submissions s JOIN period_locks l USING (peildatum)
           WHERE s.peildatum = ? AND s.status = 'geaccepteerd' AND s.submission_id > l.last_submission_id""",
        [peildatum]).fetchone()[0]


def unjudged_files(connection: duckdb.DuckDBPyConnection, peildatum: str) -> int:
    return connection.execute(
        "SELECT count(*) FROM received_files WHERE peildatum = ? AND sha256 NOT IN (SELECT sha256 FROM submissions)",
        [peildatum]).fetchone()[0]

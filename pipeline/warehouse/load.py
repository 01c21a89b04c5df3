"""Write to the warehouse: the file register, judged submissions (one transaction per batch or per file), reference."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from pipeline.intake.assess import is_accepted
from pipeline.intake.findings import WAARSCHUWING
from pipeline.intake.manifest import Manifest
from pipeline.intake.messages import finding
from pipeline.intake.parse import ParsedSubmission
from pipeline.reference import Reference
from pipeline.warehouse.connection import transaction

REGION_FIELDS = ["excel_row", "regio", "afspraken", "dynamiek", "visie", "toelichting"]
FINDING_FIELDS = ["submission_id", "finding_no", "severity", "rule", "sheet", "excel_row", "column_name", "value",
                  "message", "action"]
PROJECT_FIELDS = [
    "excel_row", "project_id", "projectnaam", "regio", "hoofdrubriek", "startjaar", "projectstatus",
    "aantal_betrokken", "impact", "delen", "opschaalbaarheid", "begroting", "toelichting",
]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def register_files(connection: duckdb.DuckDBPyConnection,
                   files: list[tuple[Manifest, str | None, str | None]]) -> None:
    """Record newly archived files, each with the peildatum and zorgkantoor it names, in one insert."""
    if not files:
        return
    archived_at = now()
    _insert(connection, "received_files", pd.DataFrame(
        [(m.sha256, m.file_name, m.relative_path, str(m.archive_path), m.size_bytes, m.received_at, archived_at,
          peildatum, zorgkantoor, m.modified_at, m.relative_bytes, m.copied, f"{m.source_kind}:{m.source}")
         for m, peildatum, zorgkantoor in files],
        columns=["sha256", "file_name", "raw_path", "archive_path", "size_bytes", "received_at", "archived_at",
                 "peildatum", "zorgkantoor", "modified_at", "raw_path_bytes", "copied", "source"]))


def known_hashes(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT sha256 FROM received_files").fetchall()}


def record_submission(connection: duckdb.DuckDBPyConnection, sha256: str, parsed: ParsedSubmission
                      ) -> tuple[int, str]:
    """Store the judgement of one file and, when accepted, its rows: all in one transaction."""
    return record_batch(connection, [(sha256, parsed)])[0]


def record_batch(connection: duckdb.DuckDBPyConnection, judged: list[tuple[str, ParsedSubmission]]
                 ) -> list[tuple[int, str]]:
    """Store the judgements of several files (oldest first) and the rows of the accepted ones, in one
    transaction: all of them or none. Each table gets one insert for the whole batch."""
    rows: dict[str, list[pd.DataFrame]] = {"findings": [], "submission_regions": [], "submission_projects": []}
    with transaction(connection):
        # What every file needs to know, in two queries for the batch rather than two per file.
        received = {sha256: (name, at) for sha256, name, at in connection.execute(
            "SELECT sha256, file_name, received_at FROM received_files WHERE list_contains(?, sha256)",
            [[sha256 for sha256, _ in judged]]).fetchall()}
        locked = {peildatum for (peildatum,) in connection.execute("SELECT peildatum FROM period_locks").fetchall()}
        outcomes = [_record(connection, sha256, parsed, received[sha256], locked, rows) for sha256, parsed in judged]
        for table, frames in rows.items():
            if frames:
                _insert(connection, table, pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])
    return outcomes


def _record(connection: duckdb.DuckDBPyConnection, sha256: str, parsed: ParsedSubmission,
            received: tuple[str, dt.datetime], locked: set[str], rows: dict[str, list[pd.DataFrame]]
            ) -> tuple[int, str]:
    """The judgement of one file (`received`: its name and receipt; `locked`: the peildata vastgesteld); its
    findings and accepted rows go into `rows`, for one insert per table."""
    accepted = is_accepted(parsed)
    status = "geaccepteerd" if accepted else "afgewezen"
    errors = sum(1 for f in parsed.findings if f.is_error)
    warnings = sum(1 for f in parsed.findings if f.severity == WAARSCHUWING)
    file_name, received_at = received
    supersedes = old_name = None
    if accepted:
        previous = connection.execute(
            """SELECT submission_id, file_name FROM latest_submissions
               WHERE zorgkantoor = ? AND peildatum = ? AND received_at <= ?""",
            [parsed.zorgkantoor, parsed.peildatum, received_at]).fetchone()
        supersedes, old_name = previous if previous else (None, None)
    (submission_id,) = connection.execute(
        """INSERT INTO submissions (sha256, file_name, zorgkantoor, peildatum, peildatum_date,
               received_at, validated_at, status, errors, warnings, supersedes)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING submission_id""",
        [sha256, file_name, parsed.zorgkantoor, parsed.peildatum, parsed.peildatum_date, received_at,
         now(), status, errors, warnings, supersedes]).fetchone()
    if parsed.findings:
        rows["findings"].append(pd.DataFrame(
            [(submission_id, number, f.severity, f.rule, f.sheet, f.row, f.column, f.value, f.message, f.action)
             for number, f in enumerate(parsed.findings, start=1)],
            columns=FINDING_FIELDS).astype({"excel_row": "Int64"}))
    if accepted:
        for table, frame, fields in (("submission_regions", parsed.regions, REGION_FIELDS),
                                     ("submission_projects", parsed.projects, PROJECT_FIELDS)):
            if frame is not None and not frame.empty:
                rows[table].append(frame[fields].assign(submission_id=submission_id))
        _log_arrival(connection, parsed, submission_id, file_name, parsed.peildatum in locked, old_name)
    return submission_id, status


def note_feedback_failure(connection: duckdb.DuckDBPyConnection, submission_id: int) -> None:
    """The feedback of a judged file could not be written: a warning on that file (once), never the end of
    the run. Its verdict stands; the next run writes its feedback again."""
    rule = "terugkoppeling.niet_geschreven"
    with transaction(connection):
        if connection.execute("SELECT 1 FROM findings WHERE submission_id = ? AND rule = ?",
                              [submission_id, rule]).fetchone():
            return
        note = finding(rule)
        connection.execute(
            """INSERT INTO findings (submission_id, finding_no, severity, rule, message, action)
               SELECT ?, coalesce(max(finding_no), 0) + 1, ?, ?, ?, ? FROM findings WHERE submission_id = ?""",
            [submission_id, note.severity, rule, note.message, note.action, submission_id])
        connection.execute("UPDATE submissions SET warnings = warnings + 1 WHERE submission_id = ?",
                           [submission_id])


def _log_arrival(connection: duckdb.DuckDBPyConnection, parsed: ParsedSubmission, submission_id: int,
                 file_name: str, locked: bool, replaced: str | None) -> None:
    """A file that arrives after vaststellen, or replaces another (`replaced`: its name), changes what a
    peildatum says: log it."""
    if locked:
        log_event(connection, parsed.peildatum, "na_vaststelling", parsed.zorgkantoor,
                  f"{file_name} ontvangen na vaststelling; telt mee na heropenen", submission_id)
    if replaced is not None:
        log_event(connection, parsed.peildatum, "vervangen", parsed.zorgkantoor, f"{file_name} vervangt {replaced}",
                  submission_id)


def log_event(connection: duckdb.DuckDBPyConnection, peildatum: str, event: str, who: str | None,
              reason: str | None, submission_id: int | None = None, at: dt.datetime | None = None) -> None:
    connection.execute(
        """INSERT INTO period_events (peildatum, event, happened_at, who, reason, submission_id)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [peildatum, event, at or now(), who, reason, submission_id])


def _insert(connection: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    connection.register("new_rows", frame)
    try:
        columns = ", ".join(frame.columns)
        connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM new_rows")
    finally:
        connection.unregister("new_rows")


def load_reference_tables(connection: duckdb.DuckDBPyConnection, reference: Reference) -> tuple[int, int]:
    regions = pd.DataFrame(
        [(r.regio, r.zorgkantoorregio, r.concessiehouder, r.rapportagegroep, r.in_rapportage, r.order)
         for r in reference.regions],
        columns=["regio", "zorgkantoorregio", "concessiehouder", "rapportagegroep", "in_rapportage",
                 "region_order"])
    terms = pd.DataFrame([(t.dimensie, t.code, t.label, t.order) for t in reference.terms],
                         columns=["dimensie", "code", "label", "term_order"])
    with transaction(connection):
        connection.execute("DELETE FROM ref_regions")
        connection.execute("INSERT INTO ref_regions SELECT * FROM regions")
        connection.execute("DELETE FROM ref_vocabulary")
        connection.execute("INSERT INTO ref_vocabulary SELECT * FROM terms")
    return len(regions), len(terms)

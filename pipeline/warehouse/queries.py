"""Read from the warehouse: pending files, previous state, status and template prefill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from pipeline.intake.history import PreviousProject, PreviousRegion, PreviousState


@dataclass(frozen=True)
class PendingFile:
    sha256: str
    file_name: str
    archive_path: str
    zorgkantoor: str | None
    received_at: dt.datetime
    size_bytes: int
    copied: bool  # False: too large, never copied into the archive


def pending_files(connection: duckdb.DuckDBPyConnection, peildatum: str | None) -> list[PendingFile]:
    """Archived files of a peildatum (None: of no readable peildatum) not yet judged, oldest first."""
    condition = "f.peildatum IS NULL" if peildatum is None else "f.peildatum = ?"
    rows = connection.execute(
        f"""SELECT f.sha256, f.file_name, f.archive_path, f.zorgkantoor, f.received_at,
                   f.size_bytes, coalesce(f.copied, true) FROM received_files f
            WHERE {condition} AND f.sha256 NOT IN (SELECT sha256 FROM submissions)
            ORDER BY f.received_at, f.modified_at NULLS FIRST, f.raw_path""",
        [] if peildatum is None else [peildatum]).fetchall()
    return [PendingFile(*row) for row in rows]


def peildata(connection: duckdb.DuckDBPyConnection) -> list[str]:
    rows = connection.execute(
        "SELECT DISTINCT peildatum FROM received_files WHERE peildatum IS NOT NULL ORDER BY 1").fetchall()
    return [row[0] for row in rows]


def previous_states(connection: duckdb.DuckDBPyConnection, peildatum: str | None) -> dict[str, PreviousState]:
    """Per zorgkantoor, before the peildatum: per region its latest earlier phases, and the projects of its
    latest earlier project register. All zorgkantoren at once: two queries per batch, not two per file."""
    states: dict[str, PreviousState] = {}
    for zorgkantoor, regio, earlier, afspraken, dynamiek, visie in connection.execute(
        """SELECT s.zorgkantoor, x.regio, s.peildatum, x.afspraken, x.dynamiek, x.visie
           FROM current_submissions s JOIN submission_regions x USING (submission_id)
           WHERE s.peildatum < ?
           QUALIFY row_number() OVER (PARTITION BY s.zorgkantoor, x.regio ORDER BY s.peildatum DESC) = 1""",
        [peildatum]).fetchall():
        states.setdefault(zorgkantoor, PreviousState()).regions[regio] = PreviousRegion(
            earlier, {"afspraken": afspraken, "dynamiek": dynamiek, "visie": visie})
    for zorgkantoor, project_id, earlier, name, status in connection.execute(
        """WITH latest AS (
               SELECT zorgkantoor, max(peildatum) AS peildatum FROM current_submissions s
               WHERE peildatum < ? AND EXISTS (SELECT 1 FROM submission_projects x
                                               WHERE x.submission_id = s.submission_id)
               GROUP BY zorgkantoor)
           SELECT s.zorgkantoor, x.project_id, s.peildatum, x.projectnaam, x.projectstatus
           FROM current_submissions s JOIN latest USING (zorgkantoor, peildatum)
           JOIN submission_projects x USING (submission_id)""",
        [peildatum]).fetchall():
        states.setdefault(zorgkantoor, PreviousState()).projects[project_id] = PreviousProject(earlier, name, status)
    return states


def submissions_of(connection: duckdb.DuckDBPyConnection, peildatum: str | None) -> pd.DataFrame:
    """Every judged file of a peildatum with whether it is the version in force."""
    condition = "s.peildatum IS NULL" if peildatum is None else "s.peildatum = ?"
    return connection.execute(
        f"""SELECT s.*, s.submission_id IN (SELECT submission_id FROM current_submissions) AS in_force,
                   l.locked_at AS locked_at
            FROM submissions s
            LEFT JOIN period_locks l ON l.peildatum = s.peildatum AND s.submission_id > l.last_submission_id
            WHERE {condition} ORDER BY s.received_at, s.submission_id""",
        [] if peildatum is None else [peildatum]).df()


def findings_of(connection: duckdb.DuckDBPyConnection, submission_id: int) -> pd.DataFrame:
    return connection.execute(
        "SELECT * FROM findings WHERE submission_id = ? ORDER BY finding_no", [submission_id]).df()


def latest_accepted(connection: duckdb.DuckDBPyConnection, zorgkantoor: str, peildatum: str
                    ) -> tuple[int, str] | None:
    """The version in force of this zorgkantoor at or before the peildatum: (submission_id, peildatum)."""
    row = connection.execute(
        """SELECT submission_id, peildatum FROM current_submissions
           WHERE zorgkantoor = ? AND peildatum <= ? ORDER BY peildatum DESC LIMIT 1""",
        [zorgkantoor, peildatum]).fetchone()
    return (row[0], row[1]) if row else None


def submission_rows(connection: duckdb.DuckDBPyConnection, submission_id: int
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    regions = connection.execute(
        "SELECT * FROM submission_regions WHERE submission_id = ? ORDER BY excel_row", [submission_id]).df()
    projects = connection.execute(
        "SELECT * FROM submission_projects WHERE submission_id = ? ORDER BY excel_row", [submission_id]).df()
    return regions, projects

"""Which peildata a table shows: the phase history, and 'previous' for project tables."""

from __future__ import annotations

import duckdb

PHASE_HISTORY = 4


def phase_periods(connection: duckdb.DuckDBPyConnection, peildatum: str) -> list[str]:
    """This peildatum and up to three earlier ones that have phase data, oldest first."""
    earlier = connection.execute(
        """SELECT DISTINCT peildatum FROM regions_per_peildatum
           WHERE in_rapportage AND peildatum < ? ORDER BY peildatum DESC LIMIT ?""",
        [peildatum, PHASE_HISTORY - 1]).fetchall()
    return [*sorted(row[0] for row in earlier), peildatum]


def previous_project_period(connection: duckdb.DuckDBPyConnection, peildatum: str) -> str | None:
    """The latest earlier peildatum that has projects of reporting regions."""
    return connection.execute(
        "SELECT max(peildatum) FROM projects_per_peildatum WHERE in_rapportage AND peildatum < ?",
        [peildatum]).fetchone()[0]


def project_periods(connection: duckdb.DuckDBPyConnection, peildatum: str) -> list[str]:
    previous = previous_project_period(connection, peildatum)
    return [previous, peildatum] if previous else [peildatum]

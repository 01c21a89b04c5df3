"""Which peildata a run can skip: completed before from exactly the same inputs.

The fingerprint of a peildatum covers everything its tables (and report) are made from: the received files
of that peildatum and of every earlier one (tables compare with earlier peildata, and a file's judgement
depends on its history), the locks on them, the reference data, the code and where the reports go. It is
recorded only after the peildatum's Dagster run succeeded, so an interrupted run is redone next time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import duckdb

from pipeline.warehouse.connection import transaction
from pipeline.warehouse.load import now

TABLES = "tabellen"  # intake, warehouse and tables of the peildatum
REPORT = "rapport"  # and its report
CODE_SUFFIXES = (".py", ".csv", ".j2", ".css", ".html", ".yaml")


@cache
def code_version() -> str:
    """A hash of the source of `pipeline` and `assets` (and their templates): a code change redoes everything."""
    import assets
    import pipeline

    digest = hashlib.sha256()
    for package in (Path(pipeline.__file__).parent, Path(assets.__file__).parent):
        for path in sorted(package.rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(package.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprints(connection: duckdb.DuckDBPyConnection, reference_dir: Path, reports_dir: Path
                 ) -> dict[str, str]:
    """Per peildatum: the hash of its inputs (see the module docstring)."""
    base = hashlib.sha256()
    base.update(code_version().encode())
    for path in sorted(reference_dir.glob("*.csv")):
        base.update(path.name.encode() + b"\0" + path.read_bytes())
    base.update(str(reports_dir.resolve()).encode())
    # A lock decides which of the files count (vastgesteld) and reopening it changes that, also for the
    # comparisons of later peildata.
    rows = connection.execute(
        """SELECT peildatum, sha256 FROM received_files WHERE peildatum IS NOT NULL
           UNION ALL SELECT peildatum, 'vastgesteld:' || last_submission_id FROM period_locks
           ORDER BY peildatum, sha256""").fetchall()
    result: dict[str, str] = {}
    running = base
    for peildatum, sha256 in rows:
        running.update(f"{peildatum}:{sha256};".encode())
        result[peildatum] = running.hexdigest()  # so far: this peildatum and all before it
    return result


def processed(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    return {(peildatum, scope): fingerprint for peildatum, scope, fingerprint in connection.execute(
        "SELECT peildatum, scope, fingerprint FROM processed_partitions").fetchall()}


def mark_processed(connection: duckdb.DuckDBPyConnection, peildatum: str, scopes: Iterable[str],
                   fingerprint: str) -> None:
    with transaction(connection):
        for scope in scopes:
            connection.execute("INSERT OR REPLACE INTO processed_partitions VALUES (?, ?, ?, ?)",
                               [peildatum, scope, fingerprint, now()])
